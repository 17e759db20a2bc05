// Simulated time: real elapsed ms times the time scale, plus any time skipped by hand; and a
// queue of timed actions that run, in time order, when simulated time reaches them.

export class SimClock {
  private readonly realStart: number;
  private skippedMs = 0;

  constructor(
    private readonly realNow: () => number,
    private readonly timeScale: number,
  ) {
    this.realStart = realNow();
  }

  real(): number {
    return this.realNow();
  }

  /** Simulated ms since the epoch; starts at the real time of creation. */
  now(): number {
    return this.realStart + (this.realNow() - this.realStart) * this.timeScale + this.skippedMs;
  }

  skip(ms: number): void {
    this.skippedMs += ms;
  }
}

interface Timed {
  at: number;
  seq: number;
  run: (at: number) => void;
}

const MAX_STEPS_PER_RUN = 1_000_000;

export class Scheduler {
  private queue: Timed[] = [];
  private seq = 0;
  /** The simulated time up to which actions have run. */
  time = 0;

  /** Runs `run(at)` once simulated time reaches `at` (at once on the next run if already past). */
  at(at: number, run: (at: number) => void): void {
    this.queue.push({ at, seq: this.seq++, run });
    this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Runs every action due up to `time`, including those that due actions schedule. */
  runUntil(time: number): void {
    let steps = 0;
    for (let next = this.queue[0]; next && next.at <= time; next = this.queue[0]) {
      if (++steps > MAX_STEPS_PER_RUN) throw new Error('local-ecs: simulation did not settle');
      this.queue.shift();
      this.time = Math.max(this.time, next.at);
      next.run(next.at);
    }
    this.time = Math.max(this.time, time);
  }

  pending(): number {
    return this.queue.length;
  }
}
