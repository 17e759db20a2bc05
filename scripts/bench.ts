// `npm run bench`: measures a bundled action (dist/index.js, or --dist) against the local ECS endpoint
// with a per-call latency, optionally next to an earlier commit's bundle (--before) and the official AWS
// render/deploy pair (--official), and writes docs/BENCHMARKS.md and docs/benchmarks.json (or --out).
// See `npm run bench -- --help` and docs/BENCHMARKS.md for what each figure measures.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../tools/run-action.js';
import { detectionLag, noWaitOnce, putNoWait, scaling, waitedDeploy, type Measured, type Settings, type Subject } from './bench/figures.js';
import { machineInfo } from './bench/machine.js';
import { officialMissing, officialOnce, OFFICIAL, putOfficial, type OfficialRun } from './bench/official.js';
import { parseOptions, USAGE, type Options } from './bench/options.js';
import { defaultsOf } from './bench/process.js';
import { markdown, type Report, type SubjectInfo } from './bench/report.js';
import type { Table } from './bench/table.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Bytes of index.js and of every file in its directory. */
function sizes(bundle: string): Pick<SubjectInfo, 'indexBytes' | 'distBytes'> {
  const dir = dirname(bundle);
  const distBytes = readdirSync(dir).reduce((sum, name) => sum + (statSync(join(dir, name)).isFile() ? statSync(join(dir, name)).size : 0), 0);
  return { indexBytes: statSync(bundle).size, distBytes };
}

/** The action.yml next to a bundle's dist/ directory, else the repository's. */
function defaultsFor(bundle: string): Record<string, string> {
  for (const candidate of [join(dirname(bundle), '..', 'action.yml'), join(dirname(bundle), 'action.yml'), join(ROOT, 'action.yml')]) {
    try {
      return defaultsOf(readFileSync(candidate, 'utf8'));
    } catch {
      // try the next
    }
  }
  return {};
}

