// Fault injection: per request, one draw of a seeded PRNG decides a dropped connection, a
// ThrottlingException, a 5xx, a lost answer (after the operation took effect), or a normal answer;
// latency applies to every request in scope.
import { Prng } from './random.js';
import type { Faults } from './types.js';

export type FaultDecision = 'none' | 'drop' | 'throttle' | 'server' | 'lost' | 'html';

const rate = (value: number | undefined): number => Math.min(1, Math.max(0, value ?? 0));

export class FaultInjector {
  private faults: Faults = {};
  private prng = new Prng(1);

  constructor(faults: Faults | undefined) {
    this.set(faults ?? {});
  }

  /** Replaces the faults and restarts the PRNG from their seed. */
  set(faults: Faults): void {
    this.faults = { ...faults };
    this.prng = new Prng(faults.seed ?? 1);
  }

  private inScope(operation: string): boolean {
    return !this.faults.operations || this.faults.operations.includes(operation);
  }

  latencyMs(operation: string): number {
    return this.inScope(operation) ? Math.max(0, this.faults.latencyMs ?? 0) : 0;
  }

  decide(operation: string): FaultDecision {
    const { dropRate, throttleRate, serverErrorRate, lostResponseRate } = this.faults;
    const bands: Array<[FaultDecision, number]> = [
      ['drop', rate(dropRate)],
      ['throttle', rate(throttleRate)],
      ['server', rate(serverErrorRate)],
      ['lost', rate(lostResponseRate)],
    ];
    if (this.faults.htmlErrorOperations?.includes(operation)) return 'html';
    if (!this.inScope(operation) || bands.every(([, r]) => r === 0)) return 'none';
    const r = this.prng.next();
    let edge = 0;
    for (const [decision, share] of bands) {
      edge += share;
      if (r < edge) return decision;
    }
    return 'none';
  }
}
