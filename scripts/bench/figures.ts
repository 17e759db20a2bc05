/**
 * The measurements. Each run gets a fresh endpoint (seeded world, per-call latency) and one action
 * process; the figures come from the endpoint's request log (real start and end of each request), the
 * spawn and exit times of the process, and the preload's resource usage.
 */
import { beforeFirstUpdate, countByOperation, startEndpoint, waves, type TimedRequest, type World } from './endpoint.js';
import { runBundle, type BundleRun } from './process.js';
import { repeat } from './stats.js';
import { outcomeText, put, putSamples, type Table } from './table.js';
import { backlogCase, containersCase, deployInputs, repositoriesFor, revisionsCase, sampleWorld, servicesCase, type Mark } from './worlds.js';

/** A bundle to measure: its label (column), index.js and the input defaults of its action.yml. */
export interface Subject {
  name: string;
  bundle: string;
  defaults: Record<string, string>;
}

export interface Sizes {
  containers: number[];
  revisions: number[];
  backlog: number[];
  services: number[];
}

export interface Settings {
  runs: number;
  latencyMs: number;
  /** poll-seconds values of the detection-lag figure. */
  lagPolls: number[];
  sizes: Sizes;
  /** A case stops repeating once another run would end past this (real ms from its first run). */
  caseBudgetMs: number;
  /** Progress lines. */
  log: (line: string) => void;
}

/** One run: the process, the requests the endpoint saw, and when the rollout of `api` ended (real ms), if it did. */
export interface Measured {
  run: BundleRun;
  requests: TimedRequest[];
  rolloutEndedAt?: number;
}

const MiB = (kb: number) => kb / 1024;
const cpuMs = (run: BundleRun) => (run.usage ? (run.usage.userCpuUs + run.usage.systemCpuUs) / 1000 : undefined);
const defined = <T>(values: Array<T | undefined>): T[] => values.filter((v): v is T => v !== undefined);
export const outcome = (run: BundleRun) => `exit ${run.code} ${run.outputs.status ?? '(no status)'}`;

/** Runs `subject` once against a fresh endpoint seeded with `world`. */
export async function measure(subject: Subject, world: World, inputs: Record<string, string>, latencyMs: number): Promise<Measured> {
  const endpoint = await startEndpoint(world, latencyMs);
  try {
    const run = await runBundle(subject.bundle, inputs, { env: endpoint.ecs.env(), defaults: subject.defaults });
    const measured: Measured = { run, requests: endpoint.requests() };
    const ended = [...endpoint.ecs.state.serviceDeployments.values()]
      .filter((sd) => sd.serviceName === 'api' && sd.finishedAt !== undefined)
      .sort((a, b) => b.createdAt - a.createdAt)[0];
    if (ended?.finishedAt !== undefined) measured.rolloutEndedAt = endpoint.realAt(ended.finishedAt);
    return measured;
  } finally {
    await endpoint.close();
  }
}

/** One `wait: false` deploy of `subject` against the sample world (figures 1 and 4). */
export const noWaitOnce = (subject: Subject, s: Settings): Promise<Measured> =>
  measure(subject, sampleWorld(100), deployInputs({ wait: 'false' }), s.latencyMs);

/** The rows of figures 1 and 4 a no-wait deploy fills, for this action's columns and the official pair's alike. */
export const NO_WAIT_ROWS = {
  cold: 'Cold start: spawn → first AWS request (ms)',
  whole: 'No-wait deploy (`wait: false`): whole step, spawn → exit (ms)',
  outcome: 'Outcome',
  rss: 'Peak RSS, no-wait deploy (MiB)',
  cpu: 'CPU time (user + system), no-wait deploy (ms)',
} as const;

/** Figures 1 and 4 (no-wait part) from `runs` of noWaitOnce: cold start, whole-step time, peak RSS and CPU time. */
export function putNoWait(subject: Subject, runs: readonly Measured[], cold: Table, resources: Table): void {
  putSamples(cold, NO_WAIT_ROWS.cold, 'value', subject.name, defined(runs.map((m) => m.requests[0] && m.requests[0].start - m.run.spawnedAt)));
  putSamples(cold, NO_WAIT_ROWS.whole, 'value', subject.name, runs.map((m) => m.run.exitedAt - m.run.spawnedAt));
  put(cold, NO_WAIT_ROWS.outcome, 'value', subject.name, outcomeText(runs.map((m) => outcome(m.run))));
  putSamples(resources, NO_WAIT_ROWS.rss, 'value', subject.name, defined(runs.map((m) => m.run.usage && MiB(m.run.usage.maxRssKb))));
  putSamples(resources, NO_WAIT_ROWS.cpu, 'value', subject.name, defined(runs.map((m) => cpuMs(m.run))));
}

