// What an operation handler receives besides its parameters.
import type { Partition } from './arns.js';
import type { Ids } from './ids.js';
import type { Simulation } from './simulation.js';
import type { EcsState, JsonObject } from './state.js';

export interface OpContext {
  state: EcsState;
  sim: Simulation;
  ids: Ids;
  partition: Partition;
  /** Simulated ms of this request. */
  now: number;
  /** The caller, as in `registeredBy` and AccessDenied messages. */
  principalArn: string;
}

export type Handler = (params: JsonObject, ctx: OpContext) => unknown;
