/** The benchmark's result model: tables of cases (rows) by metric and subject (before/after/official). */
import { summarize, type Summary } from './stats.js';

export type Unit = 'ms' | 's' | 'count' | 'MiB' | 'bytes' | 'text';

export interface Metric {
  key: string;
  label: string;
  unit: Unit;
}

/** One cell: a summary of samples, or a text (an outcome, "n/a"). */
export type Cell = Summary | string;

export interface Row {
  label: string;
  /** metric key -> subject name -> cell. */
  cells: Record<string, Record<string, Cell>>;
}

export interface Table {
  id: string;
  title: string;
  /** How the figures were measured (printed under the table). */
  method: string;
  metrics: Metric[];
  rows: Row[];
}

/** Adds `cell` to the row `label` (created in order) of `table`. */
export function put(table: Table, label: string, metric: string, subject: string, cell: Cell | undefined): void {
  if (cell === undefined) return;
  let row = table.rows.find((r) => r.label === label);
  if (!row) table.rows.push((row = { label, cells: {} }));
  (row.cells[metric] ??= {})[subject] = cell;
}

/** Adds the summary of `samples` (nothing when empty). */
export function putSamples(table: Table, label: string, metric: string, subject: string, samples: readonly number[]): void {
  put(table, label, metric, subject, summarize(samples));
}

/** The distinct texts of `values`, most frequent first, with counts when they differ ("exit 0 completed" or "exit 0 ×2, exit 1 ×1"). */
export function outcomeText(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size === 1) return values[0] ?? '';
  return [...counts].sort((a, b) => b[1] - a[1]).map(([v, n]) => `${v} ×${n}`).join(', ');
}
