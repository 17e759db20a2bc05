/**
 * Interpretation of a rollout from what ECS reports: the ServiceDeployments API when available,
 * DescribeServices `deployments[]` otherwise. Pure: the same observations give the same verdict.
 */

/** The parts of a DescribeServices deployment this module reads. */
export interface DeploymentView {
  id?: string;
  status?: string;
  taskDefinition?: string;
  desiredCount?: number;
  pendingCount?: number;
  runningCount?: number;
  failedTasks?: number;
  createdAt?: Date;
  rolloutState?: string;
  rolloutStateReason?: string;
}

/** The parts of a service this module reads. */
export interface ServiceView {
  desiredCount?: number;
  deployments?: DeploymentView[];
}

/** The parts of a ServiceDeployment (DescribeServiceDeployments) this module reads. */
export interface ServiceDeploymentView {
  serviceDeploymentArn?: string;
  status?: string;
  statusReason?: string;
  lifecycleStage?: string;
  targetServiceRevision?: { arn?: string; requestedTaskCount?: number; runningTaskCount?: number; pendingTaskCount?: number };
  rollback?: { reason?: string; startedAt?: Date; serviceRevisionArn?: string };
  deploymentCircuitBreaker?: { status?: string; failureCount?: number; threshold?: number };
  alarms?: { status?: string; alarmNames?: string[]; triggeredAlarmNames?: string[] };
}

/** Which deployment this step started. */
export interface Tracked {
  deploymentId?: string;
  taskDefinitionArn: string;
  /** The revision the service served before this step: what a rollback goes back to. */
  previousArn: string;
}

export type Phase = 'in-progress' | 'completed' | 'failed' | 'rolling-back' | 'rolled-back' | 'superseded';

export interface RolloutState {
  phase: Phase;
  /** Why it ended (rollout reason, circuit breaker, alarm names, what replaced it). */
  reason?: string;
  running: number;
  pending: number;
  desired: number;
  failedTasks: number;
  lifecycleStage?: string;
  /** For `rolled-back`: the rollback itself finished (true) or failed (false). */
  rollbackSucceeded?: boolean;
  /** For `superseded`: the task definition of the deployment that replaced this one. */
  replacedBy?: string;
}

/** Phases after which the step reports and stops (rolling-back is followed until the rollback ends). */
export function isFinal(phase: Phase): boolean {
  return phase !== 'in-progress' && phase !== 'rolling-back';
}

function findOurs(service: ServiceView, tracked: Tracked): DeploymentView | undefined {
  const deployments = service.deployments ?? [];
  if (tracked.deploymentId) return deployments.find((d) => d.id === tracked.deploymentId);
  return deployments.find((d) => d.status === 'PRIMARY' && d.taskDefinition === tracked.taskDefinitionArn);
}

function counts(d: DeploymentView | undefined, service: ServiceView) {
  return {
    running: d?.runningCount ?? 0,
    pending: d?.pendingCount ?? 0,
    desired: d?.desiredCount ?? service.desiredCount ?? 0,
    failedTasks: d?.failedTasks ?? 0,
  };
}

function triggeredBy(sd: ServiceDeploymentView): string | undefined {
  const alarms = sd.alarms?.triggeredAlarmNames ?? [];
  if (sd.alarms?.status === 'TRIGGERED' || alarms.length > 0) {
    return `CloudWatch alarm${alarms.length === 1 ? '' : 's'} ${alarms.length > 0 ? alarms.join(', ') : '(unnamed)'} went into ALARM`;
  }
  const cb = sd.deploymentCircuitBreaker;
  if (cb?.status === 'TRIGGERED') {
    return `the deployment circuit breaker tripped after ${cb.failureCount ?? '?'} failed tasks (threshold ${cb.threshold ?? '?'})`;
  }
  return undefined;
}

