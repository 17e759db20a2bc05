// Records -> the response shapes of the ECS API (timestamps as epoch seconds).
import type {
  DeploymentRecord,
  EcsState,
  JsonObject,
  ServiceDeploymentRecord,
  ServiceRecord,
  ServiceRevisionRecord,
  TaskDefinitionRecord,
  TaskRecord,
} from './state.js';

/** Epoch seconds (fractional) from ms; undefined stays undefined. */
export const secs = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);

const isPending = (t: TaskRecord): boolean =>
  t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING' || t.lastStatus === 'ACTIVATING';

function counts(state: EcsState, deploymentIds: string[]): { running: number; pending: number } {
  let running = 0;
  let pending = 0;
  for (const id of deploymentIds) {
    for (const t of state.tasksOf(id)) {
      if (t.desiredStatus !== 'RUNNING') continue;
      if (t.lastStatus === 'RUNNING') running++;
      else if (isPending(t)) pending++;
    }
  }
  return { running, pending };
}

export function renderTaskDefinition(td: TaskDefinitionRecord): JsonObject {
  const out: JsonObject = { ...structuredClone(td.described), status: td.status, registeredAt: secs(td.registeredAt) };
  if (td.deregisteredAt !== undefined) out.deregisteredAt = secs(td.deregisteredAt);
  if (td.deleteRequestedAt !== undefined) out.deleteRequestedAt = secs(td.deleteRequestedAt);
  return out;
}

export function renderDeployment(state: EcsState, dep: DeploymentRecord): JsonObject {
  const c = counts(state, [dep.id]);
  return {
    id: dep.id,
    status: dep.status,
    taskDefinition: dep.taskDefinition,
    desiredCount: dep.desiredCount,
    pendingCount: c.pending,
    runningCount: c.running,
    failedTasks: dep.failedTasks,
    createdAt: secs(dep.createdAt),
    updatedAt: secs(dep.updatedAt),
    launchType: dep.launchType,
    capacityProviderStrategy: dep.capacityProviderStrategy && structuredClone(dep.capacityProviderStrategy),
    platformVersion: dep.platformVersion,
    platformFamily: dep.platformVersion !== undefined ? 'Linux' : undefined,
    networkConfiguration: dep.networkConfiguration && structuredClone(dep.networkConfiguration),
    rolloutState: dep.rolloutState,
    rolloutStateReason: dep.rolloutStateReason,
  };
}

/** Requested, running and pending tasks of a service revision across its live deployments. */
function revisionSummary(state: EcsState, svc: ServiceRecord | undefined, arn: string): JsonObject {
  const deps = (svc?.deployments ?? []).filter((d) => d.serviceRevisionArn === arn && d.status !== 'INACTIVE');
  const c = counts(state, deps.map((d) => d.id));
  return {
    arn,
    requestedTaskCount: deps.reduce((n, d) => n + d.desiredCount, 0),
    runningTaskCount: c.running,
    pendingTaskCount: c.pending,
  };
}

