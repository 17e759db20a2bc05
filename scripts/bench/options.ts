/** The command line of `npm run bench`. */
import { parseArgs } from 'node:util';
import type { Sizes } from './figures.js';
import { MAX_CONTAINERS } from '../../tools/local-ecs/task-definition.js';

export const FIGURES = ['cold', 'waited', 'lag', 'scale'] as const;
export type Figure = (typeof FIGURES)[number];

export interface Options {
  dist: string;
  before?: string;
  official?: string;
  runs: number;
  /** Runs of figure 1 (and the no-wait half of 4) per column, taken in turn. */
  coldRuns: number;
  latencyMs: number;
  sizes: Sizes;
  sizesSpec: string;
  lagPolls: number[];
  out: string;
  smoke: boolean;
  only: Figure[];
  caseBudgetS: number;
}

export const PRESETS: Record<string, Sizes> = {
  default: { containers: [1, 5, 10], revisions: [10, 100, 1000, 10000], backlog: [100, 1000, 10000], services: [1, 5, 20] },
  small: { containers: [1, 10], revisions: [10, 100], backlog: [100], services: [1, 5] },
  smoke: { containers: [2], revisions: [10], backlog: [20], services: [2] },
};

export const USAGE = `Usage: npm run bench -- [options]   (or: npx tsx scripts/bench.ts [options])

  --dist <file>        bundle to measure (default dist/index.js)
  --before <git-ref>   also measure <git-ref>:dist/index.js (git show), as the "before" column
  --official <dir>     also measure the official pair: <dir>/render/index.js and <dir>/deploy/index.js
  --runs <n>           runs per figure (default 5; 1 with --smoke)
  --cold-runs <n>      runs of the cold-start figure per column, the columns in turn (default 15;
                       1 with --smoke)
  --latency-ms <ms>    delay of every endpoint call (default 25; 0 with --smoke)
  --sizes <sizes>      scaling sizes: a preset (default, small, smoke) or a list such as
                       "containers=1,10;revisions=10,100;backlog=100;services=1,5" (tables left out
                       keep the default sizes; "backlog=" skips that table)
  --lag-polls <list>   poll-seconds of the detection-lag figure (default 1,10; 1 with --smoke)
  --case-budget-s <s>  a case stops repeating when another run would end past this (default 30)
  --only <list>        figures to run: ${FIGURES.join(',')} (default all)
  --out <dir>          where BENCHMARKS.md and benchmarks.json go (default docs/)
  --smoke              tiny sizes, one run, latency 0: proves the script works (for CI)
`;

const numbers = (text: string, what: string): number[] =>
  text === ''
    ? []
    : text.split(',').map((t) => {
        const n = Number(t.trim());
        if (!Number.isFinite(n) || n <= 0) throw new Error(`${what}: "${t}" is not a positive number`);
        return n;
      });

/** A preset name, or "table=a,b;table=c" over the default sizes. */
export function parseSizes(spec: string): Sizes {
  const preset = PRESETS[spec];
  if (preset) return structuredClone(preset);
  const sizes = structuredClone(PRESETS.default) as Sizes;
  for (const part of spec.split(/[;\s]+/).filter(Boolean)) {
    const [name, list = ''] = part.split('=') as [string, string?];
    if (!(name in sizes)) throw new Error(`--sizes: unknown table "${name}" (containers, revisions, backlog, services) or preset (${Object.keys(PRESETS).join(', ')})`);
    sizes[name as keyof Sizes] = numbers(list, `--sizes ${name}`).map(Math.round);
  }
  const tooMany = sizes.containers.find((n) => n > MAX_CONTAINERS);
  if (tooMany !== undefined) throw new Error(`--sizes containers: ${tooMany} is more than ECS takes in one task definition (${MAX_CONTAINERS})`);
  return sizes;
}

export function parseOptions(argv: string[], defaults: { dist: string; out: string }): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      dist: { type: 'string' },
      before: { type: 'string' },
      official: { type: 'string' },
      runs: { type: 'string' },
      'cold-runs': { type: 'string' },
      'latency-ms': { type: 'string' },
      sizes: { type: 'string' },
      'lag-polls': { type: 'string' },
      'case-budget-s': { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const smoke = values.smoke ?? false;
  const sizesSpec = values.sizes ?? (smoke ? 'smoke' : 'default');
  const only = (values.only?.split(',').map((f) => f.trim()) ?? [...FIGURES]) as Figure[];
  for (const f of only) if (!FIGURES.includes(f)) throw new Error(`--only: unknown figure "${f}" (${FIGURES.join(', ')})`);
  const latency = Number(values['latency-ms'] ?? (smoke ? 0 : 25));
  if (!Number.isFinite(latency) || latency < 0) throw new Error(`--latency-ms: "${values['latency-ms']}" is not a number >= 0`);
  const options: Options = {
    dist: values.dist ?? defaults.dist,
    runs: Math.round(numbers(values.runs ?? (smoke ? '1' : '5'), '--runs')[0] ?? 1),
    coldRuns: Math.round(numbers(values['cold-runs'] ?? (smoke ? '1' : '15'), '--cold-runs')[0] ?? 1),
    latencyMs: latency,
    sizes: parseSizes(sizesSpec),
    sizesSpec,
    lagPolls: numbers(values['lag-polls'] ?? (smoke ? '1' : '1,10'), '--lag-polls'),
    out: values.out ?? defaults.out,
    smoke,
    only,
    caseBudgetS: numbers(values['case-budget-s'] ?? '30', '--case-budget-s')[0] ?? 30,
  };
  if (values.before) options.before = values.before;
  if (values.official) options.official = values.official;
  return options;
}
