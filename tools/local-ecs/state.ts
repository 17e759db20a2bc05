// The endpoint's in-memory state: records of clusters, task definitions, services, deployments,
// tasks, service deployments, service revisions, ECR repositories, CloudWatch Logs groups, SSM parameters, EventBridge rules
// and their targets, EventBridge Scheduler schedules; and lookups by name or ARN.
// Times are simulated ms since the epoch; the API renders them as epoch seconds.
import * as arns from './arns.js';
import type { Partition } from './arns.js';
import type { EventBridgeTarget, FlexibleTimeWindow, RunTaskScenario, Scenario, ScheduleView, SchedulerTarget, Tag } from './types.js';

export type JsonObject = Record<string, unknown>;

export interface ClusterRecord {
  name: string;
  arn: string;
  tags: Tag[];
}

export interface TaskDefinitionRecord {
  arn: string;
  family: string;
  revision: number;
  /** ACTIVE, INACTIVE once deregistered, DELETE_IN_PROGRESS once DeleteTaskDefinitions took it (it stays described). */
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  /** The described form (what DescribeTaskDefinition returns), times in ms. */
  described: JsonObject;
  registeredAt: number;
  deregisteredAt?: number;
  /** When DeleteTaskDefinitions took it (simulated ms). */
  deleteRequestedAt?: number;
  tags: Tag[];
}

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface DeploymentRecord {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinition: string;
  desiredCount: number;
  failedTasks: number;
  createdAt: number;
  updatedAt: number;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  launchType?: string;
  capacityProviderStrategy?: JsonObject[];
  platformVersion?: string;
  networkConfiguration?: JsonObject;
  serviceRevisionArn: string;
  serviceDeploymentArn: string;
  /** Started by ECS to roll back a failed deployment. */
  isRollback: boolean;
}

export interface ServiceEventRecord {
  id: string;
  createdAt: number;
  message: string;
}

export interface ServiceRecord {
  arn: string;
  name: string;
  clusterName: string;
  clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  /** Absent when the service uses a capacity provider strategy. */
  launchType?: string;
  capacityProviderStrategy?: JsonObject[];
  platformVersion?: string;
  taskDefinition: string;
  deploymentController: string;
  deploymentConfiguration: JsonObject;
  networkConfiguration?: JsonObject;
  /** As seeded (not simulated: no traffic goes anywhere); DescribeServices and every new service revision show them. */
  loadBalancers: JsonObject[];
  propagateTags: 'SERVICE' | 'TASK_DEFINITION' | 'NONE';
  enableECSManagedTags: boolean;
  placementConstraints: JsonObject[];
  placementStrategy: JsonObject[];
  createdAt: number;
  createdBy: string;
  /** Newest first, at most 100. */
  events: ServiceEventRecord[];
  /** Newest first; INACTIVE ones are kept here but not described. */
  deployments: DeploymentRecord[];
  currentServiceDeploymentArn?: string;
  scenario: Scenario;
  tags: Tag[];
}

export interface ContainerRecord {
  arn: string;
  name: string;
  image: string;
  imageDigest?: string;
  runtimeId?: string;
  lastStatus: string;
  exitCode?: number;
  reason?: string;
  cpu: string;
  memory?: string;
  memoryReservation?: string;
}

export type TaskStatus = 'PROVISIONING' | 'PENDING' | 'ACTIVATING' | 'RUNNING' | 'DEPROVISIONING' | 'STOPPED';

export interface TaskRecord {
  arn: string;
  id: string;
  clusterName: string;
  clusterArn: string;
  /** The service that started the task; absent for RunTask's tasks. */
  serviceName?: string;
  /** The ECS deployment id (`ecs-svc/...`) of a service task; absent for RunTask's tasks. */
  deploymentId?: string;
  /** The deployment id for a service task; RunTask's `startedBy` (if any) for the others. */
  startedBy?: string;
  /** `service:<name>`, `family:<family>` or RunTask's `group`. */
  group: string;
  taskDefinitionArn: string;
  family: string;
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  launchType?: string;
  capacityProviderName?: string;
  platformVersion?: string;
  /** RunTask's `overrides` as given (containerOverrides etc.). */
  overrides?: JsonObject;
  enableExecuteCommand: boolean;
  tags: Tag[];
  cpu?: string;
  memory?: string;
  availabilityZone: string;
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  stoppingAt?: number;
  stoppedAt?: number;
  executionStoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  containers: ContainerRecord[];
  version: number;
}

