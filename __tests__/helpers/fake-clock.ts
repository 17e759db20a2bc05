/**
 * A Clock (src/clock.ts) whose time moves only when something sleeps, for tests of the watcher and of
 * the whole step: no real time passes and no timer is left behind.
 */
import type { Clock } from '../../src/clock.js';

export class FakeClock implements Clock {
  /** Every `sleep(ms)` asked for, in order (an aborted one included). */
  readonly sleeps: number[] = [];
  /** Called at the start of each sleep, before time moves: e.g. to abort in the middle of a wait. */
  onSleep: ((ms: number) => void) | undefined;

  /** `t`: the current time in epoch milliseconds; a test may also set it directly. */
  constructor(public t = 0) {}

  now(): number {
    return this.t;
  }

  /** Records `ms`, calls `onSleep`, then moves time by `ms` unless `signal` is aborted by then; resolves at once. */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    this.onSleep?.(ms);
    if (signal?.aborted) return;
    this.t += ms;
  }
}