/** The state of the tracked rollout from DescribeServices alone. */
export function interpretFromService(service: ServiceView, tracked: Tracked): RolloutState {
  const ours = findOurs(service, tracked);
  const primary = (service.deployments ?? []).find((d) => d.status === 'PRIMARY');
  const base = counts(ours, service);
  const reason = ours?.rolloutStateReason;
  const withReason = (state: RolloutState): RolloutState => (reason && state.reason === undefined ? { ...state, reason } : state);

  if (ours && ours.status === 'PRIMARY') {
    if (ours.rolloutState === 'COMPLETED') return withReason({ phase: 'completed', ...base });
    if (ours.rolloutState === 'FAILED') return withReason({ phase: 'failed', ...base });
    return withReason({ phase: 'in-progress', ...base });
  }
  // Ours is no longer PRIMARY (or gone): ECS rolled it back, or another deployment replaced it.
  if (!primary) return withReason({ phase: 'in-progress', ...base });
  const primaryIsRollback =
    ours?.rolloutState === 'FAILED' ||
    /circuit breaker|rolling back|rollback/i.test(primary.rolloutStateReason ?? '') ||
    (ours === undefined && primary.taskDefinition === tracked.previousArn && primary.taskDefinition !== tracked.taskDefinitionArn);
  if (primaryIsRollback) {
    // The reason is why ours failed, or what the rollback says; never a plain "in progress." / "completed." status line.
    const failure = ours?.rolloutState === 'FAILED' ? ours.rolloutStateReason : undefined;
    const rollbackReason = /circuit breaker|alarm|roll(ing|ed)? ?back/i.test(primary.rolloutStateReason ?? '') ? primary.rolloutStateReason : undefined;
    const rollbackState: RolloutState = {
      phase: primary.rolloutState === 'COMPLETED' || primary.rolloutState === 'FAILED' ? 'rolled-back' : 'rolling-back',
      ...base,
      reason: failure ?? rollbackReason ?? `ECS rolled the service back to ${primary.taskDefinition ?? tracked.previousArn}`,
    };
    if (primary.rolloutState === 'COMPLETED') rollbackState.rollbackSucceeded = true;
    if (primary.rolloutState === 'FAILED') rollbackState.rollbackSucceeded = false;
    return rollbackState;
  }
  const superseded: RolloutState = {
    phase: 'superseded',
    ...base,
    reason: `deployment ${primary.id ?? '?'} of ${primary.taskDefinition ?? '?'} replaced it before it finished`,
  };
  if (primary.taskDefinition) superseded.replacedBy = primary.taskDefinition;
  return superseded;
}

/** The state of the tracked rollout from its ServiceDeployment, with DescribeServices for counts and replacements. */
export function interpretFromServiceDeployment(sd: ServiceDeploymentView, service: ServiceView, tracked: Tracked): RolloutState {
  const fromService = interpretFromService(service, tracked);
  const target = sd.targetServiceRevision;
  const base = {
    running: target?.runningTaskCount ?? fromService.running,
    pending: target?.pendingTaskCount ?? fromService.pending,
    desired: target?.requestedTaskCount ?? fromService.desired,
    failedTasks: Math.max(fromService.failedTasks, sd.deploymentCircuitBreaker?.failureCount ?? 0),
  };
  const stage = sd.lifecycleStage ? { lifecycleStage: sd.lifecycleStage } : {};
  const cause = triggeredBy(sd);
  const reason = [cause, sd.rollback?.reason, sd.statusReason].filter((r): r is string => !!r);
  const because = reason.length > 0 ? { reason: [...new Set(reason)].join('; ') } : {};
  switch (sd.status) {
    case 'SUCCESSFUL':
      return { phase: 'completed', ...base, ...stage };
    case 'ROLLBACK_REQUESTED':
    case 'ROLLBACK_IN_PROGRESS':
      return { phase: 'rolling-back', ...base, ...stage, ...because };
    case 'ROLLBACK_SUCCESSFUL':
      return { phase: 'rolled-back', rollbackSucceeded: true, ...base, ...stage, ...because };
    case 'ROLLBACK_FAILED':
      return { phase: 'rolled-back', rollbackSucceeded: false, ...base, ...stage, ...because };
    case 'STOPPED':
    case 'STOP_REQUESTED':
      if (cause) return { phase: 'failed', ...base, ...stage, ...because };
      if (fromService.phase === 'superseded') return { ...fromService, ...base, ...stage };
      return { phase: 'failed', ...base, ...stage, ...because };
    default:
      // DescribeServices already shows another revision's deployment as PRIMARY (a concurrent deploy that
      // started after this step's UpdateService, maybe before its first poll): this one was superseded,
      // whatever the service deployment says yet. A PRIMARY of the previous revision is a rollback, not that.
      if (fromService.phase === 'superseded' && fromService.replacedBy !== tracked.previousArn) return { ...fromService, ...stage };
      return { phase: 'in-progress', ...base, ...stage };
  }
}

/** One line for the log: counts and stage. */
export function progressLine(state: RolloutState): string {
  const stage = state.lifecycleStage ? `, stage ${state.lifecycleStage}` : '';
  const failed = state.failedTasks > 0 ? `, ${state.failedTasks} failed` : '';
  return `${state.phase}: ${state.running} running, ${state.pending} pending of ${state.desired} desired${failed}${stage}`;
}
