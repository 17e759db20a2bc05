/**
 * The official AWS pair for comparison: amazon-ecs-render-task-definition (puts the image into a task
 * definition JSON file, no AWS call) then amazon-ecs-deploy-task-definition (registers it and updates
 * the service), run one after the other in one RUNNER_TEMP as two steps of a job would, against the
 * same world as the no-wait deploy. Their bundles are given with `--official <dir>` (render/index.js,
 * deploy/index.js, with their chunk files and, if present, action.yml next to them); nothing of theirs
 * is kept in this repository.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleSeed } from '../../tools/local-ecs/index.js';
import { startEndpoint } from './endpoint.js';
import { NO_WAIT_ROWS } from './figures.js';
import { defaultsOf, runBundle } from './process.js';
import { outcomeText, put, putSamples, type Table } from './table.js';
import { IMAGE, sampleWorld } from './worlds.js';

export const OFFICIAL = 'official pair';

export interface OfficialRun {
  ok: boolean;
  outcome: string;
  /** Deploy's spawn to the first request the endpoint saw. */
  coldMs?: number;
  /** Render's spawn to deploy's exit. */
  wholeMs: number;
  maxRssKb?: number;
  cpuMs?: number;
}

function bundleDefaults(dir: string): Record<string, string> {
  const yml = join(dir, 'action.yml');
  return existsSync(yml) ? defaultsOf(readFileSync(yml, 'utf8')) : {};
}

/** The template as `aws ecs describe-task-definition` would give it for the official pair's file, family `api`. */
function taskDefinitionFile(dir: string): string {
  const file = join(dir, 'task-definition.json');
  const td = structuredClone(sampleSeed.taskDefinitions?.[0]?.taskDefinition) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...td, family: 'api' }, null, 2));
  return file;
}

/** Render, then deploy (`wait-for-service-stability: false`), once. */
export async function officialOnce(root: string, latencyMs: number): Promise<OfficialRun> {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-bench-official-'));
  const endpoint = await startEndpoint(sampleWorld(100), latencyMs);
  try {
    const env = endpoint.ecs.env();
    const file = taskDefinitionFile(dir);
    const render = await runBundle(join(root, 'render', 'index.js'), { 'task-definition': file, 'container-name': 'api', image: IMAGE }, {
      env,
      defaults: bundleDefaults(join(root, 'render')),
      dir,
    });
    const rendered = render.outputs['task-definition'];
    if (render.code !== 0 || !rendered) return { ok: false, outcome: `render exit ${render.code}: ${firstError(render.stdout, render.stderr)}`, wholeMs: render.exitedAt - render.spawnedAt };
    const deploy = await runBundle(
      join(root, 'deploy', 'index.js'),
      { 'task-definition': rendered, service: 'api', cluster: 'demo', 'wait-for-service-stability': 'false' },
      { env, defaults: bundleDefaults(join(root, 'deploy')), dir },
    );
    const first = endpoint.requests()[0];
    const run: OfficialRun = {
      ok: deploy.code === 0,
      outcome: deploy.code === 0 ? `exit 0 (${endpoint.requests().map((r) => r.operation.replace('ecs:', '')).join(', ')})` : `deploy exit ${deploy.code}: ${firstError(deploy.stdout, deploy.stderr)}`,
      wholeMs: deploy.exitedAt - render.spawnedAt,
    };
    if (first) run.coldMs = first.start - deploy.spawnedAt;
    if (render.usage && deploy.usage) {
      run.maxRssKb = Math.max(render.usage.maxRssKb, deploy.usage.maxRssKb);
      run.cpuMs = (render.usage.userCpuUs + render.usage.systemCpuUs + deploy.usage.userCpuUs + deploy.usage.systemCpuUs) / 1000;
    }
    return run;
  } finally {
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function firstError(stdout: string, stderr: string): string {
  const line = /^::error(?:[^:]*)::(.*)$/m.exec(stdout)?.[1] ?? stderr.trim().split('\n')[0] ?? '';
  return line.slice(0, 300);
}

/** Why the official pair cannot be run from `root`, if it cannot. */
export function officialMissing(root: string): string | undefined {
  for (const part of ['render', 'deploy']) {
    if (!existsSync(join(root, part, 'index.js'))) return `${join(root, part, 'index.js')} does not exist`;
  }
  return undefined;
}

/** Adds the official pair's column to the cold-start and resource tables; returns what failed, if anything. */
export function putOfficial(runs: readonly OfficialRun[], cold: Table, resources: Table): string | undefined {
  const ok = runs.filter((r) => r.ok);
  put(cold, NO_WAIT_ROWS.outcome, 'value', OFFICIAL, outcomeText(runs.map((r) => r.outcome)));
  if (ok.length === 0) return runs[0]?.outcome;
  putSamples(cold, NO_WAIT_ROWS.cold, 'value', OFFICIAL, ok.flatMap((r) => (r.coldMs === undefined ? [] : [r.coldMs])));
  putSamples(cold, NO_WAIT_ROWS.whole, 'value', OFFICIAL, ok.map((r) => r.wholeMs));
  putSamples(resources, NO_WAIT_ROWS.rss, 'value', OFFICIAL, ok.flatMap((r) => (r.maxRssKb === undefined ? [] : [r.maxRssKb / 1024])));
  putSamples(resources, NO_WAIT_ROWS.cpu, 'value', OFFICIAL, ok.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs])));
  return undefined;
}