export type ServiceDeploymentStatus =
  | 'PENDING'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'STOP_REQUESTED'
  | 'IN_PROGRESS'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED';

export type MonitorStatus = 'TRIGGERED' | 'MONITORING' | 'MONITORING_COMPLETE' | 'DISABLED';

/** A lifecycle hook run of a staged (BLUE_GREEN, LINEAR, CANARY) service deployment. */
export interface LifecycleHookDetailRecord {
  /** `ecs-pause-<41 characters>`, what ContinueServiceDeployment names. */
  hookId: string;
  targetType: 'PAUSE';
  status: 'AWAITING_ACTION' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  /** The lifecycle stage it holds the deployment at (not rendered). */
  stage: string;
  /** Simulated ms. */
  expiresAt: number;
  timeoutAction: 'ROLLBACK' | 'CONTINUE';
}

export interface ServiceDeploymentRecord {
  arn: string;
  serviceArn: string;
  clusterArn: string;
  clusterName: string;
  serviceName: string;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  stoppedAt?: number;
  updatedAt: number;
  sourceServiceRevisionArns: string[];
  targetServiceRevisionArn: string;
  status: ServiceDeploymentStatus;
  statusReason?: string;
  lifecycleStage: string;
  deploymentConfiguration: JsonObject;
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string };
  circuitBreaker: { status: MonitorStatus; failureCount: number; threshold: number };
  alarms: { status: MonitorStatus; alarmNames: string[]; triggeredAlarmNames: string[] };
  /** Staged deployments only: the PAUSE hooks run so far, in order (they stay once resolved). */
  lifecycleHookDetails?: LifecycleHookDetailRecord[];
  /** Staged deployments only: the traffic (percent) requested for the target revision. */
  trafficWeights?: { production: number; test: number };
}

/** A container image of a service revision: as the task definition names it, and the digest ECS resolved it to. */
export interface ServiceRevisionImageRecord {
  containerName: string;
  image: string;
  imageDigest?: string;
}

/**
 * A service revision: what ECS captured of the service when a deployment (or the service) started it, kept after
 * the deployment is gone (DescribeServiceRevisions). Rollbacks go back to an existing revision; they mint none.
 */
export interface ServiceRevisionRecord {
  serviceRevisionArn: string;
  serviceArn: string;
  clusterArn: string;
  /** The task definition ARN. */
  taskDefinition: string;
  /** Simulated ms. */
  createdAt: number;
  /** Absent when the service uses a capacity provider strategy. */
  launchType?: string;
  capacityProviderStrategy?: JsonObject[];
  /** The platform version the revision runs (`1.4.0` on Fargate), absent on EC2. */
  platformVersion?: string;
  networkConfiguration?: JsonObject;
  loadBalancers: JsonObject[];
  /** One per container of the task definition, in its order. */
  containerImages: ServiceRevisionImageRecord[];
}

