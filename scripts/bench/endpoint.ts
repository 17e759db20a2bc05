/**
 * The local endpoint as the benchmark uses it: one fresh endpoint per run, with the per-call latency,
 * each request's real end time (the endpoint logs the start; the end is stamped when the entry is
 * logged, i.e. after the latency and the operation ran), and the map from simulated to real time.
 */
import { startLocalEcs, type LocalEcs, type RequestLogEntry, type Scenario, type Seed } from '../../tools/local-ecs/index.js';

/** One request as the benchmark reads it: real start and end (ms since the epoch). */
export interface TimedRequest {
  operation: string;
  start: number;
  end: number;
  status: number;
}

export interface World {
  seed: Seed;
  /** Simulated ms per real ms. */
  timeScale: number;
  /** Rollout scenarios by `cluster/service`. */
  scenarios?: Record<string, Scenario>;
}

export interface BenchEndpoint {
  ecs: LocalEcs;
  /** Every request so far, with its end time. */
  requests(): TimedRequest[];
  /** The real time (ms) at which simulated time reaches `simMs`. */
  realAt(simMs: number): number;
  close(): Promise<void>;
}

/** Starts an endpoint seeded with `world`, answering every call after `latencyMs`. */
export async function startEndpoint(world: World, latencyMs: number): Promise<BenchEndpoint> {
  const ecs = await startLocalEcs({ seed: world.seed, timeScale: world.timeScale, faults: { latencyMs } });
  for (const [key, scenario] of Object.entries(world.scenarios ?? {})) {
    const [cluster, service] = key.split('/') as [string, string];
    ecs.setScenario(cluster, service, scenario);
  }
  const ends: number[] = [];
  const push = ecs.log.push.bind(ecs.log);
  ecs.log.push = (...entries: RequestLogEntry[]): number => {
    for (let i = 0; i < entries.length; i++) ends.push(Date.now());
    return push(...entries);
  };
  // Anchor: simulated time advances `timeScale` ms per real ms and is never skipped here.
  const anchorReal = Date.now();
  const anchorSim = ecs.now();
  return {
    ecs,
    requests: () => ecs.log.map((e, i) => ({ operation: e.operation, start: e.time, end: ends[i] ?? e.time, status: e.status })),
    realAt: (simMs) => anchorReal + (simMs - anchorSim) / world.timeScale,
    close: () => ecs.close(),
  };
}

/** Requests by operation. */
export function countByOperation(requests: readonly TimedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests) counts[r.operation] = (counts[r.operation] ?? 0) + 1;
  return counts;
}

/** The requests before the first UpdateService (all of them when there is none). */
export function beforeFirstUpdate(requests: readonly TimedRequest[]): TimedRequest[] {
  const index = requests.findIndex((r) => r.operation === 'ecs:UpdateService');
  return index < 0 ? [...requests] : requests.slice(0, index);
}

/**
 * Sequential round-trip waves: requests sorted by start; a request that starts when every earlier one
 * has ended starts a new wave, one that starts while an earlier one is still in flight joins it.
 */
export function waves(requests: readonly TimedRequest[]): number {
  let count = 0;
  let inFlightUntil = Number.NEGATIVE_INFINITY;
  for (const r of [...requests].sort((a, b) => a.start - b.start)) {
    if (r.start >= inFlightUntil) count++;
    inFlightUntil = Math.max(inFlightUntil, r.end);
  }
  return count;
}
