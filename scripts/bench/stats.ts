/** Median and spread of repeated measurements. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** Every sample, in run order. */
  samples: number[];
}

/** Median, min and max of `samples` (undefined when there are none). */
export function summarize(samples: readonly number[]): Summary | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, samples: [...samples] };
}

/**
 * Runs `once` up to `runs` times, but stops repeating when another run would likely end past
 * `budgetMs` (measured from the first run's start): a case whose single run is slow runs fewer times.
 * Always runs at least once.
 */
export async function repeat<T>(runs: number, budgetMs: number, once: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  const started = Date.now();
  for (let i = 0; i < runs; i++) {
    const elapsed = Date.now() - started;
    if (i > 0 && elapsed + elapsed / i > budgetMs) break;
    results.push(await once(i));
  }
  return results;
}
