// A local ECS/ECR/CloudWatch Logs/SSM Parameter Store/EventBridge/EventBridge Scheduler endpoint that the
// real AWS SDK talks to over HTTP: start, seed, steer, inspect.
import { Endpoint } from './endpoint.js';
import { listen } from './server.js';
import type { EcsState } from './state.js';
import type { Faults, LocalEcsOptions, RequestLogEntry, RunTaskScenario, Scenario, Seed } from './types.js';

export type * from './types.js';
export type {
  ClusterRecord,
  ContainerRecord,
  DeploymentRecord,
  EcsState,
  EventRuleRecord,
  ImageRecord,
  LogEventRecord,
  LogGroupRecord,
  LogStreamRecord,
  ParameterRecord,
  ParameterTier,
  ParameterType,
  ParameterVersionRecord,
  RepositoryRecord,
  RunTaskTokenRecord,
  ScheduleRecord,
  ServiceDeploymentRecord,
  ServiceEventRecord,
  ServiceRecord,
  ServiceRevisionImageRecord,
  ServiceRevisionRecord,
  TaskDefinitionRecord,
  TaskRecord,
} from './state.js';
export { sampleSeed } from './sample-seed.js';

export interface LocalEcs {
  /** `http://127.0.0.1:<port>`, for the SDK's `endpoint` or AWS_ENDPOINT_URL_ECS / _ECR / _CLOUDWATCH_LOGS / _SSM / _EVENTBRIDGE / _SCHEDULER. */
  url: string;
  port: number;
  region: string;
  accountId: string;
  close(): Promise<void>;
  /** Every request, in order. */
  log: RequestLogEntry[];
  /** The live state, advanced to the current simulated time on each read. */
  readonly state: EcsState;
  seed(seed: Seed): void;
  setScenario(cluster: string, service: string, scenario: Scenario): void;
  /** How RunTask's tasks end from now on (the first that matches applies). */
  setRunTaskScenarios(list: RunTaskScenario[]): void;
  /** Appends one event per line to a log stream, now in simulated time (creates the group and the stream). */
  putLogLines(group: string, stream: string, lines: string[]): void;
  setFaults(faults: Faults): void;
  setAllow(actions: string[] | null): void;
  /** Skips `seconds` of simulated time (default 0) and runs every step now due. */
  advance(seconds?: number): void;
  /** Simulated time, ms since the epoch. */
  now(): number;
  /** Environment for a child process using the SDK: endpoint URLs, region, dummy credentials. */
  env(): Record<string, string>;
}

export async function startLocalEcs(options: LocalEcsOptions = {}): Promise<LocalEcs> {
  const endpoint = new Endpoint(options);
  const server = await listen(options.port ?? 0, (operation, params) => endpoint.handle(operation, params));
  const url = `http://127.0.0.1:${server.port}`;
  const { region, accountId } = endpoint.partition;
  return {
    url,
    port: server.port,
    region,
    accountId,
    close: () => server.close(),
    log: endpoint.log,
    get state() {
      return endpoint.currentState();
    },
    seed: (seed) => endpoint.seed(seed),
    setScenario: (cluster, service, scenario) => endpoint.setScenario(cluster, service, scenario),
    setRunTaskScenarios: (list) => endpoint.setRunTaskScenarios(list),
    putLogLines: (group, stream, lines) => endpoint.putLogLines(group, stream, lines),
    setFaults: (faults) => endpoint.setFaults(faults),
    setAllow: (actions) => endpoint.setAllow(actions),
    advance: (seconds) => endpoint.advance(seconds),
    now: () => endpoint.now(),
    env: () => ({
      AWS_ENDPOINT_URL: url,
      AWS_ENDPOINT_URL_ECS: url,
      AWS_ENDPOINT_URL_ECR: url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url,
      AWS_ENDPOINT_URL_SSM: url,
      AWS_ENDPOINT_URL_EVENTBRIDGE: url,
      AWS_ENDPOINT_URL_SCHEDULER: url,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: 'AKIALOCALECS00000000',
      AWS_SECRET_ACCESS_KEY: 'local-ecs-secret-access-key',
      AWS_EC2_METADATA_DISABLED: 'true',
    }),
  };
}
