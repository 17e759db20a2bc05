/** The AWS SDK clients the action uses, configured once (region, retries, user agent). */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient, type ECSClientConfig } from '@aws-sdk/client-ecs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ACTION_NAME, ACTION_VERSION } from '../version.js';
import { timeBudgetRetryStrategy } from './retry.js';

const USER_AGENT: [string, string] = [ACTION_NAME, ACTION_VERSION];
/** How long one read may keep retrying before its error reaches the step. */
const PER_CALL_BUDGET_MS = 30_000;

export interface ClientOptions {
  region: string | undefined;
  env: NodeJS.ProcessEnv;
  /** The step's deadline (ms since epoch): reads are retried until then at the latest. */
  deadline: number;
}

type Use = 'reads' | 'polls' | 'writes';

/**
 * Retries: AWS_MAX_ATTEMPTS / AWS_RETRY_MODE when set (the SDK reads them itself) for reads and polls.
 * Otherwise reads retry in time; a rollout poll gets one quick retry, as the watcher tries the next poll
 * itself at poll-seconds; writes get one attempt, as the steps that write retry them safely.
 */
function retries(options: ClientOptions, use: Use) {
  if (use === 'writes') return { maxAttempts: 1 };
  if (options.env.AWS_MAX_ATTEMPTS?.trim() || options.env.AWS_RETRY_MODE?.trim()) return {};
  if (use === 'polls') return { maxAttempts: 2 };
  return { retryStrategy: timeBudgetRetryStrategy({ deadline: options.deadline, perCallMs: PER_CALL_BUDGET_MS }) };
}

/**
 * The SDK's logger, which logs nothing, as the SDK's default does, but without `info` and `error`. The
 * SDK's logger middleware calls `logger?.info?.({ input: filter(input), output: filter(output) })` after
 * every request: with a logger that has an `info`, even a no-op one, it first builds a redacted copy of
 * the whole request and response (a whole task definition for a register or a deregister), only to drop
 * it. Without one, the call and its arguments are skipped; `error` likewise on every failed request.
 */
class NoOpLogger {
  // Named as the SDK's own: where the SDK tells its default logger apart (a bad AWS_SDK_UA_APP_ID is
  // then reported on the console), this one is taken for it, so nothing it said before goes unsaid.
  debug(): void {}
  trace(): void {}
  warn(): void {}
}
const SILENT_LOGGER = new NoOpLogger() as unknown as NonNullable<ECSClientConfig['logger']>;

/** What every client is made with: the region (when given), the retries of its use, the user agent, the silent logger. */
const configOf = (options: ClientOptions, use: Use = 'reads') => ({
  ...(options.region ? { region: options.region } : {}),
  ...retries(options, use),
  customUserAgent: [USER_AGENT],
  logger: SILENT_LOGGER,
});

function ecs(options: ClientOptions, use: Use): ECSClient {
  return new ECSClient(configOf(options, use));
}

/** The ECS clients for reads (retried in time), rollout polls (retried by the watcher) and writes (one attempt each). */
export function ecsClients(options: ClientOptions): { ecs: ECSClient; ecsPolls: ECSClient; ecsWrites: ECSClient } {
  return { ecs: ecs(options, 'reads'), ecsPolls: ecs(options, 'polls'), ecsWrites: ecs(options, 'writes') };
}

/** One client per region, made when first asked for. */
function perRegion<T>(make: (region: string) => T): (region: string) => T {
  const clients = new Map<string, T>();
  return (region) => {
    let client = clients.get(region);
    if (!client) {
      client = make(region);
      clients.set(region, client);
    }
    return client;
  };
}

/** ECR clients by region (ECR is only read). */
export function ecrClients(options: ClientOptions): (region: string) => ECRClient {
  return perRegion((region) => new ECRClient({ ...configOf(options), region }));
}

/**
 * A client of a package loaded only when its first request is sent: most runs never read logs, SSM or
 * schedules, and each SDK client package costs start-up time and memory. Only `send` and `destroy` are
 * used (the adapters in src/aws/ build the commands; the steps import those adapters when they need them).
 */
function onFirstSend<T extends object>(load: () => Promise<T>): T {
  let client: Promise<T> | undefined;
  const real = () => (client ??= load());
  const proxy = {
    send: async (...args: unknown[]) => ((await real()) as unknown as { send(...a: unknown[]): Promise<unknown> }).send(...args),
    destroy: () => void client?.then((c) => (c as unknown as { destroy(): void }).destroy()),
  };
  return proxy as unknown as T;
}

/** CloudWatch Logs clients by region (the awslogs-region of a container; only read). */
export function logsClients(options: ClientOptions): (region: string) => CloudWatchLogsClient {
  return perRegion((region) =>
    onFirstSend(async () => new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient({ ...configOf(options), region })),
  );
}

/** The SSM client (Parameter Store): reads retried in time, the one write made once per attempt by its step. */
export function ssmClient(options: ClientOptions): SSMClient {
  return onFirstSend(async () => new (await import('@aws-sdk/client-ssm')).SSMClient(configOf(options)));
}

/** One client, made when first asked for (most runs never schedule anything). */
function lazily<T>(make: () => T): () => T {
  let client: T | undefined;
  return () => (client ??= make());
}

/** The EventBridge client (schedules: rule:...): reads retried in time, the writes made once per attempt by their step. */
export function eventsClient(options: ClientOptions): () => EventBridgeClient {
  return lazily(() => onFirstSend(async () => new (await import('@aws-sdk/client-eventbridge')).EventBridgeClient(configOf(options))));
}

/** The EventBridge Scheduler client (schedules: schedule:...): reads retried in time, the writes made once per attempt by their step. */
export function schedulerClient(options: ClientOptions): () => SchedulerClient {
  return lazily(() => onFirstSend(async () => new (await import('@aws-sdk/client-scheduler')).SchedulerClient(configOf(options))));
}
