// Rollouts the way ECS runs a rolling update: a new PRIMARY deployment, tasks that start (or
// crash), service events in ECS's wording, the circuit breaker and alarms with rollback, and the
// ServiceDeployment that mirrors it all; the lifecycle stages, traffic shifts and PAUSE hooks of
// BLUE_GREEN, LINEAR and CANARY deployments; stops and rollbacks a user asks for; and the one-off
// tasks of RunTask. Every step is a timed action on the scheduler, so state advances lazily and
// deterministically from simulated time.
import * as arns from './arns.js';
import type { Scheduler } from './clock.js';
import { pauseHooksAt, stageSteps, strategyOf } from './deployment-strategy.js';
import type { StageStep } from './deployment-strategy.js';
import type { Ids } from './ids.js';
import { openTaskStreams } from './logs.js';
import { cannotPullReason, failingContainer, resourceInitializationReason } from './run-task-scenarios.js';
import { FARGATE_PLATFORM_VERSION, containerImagesOf, mintServiceRevision, revisionSettingsOf } from './service-revisions.js';
import type { RevisionSettings } from './service-revisions.js';
import type {
  DeploymentRecord,
  EcsState,
  JsonObject,
  LifecycleHookDetailRecord,
  ServiceDeploymentRecord,
  ServiceRecord,
  ServiceRevisionImageRecord,
  TaskDefinitionRecord,
  TaskRecord,
} from './state.js';
import {
  capacityProviderOf,
  createTask,
  launchTypeOfProvider,
  runsOnFargate,
  stopTask,
  taskList,
  toPending,
  toRunning,
} from './task-lifecycle.js';
import type { TaskSpec } from './task-lifecycle.js';
import type { RunTaskScenario, Scenario, Tag } from './types.js';

const SECOND = 1000;
const DEFAULT_COMPLETE_AFTER_S = 30;
const DEFAULT_CRASH_EVERY_S = 20;
const DEFAULT_ALARM_AFTER_S = 20;
/** Longest time from launch to RUNNING. */
const MAX_START_MS = 15 * SECOND;
/** When a stuck deployment's tasks reach PENDING (and stay). */
const STUCK_PENDING_MS = 5 * SECOND;
/** Time between a deployment's tasks RUNNING and its completion when alarms are not configured. */
const ALARM_BAKE_MS = 10 * SECOND;
const MAX_EVENTS = 100;
/** SCALE_UP of a staged deployment with no desired tasks. */
const STAGE_SCALE_UP_EMPTY_MS = 5 * SECOND;
/** A RunTask task: PENDING after 1 s, RUNNING after 3 s; one that never runs stops after 5 s. */
const ONE_OFF_PENDING_MS = 1 * SECOND;
const ONE_OFF_RUNNING_MS = 3 * SECOND;
const ONE_OFF_FAIL_MS = 5 * SECOND;
const DEFAULT_ONE_OFF_EXIT_AFTER_S = 10;
/** A rollback a user asks for (StopServiceDeployment, a hook's ROLLBACK): ROLLBACK_REQUESTED this long, then ROLLBACK_IN_PROGRESS. */
const ROLLBACK_REQUESTED_MS = 1 * SECOND;
const MINUTE = 60 * SECOND;

const CIRCUIT_BREAKER_REASON = 'ECS deployment circuit breaker: tasks failed to start.';
// Bound once for the seeded history's loop: in a vm context (Jest's) every lookup of a global is slow.
const { floor, max, min } = Math;
/** Longest a seeded past deployment takes, from createdAt to finishedAt (less when the next one starts sooner). */
const HISTORY_DEPLOYMENT_MS = 5 * 60 * SECOND;

/** How a seeded past deployment ended. */
export type FinishedStatus = 'SUCCESSFUL' | 'ROLLBACK_SUCCESSFUL' | 'STOPPED' | 'ROLLBACK_FAILED';

/** A past deployment of a seeded service (the seed's `history`, resolved): its task definition, end, creation time. */
export interface HistoryEntry {
  td: TaskDefinitionRecord;
  status: FinishedStatus;
  /** Simulated ms; increasing along the history, every one before the seed's now. */
  createdAt: number;
}

type Failure = { kind: 'circuitBreaker'; reason?: string } | { kind: 'alarm'; alarmName: string };

/** Why a user-initiated rollback happens: the ServiceDeployment's and the deployment's wording. */
interface RollbackCause {
  statusReason: string;
  rollbackReason: string;
  rolloutStateReason: string;
}

/** A BLUE_GREEN, LINEAR or CANARY deployment walking its lifecycle stages. */
interface Walk {
  svc: ServiceRecord;
  dep: DeploymentRecord;
  td: TaskDefinitionRecord;
  sd: ServiceDeploymentRecord;
  steps: StageStep[];
  /** The step the deployment is in. */
  index: number;
  /** Bumped on every move: a timed action scheduled under an older token does nothing. */
  token: number;
}

const IN_PROGRESS_SD = new Set(['PENDING', 'IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS']);

const asObject = (v: unknown): JsonObject | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;

function circuitBreakerOf(config: JsonObject): { enable: boolean; rollback: boolean } {
  const cb = asObject(config.deploymentCircuitBreaker);
  return { enable: cb?.enable === true, rollback: cb?.rollback === true };
}

function alarmsOf(config: JsonObject): { enable: boolean; rollback: boolean; alarmNames: string[] } {
  const a = asObject(config.alarms);
  const names = Array.isArray(a?.alarmNames) ? a.alarmNames.filter((n): n is string => typeof n === 'string') : [];
  return { enable: a?.enable === true, rollback: a?.rollback === true, alarmNames: names };
}