/** Figures 2 and 4 (waited part): calls by operation and waves before UpdateService of a waited deploy (rollout 3 s real, poll-seconds 1). */
export async function waitedDeploy(subject: Subject, s: Settings, calls: Table, resources: Table): Promise<void> {
  const runs = await repeat(s.runs, s.caseBudgetMs, () =>
    measure(subject, sampleWorld(10, 30), deployInputs({ wait: 'true', 'poll-seconds': '1' }), s.latencyMs),
  );
  const counts = runs.map((m) => countByOperation(m.requests));
  const operations = [...new Set(counts.flatMap((c) => Object.keys(c)))].sort();
  for (const op of operations) putSamples(calls, op, 'value', subject.name, counts.map((c) => c[op] ?? 0));
  putSamples(calls, '**All calls**', 'value', subject.name, runs.map((m) => m.requests.length));
  putSamples(calls, '**Calls before the first UpdateService**', 'value', subject.name, runs.map((m) => beforeFirstUpdate(m.requests).length));
  putSamples(calls, '**Sequential waves before the first UpdateService**', 'value', subject.name, runs.map((m) => waves(beforeFirstUpdate(m.requests))));
  putSamples(calls, '**Whole step (ms)**', 'value', subject.name, runs.map((m) => m.run.exitedAt - m.run.spawnedAt));
  put(calls, '**Outcome**', 'value', subject.name, outcomeText(runs.map((m) => outcome(m.run))));
  putSamples(resources, 'Peak RSS, waited deploy (MiB)', 'value', subject.name, defined(runs.map((m) => m.run.usage && MiB(m.run.usage.maxRssKb))));
  putSamples(resources, 'CPU time (user + system), waited deploy (ms)', 'value', subject.name, defined(runs.map((m) => cpuMs(m.run))));
}

/**
 * Figure 3: rollout end (the ServiceDeployment's finishedAt, simulated, mapped to real time) to process
 * exit. Run i of n lets the rollout last 2 s + (i / n) x poll-seconds (real), so the runs sample the
 * phases of the poll interval instead of hitting the same one every time.
 */
export async function detectionLag(subject: Subject, s: Settings, lag: Table): Promise<void> {
  const timeScale = 10;
  for (const poll of s.lagPolls) {
    const runs = await repeat(s.runs, Math.max(s.caseBudgetMs, s.runs * (poll + 4) * 1000), (i) =>
      measure(subject, sampleWorld(timeScale, (2 + (i / s.runs) * poll) * timeScale), deployInputs({ wait: 'true', 'poll-seconds': String(poll) }), s.latencyMs),
    );
    const label = `poll-seconds ${poll}`;
    putSamples(lag, label, 'lag', subject.name, defined(runs.map((m) => m.rolloutEndedAt && m.run.exitedAt - m.rolloutEndedAt)));
    putSamples(lag, label, 'polls', subject.name, runs.map((m) => m.requests.filter((r) => r.operation === 'ecs:DescribeServiceDeployments').length));
    put(lag, label, 'outcome', subject.name, outcomeText(runs.map((m) => outcome(m.run))));
  }
}

/** One scaling case: calls, time, peak RSS and outcome over the repeated runs. */
async function scaleCase(subject: Subject, s: Settings, table: Table, label: string, made: { world: World; inputs: Record<string, string> }): Promise<void> {
  s.log(`  ${subject.name}: ${table.id} ${label}`);
  const runs = await repeat(s.runs, s.caseBudgetMs, () => measure(subject, made.world, made.inputs, s.latencyMs));
  putSamples(table, label, 'calls', subject.name, runs.map((m) => m.requests.length));
  putSamples(table, label, 'time', subject.name, runs.map((m) => (m.run.exitedAt - m.run.spawnedAt) / 1000));
  putSamples(table, label, 'rss', subject.name, defined(runs.map((m) => m.run.usage && MiB(m.run.usage.maxRssKb))));
  putSamples(table, label, 'live', subject.name, defined(runs.map((m) => m.run.usage?.liveHeapKb && MiB(m.run.usage.liveHeapKb))));
  if (table.metrics.some((m) => m.key === 'deregistered')) {
    putSamples(table, label, 'deregistered', subject.name, runs.map((m) => m.requests.filter((r) => r.operation === 'ecs:DeregisterTaskDefinition').length));
  }
  put(table, label, 'runs', subject.name, String(runs.length));
  put(table, label, 'outcome', subject.name, outcomeText(runs.map((m) => outcome(m.run))));
}

const MARKS: Array<[Mark, string]> = [
  ['newest', 'mark on the newest earlier revision'],
  ['oldest', 'mark only on revision 1'],
  ['none', 'no revision marked'],
  ['history', 'no mark; the service\'s deployment history has one completed deployment per revision'],
];

/** Figure 5: the four scaling tables. */
export async function scaling(subject: Subject, s: Settings, tables: { containers: Table; revisions: Table; backlog: Table; services: Table }): Promise<void> {
  for (const n of s.sizes.containers) await scaleCase(subject, s, tables.containers, `${n} container(s), ${repositoriesFor(n)} ECR repo(s)`, containersCase(n));
  for (const n of s.sizes.revisions) {
    for (const [mark, text] of MARKS) await scaleCase(subject, s, tables.revisions, `${n.toLocaleString('en-US')} revisions, ${text}`, revisionsCase(n, mark));
  }
  for (const n of s.sizes.backlog) await scaleCase(subject, s, tables.backlog, `${n.toLocaleString('en-US')} ACTIVE revisions`, backlogCase(n));
  for (const n of s.sizes.services) await scaleCase(subject, s, tables.services, `${n} service(s)`, servicesCase(n));
}
