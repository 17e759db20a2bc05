/** What flows and steps are given to act on the world: AWS clients, time, the log, the run, cancellation. */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Clock } from './clock.js';
import type { RunFacts } from './core/outcome.js';
import type { RunContext } from './core/run-context.js';
import type { Log } from './log.js';

export interface Ports {
  /** ECS for reads: retried in time. */
  ecs: ECSClient;
  /** ECS for the rollout's polls: the watcher tries the next poll itself. */
  ecsPolls: ECSClient;
  /** ECS for writes: one attempt each; the steps that write retry them safely. */
  ecsWrites: ECSClient;
  /** The ECR client of a region (images may live in another region than the service). */
  ecrFor(region: string): ECRClient;
  /** The CloudWatch Logs client of a region (container logs on failure). */
  logsFor(region: string): CloudWatchLogsClient;
  /** SSM Parameter Store (image: ssm:..., image-parameter). */
  ssm: SSMClient;
  /** EventBridge (schedules: rule:...), made when first asked for. */
  events(): EventBridgeClient;
  /** EventBridge Scheduler (schedules: schedule:...), made when first asked for. */
  scheduler(): SchedulerClient;
  clock: Clock;
  log: Log;
  /** The GitHub run this step belongs to. */
  run: RunContext;
  /** The step's deadline (ms since epoch, from timeout-minutes): no retry starts after it. */
  deadline: number;
  /** AWS_MAX_ATTEMPTS, when set: retries of writes stop there too. */
  maxAttempts?: number;
  /** Aborts when the runner cancels the step (SIGINT or SIGTERM). */
  signal: AbortSignal;
  /** Told once the service points at the revision this step deploys (records the GitHub deployment as in progress). */
  onServiceChanged?(facts: RunFacts): Promise<void>;
  /** Revisions this run has marked completed already: a release whose services share a revision tags it once. */
  marked?: Set<string>;
}