export function renderService(state: EcsState, svc: ServiceRecord, includeTags: boolean): JsonObject {
  const live = svc.deployments.filter((d) => d.status !== 'INACTIVE');
  const c = counts(state, live.map((d) => d.id));
  const revisions = [...new Set(live.map((d) => d.serviceRevisionArn))];
  const out: JsonObject = {
    serviceArn: svc.arn,
    serviceName: svc.name,
    clusterArn: svc.clusterArn,
    loadBalancers: structuredClone(svc.loadBalancers),
    serviceRegistries: [],
    status: svc.status,
    desiredCount: svc.desiredCount,
    runningCount: c.running,
    pendingCount: c.pending,
    launchType: svc.launchType,
    capacityProviderStrategy: svc.capacityProviderStrategy && structuredClone(svc.capacityProviderStrategy),
    platformVersion: svc.platformVersion,
    platformFamily: svc.platformVersion !== undefined ? 'Linux' : undefined,
    taskDefinition: svc.taskDefinition,
    deploymentConfiguration: structuredClone(svc.deploymentConfiguration),
    deployments: live.map((d) => renderDeployment(state, d)),
    roleArn: `arn:aws:iam::${state.partition.accountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    events: svc.events.map((e) => ({ id: e.id, createdAt: secs(e.createdAt), message: e.message })),
    createdAt: secs(svc.createdAt),
    currentServiceDeployment: svc.currentServiceDeploymentArn,
    currentServiceRevisions: revisions.map((arn) => revisionSummary(state, svc, arn)),
    placementConstraints: structuredClone(svc.placementConstraints),
    placementStrategy: structuredClone(svc.placementStrategy),
    networkConfiguration: svc.networkConfiguration && structuredClone(svc.networkConfiguration),
    healthCheckGracePeriodSeconds: 0,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: svc.deploymentController },
    createdBy: svc.createdBy,
    enableECSManagedTags: svc.enableECSManagedTags,
    propagateTags: svc.propagateTags,
    enableExecuteCommand: false,
    availabilityZoneRebalancing: 'ENABLED',
  };
  if (includeTags) out.tags = svc.tags.map((t) => ({ ...t }));
  return out;
}

/** The task's overrides as DescribeTasks shows them: one entry per container, the request's fields kept. */
function renderOverrides(task: TaskRecord): JsonObject {
  const given = task.overrides ?? {};
  const list = Array.isArray(given.containerOverrides) ? (given.containerOverrides as JsonObject[]) : [];
  const containerOverrides = task.containers.map((c) => {
    const o = list.find((x) => typeof x === 'object' && x !== null && x.name === c.name);
    return o ? structuredClone(o) : { name: c.name };
  });
  return { ...structuredClone(given), containerOverrides, inferenceAcceleratorOverrides: [] };
}

export function renderTask(task: TaskRecord, includeTags: boolean): JsonObject {
  const running = task.lastStatus === 'RUNNING';
  const out: JsonObject = {
    attachments: [],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    availabilityZone: task.availabilityZone,
    capacityProviderName: task.capacityProviderName,
    clusterArn: task.clusterArn,
    connectivity: running ? 'CONNECTED' : undefined,
    connectivityAt: running ? secs(task.startedAt) : undefined,
    containers: task.containers.map((c) => ({
      containerArn: c.arn,
      taskArn: task.arn,
      name: c.name,
      image: c.image,
      imageDigest: c.imageDigest,
      runtimeId: c.runtimeId,
      lastStatus: c.lastStatus,
      exitCode: c.exitCode,
      reason: c.reason,
      networkBindings: [],
      networkInterfaces: [],
      healthStatus: 'UNKNOWN',
      cpu: c.cpu,
      memory: c.memory,
      memoryReservation: c.memoryReservation,
    })),
    cpu: task.cpu,
    createdAt: secs(task.createdAt),
    desiredStatus: task.desiredStatus,
    enableExecuteCommand: task.enableExecuteCommand,
    executionStoppedAt: secs(task.executionStoppedAt),
    group: task.group,
    healthStatus: 'UNKNOWN',
    lastStatus: task.lastStatus,
    launchType: task.launchType,
    memory: task.memory,
    overrides: renderOverrides(task),
    platformVersion: task.platformVersion,
    platformFamily: task.launchType === 'FARGATE' ? 'Linux' : undefined,
    pullStartedAt: secs(task.pullStartedAt),
    pullStoppedAt: secs(task.pullStoppedAt),
    startedAt: secs(task.startedAt),
    startedBy: task.startedBy,
    stopCode: task.stopCode,
    stoppedAt: secs(task.stoppedAt),
    stoppedReason: task.stoppedReason,
    stoppingAt: secs(task.stoppingAt),
    taskArn: task.arn,
    taskDefinitionArn: task.taskDefinitionArn,
    version: task.version,
  };
  if (includeTags) out.tags = task.tags.map((t) => ({ ...t }));
  return out;
}

/**
 * The source and target revisions of a ServiceDeployment; a staged one's carry the traffic requested for
 * them (the target's weights, the rest on the first source).
 */
function deploymentRevisions(state: EcsState, svc: ServiceRecord | undefined, sd: ServiceDeploymentRecord): { sources: JsonObject[]; target: JsonObject } {
  const sources = sd.sourceServiceRevisionArns.map((arn) => revisionSummary(state, svc, arn));
  const target = revisionSummary(state, svc, sd.targetServiceRevisionArn);
  const w = sd.trafficWeights;
  if (!w) return { sources, target };
  target.requestedProductionTrafficWeight = w.production;
  target.requestedTestTrafficWeight = w.test;
  sources.forEach((source, i) => {
    source.requestedProductionTrafficWeight = i === 0 ? 100 - w.production : 0;
    source.requestedTestTrafficWeight = i === 0 ? 100 - w.test : 0;
  });
  return { sources, target };
}

export function renderServiceDeployment(state: EcsState, sd: ServiceDeploymentRecord): JsonObject {
  const svc = state.service(sd.clusterName, sd.serviceName);
  const revisions = deploymentRevisions(state, svc, sd);
  return {
    serviceDeploymentArn: sd.arn,
    serviceArn: sd.serviceArn,
    clusterArn: sd.clusterArn,
    createdAt: secs(sd.createdAt),
    startedAt: secs(sd.startedAt),
    finishedAt: secs(sd.finishedAt),
    stoppedAt: secs(sd.stoppedAt),
    updatedAt: secs(sd.updatedAt),
    sourceServiceRevisions: revisions.sources,
    targetServiceRevision: revisions.target,
    status: sd.status,
    statusReason: sd.statusReason,
    lifecycleStage: sd.lifecycleStage,
    lifecycleHookDetails: sd.lifecycleHookDetails?.map((h) => ({
      hookId: h.hookId,
      targetType: h.targetType,
      status: h.status,
      expiresAt: secs(h.expiresAt),
      timeoutAction: h.timeoutAction,
    })),
    deploymentConfiguration: structuredClone(sd.deploymentConfiguration),
    rollback: sd.rollback && {
      reason: sd.rollback.reason,
      startedAt: secs(sd.rollback.startedAt),
      serviceRevisionArn: sd.rollback.serviceRevisionArn,
    },
    deploymentCircuitBreaker: { ...sd.circuitBreaker },
    alarms:
      sd.alarms.status === 'DISABLED'
        ? { status: 'DISABLED' }
        : {
            status: sd.alarms.status,
            alarmNames: [...sd.alarms.alarmNames],
            triggeredAlarmNames: sd.alarms.triggeredAlarmNames.length > 0 ? [...sd.alarms.triggeredAlarmNames] : undefined,
          },
  };
}

export function renderServiceDeploymentBrief(sd: ServiceDeploymentRecord): JsonObject {
  return {
    serviceDeploymentArn: sd.arn,
    serviceArn: sd.serviceArn,
    clusterArn: sd.clusterArn,
    startedAt: secs(sd.startedAt),
    createdAt: secs(sd.createdAt),
    finishedAt: secs(sd.finishedAt),
    targetServiceRevisionArn: sd.targetServiceRevisionArn,
    status: sd.status,
    statusReason: sd.statusReason,
  };
}

/** A service revision as DescribeServiceRevisions answers it. */
export function renderServiceRevision(rev: ServiceRevisionRecord): JsonObject {
  return {
    serviceRevisionArn: rev.serviceRevisionArn,
    serviceArn: rev.serviceArn,
    clusterArn: rev.clusterArn,
    taskDefinition: rev.taskDefinition,
    capacityProviderStrategy: rev.capacityProviderStrategy && structuredClone(rev.capacityProviderStrategy),
    launchType: rev.launchType,
    platformVersion: rev.platformVersion,
    platformFamily: rev.platformVersion !== undefined ? 'DockerLinux' : undefined,
    loadBalancers: structuredClone(rev.loadBalancers),
    serviceRegistries: [],
    networkConfiguration: rev.networkConfiguration && structuredClone(rev.networkConfiguration),
    containerImages: rev.containerImages.map((i) => ({ ...i })),
    guardDutyEnabled: false,
    createdAt: secs(rev.createdAt),
  };
}
