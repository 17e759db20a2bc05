// Public, JSON-able types of the local ECS/ECR/Logs/SSM/EventBridge/Scheduler endpoint: options, seed, scenarios,
// faults, log.

export interface Tag {
  key: string;
  value?: string;
}

/**
 * How the rollouts of one service end. `whenImageIncludes` limits the scenario to deployments
 * whose task definition has a container image containing that text; other deployments complete.
 * Rollback deployments started by ECS itself always complete.
 */
export type Scenario =
  | {
      kind: 'complete';
      afterSeconds?: number;
      whenImageIncludes?: string;
      /** Lines each new task's containers write to their awslogs stream once running (one event each). */
      logLines?: string[];
    }
  | {
      kind: 'crash';
      exitCode?: number;
      stoppedReason?: string;
      containerReason?: string;
      /** A service event with this message, recorded each time the tasks crash (tests: hostile text). */
      eventMessage?: string;
      /** Replaces the circuit breaker's failure and rollback reasons (tests: hostile text). */
      failureReason?: string;
      /** Simulated seconds between a task's launch and its crash (default 20). */
      everySeconds?: number;
      whenImageIncludes?: string;
      /** Lines each crashing task's containers write to their awslogs stream while running (one event each). */
      logLines?: string[];
    }
  | { kind: 'alarm'; alarmName: string; afterSeconds?: number; whenImageIncludes?: string }
  | { kind: 'stuck'; whenImageIncludes?: string };

/** How a task started with RunTask ends; the first scenario that matches applies; default { kind: 'exit', exitCode: 0, afterSeconds: 10 }. */
export interface RunTaskScenario {
  /** Applies when the command (the override, else the container's own command, joined with spaces) includes this text. */
  whenCommandIncludes?: string;
  /** Applies when an image of the task definition includes this text. */
  whenImageIncludes?: string;
  /** exit: runs, then every container exits with exitCode after afterSeconds (stopCode EssentialContainerExited, stoppedReason "Essential container in task exited").
   *  pull-failure: never runs; stops after ~5 s with stopCode TaskFailedToStart, stoppedReason "CannotPullContainerError: ..." naming the image, no exit codes.
   *  secret-failure: never runs; stops with stopCode TaskFailedToStart, stoppedReason "ResourceInitializationError: unable to pull secrets or registry auth: ..." (ECS's wording shape).
   *  stuck: runs until StopTask.
   *  no-capacity: RunTask answers no task and failures [{ arn: <task definition arn>, reason: 'RESOURCE:MEMORY' }]. */
  kind?: 'exit' | 'pull-failure' | 'secret-failure' | 'stuck' | 'no-capacity';
  exitCode?: number;
  afterSeconds?: number;
  /** Lines the task's containers write to their awslogs stream while running (in order, one event each). */
  logLines?: string[];
  /** Container reason (e.g. "OutOfMemoryError: Container killed due to memory usage") when it exits. */
  containerReason?: string;
}

export interface SeedTaskDefinition {
  /** RegisterTaskDefinition-shaped input, including `family`. */
  taskDefinition: Record<string, unknown>;
  tags?: Tag[];
}

export interface SeedService {
  cluster: string;
  serviceName: string;
  /** family:revision or a task definition ARN. */
  taskDefinition: string;
  desiredCount?: number;
  /** Default FARGATE, unless capacityProviderStrategy is given (a service has one or the other). */
  launchType?: string;
  /** e.g. [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]; its tasks get a capacityProviderName. */
  capacityProviderStrategy?: Array<{ capacityProvider: string; weight?: number; base?: number }>;
  platformVersion?: string;
  deploymentController?: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';
  status?: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  /**
   * Merged over `{ deploymentCircuitBreaker: { enable: false, rollback: false }, maximumPercent: 200,
   * minimumHealthyPercent: 100 }`. Besides `alarms` and the circuit breaker: `strategy` (ROLLING,
   * BLUE_GREEN, LINEAR, CANARY), `bakeTimeInMinutes`, `linearConfiguration`, `canaryConfiguration` and
   * `lifecycleHooks` ([{ targetType: 'PAUSE' | 'AWS_LAMBDA', hookTargetArn?, roleArn?, lifecycleStages,
   * timeoutConfiguration?: { timeoutInMinutes, action } }]), checked as UpdateService checks them.
   */
  deploymentConfiguration?: Record<string, unknown>;
  networkConfiguration?: Record<string, unknown>;
  /**
   * The service's load balancers as DescribeServices shows them (`[{ targetGroupArn?, loadBalancerName?, containerName,
   * containerPort }]`, kept as given; no traffic is simulated); every service revision records them. Default none.
   */
  loadBalancers?: Array<Record<string, unknown>>;
  /** SERVICE or TASK_DEFINITION: the service's tasks carry those tags (default NONE). */
  propagateTags?: 'SERVICE' | 'TASK_DEFINITION' | 'NONE';
  /** Adds aws:ecs:clusterName and aws:ecs:serviceName to the service's tasks (default false). */
  enableECSManagedTags?: boolean;
  placementConstraints?: Array<Record<string, unknown>>;
  placementStrategy?: Array<Record<string, unknown>>;
  tags?: Tag[];
  scenario?: Scenario;
  /**
   * Past deployments of the service, oldest first, before the one it runs now (each a finished ServiceDeployment
   * with its own service revision; see README "Seeded deployment history").
   */
  history?: SeedServiceDeployment[];
}

