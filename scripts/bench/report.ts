/** docs/BENCHMARKS.md and docs/benchmarks.json from the tables. */
import type { MachineInfo } from './machine.js';
import type { Summary } from './stats.js';
import type { Cell, Table, Unit } from './table.js';

export interface SubjectInfo {
  name: string;
  /** Where the bundle came from ("dist/index.js", "git show 7bc3c52:dist/index.js", a path). */
  source: string;
  indexBytes?: number;
  distBytes?: number;
}

export interface Report {
  machine: MachineInfo;
  /** The options used, as given and defaulted. */
  options: Record<string, unknown>;
  command: string;
  durationS: number;
  subjects: SubjectInfo[];
  notes: string[];
  tables: Table[];
}

function number(value: number, unit: Unit): string {
  if (unit === 'count') return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(1);
  if (unit === 's') return value < 10 ? value.toFixed(2) : value.toFixed(1);
  if (unit === 'MiB') return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}

/** "median (min–max)", or the value alone when every sample is the same. */
export function formatCell(cell: Cell | undefined, unit: Unit): string {
  if (cell === undefined) return '–';
  if (typeof cell === 'string') return cell.replace(/\|/g, '\\|');
  const s: Summary = cell;
  const median = number(s.median, unit);
  return s.min === s.max ? median : `${median} (${number(s.min, unit)}–${number(s.max, unit)})`;
}

/** The subjects that have a cell somewhere in `table`, in report order. */
function subjectsOf(table: Table, order: readonly string[]): string[] {
  const present = new Set(table.rows.flatMap((r) => Object.values(r.cells).flatMap((c) => Object.keys(c))));
  return order.filter((s) => present.has(s));
}

/** A markdown table: one row per case, one column per metric and subject. */
export function markdownTable(table: Table, order: readonly string[]): string {
  const subjects = subjectsOf(table, order);
  const columns = table.metrics.flatMap((m) => subjects.map((s) => ({ metric: m, subject: s })));
  const heading = (m: Table['metrics'][number], s: string) => {
    const label = m.label === '' ? s : subjects.length > 1 ? `${m.label} (${s})` : m.label;
    return label;
  };
  const lines = [
    `| ${['Case', ...columns.map((c) => heading(c.metric, c.subject))].join(' | ')} |`,
    `| ${['---', ...columns.map(() => '---')].join(' | ')} |`,
    ...table.rows.map((row) => `| ${[row.label, ...columns.map((c) => formatCell(row.cells[c.metric.key]?.[c.subject], c.metric.unit))].join(' | ')} |`),
  ];
  return lines.join('\n');
}

function bytes(n: number | undefined): string {
  return n === undefined ? '–' : `${n.toLocaleString('en-US')} B (${(n / 1024 / 1024).toFixed(2)} MiB)`;
}

export function markdown(report: Report): string {
  const { machine: m } = report;
  const order = report.subjects.map((s) => s.name);
  const out: string[] = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`scripts/bench.ts`); the raw numbers are in `benchmarks.json`. Every figure is',
    'the median of the runs with the spread (min–max) in brackets; a single value means every run gave it.',
    'The endpoint is the local in-memory one of `tools/local-ecs`, with a fixed delay on every call to stand',
    'in for a region round trip, so the figures compare bundles with each other, not with real AWS.',
    '',
    '## Set-up',
    '',
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.platform}`,
    `- Node: ${m.node}`,
    `- Commit: ${m.commit}${m.dirty ? ' (working tree dirty)' : ''}`,
    `- Date: ${m.date}`,
    `- Command: \`${report.command}\` (took ${Math.round(report.durationS)} s)`,
    `- Options: ${Object.entries(report.options).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join('; ')}`,
    ...report.subjects.map((s) => `- Column **${s.name}**: ${s.source}`),
    ...report.notes.map((n) => `- ${n}`),
    '',
  ];
  for (const table of report.tables) {
    out.push(`## ${table.title}`, '', markdownTable(table, order), '', table.method, '');
  }
  out.push('## Bundle size', '', '| Column | dist/index.js | whole dist/ directory |', '| --- | --- | --- |');
  for (const s of report.subjects) out.push(`| ${s.name} | ${bytes(s.indexBytes)} | ${bytes(s.distBytes)} |`);
  out.push('');
  return out.join('\n');
}
