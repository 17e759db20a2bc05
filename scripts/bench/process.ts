/**
 * Runs one bundled action (an index.js) in a child process as the GitHub runner does (INPUT_* variables
 * with the action's defaults, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, GITHUB_* variables), with
 * the resource-usage preload, and records the real times of spawn and exit.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { GITHUB_ENV, inputVariable, parseOutputFile } from '../../tools/run-action.js';

const PRELOAD = fileURLToPath(new URL('./preload.mjs', import.meta.url));

/** What the preload wrote when the action process exited. */
export interface Usage {
  maxRssKb: number;
  userCpuUs: number;
  systemCpuUs: number;
  /** The largest heap a full collection left live (KiB); absent when the run had none. */
  liveHeapKb?: number;
}

export interface BundleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** Real ms (Date.now) just before spawn() and when the process exited. */
  spawnedAt: number;
  exitedAt: number;
  usage?: Usage;
  /** The run's RUNNER_TEMP (removed after the run unless `keepDir`). */
  dir: string;
}

export interface BundleOptions {
  /** Endpoint URLs, region and dummy credentials. */
  env: Record<string, string>;
  /** The inputs action.yml declares defaults for (as the runner passes them). */
  defaults: Record<string, string>;
  timeoutMs?: number;
  /** Use this directory as RUNNER_TEMP/GITHUB_WORKSPACE and leave it (the caller removes it). */
  dir?: string;
}

/** The input defaults of an action.yml file. */
export function defaultsOf(actionYml: string): Record<string, string> {
  const action = parse(actionYml) as { inputs?: Record<string, { default?: unknown }> };
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) if (spec.default !== undefined) defaults[name] = String(spec.default);
  return defaults;
}

function readUsage(file: string): Usage | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Usage;
  } catch {
    return undefined;
  }
}

/** Runs `node --import preload.mjs <bundle>` with `inputs`; resolves when the process has exited and its output is read. */
export async function runBundle(bundle: string, inputs: Record<string, string>, options: BundleOptions): Promise<BundleRun> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'ecs-bench-run-'));
  const outputFile = join(dir, `output-${process.hrtime.bigint()}`);
  const summaryFile = join(dir, `summary-${process.hrtime.bigint()}`);
  const usageFile = join(dir, `usage-${process.hrtime.bigint()}.json`);
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
    BENCH_USAGE_FILE: usageFile,
    ...options.env,
  };
  for (const [name, value] of Object.entries({ ...options.defaults, ...inputs })) env[inputVariable(name)] = value;
  try {
    const spawnedAt = Date.now();
    const child = spawn(process.execPath, ['--import', pathToFileURL(PRELOAD).href, bundle], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    let exitedAt = 0;
    child.on('exit', () => (exitedAt = Date.now()));
    const code = await new Promise<number | null>((resolveCode) => child.on('close', (c) => resolveCode(c)));
    clearTimeout(timer);
    const run: BundleRun = { code, stdout, stderr, outputs: parseOutputFile(readFileSync(outputFile, 'utf8')), spawnedAt, exitedAt, dir };
    const usage = readUsage(usageFile);
    if (usage) run.usage = usage;
    return run;
  } finally {
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  }
}
