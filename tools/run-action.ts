// Runs the bundled action (dist/index.js) in a child process the way the GitHub runner does:
// INPUT_<NAME> variables (action.yml defaults included), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files,
// and the usual GITHUB_* variables. Shared by the end-to-end tests, the demo and the benchmark.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'dist', 'index.js');

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  durationMs: number;
  /** Commands the action sent the runner on stdout (`::error::...`, `::warning::...`). */
  errors: string[];
  warnings: string[];
}

export interface RunOptions {
  /** Extra environment (endpoint URLs, credentials, GITHUB_* overrides). */
  env?: Record<string, string>;
  /** Node binary; default E2E_NODE or this process's Node. */
  node?: string;
  /** Kill the run after this long (real ms). */
  timeoutMs?: number;
  /** Called with the child process once started (to send it a signal, say). */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
}

interface ActionYaml {
  inputs?: Record<string, { default?: string }>;
}

/** The defaults action.yml declares, as the runner passes them. */
export function actionDefaults(): Record<string, string> {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYaml;
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) if (spec.default !== undefined) defaults[name] = String(spec.default);
  return defaults;
}

/** `INPUT_<NAME>` as the runner spells it: spaces to underscores, upper case, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Parses a GITHUB_OUTPUT file (`name<<DELIM` ... `DELIM` blocks, or `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] as string);
      outputs[name] = value.join('\n');
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

export const GITHUB_ENV: Record<string, string> = {
  GITHUB_ACTIONS: 'true',
  CI: 'true',
  GITHUB_SHA: '4f9c2b7e1d3a5c8b0e6f2a9d7c1b3e5f8a0d2c4b',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REPOSITORY: 'acme/api',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: 'http://127.0.0.1:9/unused',
  GITHUB_RUN_ID: '9876543210',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_WORKFLOW: 'deploy',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_ACTOR: 'octocat',
};

/** Runs dist/index.js with `inputs` and returns what the runner would see. */
export async function runAction(inputs: Record<string, string>, options: RunOptions = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-action-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: dir,
    ...GITHUB_ENV,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...options.env,
  };
  for (const [name, value] of Object.entries({ ...actionDefaults(), ...inputs })) env[inputVariable(name)] = value;

  try {
    const node = options.node ?? process.env.E2E_NODE ?? process.execPath;
    const started = Date.now();
    const child = spawn(node, [BUNDLE], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    const code = await new Promise<number | null>((resolveCode) => child.on('close', (c) => resolveCode(c)));
    if (timer) clearTimeout(timer);
    const result: ActionRun = {
      code,
      stdout,
      stderr,
      outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
      summary: readFileSync(summaryFile, 'utf8'),
      durationMs: Date.now() - started,
      errors: [...stdout.matchAll(/^::error(?:[^:]*)::(.*)$/gm)].map((m) => m[1] as string),
      warnings: [...stdout.matchAll(/^::warning(?:[^:]*)::(.*)$/gm)].map((m) => m[1] as string),
    };
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
