/**
 * The step's side of the GitHub runner protocol, the few parts main.ts uses: inputs (`INPUT_*`
 * variables), workflow commands on stdout (`::warning::`, `::error::`, `::add-mask::`, `::group::`),
 * outputs (the heredoc blocks of the `GITHUB_OUTPUT` file) and the job summary (`GITHUB_STEP_SUMMARY`).
 *
 * Written here rather than taken from @actions/core: that package's entry also loads its OIDC client,
 * and with it an HTTP client and undici (about 1 MB of bundled code, a third of dist/index.js), which
 * every run paid for at start-up in time and memory and none used.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { access, appendFile, constants } from 'node:fs/promises';
import { EOL } from 'node:os';
import { inputVariable } from './core/inputs.js';

/** A command's data: `%`, `\r` and `\n` percent-encoded, so it stays on its line and ends where the runner expects. */
const commandData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** A command's property value: also `:` and `,`, which would end the value. */
const commandProperty = (text: string) => commandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** Writes `::name key=value::data` on its own line. */
function command(name: string, data = '', properties: Record<string, string> = {}): void {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${commandProperty(value)}`)
    .join(',');
  process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${commandData(data)}${EOL}`);
}

/** The input `name` as the runner passed it (`INPUT_<NAME>`), trimmed; '' when it is not set. */
export function getInput(name: string): string {
  return (process.env[inputVariable(name)] ?? '').trim();
}

/** One log line, as it is. */
export function info(line: string): void {
  process.stdout.write(`${line}${EOL}`);
}

/** A warning annotation. */
export function warning(message: string): void {
  command('warning', message);
}

/** The failure annotation (`::error::`), and exit code 1. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  command('error', message);
}

/** Asks the runner to mask `secret` in the log from now on. */
export function setSecret(secret: string): void {
  command('add-mask', secret);
}

/** Runs `body` between `::group::title` and `::endgroup::` (written even when `body` throws). */
export async function group<T>(title: string, body: () => Promise<T>): Promise<T> {
  command('group', title);
  try {
    return await body();
  } finally {
    command('endgroup');
  }
}

/**
 * Sets the output `name`: a `name<<ghadelimiter_<random UUID>` heredoc block appended to the file
 * GITHUB_OUTPUT names. The delimiter is new for every output and neither the name nor the value may
 * hold it, so no value can end its block early or add another output. Without GITHUB_OUTPUT (an old
 * runner), the `::set-output` command.
 */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT ?? '';
  if (file === '') {
    process.stdout.write(EOL);
    command('set-output', value, { name });
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`Output ${name}: the name or value holds its delimiter "${delimiter}"; not written.`);
  if (!existsSync(file)) throw new Error(`The output file GITHUB_OUTPUT names does not exist: ${file}`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
}

/** Appends `markdown` and a line end to the job summary (the file GITHUB_STEP_SUMMARY names). */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY ?? '';
  if (file === '') throw new Error('GITHUB_STEP_SUMMARY is not set: this runner has no job summary.');
  try {
    await access(file, constants.R_OK | constants.W_OK);
  } catch {
    throw new Error(`The job summary file GITHUB_STEP_SUMMARY names (${file}) cannot be read and written by this step.`);
  }
  await appendFile(file, `${markdown}${EOL}`, { encoding: 'utf8' });
}
