// One endpoint instance: state, simulated clock, simulation, faults, IAM, request log; and
// the answer to one parsed request.
import type { Partition } from './arns.js';
import { Scheduler, SimClock } from './clock.js';
import type { OpContext } from './context.js';
import { AwsError, accessDenied, serverErrorFor, throttlingFor, unknownOperation } from './errors.js';
import { FaultInjector } from './faults.js';
import { isAllowed, resourceFor } from './iam.js';
import { Ids } from './ids.js';
import { appendLines, ensureStream } from './logs.js';
import { handlers } from './operations.js';
import { validRunTaskScenarios } from './run-task-scenarios.js';
import { applySeed } from './seed.js';
import { Simulation } from './simulation.js';
import { EcsState } from './state.js';
import type { JsonObject } from './state.js';
import type { Faults, LocalEcsOptions, RequestLogEntry, RunTaskScenario, Scenario, Seed } from './types.js';

export type Answer = { kind: 'ok'; body: unknown } | { kind: 'error'; error: AwsError } | { kind: 'drop' } | { kind: 'html'; status: number };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Endpoint {
  readonly log: RequestLogEntry[] = [];
  readonly partition: Partition;
  readonly principalArn: string;
  private readonly state: EcsState;
  private readonly clock: SimClock;
  private readonly scheduler = new Scheduler();
  private readonly ids: Ids;
  private readonly sim: Simulation;
  private readonly faults: FaultInjector;
  private allow: string[] | null;

  constructor(options: LocalEcsOptions) {
    this.partition = { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '123456789012' };
    this.principalArn = `arn:aws:sts::${this.partition.accountId}:assumed-role/deploy/gha`;
    this.state = new EcsState(this.partition);
    this.clock = new SimClock(options.now ?? Date.now, options.timeScale ?? 1);
    this.scheduler.time = this.clock.now();
    this.ids = new Ids(options.idSeed ?? 1);
    this.sim = new Simulation(this.state, this.scheduler, this.ids);
    this.faults = new FaultInjector(options.faults);
    this.allow = options.allow ? [...options.allow] : null;
    if (options.seed) this.seed(options.seed);
    if (options.runTaskScenarios) this.setRunTaskScenarios(options.runTaskScenarios);
  }

  /** Simulated ms now. */
  now(): number {
    return this.clock.now();
  }

  /** Runs the simulation up to now and returns the live state. */
  currentState(): EcsState {
    this.sim.advanceTo(this.clock.now());
    return this.state;
  }

  /** Moves simulated time forward by `seconds` (0: only catch up) and runs what is due. */
  advance(seconds = 0): void {
    this.clock.skip(seconds * 1000);
    this.sim.advanceTo(this.clock.now());
  }

  seed(seed: Seed): void {
    const at = this.clock.now();
    this.sim.advanceTo(at);
    applySeed(this.state, this.sim, seed, at, this.principalArn);
  }

  setScenario(cluster: string, service: string, scenario: Scenario): void {
    const svc = this.state.service(cluster, service);
    if (!svc) throw new Error(`local-ecs: no service ${cluster}/${service}`);
    svc.scenario = structuredClone(scenario);
  }

  setRunTaskScenarios(list: RunTaskScenario[]): void {
    this.state.runTaskScenarios = validRunTaskScenarios(list);
  }

  /** Appends one event per line to a log stream at the current simulated time (creating group and stream). */
  putLogLines(group: string, stream: string, lines: string[]): void {
    const at = this.clock.now();
    this.sim.advanceTo(at);
    appendLines(ensureStream(this.state, group, stream, at), lines, at);
  }

  setFaults(faults: Faults): void {
    this.faults.set(faults);
  }

  setAllow(actions: string[] | null): void {
    this.allow = actions ? [...actions] : null;
  }

  async handle(operation: string, params: JsonObject): Promise<Answer> {
    const time = this.clock.real();
    const latency = this.faults.latencyMs(operation);
    if (latency > 0) await sleep(latency);
    const answer = this.answer(operation, params);
    const entry: RequestLogEntry = {
      operation,
      params,
      time,
      simTime: this.scheduler.time,
      status: answer.kind === 'ok' ? 200 : answer.kind === 'error' ? answer.error.status : answer.kind === 'html' ? answer.status : 0,
    };
    if (answer.kind === 'error') entry.error = answer.error.code;
    this.log.push(entry);
    return answer;
  }

  private answer(operation: string, params: JsonObject): Answer {
    const fault = this.faults.decide(operation);
    if (fault === 'drop') return { kind: 'drop' };
    if (fault === 'html') return { kind: 'html', status: 500 };
    if (fault === 'throttle') return { kind: 'error', error: throttlingFor(operation) };
    if (fault === 'server') return { kind: 'error', error: serverErrorFor(operation) };
    const handler = handlers[operation];
    if (!handler) return { kind: 'error', error: unknownOperation(operation) };
    if (!isAllowed(this.allow, operation)) {
      const resource = resourceFor(operation, params, this.partition);
      const denied = accessDenied(this.principalArn, operation, resource);
      // REST-JSON services answer AccessDeniedException with HTTP 403.
      return { kind: 'error', error: operation.startsWith('scheduler:') ? new AwsError(denied.code, denied.message, 403) : denied };
    }
    this.sim.advanceTo(this.clock.now());
    const ctx: OpContext = {
      state: this.state,
      sim: this.sim,
      ids: this.ids,
      partition: this.partition,
      now: this.scheduler.time,
      principalArn: this.principalArn,
    };
    try {
      const body = handler(params, ctx);
      // The operation took effect; its answer never reaches the client.
      if (fault === 'lost') return { kind: 'drop' };
      return { kind: 'ok', body };
    } catch (err) {
      if (err instanceof AwsError) return { kind: 'error', error: err };
      console.error(`local-ecs: ${operation} failed:`, err);
      return { kind: 'error', error: serverErrorFor(operation, `Internal error: ${String(err)}`) };
    }
  }
}