/** One past deployment of a seeded service (`SeedService.history`). */
export interface SeedServiceDeployment {
  /** family:revision or a task definition ARN (registered by the seed's `taskDefinitions`). */
  taskDefinition: string;
  /** How it ended. */
  status: 'SUCCESSFUL' | 'ROLLBACK_SUCCESSFUL' | 'STOPPED' | 'ROLLBACK_FAILED';
  /**
   * ISO 8601 or epoch ms: after the entry before it and before the seed's now. Left out: an hour apart up to the
   * next given one (or now), closer when the given one before leaves less room.
   */
  createdAt?: string | number;
}

export interface SeedRepository {
  repositoryName: string;
  registryId?: string;
  images: Array<{ tag?: string; digest: string; sizeInBytes?: number }>;
}

/**
 * An SSM parameter, written as PutParameter with Overwrite would write it: a new parameter gets version 1,
 * seeding an existing name adds a version (and keeps what the entry leaves out, as an overwrite does).
 * Names follow PutParameter's rules, except that the reserved `aws`/`ssm` prefixes are allowed (to seed
 * public parameters such as `/aws/service/...`).
 */
export interface SeedParameter {
  name: string;
  value: string;
  /** Default String for a new parameter. */
  type?: 'String' | 'StringList' | 'SecureString';
  /** Default Standard; stored as the tier it resolves to (Intelligent-Tiering: Advanced above 4096 characters). */
  tier?: 'Standard' | 'Advanced' | 'Intelligent-Tiering';
  /** SecureString only; default alias/aws/ssm. */
  keyId?: string;
  description?: string;
  /** Default text. */
  dataType?: 'text' | 'aws:ec2:image' | 'aws:ssm:integration';
  allowedPattern?: string;
  /** Labels of the new version (GetParameter `name:label`); a label moves off the version that had it. */
  labels?: string[];
  /** Tags of a new parameter. */
  tags?: Tag[];
}

/**
 * The EcsParameters of an EventBridge or Scheduler target (the API's JSON; kept exactly as sent). Tags are
 * `[{ Key, Value }]` for EventBridge and `[{ <key>: <value> }]` for Scheduler.
 */
export interface EcsTargetParameters {
  TaskDefinitionArn: string;
  TaskCount?: number;
  LaunchType?: string;
  NetworkConfiguration?: { awsvpcConfiguration?: { Subnets?: string[]; SecurityGroups?: string[]; AssignPublicIp?: string } };
  PlatformVersion?: string;
  Group?: string;
  CapacityProviderStrategy?: Array<{ capacityProvider?: string; weight?: number; base?: number }>;
  EnableECSManagedTags?: boolean;
  EnableExecuteCommand?: boolean;
  PlacementConstraints?: Array<{ type?: string; expression?: string }>;
  PlacementStrategy?: Array<{ type?: string; field?: string }>;
  PropagateTags?: string;
  ReferenceId?: string;
  Tags?: unknown[];
}

export interface TargetRetryPolicy {
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
}

/** An EventBridge rule target (PutTargets' Target JSON; members not listed here, e.g. SqsParameters, are kept too). */
export interface EventBridgeTarget {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  RetryPolicy?: TargetRetryPolicy;
  DeadLetterConfig?: { Arn?: string };
  EcsParameters?: EcsTargetParameters;
}

/** An EventBridge Scheduler target (members not listed here, e.g. SqsParameters, are kept too). */
export interface SchedulerTarget {
  Arn: string;
  RoleArn: string;
  Input?: string;
  RetryPolicy?: TargetRetryPolicy;
  DeadLetterConfig?: { Arn?: string };
  EcsParameters?: EcsTargetParameters;
}

export interface FlexibleTimeWindow {
  Mode: 'OFF' | 'FLEXIBLE';
  MaximumWindowInMinutes?: number;
}

/** A schedule in GetSchedule's shape (what `state.schedule()` returns): dates in epoch seconds, as on the wire. */
export interface ScheduleView {
  Arn: string;
  Name: string;
  GroupName: string;
  State: 'ENABLED' | 'DISABLED';
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  StartDate?: number;
  EndDate?: number;
  Description?: string;
  FlexibleTimeWindow: FlexibleTimeWindow;
  Target: SchedulerTarget;
  KmsKeyArn?: string;
  ActionAfterCompletion: 'NONE' | 'DELETE';
  CreationDate: number;
  LastModificationDate: number;
}