/** ECS: 0.5 x desired count, at least 3 and at most 200 (or a configured threshold). */
export function circuitBreakerThreshold(config: JsonObject, desiredCount: number): number {
  const tc = asObject(asObject(config.deploymentCircuitBreaker)?.thresholdConfiguration);
  const value = typeof tc?.value === 'number' ? tc.value : 50;
  if (tc?.type === 'COUNT') return value;
  const raw = Math.ceil((value / 100) * desiredCount);
  return tc?.type === 'UNBOUNDED_PERCENT' ? Math.max(1, raw) : Math.min(200, Math.max(3, raw));
}

function containerImages(td: TaskDefinitionRecord): string[] {
  const defs = td.described.containerDefinitions;
  return Array.isArray(defs) ? defs.map((c) => String(asObject(c)?.image ?? '')) : [];
}

/** The tags a service's task carries: propagated from the service or the task definition, and ECS's own. */
function serviceTaskTags(svc: ServiceRecord, td: TaskDefinitionRecord): Tag[] {
  const tags: Tag[] =
    svc.propagateTags === 'SERVICE' ? svc.tags : svc.propagateTags === 'TASK_DEFINITION' ? td.tags : [];
  const out = tags.map((t) => ({ ...t }));
  if (svc.enableECSManagedTags) {
    out.push({ key: 'aws:ecs:clusterName', value: svc.clusterName }, { key: 'aws:ecs:serviceName', value: svc.name });
  }
  return out;
}

export class Simulation {
  /** Staged deployments in progress, by ServiceDeployment ARN. */
  private readonly walks = new Map<string, Walk>();

  constructor(
    private readonly state: EcsState,
    private readonly scheduler: Scheduler,
    private readonly ids: Ids,
  ) {}

  private get partition(): arns.Partition {
    return this.state.partition;
  }

  /** Runs every simulated step due up to `time`. */
  advanceTo(time: number): void {
    this.scheduler.runUntil(time);
  }

  // ---- entry points ------------------------------------------------------------------------

  /**
   * A seeded service: one COMPLETED deployment whose tasks already run. `sourceRevisionArns`: the revisions the
   * service ran before it (the end of a seeded deployment history), the ServiceDeployment's sources.
   */
  seedService(svc: ServiceRecord, td: TaskDefinitionRecord, at: number, sourceRevisionArns: readonly string[] = []): void {
    if (svc.status !== 'ACTIVE') return;
    const revisionArn = this.newRevision(svc, td, at);
    const sd = this.newServiceDeployment(svc, revisionArn, at);
    sd.sourceServiceRevisionArns = [...sourceRevisionArns];
    sd.status = 'SUCCESSFUL';
    sd.finishedAt = at;
    sd.lifecycleStage = 'CLEAN_UP';
    if (sd.circuitBreaker.status === 'MONITORING') sd.circuitBreaker.status = 'MONITORING_COMPLETE';
    if (sd.alarms.status === 'MONITORING') sd.alarms.status = 'MONITORING_COMPLETE';
    const dep = this.newDeployment(svc, td, revisionArn, sd.arn, at, false);
    dep.rolloutState = 'COMPLETED';
    dep.rolloutStateReason = `ECS deployment ${dep.id} completed.`;
    svc.deployments.unshift(dep);
    svc.currentServiceDeploymentArn = sd.arn;
    for (const task of this.createTasks(svc, dep, td, dep.desiredCount, at)) {
      if (toRunning(task, at)) openTaskStreams(this.state, task, undefined, at);
    }
    this.event(svc, at, `(service ${svc.name}) has reached a steady state.`);
  }