export interface LogEventRecord {
  /** ms since the epoch (simulated). */
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface LogStreamRecord {
  name: string;
  arn: string;
  createdAt: number;
  /** In timestamp order. */
  events: LogEventRecord[];
}

export interface LogGroupRecord {
  name: string;
  arn: string;
  createdAt: number;
  streams: Map<string, LogStreamRecord>;
}

/** A RunTask clientToken: what the request was and what it answered. */
export interface RunTaskTokenRecord {
  /** Canonical JSON of the request without the token. */
  request: string;
  taskArns: string[];
  failures: JsonObject[];
  at: number;
}

export interface ImageRecord {
  digest: string;
  tags: string[];
  pushedAt: number;
  sizeInBytes: number;
}

export interface RepositoryRecord {
  registryId: string;
  name: string;
  images: ImageRecord[];
}

export type ParameterType = 'String' | 'StringList' | 'SecureString';

/** The tier a parameter is in; a request's `Intelligent-Tiering` resolves to one of these. */
export type ParameterTier = 'Standard' | 'Advanced';

/** One version of an SSM parameter, as PutParameter wrote it. */
export interface ParameterVersionRecord {
  version: number;
  type: ParameterType;
  /** The plain value (a SecureString's too; GetParameter without WithDecryption answers a ciphertext of it). */
  value: string;
  tier: ParameterTier;
  /** SecureString only: the KMS key (default `alias/aws/ssm`). */
  keyId?: string;
  dataType: 'text' | 'aws:ec2:image' | 'aws:ssm:integration';
  description?: string;
  allowedPattern?: string;
  /** Simulated ms. */
  lastModifiedDate: number;
  /** The principal ARN that wrote the version. */
  lastModifiedUser: string;
  /** Labels on this version (a label names one version of a parameter at a time). */
  labels: string[];
}

/** An SSM parameter: its current version's fields, the earlier versions and its tags. */
export interface ParameterRecord extends ParameterVersionRecord {
  name: string;
  arn: string;
  /** Earlier versions, oldest first (Parameter Store keeps 100 versions in all). */
  history: ParameterVersionRecord[];
  /** Set when the parameter was created (PutParameter takes no tags with Overwrite). */
  tags: Tag[];
}

/** An EventBridge rule on an event bus, with its targets (EventBridge's PascalCase Target JSON, as PutTargets sent them). */
export interface EventRuleRecord {
  name: string;
  /** `arn:aws:events:<region>:<account>:rule/<name>` on the default bus, `rule/<bus>/<name>` on another. */
  arn: string;
  eventBusName: string;
  state: 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  scheduleExpression?: string;
  /** The event pattern as a JSON string, as DescribeRule answers it. */
  eventPattern?: string;
  description?: string;
  roleArn?: string;
  /** The account that created the rule. */
  createdBy: string;
  /** In the order they were first put; a PutTargets with an existing Id replaces that entry in place. */
  targets: EventBridgeTarget[];
}

/** An EventBridge Scheduler schedule: what the last CreateSchedule/UpdateSchedule (or the seed) defined. */
export interface ScheduleRecord {
  name: string;
  groupName: string;
  /** `arn:aws:scheduler:<region>:<account>:schedule/<group>/<name>`. */
  arn: string;
  state: 'ENABLED' | 'DISABLED';
  scheduleExpression: string;
  /** Default UTC. */
  scheduleExpressionTimezone: string;
  description?: string;
  /** Simulated ms. */
  startDate?: number;
  endDate?: number;
  flexibleTimeWindow: FlexibleTimeWindow;
  /** Scheduler's PascalCase Target JSON as sent, with the system-default RetryPolicy when none was sent. */
  target: SchedulerTarget;
  kmsKeyArn?: string;
  /** Default NONE. */
  actionAfterCompletion: 'NONE' | 'DELETE';
  /** Simulated ms. */
  createdAt: number;
  updatedAt: number;
}

/** A schedule in the shape GetSchedule answers (timestamps as epoch seconds, as on the wire). */
export function renderSchedule(s: ScheduleRecord): ScheduleView {
  return {
    Arn: s.arn,
    Name: s.name,
    GroupName: s.groupName,
    State: s.state,
    ScheduleExpression: s.scheduleExpression,
    ScheduleExpressionTimezone: s.scheduleExpressionTimezone,
    ...(s.startDate !== undefined ? { StartDate: s.startDate / 1000 } : {}),
    ...(s.endDate !== undefined ? { EndDate: s.endDate / 1000 } : {}),
    ...(s.description !== undefined ? { Description: s.description } : {}),
    FlexibleTimeWindow: structuredClone(s.flexibleTimeWindow),
    Target: structuredClone(s.target),
    ...(s.kmsKeyArn !== undefined ? { KmsKeyArn: s.kmsKeyArn } : {}),
    ActionAfterCompletion: s.actionAfterCompletion,
    CreationDate: s.createdAt / 1000,
    LastModificationDate: s.updatedAt / 1000,
  };
}

const MAX_STOPPED_TASKS_PER_SERVICE = 200;

export class EcsState {
  readonly clusters = new Map<string, ClusterRecord>();
  /** By ARN. */
  readonly taskDefinitions = new Map<string, TaskDefinitionRecord>();
  /** Last revision number per family. */
  readonly familyRevisions = new Map<string, number>();
  /** By `cluster/service`. */
  readonly services = new Map<string, ServiceRecord>();
  /** By ARN. */
  readonly tasks = new Map<string, TaskRecord>();
  /** By ARN. */
  readonly serviceDeployments = new Map<string, ServiceDeploymentRecord>();
  /** By ARN. */
  readonly serviceRevisions = new Map<string, ServiceRevisionRecord>();
  /** By `registryId/name`. */
  readonly repositories = new Map<string, RepositoryRecord>();
  /** CloudWatch Logs log groups by name. */
  readonly logs = new Map<string, LogGroupRecord>();
  /** SSM parameters by name. */
  readonly parameters = new Map<string, ParameterRecord>();
  /** RunTask client tokens by `cluster/token`. */
  readonly runTaskTokens = new Map<string, RunTaskTokenRecord>();
  /** How RunTask's tasks end (the first that matches). */
  runTaskScenarios: RunTaskScenario[] = [];
  /** EventBridge event bus names (`default` always exists; seeding a rule on another bus creates it). */
  readonly eventBuses = new Set<string>(['default']);
  /** EventBridge rules by `bus/name`. */
  readonly eventRules = new Map<string, EventRuleRecord>();
  /** EventBridge Scheduler schedule groups (`default` always exists; seeding a schedule in another creates it). */
  readonly scheduleGroups = new Set<string>(['default']);
  /** EventBridge Scheduler schedules by `group/name`. */
  readonly schedules = new Map<string, ScheduleRecord>();