/**
 * An EventBridge rule with its targets. Targets are EventBridge's PascalCase Target JSON, as PutTargets takes it
 * (`{ Id, Arn, RoleArn?, EcsParameters?, Input?, InputPath?, InputTransformer?, RetryPolicy?, DeadLetterConfig?, ... }`),
 * checked as PutTargets checks them (at most 5; an ECS cluster target needs RoleArn and EcsParameters).
 */
export interface SeedEventRule {
  name: string;
  /** Default `default`; another name creates that bus. */
  eventBusName?: string;
  /** A rule has a schedule expression, an event pattern, or both. */
  scheduleExpression?: string;
  /** A JSON string or an object (stored as its JSON). */
  eventPattern?: string | Record<string, unknown>;
  /** Default ENABLED. */
  state?: 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  description?: string;
  roleArn?: string;
  targets?: EventBridgeTarget[];
}

/**
 * An EventBridge Scheduler schedule, checked as CreateSchedule would check it. `flexibleTimeWindow` and
 * `target` are the API's PascalCase JSON (`{ Mode: 'OFF' }`, `{ Arn, RoleArn, EcsParameters?, Input?, RetryPolicy?,
 * DeadLetterConfig? }`); the other fields follow the API's defaults (group `default`, state ENABLED, timezone UTC,
 * ActionAfterCompletion NONE, RetryPolicy 86400 s / 185 attempts).
 */
export interface SeedSchedule {
  name: string;
  /** Default `default`; another name creates that group. */
  groupName?: string;
  scheduleExpression: string;
  scheduleExpressionTimezone?: string;
  state?: 'ENABLED' | 'DISABLED';
  description?: string;
  /** ISO 8601 or epoch milliseconds. */
  startDate?: string | number;
  endDate?: string | number;
  flexibleTimeWindow: FlexibleTimeWindow;
  target: SchedulerTarget;
  kmsKeyArn?: string;
  actionAfterCompletion?: 'NONE' | 'DELETE';
}

export interface Seed {
  clusters?: string[];
  taskDefinitions?: SeedTaskDefinition[];
  services?: SeedService[];
  ecr?: SeedRepository[];
  /** How RunTask's tasks end (replaces the list in force). */
  runTaskScenarios?: RunTaskScenario[];
  /** SSM Parameter Store parameters, in order. */
  ssmParameters?: SeedParameter[];
  /** EventBridge rules with their targets (a rule seeded again is replaced). */
  eventRules?: SeedEventRule[];
  /** EventBridge Scheduler schedules (a schedule seeded again is replaced). */
  schedules?: SeedSchedule[];
}

export interface Faults {
  /** Share of requests answered with 400 ThrottlingException (0..1). */
  throttleRate?: number;
  /** Share of requests answered with 500 ServerException (0..1). */
  serverErrorRate?: number;
  /** Delay added before every answer, in real milliseconds. */
  latencyMs?: number;
  /** Share of requests whose socket is destroyed without an answer, before the operation runs (0..1). */
  dropRate?: number;
  /**
   * Share of requests that take effect and whose answer is then lost (the socket is destroyed): what a
   * client sees when the connection drops after AWS acted (0..1).
   */
  lostResponseRate?: number;
  /**
   * Operations answered every time with an HTML "500 Internal Server Error" page, as some AWS emulators and
   * proxies answer an operation they do not implement (not the AWS JSON error shape).
   */
  htmlErrorOperations?: string[];
  /** Seed of the fault PRNG (default 1): the same requests get the same faults. */
  seed?: number;
  /** Limit faults to these operations, e.g. `ecs:DescribeServices` or `ssm:PutParameter`; all when absent. */
  operations?: string[];
}

export interface RequestLogEntry {
  /** `ecs:<Op>`, `ecr:<Op>`, `logs:<Op>`, `ssm:<Op>`, `events:<Op>`, `scheduler:<Op>` (or `unknown:<target>`). */
  operation: string;
  params: unknown;
  /** Real wall-clock time of the request, ms since the epoch (from the `now` option). */
  time: number;
  /** Simulated time at which the request was handled, ms since the epoch. */
  simTime: number;
  /** HTTP status answered; 0 when the connection was dropped. */
  status: number;
  /** Error code when the answer was an error. */
  error?: string;
}

export interface LocalEcsOptions {
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Simulated ms per real ms (default 1). */
  timeScale?: number;
  seed?: Seed;
  faults?: Faults;
  /** IAM allow-list such as `ecs:DescribeServices`, `ecs:Describe*`, `ecr:*`; null allows all. */
  allow?: string[] | null;
  accountId?: string;
  region?: string;
  /** Real clock in ms (default Date.now); inject a manual clock to drive simulated time. */
  now?: () => number;
  /** Seed of the id generator (deployment, task and revision ids), default 1. */
  idSeed?: number;
  /** How RunTask's tasks end; replaces the seed's `runTaskScenarios`. */
  runTaskScenarios?: RunTaskScenario[];
}