  /**
   * A seeded service's past, oldest first: per entry a new service revision of its task definition and a finished
   * ServiceDeployment from the revisions the service ran before it, created at the entry's time, started a little
   * later and finished (at most 5 minutes on) before the next entry or `now`. SUCCESSFUL leaves the service on
   * the new revision; ROLLBACK_SUCCESSFUL rolls back to the last completed one; STOPPED and ROLLBACK_FAILED leave
   * both running. A failed one was stopped by the circuit breaker when the service has it on, else by a user.
   * No deployments or tasks remain of them. Returns the revisions the service runs at the end.
   */
  seedHistory(svc: ServiceRecord, entries: readonly HistoryEntry[], now: number): string[] {
    let serving: string[] = [];
    let completed: string | undefined;
    // What every past deployment shares, made once (records are not changed once made; renderers copy them).
    const settings = revisionSettingsOf(svc);
    const config = structuredClone(svc.deploymentConfiguration);
    const breakerOn = circuitBreakerOf(config).enable;
    const alarms = alarmsOf(config);
    const threshold = circuitBreakerThreshold(config, svc.desiredCount);
    const images = new Map<string, ServiceRevisionImageRecord[]>();
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as HistoryEntry;
      const { createdAt, status } = entry;
      const span = max(0, min(HISTORY_DEPLOYMENT_MS, floor(((entries[i + 1]?.createdAt ?? now) - createdAt) / 2)));
      const startedAt = createdAt + min(SECOND, floor(span / 10));
      const finishedAt = createdAt + span;
      let tdImages = images.get(entry.td.arn);
      if (!tdImages) images.set(entry.td.arn, (tdImages = containerImagesOf(this.state, entry.td)));
      const target = this.newRevision(svc, entry.td, createdAt, { settings, images: tdImages });
      const failed = status !== 'SUCCESSFUL';
      const byBreaker = failed && breakerOn;
      const sd: ServiceDeploymentRecord = {
        arn: arns.serviceDeploymentArn(this.partition, svc.clusterName, svc.name, this.ids.serviceDeployment()),
        serviceArn: svc.arn,
        clusterArn: svc.clusterArn,
        clusterName: svc.clusterName,
        serviceName: svc.name,
        createdAt,
        startedAt,
        finishedAt,
        updatedAt: finishedAt,
        sourceServiceRevisionArns: serving,
        targetServiceRevisionArn: target,
        status,
        lifecycleStage: status === 'SUCCESSFUL' || status === 'ROLLBACK_SUCCESSFUL' ? 'CLEAN_UP' : 'SCALE_UP',
        deploymentConfiguration: config,
        circuitBreaker: {
          status: !breakerOn ? 'DISABLED' : byBreaker ? 'TRIGGERED' : 'MONITORING_COMPLETE',
          failureCount: byBreaker ? threshold : 0,
          threshold,
        },
        alarms: { status: alarms.enable ? 'MONITORING_COMPLETE' : 'DISABLED', alarmNames: alarms.alarmNames, triggeredAlarmNames: [] },
      };
      this.state.serviceDeployments.set(sd.arn, sd);
      if (!failed) {
        serving = [target];
        completed = target;
        continue;
      }
      const both = serving.includes(target) ? serving : [...serving, target];
      if (status === 'STOPPED') {
        sd.stoppedAt = finishedAt;
        sd.statusReason = byBreaker
          ? 'Service deployment failed because the circuit breaker threshold was reached.'
          : 'Service deployment stopped by user (ABORT).';
        serving = both;
        continue;
      }
      const back = completed ?? serving[0] ?? target;
      const cause = byBreaker ? 'the circuit breaker threshold was reached' : 'it was stopped by user';
      sd.rollback = {
        reason: byBreaker ? 'Circuit breaker triggered during the service deployment.' : 'Service deployment stopped by user.',
        startedAt: startedAt + floor((finishedAt - startedAt) / 2),
        serviceRevisionArn: back,
      };
      if (status === 'ROLLBACK_SUCCESSFUL') {
        sd.statusReason = `Service deployment rolled back because ${cause}.`;
        serving = [back];
        completed = back;
      } else {
        sd.statusReason = `Service deployment rolled back because ${cause}; the rollback failed.`;
        serving = both;
      }
    }
    return serving;
  }


  /** UpdateService with a new task definition or forceNewDeployment. */
  deploy(svc: ServiceRecord, td: TaskDefinitionRecord, at: number): DeploymentRecord {
    const revisionArn = this.newRevision(svc, td, at);
    const sd = this.newServiceDeployment(svc, revisionArn, at);
    return this.startDeployment(svc, td, revisionArn, sd, at, false);
  }

  /** UpdateService with only a new desiredCount. */
  scale(svc: ServiceRecord, desiredCount: number, at: number): void {
    svc.desiredCount = desiredCount;
    const primary = svc.deployments.find((d) => d.status === 'PRIMARY');
    if (!primary) return;
    primary.desiredCount = desiredCount;
    primary.updatedAt = at;
    if (primary.rolloutState !== 'COMPLETED') return;
    const alive = this.state.tasksOf(primary.id).filter((t) => t.desiredStatus === 'RUNNING');
    if (alive.length > desiredCount) {
      const extra = alive.slice(desiredCount);
      for (const t of extra) {
        stopTask(t, at, {
          stopCode: 'ServiceSchedulerInitiated',
          stoppedReason: `Scaling activity initiated by (deployment ${primary.id})`,
          exitCode: 0,
        });
      }
      this.event(svc, at, `(service ${svc.name}) has stopped ${extra.length} running tasks: ${taskList(extra)}.`);
    } else if (alive.length < desiredCount) {
      const td = this.state.taskDefinitions.get(primary.taskDefinition);
      if (!td) return;
      this.launch(svc, primary, td, desiredCount - alive.length, at, MAX_START_MS);
    }
    this.scheduler.at(at + MAX_START_MS, (t) => this.event(svc, t, `(service ${svc.name}) has reached a steady state.`));
  }

  /**
   * RunTask: `count` tasks of `td` that end as `scenario` says (not `no-capacity`: the caller answers
   * that one without tasks).
   */
  runTasks(td: TaskDefinitionRecord, spec: TaskSpec, count: number, scenario: RunTaskScenario, at: number): TaskRecord[] {
    const tasks: TaskRecord[] = [];
    for (let i = 0; i < count; i++) tasks.push(createTask(this.state, this.ids, td, spec, i, at));
    const kind = scenario.kind ?? 'exit';
    if (kind === 'pull-failure' || kind === 'secret-failure') {
      this.scheduler.at(at + ONE_OFF_PENDING_MS, (t) => tasks.forEach((task) => toPending(task, t, { pull: kind === 'pull-failure' })));
      this.scheduler.at(at + ONE_OFF_FAIL_MS, (t) => {
        for (const task of tasks) {
          if (task.lastStatus === 'STOPPED') continue;
          if (kind === 'pull-failure') {
            stopTask(task, t, { stopCode: 'TaskFailedToStart', stoppedReason: cannotPullReason(failingContainer(td, scenario).image) });
          } else {
            stopTask(task, t, {
              stopCode: 'TaskFailedToStart',
              stoppedReason: resourceInitializationReason(td, this.partition, task.id),
            });
          }
        }
      });
      return tasks;
    }
    const runningAt = at + ONE_OFF_RUNNING_MS;
    this.scheduler.at(at + ONE_OFF_PENDING_MS, (t) => tasks.forEach((task) => toPending(task, t)));
    this.scheduler.at(runningAt, (t) => {
      for (const task of tasks) if (toRunning(task, t)) openTaskStreams(this.state, task, scenario.logLines, t);
    });
    if (kind === 'stuck') return tasks;
    const exitAt = Math.max(runningAt, at + (scenario.afterSeconds ?? DEFAULT_ONE_OFF_EXIT_AFTER_S) * SECOND);
    this.scheduler.at(exitAt, (t) => {
      for (const task of tasks) {
        stopTask(task, t, {
          stopCode: 'EssentialContainerExited',
          stoppedReason: 'Essential container in task exited',
          exitCode: scenario.exitCode ?? 0,
          containerReason: scenario.containerReason,
        });
      }
    });
    return tasks;
  }

  /**
   * ContinueServiceDeployment (the caller checked that the deployment is IN_PROGRESS and the hook
   * AWAITING_ACTION): CONTINUE marks the hook SUCCEEDED and, once no hook of the stage awaits, moves
   * to the next stage; ROLLBACK marks it FAILED and rolls back.
   */
  continueHook(sd: ServiceDeploymentRecord, hookId: string, action: 'CONTINUE' | 'ROLLBACK', at: number): void {
    const walk = this.walks.get(sd.arn);
    const hook = sd.lifecycleHookDetails?.find((h) => h.hookId === hookId);
    if (!walk || !hook || hook.status !== 'AWAITING_ACTION') return;
    if (action === 'ROLLBACK') {
      hook.status = 'FAILED';
      this.userRollback(walk.svc, walk.dep, sd, at, {
        statusReason: `Service deployment rolled back because lifecycle hook ${hookId} was resolved with ROLLBACK.`,
        rollbackReason: `Lifecycle hook ${hookId} requested a rollback.`,
        rolloutStateReason: `ECS deployment ${walk.dep.id} rolled back by lifecycle hook ${hookId}.`,
      });
      return;
    }
    hook.status = 'SUCCEEDED';
    sd.updatedAt = at;
    this.resumeWalk(walk, at);
  }

  /**
   * StopServiceDeployment of a deployment in progress (PENDING or IN_PROGRESS; the caller answers the
   * other states): ROLLBACK rolls the service back to the revision it ran before (STOPPED when there is
   * none), ABORT stops the deployment where it is (its tasks keep running, its rollout FAILED).
   */
  stopDeployment(sd: ServiceDeploymentRecord, stopType: 'ROLLBACK' | 'ABORT', at: number): void {
    const svc = this.state.service(sd.clusterName, sd.serviceName);
    const dep = svc?.deployments.find((d) => d.serviceDeploymentArn === sd.arn && d.status === 'PRIMARY');
    if (!svc || !dep || dep.rolloutState !== 'IN_PROGRESS') {
      this.stopInPlace(sd, at, 'Service deployment stopped by user.');
      return;
    }
    if (stopType === 'ROLLBACK') {
      this.userRollback(svc, dep, sd, at, {
        statusReason: 'Service deployment rolled back because it was stopped by user.',
        rollbackReason: 'Service deployment stopped by user.',
        rolloutStateReason: `ECS deployment ${dep.id} stopped by user.`,
      });
      return;
    }
    dep.rolloutState = 'FAILED';
    dep.rolloutStateReason = `ECS deployment ${dep.id} stopped by user.`;
    dep.updatedAt = at;
    this.event(svc, at, `(service ${svc.name}) (deployment ${dep.id}) deployment stopped by user.`);
    this.stopInPlace(sd, at, 'Service deployment stopped by user (ABORT).');
  }

  // ---- deployments -------------------------------------------------------------------------

  private startDeployment(
    svc: ServiceRecord,
    td: TaskDefinitionRecord,
    revisionArn: string,
    sd: ServiceDeploymentRecord,
    at: number,
    isRollback: boolean,
  ): DeploymentRecord {
    const previous = svc.deployments.find((d) => d.status === 'PRIMARY');
    if (previous) {
      previous.status = 'ACTIVE';
      previous.updatedAt = at;
      const previousSd = this.state.serviceDeployments.get(previous.serviceDeploymentArn);
      if (previousSd && previousSd !== sd && IN_PROGRESS_SD.has(previousSd.status)) {
        previousSd.status = 'STOPPED';
        previousSd.statusReason = `Service deployment stopped: it was superseded by ${sd.arn}.`;
        previousSd.stoppedAt = at;
        previousSd.updatedAt = at;
        this.endWalk(previousSd, at);
      }
    }
    const dep = this.newDeployment(svc, td, revisionArn, sd.arn, at, isRollback);
    svc.deployments.unshift(dep);
    svc.taskDefinition = td.arn;
    svc.currentServiceDeploymentArn = sd.arn;
    if (!isRollback && strategyOf(sd.deploymentConfiguration) !== 'ROLLING') this.startWalk(svc, dep, td, sd, at);
    else this.plan(svc, dep, td, at);
    return dep;
  }

  // ---- staged deployments (BLUE_GREEN, LINEAR, CANARY) --------------------------------------

  private startWalk(svc: ServiceRecord, dep: DeploymentRecord, td: TaskDefinitionRecord, sd: ServiceDeploymentRecord, at: number): void {
    sd.lifecycleHookDetails = [];
    sd.trafficWeights = { production: 0, test: 0 };
    const steps = stageSteps(sd.deploymentConfiguration, sd.sourceServiceRevisionArns.length > 1);
    const walk: Walk = { svc, dep, td, sd, steps, index: 0, token: 0 };
    this.walks.set(sd.arn, walk);
    this.enterStep(walk, 0, at);
  }

  /** The walk's deployment is still the service's, rolling out, and its ServiceDeployment in progress. */
  private walkLive(walk: Walk): boolean {
    return walk.dep.status === 'PRIMARY' && walk.dep.rolloutState === 'IN_PROGRESS' && walk.sd.status === 'IN_PROGRESS';
  }

  /** Runs `run` at `at` unless the walk has moved on or ended by then. */
  private later(walk: Walk, at: number, run: (t: number) => void): void {
    const token = walk.token;
    this.scheduler.at(at, (t) => {
      if (walk.token === token && this.walkLive(walk)) run(t);
    });
  }

  /**
   * Enters step `index`: its stage, the traffic it requests, then either its PAUSE hooks (it holds
   * until they resolve), the scale-up, or its duration. Past the last step (CLEAN_UP) the rollout completes.
   */
  private enterStep(walk: Walk, index: number, at: number): void {
    if (!this.walkLive(walk)) return;
    const step = walk.steps[index];
    if (!step) {
      this.complete(walk.svc, walk.dep, at);
      return;
    }
    const { sd } = walk;
    walk.index = index;
    walk.token++;
    sd.lifecycleStage = step.stage;
    sd.updatedAt = at;
    if (sd.trafficWeights && step.testWeight !== undefined) sd.trafficWeights.test = step.testWeight;
    if (sd.trafficWeights && step.productionWeight !== undefined) sd.trafficWeights.production = step.productionWeight;
    if (this.openPauseHooks(walk, step.stage, at)) return;
    if (step.duration === 'scale-up') this.scaleUp(walk, at);
    else this.later(walk, at + step.duration, (t) => this.enterStep(walk, index + 1, t));
  }

  /** Moves on from a held stage once none of its PAUSE hooks awaits action. */
  private resumeWalk(walk: Walk, at: number): void {
    if (!this.walkLive(walk)) return;
    if (walk.sd.lifecycleHookDetails?.some((h) => h.status === 'AWAITING_ACTION')) return;
    this.enterStep(walk, walk.index + 1, at);
  }

  /** Opens the PAUSE hooks configured at `stage` (AWAITING_ACTION, with their expiry); true when there are some. */
  private openPauseHooks(walk: Walk, stage: string, at: number): boolean {
    const hooks = pauseHooksAt(walk.sd.deploymentConfiguration, stage);
    for (const h of hooks) {
      const detail: LifecycleHookDetailRecord = {
        hookId: this.ids.pauseHook(),
        targetType: 'PAUSE',
        status: 'AWAITING_ACTION',
        stage,
        expiresAt: at + h.timeoutMinutes * MINUTE,
        timeoutAction: h.timeoutAction,
      };
      walk.sd.lifecycleHookDetails?.push(detail);
      this.later(walk, detail.expiresAt, (t) => this.expireHook(walk, detail, t));
    }
    if (hooks.length > 0) walk.sd.updatedAt = at;
    return hooks.length > 0;
  }

  /** A PAUSE hook nobody resolved in time: TIMED_OUT, then its timeout action. */
  private expireHook(walk: Walk, hook: LifecycleHookDetailRecord, at: number): void {
    if (hook.status !== 'AWAITING_ACTION') return;
    hook.status = 'TIMED_OUT';
    walk.sd.updatedAt = at;
    if (hook.timeoutAction === 'CONTINUE') {
      this.resumeWalk(walk, at);
      return;
    }
    this.userRollback(walk.svc, walk.dep, walk.sd, at, {
      statusReason: `Service deployment rolled back because lifecycle hook ${hook.hookId} timed out.`,
      rollbackReason: `Lifecycle hook ${hook.hookId} timed out.`,
      rolloutStateReason: `ECS deployment ${walk.dep.id} rolled back: lifecycle hook ${hook.hookId} timed out.`,
    });
  }

  /**
   * SCALE_UP: the new tasks start as the service's scenario says; the stage ends when they run. Crashing
   * tasks hold it (the circuit breaker may roll back), stuck ones hold it for good, a watched alarm
   * fails the deployment at its time whatever the stage.
   */
  private scaleUp(walk: Walk, at: number): void {
    const { svc, dep, td } = walk;
    const scenario = this.scenarioFor(svc, dep, td);
    const next = (t: number): void => this.enterStep(walk, walk.index + 1, t);
    if (dep.desiredCount === 0 && scenario.kind !== 'stuck') {
      this.later(walk, at + STAGE_SCALE_UP_EMPTY_MS, next);
      return;
    }
    switch (scenario.kind) {
      case 'complete': {
        const runMs = Math.min(MAX_START_MS, ((scenario.afterSeconds ?? DEFAULT_COMPLETE_AFTER_S) * SECOND) / 2);
        this.launch(svc, dep, td, dep.desiredCount, at, runMs, scenario.logLines);
        this.later(walk, at + runMs, next);
        return;
      }
      case 'crash':
        this.crashCycle(svc, dep, td, scenario, at);
        return;
      case 'alarm': {
        const afterMs = (scenario.afterSeconds ?? DEFAULT_ALARM_AFTER_S) * SECOND;
        const runMs = Math.min(MAX_START_MS, afterMs / 2);
        this.launch(svc, dep, td, dep.desiredCount, at, runMs);
        const alarms = alarmsOf(svc.deploymentConfiguration);
        if (alarms.enable && alarms.alarmNames.includes(scenario.alarmName)) {
          const alarmName = scenario.alarmName;
          this.scheduler.at(at + afterMs, (t) => this.fail(svc, dep, t, { kind: 'alarm', alarmName }));
        }
        this.later(walk, at + runMs, next);
        return;
      }
      case 'stuck':
        this.launch(svc, dep, td, dep.desiredCount, at, Number.POSITIVE_INFINITY);
        return;
    }
  }

  /** A staged ServiceDeployment ends: hooks still awaiting action FAILED, the walk forgotten. */
  private endWalk(sd: ServiceDeploymentRecord, at: number): void {
    for (const hook of sd.lifecycleHookDetails ?? []) {
      if (hook.status === 'AWAITING_ACTION') {
        hook.status = 'FAILED';
        sd.updatedAt = at;
      }
    }
    this.walks.delete(sd.arn);
  }

  // ---- stops and rollbacks -----------------------------------------------------------------

  /** The ServiceDeployment stops where it is: STOPPED, nothing rolled back. */
  private stopInPlace(sd: ServiceDeploymentRecord, at: number, statusReason: string): void {
    sd.status = 'STOPPED';
    sd.statusReason = statusReason;
    sd.stoppedAt = at;
    sd.updatedAt = at;
    this.endWalk(sd, at);
  }

  /**
   * Starts the rollback to the last COMPLETED deployment: ROLLBACK_IN_PROGRESS with `rollback`, traffic
   * back on the source revision, a new PRIMARY deployment of its task definition. False when there is
   * nothing to roll back to.
   */
  private startRollback(
    svc: ServiceRecord,
    dep: DeploymentRecord,
    sd: ServiceDeploymentRecord,
    at: number,
    statusReason: string,
    rollbackReason: string,
  ): boolean {
    const target = svc.deployments.find((d) => d !== dep && d.rolloutState === 'COMPLETED');
    const targetTd = target ? this.state.taskDefinitions.get(target.taskDefinition) : undefined;
    if (!target || !targetTd) return false;
    this.event(svc, at, `(service ${svc.name}) rolling back to deployment ${target.id}.`);
    sd.status = 'ROLLBACK_IN_PROGRESS';
    sd.statusReason = statusReason;
    sd.rollback = { reason: rollbackReason, startedAt: at, serviceRevisionArn: target.serviceRevisionArn };
    if (sd.trafficWeights) sd.trafficWeights = { production: 0, test: 0 };
    this.endWalk(sd, at);
    this.startDeployment(svc, targetTd, target.serviceRevisionArn, sd, at, true);
    return true;
  }

  /**
   * A rollback a user asked for (StopServiceDeployment ROLLBACK, a hook's ROLLBACK or its timeout):
   * the rollout FAILED, the ServiceDeployment ROLLBACK_REQUESTED, then ROLLBACK_IN_PROGRESS and, once the
   * source revision runs again, ROLLBACK_SUCCESSFUL. STOPPED when there is nothing to roll back to.
   */
  private userRollback(svc: ServiceRecord, dep: DeploymentRecord, sd: ServiceDeploymentRecord, at: number, cause: RollbackCause): void {
    dep.rolloutState = 'FAILED';
    dep.rolloutStateReason = cause.rolloutStateReason;
    dep.updatedAt = at;
    sd.updatedAt = at;
    if (!this.startRollback(svc, dep, sd, at, cause.statusReason, cause.rollbackReason)) {
      this.stopInPlace(sd, at, 'Service deployment stopped: there is no completed deployment to roll back to.');
      return;
    }
    sd.status = 'ROLLBACK_REQUESTED';
    this.scheduler.at(at + ROLLBACK_REQUESTED_MS, (t) => {
      if (sd.status !== 'ROLLBACK_REQUESTED') return;
      sd.status = 'ROLLBACK_IN_PROGRESS';
      sd.updatedAt = t;
    });
  }

  private plan(svc: ServiceRecord, dep: DeploymentRecord, td: TaskDefinitionRecord, at: number): void {
    const scenario = this.scenarioFor(svc, dep, td);
    if (dep.desiredCount === 0 && scenario.kind !== 'stuck') {
      this.scheduler.at(at + MAX_START_MS, (t) => this.complete(svc, dep, t));
      return;
    }
    switch (scenario.kind) {
      case 'complete': {
        const afterMs = (scenario.afterSeconds ?? DEFAULT_COMPLETE_AFTER_S) * SECOND;
        const runMs = Math.min(MAX_START_MS, afterMs / 2);
        this.launch(svc, dep, td, dep.desiredCount, at, runMs, scenario.logLines);
        this.scheduler.at(at + afterMs, (t) => this.complete(svc, dep, t));
        return;
      }
      case 'crash':
        this.crashCycle(svc, dep, td, scenario, at);
        return;
      case 'alarm': {
        const afterMs = (scenario.afterSeconds ?? DEFAULT_ALARM_AFTER_S) * SECOND;
        this.launch(svc, dep, td, dep.desiredCount, at, Math.min(MAX_START_MS, afterMs / 2));
        const alarms = alarmsOf(svc.deploymentConfiguration);
        if (alarms.enable && alarms.alarmNames.includes(scenario.alarmName)) {
          const alarmName = scenario.alarmName;
          this.scheduler.at(at + afterMs, (t) => this.fail(svc, dep, t, { kind: 'alarm', alarmName }));
        } else {
          this.scheduler.at(at + afterMs + ALARM_BAKE_MS, (t) => this.complete(svc, dep, t));
        }
        return;
      }
      case 'stuck':
        this.launch(svc, dep, td, dep.desiredCount, at, Number.POSITIVE_INFINITY);
        return;
    }
  }

  private scenarioFor(svc: ServiceRecord, dep: DeploymentRecord, td: TaskDefinitionRecord): Scenario {
    const scenario = svc.scenario;
    if (dep.isRollback) return { kind: 'complete' };
    const match = scenario.whenImageIncludes;
    if (match !== undefined && !containerImages(td).some((image) => image.includes(match))) return { kind: 'complete' };
    return scenario;
  }

  /** New tasks start, run a while, exit; the failures count toward the circuit breaker. */
  private crashCycle(
    svc: ServiceRecord,
    dep: DeploymentRecord,
    td: TaskDefinitionRecord,
    scenario: Extract<Scenario, { kind: 'crash' }>,
    start: number,
  ): void {
    if (dep.status !== 'PRIMARY' || dep.rolloutState !== 'IN_PROGRESS') return;
    const everyMs = (scenario.everySeconds ?? DEFAULT_CRASH_EVERY_S) * SECOND;
    const tasks = this.launch(svc, dep, td, dep.desiredCount, start, Math.min(10 * SECOND, everyMs / 2), scenario.logLines);
    this.scheduler.at(start + everyMs, (at) => {
      const crashed = tasks.filter((t) => t.lastStatus !== 'STOPPED');
      for (const task of crashed) {
        stopTask(task, at, {
          stopCode: 'EssentialContainerExited',
          stoppedReason: scenario.stoppedReason ?? 'Essential container in task exited',
          exitCode: scenario.exitCode ?? 1,
          containerReason: scenario.containerReason,
        });
      }
      this.state.pruneStoppedTasks(svc.clusterName, svc.name);
      if (scenario.eventMessage !== undefined && crashed.length > 0) this.event(svc, at, scenario.eventMessage);
      if (dep.status !== 'PRIMARY' || dep.rolloutState !== 'IN_PROGRESS') return;
      dep.failedTasks += crashed.length;
      dep.updatedAt = at;
      const sd = this.state.serviceDeployments.get(dep.serviceDeploymentArn);
      const cb = circuitBreakerOf(svc.deploymentConfiguration);
      const threshold = circuitBreakerThreshold(svc.deploymentConfiguration, dep.desiredCount);
      if (sd) {
        sd.circuitBreaker.failureCount = dep.failedTasks;
        sd.circuitBreaker.threshold = threshold;
        sd.updatedAt = at;
      }
      if (cb.enable && dep.failedTasks >= threshold) this.fail(svc, dep, at, { kind: 'circuitBreaker', ...(scenario.failureReason !== undefined ? { reason: scenario.failureReason } : {}) });
      else this.crashCycle(svc, dep, td, scenario, at);
    });
  }

  private complete(svc: ServiceRecord, dep: DeploymentRecord, at: number): void {
    if (dep.status !== 'PRIMARY' || dep.rolloutState !== 'IN_PROGRESS') return;
    const stopped: TaskRecord[] = [];
    for (const other of svc.deployments) {
      if (other === dep || other.status === 'INACTIVE') continue;
      for (const task of this.state.tasksOf(other.id)) {
        if (task.lastStatus === 'STOPPED') continue;
        stopTask(task, at, {
          stopCode: 'ServiceSchedulerInitiated',
          stoppedReason: `Scaling activity initiated by (deployment ${dep.id})`,
          exitCode: 0,
        });
        stopped.push(task);
      }
      other.status = 'INACTIVE';
      other.updatedAt = at;
    }
    if (stopped.length > 0) {
      this.event(svc, at, `(service ${svc.name}) has stopped ${stopped.length} running tasks: ${taskList(stopped)}.`);
    }
    dep.rolloutState = 'COMPLETED';
    dep.rolloutStateReason = `ECS deployment ${dep.id} completed.`;
    dep.updatedAt = at;
    const sd = this.state.serviceDeployments.get(dep.serviceDeploymentArn);
    if (sd && IN_PROGRESS_SD.has(sd.status)) {
      sd.status = dep.isRollback ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL';
      sd.finishedAt = at;
      sd.updatedAt = at;
      sd.lifecycleStage = 'CLEAN_UP';
      if (sd.circuitBreaker.status === 'MONITORING') sd.circuitBreaker.status = 'MONITORING_COMPLETE';
      if (sd.alarms.status === 'MONITORING') sd.alarms.status = 'MONITORING_COMPLETE';
      this.walks.delete(sd.arn);
    }
    this.event(svc, at, `(service ${svc.name}) (deployment ${dep.id}) deployment completed.`);
    this.event(svc, at, `(service ${svc.name}) has reached a steady state.`);
  }

  private fail(svc: ServiceRecord, dep: DeploymentRecord, at: number, failure: Failure): void {
    if (dep.status !== 'PRIMARY' || dep.rolloutState !== 'IN_PROGRESS') return;
    const byAlarm = failure.kind === 'alarm';
    dep.rolloutState = 'FAILED';
    dep.rolloutStateReason = byAlarm
      ? `ECS deployment failed: alarm(s) detected: ${failure.alarmName}.`
      : (failure.reason ?? CIRCUIT_BREAKER_REASON);
    dep.updatedAt = at;
    const what = byAlarm ? 'alarm detected' : 'tasks failed to start';
    this.event(svc, at, `(service ${svc.name}) (deployment ${dep.id}) deployment failed: ${what}.`);

    const sd = this.state.serviceDeployments.get(dep.serviceDeploymentArn);
    if (!sd) return;
    sd.updatedAt = at;
    if (byAlarm) {
      sd.alarms.status = 'TRIGGERED';
      sd.alarms.triggeredAlarmNames = [failure.alarmName];
    } else {
      sd.circuitBreaker.status = 'TRIGGERED';
    }
    const cause = byAlarm ? `the CloudWatch alarm ${failure.alarmName} went into ALARM` : 'the circuit breaker threshold was reached';
    const rollback = byAlarm ? alarmsOf(svc.deploymentConfiguration).rollback : circuitBreakerOf(svc.deploymentConfiguration).rollback;
    const rollbackReason = byAlarm
      ? 'Alarm(s) triggered during the service deployment.'
      : (failure.reason ?? 'Circuit breaker triggered during the service deployment.');
    if (rollback && this.startRollback(svc, dep, sd, at, `Service deployment rolled back because ${cause}.`, rollbackReason)) return;
    sd.status = 'STOPPED';
    sd.stoppedAt = at;
    sd.statusReason = `Service deployment failed because ${cause}.`;
    this.endWalk(sd, at);
  }

  // ---- records -----------------------------------------------------------------------------

  private newDeployment(
    svc: ServiceRecord,
    td: TaskDefinitionRecord,
    revisionArn: string,
    sdArn: string,
    at: number,
    isRollback: boolean,
  ): DeploymentRecord {
    const id = this.ids.deployment();
    return {
      id,
      status: 'PRIMARY',
      taskDefinition: td.arn,
      desiredCount: svc.desiredCount,
      failedTasks: 0,
      createdAt: at,
      updatedAt: at,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: `ECS deployment ${id} in progress.`,
      launchType: svc.launchType,
      capacityProviderStrategy: svc.capacityProviderStrategy && structuredClone(svc.capacityProviderStrategy),
      platformVersion: runsOnFargate(svc) ? FARGATE_PLATFORM_VERSION : undefined,
      networkConfiguration: svc.networkConfiguration,
      serviceRevisionArn: revisionArn,
      serviceDeploymentArn: sdArn,
      isRollback,
    };
  }

  /** A new service revision of `svc` running `td` (ECS makes one per deployment), recorded in the state; its ARN. */
  private newRevision(
    svc: ServiceRecord,
    td: TaskDefinitionRecord,
    at: number,
    shared?: { settings: RevisionSettings; images: ServiceRevisionImageRecord[] },
  ): string {
    return mintServiceRevision(this.state, this.ids, svc, td, at, shared).serviceRevisionArn;
  }

  /** `configCopy`: a copy of the service's deploymentConfiguration to keep (default: a new copy). */
  private newServiceDeployment(
    svc: ServiceRecord,
    targetRevisionArn: string,
    at: number,
    configCopy: JsonObject = structuredClone(svc.deploymentConfiguration),
  ): ServiceDeploymentRecord {
    const config = configCopy;
    const cb = circuitBreakerOf(config);
    const alarms = alarmsOf(config);
    const sources = [
      ...new Set(svc.deployments.filter((d) => d.status !== 'INACTIVE').map((d) => d.serviceRevisionArn)),
    ];
    const sd: ServiceDeploymentRecord = {
      arn: arns.serviceDeploymentArn(this.partition, svc.clusterName, svc.name, this.ids.serviceDeployment()),
      serviceArn: svc.arn,
      clusterArn: svc.clusterArn,
      clusterName: svc.clusterName,
      serviceName: svc.name,
      createdAt: at,
      startedAt: at,
      updatedAt: at,
      sourceServiceRevisionArns: sources,
      targetServiceRevisionArn: targetRevisionArn,
      status: 'IN_PROGRESS',
      lifecycleStage: 'SCALE_UP',
      deploymentConfiguration: config,
      circuitBreaker: {
        status: cb.enable ? 'MONITORING' : 'DISABLED',
        failureCount: 0,
        threshold: circuitBreakerThreshold(config, svc.desiredCount),
      },
      alarms: { status: alarms.enable ? 'MONITORING' : 'DISABLED', alarmNames: alarms.alarmNames, triggeredAlarmNames: [] },
    };
    this.state.serviceDeployments.set(sd.arn, sd);
    return sd;
  }

  // ---- tasks -------------------------------------------------------------------------------

  private createTasks(svc: ServiceRecord, dep: DeploymentRecord, td: TaskDefinitionRecord, count: number, at: number): TaskRecord[] {
    const provider = dep.capacityProviderStrategy ? capacityProviderOf(dep.capacityProviderStrategy) : undefined;
    const spec: TaskSpec = {
      clusterName: svc.clusterName,
      clusterArn: svc.clusterArn,
      group: `service:${svc.name}`,
      serviceName: svc.name,
      deploymentId: dep.id,
      startedBy: dep.id,
      launchType: provider === undefined ? dep.launchType : launchTypeOfProvider(provider),
      capacityProviderName: provider,
      platformVersion: dep.platformVersion,
      tags: serviceTaskTags(svc, td),
    };
    const tasks: TaskRecord[] = [];
    for (let i = 0; i < count; i++) tasks.push(createTask(this.state, this.ids, td, spec, i, at));
    return tasks;
  }

  /**
   * Starts `count` tasks: PROVISIONING now, PENDING after a third of `runMs`, RUNNING after `runMs`
   * (when their containers open their log streams and write `logLines`).
   */
  private launch(
    svc: ServiceRecord,
    dep: DeploymentRecord,
    td: TaskDefinitionRecord,
    count: number,
    at: number,
    runMs: number,
    logLines?: string[],
  ): TaskRecord[] {
    const tasks = this.createTasks(svc, dep, td, count, at);
    if (tasks.length === 0) return tasks;
    this.event(svc, at, `(service ${svc.name}) has started ${tasks.length} tasks: ${taskList(tasks)}.`);
    const pendingAt = Number.isFinite(runMs) ? at + runMs / 3 : at + STUCK_PENDING_MS;
    this.scheduler.at(pendingAt, (t) => tasks.forEach((task) => toPending(task, t)));
    if (Number.isFinite(runMs)) {
      this.scheduler.at(at + runMs, (t) => {
        for (const task of tasks) if (toRunning(task, t)) openTaskStreams(this.state, task, logLines, t);
        const sd = this.state.serviceDeployments.get(dep.serviceDeploymentArn);
        if (sd && dep.status === 'PRIMARY' && sd.status === 'IN_PROGRESS' && sd.lifecycleStage === 'SCALE_UP' && !this.walks.has(sd.arn)) {
          sd.lifecycleStage = 'BAKE_TIME';
          sd.updatedAt = t;
        }
      });
    }
    return tasks;
  }

  private event(svc: ServiceRecord, at: number, message: string): void {
    svc.events.unshift({ id: this.ids.uuid(), createdAt: at, message });
    if (svc.events.length > MAX_EVENTS) svc.events.length = MAX_EVENTS;
  }
}
