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

/** A lifecycle hook run of a service deployment (`lifecycleHookDetails`). */
export interface HookDetailView {
  hookId?: string;
  targetType?: string;
  status?: string;
  expiresAt?: Date;
  timeoutAction?: string;
}

/** The parts of a ServiceDeployment (DescribeServiceDeployments) this module reads. */
export interface ServiceDeploymentView {
  serviceDeploymentArn?: string;
  status?: string;
  statusReason?: string;
  lifecycleStage?: string;
  lifecycleHookDetails?: HookDetailView[];
  deploymentConfiguration?: {
    strategy?: string;
    bakeTimeInMinutes?: number;
    linearConfiguration?: { stepPercent?: number; stepBakeTimeInMinutes?: number };
    canaryConfiguration?: { canaryPercent?: number; canaryBakeTimeInMinutes?: number };
  };
  targetServiceRevision?: {
    arn?: string;
    requestedTaskCount?: number;
    runningTaskCount?: number;
    pendingTaskCount?: number;
    requestedProductionTrafficWeight?: number;
    requestedTestTrafficWeight?: number;
  };
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

export type Phase = 'in-progress' | 'paused' | 'completed' | 'failed' | 'rolling-back' | 'rolled-back' | 'superseded';

/** A PAUSE hook awaiting action: where the deployment holds until ContinueServiceDeployment. */
export interface PausedHook {
  hookId: string;
  /** The lifecycle stage it holds at. */
  stage: string;
  expiresAt?: Date;
  /** What ECS does at expiry: CONTINUE or ROLLBACK. */
  timeoutAction?: string;
}

export interface RolloutState {
  phase: Phase;
  /** Why it ended (rollout reason, circuit breaker, alarm names, what replaced it). */
  reason?: string;
  running: number;
  pending: number;
  desired: number;
  failedTasks: number;
  lifecycleStage?: string;
  /** BLUE_GREEN, LINEAR or CANARY: the ECS-native strategy (undefined for a rolling update). */
  strategy?: string;
  /** Share of production and test traffic on the new revision (native strategies), percent. */
  productionTraffic?: number;
  testTraffic?: number;
  /** For `paused`: the hook it holds at. */
  hook?: PausedHook;
  /** For `rolled-back`: the rollback itself finished (true) or failed (false). */
  rollbackSucceeded?: boolean;
  /** For `superseded`: the task definition of the deployment that replaced this one. */
  replacedBy?: string;
}

/** Phases after which the step reports and stops (rolling-back is followed until the rollback ends; a pause is for on-pause to decide). */
export function isFinal(phase: Phase): boolean {
  return phase !== 'in-progress' && phase !== 'rolling-back' && phase !== 'paused';
}

/** The PAUSE hook the deployment awaits action at, if any (the newest such entry). */
export function awaitingPause(sd: ServiceDeploymentView): PausedHook | undefined {
  const hook = [...(sd.lifecycleHookDetails ?? [])].reverse().find((h) => h.targetType === 'PAUSE' && h.status === 'AWAITING_ACTION' && h.hookId);
  if (!hook) return undefined;
  return {
    hookId: hook.hookId as string,
    stage: sd.lifecycleStage ?? '?',
    ...(hook.expiresAt ? { expiresAt: hook.expiresAt } : {}),
    ...(hook.timeoutAction ? { timeoutAction: hook.timeoutAction } : {}),
  };
}

const NATIVE = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY']);

/** Strategy and traffic of a native (blue/green, linear, canary) deployment; nothing for a rolling one. */
function nativeOf(sd: ServiceDeploymentView): Pick<RolloutState, 'strategy' | 'productionTraffic' | 'testTraffic'> {
  const strategy = sd.deploymentConfiguration?.strategy;
  if (!strategy || !NATIVE.has(strategy)) return {};
  const target = sd.targetServiceRevision;
  return {
    strategy,
    ...(target?.requestedProductionTrafficWeight !== undefined ? { productionTraffic: target.requestedProductionTrafficWeight } : {}),
    ...(target?.requestedTestTrafficWeight !== undefined ? { testTraffic: target.requestedTestTrafficWeight } : {}),
  };
}

/** What ECS does when a PAUSE hook expires, in words. */
export function timeoutActionText(action: string | undefined): string {
  if (action === 'CONTINUE') return 'continues the deployment';
  if (action === 'ROLLBACK') return 'rolls the deployment back';
  return `takes its timeout action (${action ?? 'ROLLBACK by default'})`;
}

/** The log line for a pause: where it holds, when it expires and what then, and what this step does about it. */
export function pauseLine(hook: PausedHook, mode: 'exit' | 'continue' | 'wait'): string {
  const expiry = hook.expiresAt ? `; at ${hook.expiresAt.toISOString()} it expires and ECS ${timeoutActionText(hook.timeoutAction)}` : '';
  const then = {
    exit: 'on-pause is exit: the step ends paused, and a later step with resume: continue or resume: rollback decides.',
    continue: 'on-pause is continue: continuing it now.',
    wait: 'on-pause is wait: waiting until it is continued or rolled back elsewhere (console, CLI), or timeout-minutes.',
  }[mode];
  return `Paused at stage ${hook.stage} (PAUSE hook ${hook.hookId}): ECS holds the deployment until ContinueServiceDeployment${expiry}. ${then}`;
}

/** What each lifecycle stage means, for the log. */
const STAGE_MEANING: Readonly<Record<string, string>> = {
  RECONCILE_SERVICE: 'reconciling the service revisions',
  PRE_SCALE_UP: 'before the new revision starts',
  SCALE_UP: 'starting the tasks of the new revision',
  POST_SCALE_UP: 'the new revision runs, with no traffic yet',
  TEST_TRAFFIC_SHIFT: 'shifting test traffic to the new revision',
  POST_TEST_TRAFFIC_SHIFT: 'test traffic reaches the new revision; production traffic is on the old one',
  PRE_PRODUCTION_TRAFFIC_SHIFT: 'before production traffic shifts',
  PRODUCTION_TRAFFIC_SHIFT: 'shifting production traffic to the new revision',
  POST_PRODUCTION_TRAFFIC_SHIFT: 'production traffic reaches the new revision',
  BAKE_TIME: 'both revisions run while the new one bakes',
  CLEAN_UP: 'stopping the tasks of the old revision',
};

/** "Stage POST_TEST_TRAFFIC_SHIFT: test traffic reaches ..." (an unknown stage is named as ECS gives it). */
export function stageLine(stage: string): string {
  const meaning = STAGE_MEANING[stage];
  return `Stage ${stage}${meaning ? `: ${meaning}` : ''}.`;
}

/** How long a stage that waits lasts by configuration, in minutes: BAKE_TIME, and the wait between linear/canary shift steps. */
export function stageWaitMinutes(sd: ServiceDeploymentView, stage: string, productionTraffic: number | undefined): number | undefined {
  const config = sd.deploymentConfiguration;
  if (stage === 'BAKE_TIME') return config?.bakeTimeInMinutes;
  if (stage !== 'PRODUCTION_TRAFFIC_SHIFT' || productionTraffic === undefined || productionTraffic <= 0 || productionTraffic >= 100) return undefined;
  if (config?.strategy === 'LINEAR') return config.linearConfiguration?.stepBakeTimeInMinutes ?? 6;
  if (config?.strategy === 'CANARY') return config.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10;
  return undefined;
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
  const stage = { ...(sd.lifecycleStage ? { lifecycleStage: sd.lifecycleStage } : {}), ...nativeOf(sd) };
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
      {
        const hook = sd.status === 'IN_PROGRESS' ? awaitingPause(sd) : undefined;
        if (hook) return { phase: 'paused', ...base, ...stage, hook };
      }
      return { phase: 'in-progress', ...base, ...stage };
  }
}

/** One line for the log: counts and stage. */
export function progressLine(state: RolloutState): string {
  const stage = state.lifecycleStage ? `, stage ${state.lifecycleStage}` : '';
  const failed = state.failedTasks > 0 ? `, ${state.failedTasks} failed` : '';
  const traffic = state.productionTraffic !== undefined ? `, production traffic ${state.productionTraffic}%` : '';
  return `${state.phase}: ${state.running} running, ${state.pending} pending of ${state.desired} desired${failed}${stage}${traffic}`;
}