/** Extracts `<ref>:dist/` (every file, with `git show`) and `<ref>:action.yml` into `into`; returns its dist/index.js. */
function extractRef(ref: string, into: string): string {
  const git = (args: string[]) => execFileSync('git', args, { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  mkdirSync(join(into, 'dist'));
  const files = git(['ls-tree', '--name-only', ref, 'dist/']).toString().split('\n').filter(Boolean);
  if (!files.includes('dist/index.js')) throw new Error(`--before ${ref}: the commit has no dist/index.js`);
  for (const file of files) writeFileSync(join(into, file), git(['show', `${ref}:${file}`]));
  writeFileSync(join(into, 'action.yml'), git(['show', `${ref}:action.yml`]));
  return join(into, 'dist', 'index.js');
}

function table(id: string, title: string, method: string, metrics: Table['metrics']): Table {
  return { id, title, method, metrics, rows: [] };
}

const VALUE = [{ key: 'value', label: '', unit: 'ms' as const }];
const COUNT = [{ key: 'value', label: '', unit: 'count' as const }];

/** Every table of the report, empty, with the description of its method. */
function tables(o: Options) {
  const latency = `${o.latencyMs} ms`;
  return {
    cold: table(
      'cold',
      '1. Cold start and whole step (no-wait deploy)',
      `A deploy of service \`api\` from \`api-template\` with \`wait: false\` against the sample world (every call answered after ${latency}). ` +
        '*Cold start*: from just before `spawn()` of `node --import scripts/bench/preload.mjs <bundle>` to the real start time the endpoint logged for the first AWS request ' +
        '(module loading, input parsing, SDK client set-up, the first connection). *Whole step*: spawn to process exit, as the runner times the step. ' +
        'The official pair: render (no AWS call) then deploy (`wait-for-service-stability: false`) as two processes; cold start is the deploy process\'s spawn to its first request, ' +
        'whole step is render\'s spawn to deploy\'s exit. The columns are measured in turn, one run each (`--cold-runs` rounds), so that a drift of the machine\'s speed reaches every column alike.',
      VALUE,
    ),
    calls: table(
      'calls',
      '2. Calls of a waited single-service deploy',
      `A deploy of \`api\` with \`wait: true\`, \`poll-seconds: 1\`; the rollout completes 30 simulated s after UpdateService at time scale 10 (3 s real); every call answered after ${latency}. ` +
        'Calls are counted from the endpoint\'s request log. *Waves*: the requests before the first UpdateService sorted by their real start; one that starts after every earlier one ' +
        'has ended (end = when the endpoint logged it, after the latency and the operation) starts a new wave, one that starts while another is in flight joins its wave: the number of ' +
        'sequential round trips before the deploy takes effect.',
      COUNT,
    ),
    lag: table(
      'lag',
      '3. Detection lag: rollout end to process exit',
      'A waited deploy of `api` at time scale 10. The rollout\'s end is the ServiceDeployment\'s `finishedAt` (simulated) in the endpoint, mapped to real time ' +
        '(real = anchor + (sim − sim anchor) / 10, the anchor taken when the endpoint started); the lag is from then to the process exit. Run i of n lets the rollout last ' +
        '2 s + (i/n) × poll-seconds (real), so the runs sample different phases of the poll interval: expect about half the interval plus the final calls and exit. ' +
        '*Polls*: DescribeServiceDeployments calls.',
      [
        { key: 'lag', label: 'lag (ms)', unit: 'ms' },
        { key: 'polls', label: 'polls', unit: 'count' },
        { key: 'outcome', label: 'outcome', unit: 'text' },
      ],
    ),
    resources: table(
      'resources',
      '4. Peak memory and CPU time of the action process',
      'The measured process is started as `node --import scripts/bench/preload.mjs <bundle>`; the preload registers a `process.on(\'exit\')` handler that writes ' +
        '`process.resourceUsage()` (getrusage of the process: `maxRSS`, the peak resident set, and user + system CPU time) to a file. The no-wait rows come from the runs of figure 1, the waited rows from those of figure 2. ' +
        'The official pair: the larger peak of its two processes, and the sum of their CPU times.',
      COUNT,
    ),
    containers: table(
      'containers',
      '5a. Scaling: containers per task definition',
      'A no-wait deploy of service `multi` from template `multi-template` with N containers (c1..cN), each given an image in `images` (one line per container), ' +
        'the images spread round-robin over ceil(N/4) ECR repositories (all tagged v1, resolved to digests). N stops at 10: ECS takes at most 10 containers in a task definition (a service quota that cannot be raised), and the local endpoint refuses more.' + MEMORY_NOTE,
      scaleMetrics(false),
    ),
    revisions: table(
      'revisions',
      '5b. Scaling: revisions in the family, `rollback-to: previous`',
      'Family `api` holds N ACTIVE revisions, each tagged with its template; service `api` serves api:N. `rollback-to: previous` with `wait: false`, with the ' +
        'completed-rollout tag (`ecs-template-deploy:rollout-completed`) on api:N−1 (the newest earlier revision), only on api:1, or on none; or no tag, but the service\'s deployment history (ListServiceDeployments) holds one SUCCESSFUL deployment per revision, api:N newest.' + MEMORY_NOTE,
      scaleMetrics(false),
    ),
    backlog: table(
      'backlog',
      '5c. Scaling: `keep-revisions` backlog',
      'Family `api` holds N ACTIVE revisions; a waited deploy (`poll-seconds: 0.5`, rollout 0.3 s real) with `keep-revisions: 10` registers api:N+1 and, once completed, ' +
        'deregisters the old ones nothing uses. *Deregistered*: DeregisterTaskDefinition calls.' + MEMORY_NOTE,
      scaleMetrics(true),
    ),
    services: table(
      'services',
      '5d. Scaling: services in one step',
      'A no-wait release of N services (`api`, `api-2`, ..., all created from api-template:1), the `service` input one line per service.' + MEMORY_NOTE,
      scaleMetrics(false),
    ),
  };
}

/** What every scaling table says of its memory columns. */
const MEMORY_NOTE =
  ' *Peak RSS*: getrusage `maxRSS` of the action process. *Live heap*: the largest heap a full (mark-sweep-compact) garbage collection left live, ' +
  'from `v8.GCProfiler` in the preload: what the process still held, not the garbage V8 had yet to collect nor the room it sized its heap to (– when the run had no full collection).';

function scaleMetrics(deregistered: boolean): Table['metrics'] {
  return [
    { key: 'calls', label: 'calls', unit: 'count' },
    ...(deregistered ? [{ key: 'deregistered', label: 'deregistered', unit: 'count' as const }] : []),
    { key: 'time', label: 'time (s)', unit: 's' },
    { key: 'rss', label: 'peak RSS (MiB)', unit: 'MiB' },
    { key: 'live', label: 'live heap (MiB)', unit: 'MiB' },
    { key: 'runs', label: 'runs', unit: 'text' },
    { key: 'outcome', label: 'outcome', unit: 'text' },
  ];
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv, { dist: join(ROOT, 'dist', 'index.js'), out: join(ROOT, 'docs') });
  } catch (error) {
    // A bad option: one line saying which and why, then the usage's pointer.
    process.stderr.write(`bench: ${(error as Error).message} (npm run bench -- --help)\n`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const o = parsed;
  const started = Date.now();
  // Commit and dirty flag as the run starts (the tree may change while it runs).
  const machine = machineInfo(ROOT);
  const work = mkdtempSync(join(tmpdir(), 'ecs-bench-'));
  try {
    const subjects: Array<Subject & { info: SubjectInfo }> = [];
    if (o.before) {
      const bundle = extractRef(o.before, work);
      subjects.push({ name: 'before', bundle, defaults: defaultsFor(bundle), info: { name: 'before', source: `\`git show ${o.before}:dist/index.js\``, ...sizes(bundle) } });
    }
    const bundle = resolve(o.dist);
    const name = o.before ? 'after' : 'this bundle';
    subjects.push({ name, bundle, defaults: defaultsFor(bundle), info: { name, source: `\`${relative(ROOT, bundle) || bundle}\` as it was at the run`, ...sizes(bundle) } });

    const settings: Settings = { runs: o.runs, latencyMs: o.latencyMs, lagPolls: o.lagPolls, sizes: o.sizes, caseBudgetMs: o.caseBudgetS * 1000, log };
    const t = tables(o);
    const notes: string[] = [];
    const infos = subjects.map((s) => s.info);
    if (o.only.includes('cold')) {
      const official = o.official ? resolve(o.official) : undefined;
      const missing = official && officialMissing(official);
      const columns = [...subjects.map((s) => s.name), ...(official && !missing ? [OFFICIAL] : [])];
      log(`cold start and no-wait deploy: ${columns.join(', ')} in turn, ${o.coldRuns} runs each`);
      // In turn (A B C A B C ...), so that a machine whose speed drifts during the figure drifts every column alike.
      const ours = subjects.map(() => [] as Measured[]);
      const theirs: OfficialRun[] = [];
      for (let i = 0; i < o.coldRuns; i++) {
        for (const [k, subject] of subjects.entries()) ours[k]?.push(await noWaitOnce(subject, settings));
        if (official && !missing) theirs.push(await officialOnce(official, settings.latencyMs));
      }
      for (const [k, subject] of subjects.entries()) putNoWait(subject, ours[k] ?? [], t.cold, t.resources);
      if (official) {
        const failed = missing ?? putOfficial(theirs, t.cold, t.resources);
        infos.push({ name: OFFICIAL, source: `amazon-ecs-render-task-definition + amazon-ecs-deploy-task-definition bundles from \`${official}\``, ...sizes(join(official, 'deploy', 'index.js')) });
        notes.push(failed ? `The official pair could not be measured: ${failed}` : 'The official pair was measured for figures 1 and 4 only (the equivalent no-wait deploy); its sizes are of the deploy bundle.');
      }
    }
    for (const subject of subjects) {
      if (o.only.includes('waited')) {
        log(`${subject.name}: waited deploy`);
        await waitedDeploy(subject, settings, t.calls, t.resources);
      }
      if (o.only.includes('lag')) {
        log(`${subject.name}: detection lag`);
        await detectionLag(subject, settings, t.lag);
      }
      if (o.only.includes('scale')) {
        log(`${subject.name}: scaling`);
        await scaling(subject, settings, t);
      }
    }

    const report: Report = {
      machine,
      options: {
        dist: relative(ROOT, bundle) || bundle,
        before: o.before ?? null,
        official: o.official ?? null,
        runs: o.runs,
        coldRuns: o.coldRuns,
        latencyMs: o.latencyMs,
        sizes: o.sizesSpec,
        sizesResolved: o.sizes,
        lagPolls: o.lagPolls,
        caseBudgetS: o.caseBudgetS,
        only: o.only,
        smoke: o.smoke,
      },
      command: `npx tsx scripts/bench.ts ${argv.join(' ')}`.trim(),
      durationS: (Date.now() - started) / 1000,
      subjects: infos,
      notes,
      tables: [t.cold, t.calls, t.lag, t.resources, t.containers, t.revisions, t.backlog, t.services].filter((x) => x.rows.length > 0),
    };
    mkdirSync(o.out, { recursive: true });
    writeFileSync(join(o.out, 'BENCHMARKS.md'), markdown(report));
    writeFileSync(join(o.out, 'benchmarks.json'), `${JSON.stringify(report, null, 2)}\n`);
    log(`Wrote ${join(o.out, 'BENCHMARKS.md')} and benchmarks.json in ${Math.round(report.durationS)} s.`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