  constructor(readonly partition: Partition) {}

  addCluster(name: string): ClusterRecord {
    const existing = this.clusters.get(name);
    if (existing) return existing;
    const cluster = { name, arn: arns.clusterArn(this.partition, name), tags: [] };
    this.clusters.set(name, cluster);
    return cluster;
  }

  /** Every deployment of every service, newest first per service. */
  deployments(): DeploymentRecord[] {
    return [...this.services.values()].flatMap((s) => s.deployments);
  }

  service(cluster: string, name: string): ServiceRecord | undefined {
    return this.services.get(`${cluster}/${name}`);
  }

  /** Resolves `family` (latest ACTIVE), `family:revision` or an ARN. */
  findTaskDefinition(ref: string): TaskDefinitionRecord | undefined {
    const parsed = arns.parseTaskDefinitionRef(ref);
    if (!parsed) return undefined;
    if (parsed.revision !== undefined) {
      return this.taskDefinitions.get(arns.taskDefinitionArn(this.partition, parsed.family, parsed.revision));
    }
    let latest: TaskDefinitionRecord | undefined;
    for (const td of this.taskDefinitions.values()) {
      if (td.family === parsed.family && td.status === 'ACTIVE' && (!latest || td.revision > latest.revision)) {
        latest = td;
      }
    }
    return latest;
  }

  tasksOf(deploymentId: string): TaskRecord[] {
    return [...this.tasks.values()].filter((t) => t.deploymentId === deploymentId);
  }

  addTask(task: TaskRecord): void {
    this.tasks.set(task.arn, task);
  }

  /** Forgets the oldest stopped tasks of a service beyond a fixed number (crash loops run long). */
  pruneStoppedTasks(clusterName: string, serviceName: string): void {
    const stopped = [...this.tasks.values()].filter(
      (t) => t.clusterName === clusterName && t.serviceName === serviceName && t.lastStatus === 'STOPPED',
    );
    const excess = stopped.length - MAX_STOPPED_TASKS_PER_SERVICE;
    if (excess <= 0) return;
    stopped.sort((a, b) => (a.stoppedAt ?? 0) - (b.stoppedAt ?? 0));
    for (const t of stopped.slice(0, excess)) this.tasks.delete(t.arn);
  }

  repository(registryId: string, name: string): RepositoryRecord | undefined {
    return this.repositories.get(`${registryId}/${name}`);
  }

  /** The EventBridge rule `name` on event bus `bus` (default `default`), with its targets. */
  eventRule(bus: string | undefined, name: string): EventRuleRecord | undefined {
    return this.eventRules.get(`${bus ?? 'default'}/${name}`);
  }

  /** The schedule `name` in group `group` (default `default`) in GetSchedule's shape (a copy; epoch-second dates). */
  schedule(group: string | undefined, name: string): ScheduleView | undefined {
    const record = this.schedules.get(`${group ?? 'default'}/${name}`);
    return record ? renderSchedule(record) : undefined;
  }

  /** The events of a log stream (empty when the group or the stream does not exist). */
  logEvents(group: string, stream: string): LogEventRecord[] {
    return this.logs.get(group)?.streams.get(stream)?.events ?? [];
  }
}
