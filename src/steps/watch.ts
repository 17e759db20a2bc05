/**
 * Follows the deployment this step started until its real end, polling at a fixed interval, and
 * logs one line per change. Reads only.
 */
import type { ECSClient, Service, ServiceDeployment, Task } from '@aws-sdk/client-ecs';
import { isAwsError } from '../aws/call.js';
import { describeService, describeServiceDeployment, describeStoppedTasks, listServiceDeployments } from '../aws/ecs.js';
import type { Clock } from '../clock.js';
import { formatDuration } from '../core/format.js';
import type { PauseMode } from '../core/inputs.js';
import type { StageEntry, WatchResult, WatchStatus } from '../core/outcome.js';
import type { StoppedTaskView } from '../core/stop-cause.js';
import type { Log } from '../log.js';
import {
  interpretFromService,
  interpretFromServiceDeployment,
  isFinal,
  pauseLine,
  progressLine,
  stageLine,
  stageWaitMinutes,
  type PausedHook,
  type RolloutState,
  type Tracked,
} from '../core/rollout.js';

export interface WatchOptions {
  cluster: string;
  service: string;
  tracked: Tracked;
  serviceDeploymentArn?: string;
  /** When the step began (ms since epoch): events before it are not this step's. */
  since: number;
  /**
   * Ids of the service events present before the update. When given, every other event is this
   * step's, whatever its time (the runner's clock and AWS's may differ), and `since` is not used for events.
   */
  knownEventIds?: readonly string[];
  timeoutMs: number;
  pollMs: number;
  signal?: AbortSignal;
  /** At a PAUSE hook: end the watch `paused` (default), continue it through `continueHook`, or keep waiting. */
  onPause?: PauseMode;
  /** ContinueServiceDeployment CONTINUE for on-pause: continue (the one write a watch may make, given by the caller). */
  continueHook?: (serviceDeploymentArn: string, hook: PausedHook) => Promise<void>;
  /** Lifecycle stages seen entered are pushed here as they are (native strategies). */
  stages?: StageEntry[];
  /** PAUSE hooks already continued or rolled back (by a resume): a poll that still shows one awaiting is not a new pause. */
  actedOn?: ReadonlySet<string>;
}

export interface WatchContext {
  ecs: ECSClient;
  log: Log;
  clock: Clock;
}

/** A failing poll is said once, then every this many failures in a row. */
const WARN_EVERY_ERRORS = 10;
/** ServiceDeployments 5xx failures in a row (DescribeServices answering) before following DescribeServices alone. */
const MAX_SERVICE_DEPLOYMENT_FAILURES = 3;
/** While the ServiceDeployments API answers, DescribeServices is read at least every this many polls. */
const SERVICE_EVERY_POLLS = 6;
/** A line about the remaining time at most this often during long waits. */
const REMAINING_EVERY_MS = 60_000;

/** A failure that a later poll may not see again: throttling, a 5xx answer, a dropped connection. */
const isTransient = (error: unknown) => isAwsError(error, 'throttled', 'transient');

/** "task 1a2b: Essential container in task exited; container app exit 1 (OutOfMemory)". */
export function describeStoppedTask(task: StoppedTaskView): string {
  const id = task.taskArn?.split('/').pop() ?? '?';
  const containers = (task.containers ?? [])
    .filter((c) => c.exitCode !== undefined || c.reason)
    .map((c) => `container ${c.name} ${c.exitCode !== undefined ? `exit ${c.exitCode}` : 'no exit code'}${c.reason ? ` (${c.reason})` : ''}`);
  return [`task ${id}: ${task.stoppedReason ?? task.stopCode ?? 'stopped'}`, ...containers].join('; ');
}

class EventTracker {
  private readonly seen: Set<string>;
  readonly lines: string[] = [];
  private readonly since: number;
  constructor(since: number, known?: readonly string[]) {
    this.seen = new Set(known ?? []);
    // With a baseline of known events, time is not needed to tell this step's events apart.
    this.since = known ? Number.NEGATIVE_INFINITY : since;
  }
  /** New events since the step began, oldest first. */
  take(service: Service): string[] {
    const fresh = (service.events ?? [])
      .filter((e) => e.id && !this.seen.has(e.id) && (e.createdAt?.getTime() ?? 0) >= this.since - 1000)
      .reverse();
    for (const e of fresh) this.seen.add(e.id as string);
    const lines = fresh.map((e) => `${e.createdAt?.toISOString() ?? ''} ${e.message ?? ''}`.trim());
    this.lines.push(...lines);
    return lines;
  }
}

/** Watches the tracked rollout to its end or the timeout. */
export async function watchRollout(opts: WatchOptions, ctx: WatchContext): Promise<WatchResult> {
  const { ecs, log, clock } = ctx;
  const start = clock.now();
  const deadline = start + opts.timeoutMs;
  const events = new EventTracker(opts.since, opts.knownEventIds);
  let sdArn = opts.serviceDeploymentArn;
  let useServiceDeployments = true;
  let lastLine = '';
  let lastPhase = '';
  let lastRemainingNote = start;
  let errors = 0;
  let sdFailures = 0;
  let state: RolloutState | undefined;
  let lastStage: string | undefined;
  let stageSince = start;
  let stageWaitMs: number | undefined;
  let lastTraffic: number | undefined;
  const pausesSeen = new Set<string>();
  let lastService: Service | undefined;
  let lastSdStatus: string | undefined;
  let pollsSinceService = 0;
  const stages = opts.stages ?? [];

  const finish = async (status: WatchStatus): Promise<WatchResult> => {
    const result: WatchResult = { status, events: events.lines, stoppedTasks: [], stopped: [], durationMs: clock.now() - start };
    if (state) result.state = state;
    if (sdArn) result.serviceDeploymentArn = sdArn;
    if (status !== 'completed' && status !== 'cancelled' && status !== 'paused') {
      result.stopped = await stoppedTasksOf(opts, ctx);
      result.stoppedTasks = result.stopped.map(describeStoppedTask);
    }
    return result;
  };

  const fallBack = (why: string) => {
    if (!useServiceDeployments) return;
    useServiceDeployments = false;
    log.info(`Following the rollout through DescribeServices: ${why}.`);
  };

  for (;;) {
    if (opts.signal?.aborted) return finish('cancelled');
    let service: Service;
    let sd: ServiceDeployment | undefined;
    try {
      if (useServiceDeployments) {
        try {
          sdArn ??= await findServiceDeployment(ecs, opts);
          if (sdArn) sd = await describeServiceDeployment(ecs, sdArn);
          else fallBack('ECS reported no service deployment for this update');
          sdFailures = 0;
        } catch (error) {
          // Throttling is a reason to slow down, not to give up on the API: the poll is tried again.
          if (isAwsError(error, 'throttled')) throw error;
          // A 5xx (or an HTML error page) from the ServiceDeployments API, polls in a row (DescribeServices is
          // asked after it): that API is what is broken here, so follow through DescribeServices instead.
          if (isAwsError(error, 'transient')) {
            if (++sdFailures < MAX_SERVICE_DEPLOYMENT_FAILURES) throw error;
            fallBack(`the ServiceDeployments API failed ${sdFailures} polls in a row (${error.code})`);
          } else fallBack(
            isAwsError(error, 'denied')
              ? 'the role may not call ecs:ListServiceDeployments / ecs:DescribeServiceDeployments'
              : `the ServiceDeployments API is not available here (${isAwsError(error) ? error.code : (error as Error).message})`,
          );
        }
      }
      // With the ServiceDeployments API, one call per poll: DescribeServices (events, a concurrent deployment)
      // is read on the first poll, when the service deployment's status or stage changes, and every few polls.
      // Read after the service deployment, so the service is never the older of the two views: a deployment
      // that a concurrent one replaced is seen replaced in DescribeServices once its STOPPED state is seen.
      const sdStatus = sd ? `${sd.status ?? ''} ${sd.lifecycleStage ?? ''}` : undefined;
      const needService = !sd || !lastService || sdStatus !== lastSdStatus || ++pollsSinceService >= SERVICE_EVERY_POLLS || sd.status !== 'IN_PROGRESS';
      if (needService) {
        lastService = await describeService(ecs, opts.cluster, opts.service);
        pollsSinceService = 0;
      }
      lastSdStatus = sdStatus;
      service = lastService as Service;
      errors = 0;
    } catch (error) {
      // Throttling, a 5xx or a dropped connection: the next poll tries again, until the deadline.
      if (!isTransient(error)) throw error;
      if (++errors === 1 || errors % WARN_EVERY_ERRORS === 0) {
        log.warning(`Polling the service failed${errors > 1 ? ` ${errors} times in a row` : ''} (${(error as Error).message}); trying again.`);
      }
      // A failed poll does not extend the wait past timeout-minutes.
      const now = clock.now();
      if (now >= deadline) return finish(state?.phase === 'rolling-back' ? 'rolled-back' : 'timed-out');
      await clock.sleep(Math.min(opts.pollMs, deadline - now), opts.signal);
      continue;
    }

    state = sd ? interpretFromServiceDeployment(sd, service, opts.tracked) : interpretFromService(service, opts.tracked);
    for (const line of events.take(service)) log.info(`  event: ${line}`);
    const line = progressLine(state);
    if (line !== lastLine) {
      log.info(`[${formatDuration(clock.now() - start)}] ${line}`);
      lastLine = line;
    }
    if (state.phase === 'rolling-back' && lastPhase !== 'rolling-back') {
      log.warning(`ECS is rolling the service back to ${opts.tracked.previousArn}: ${state.reason ?? 'no reason given'}. Following the rollback to its end.`);
    }
    lastPhase = state.phase;
    if (isFinal(state.phase)) return finish(state.phase as WatchStatus);
    const trafficMoved = lastStage === 'PRODUCTION_TRAFFIC_SHIFT' && state.lifecycleStage === lastStage && state.productionTraffic !== lastTraffic;
    if (state.strategy !== undefined && trafficMoved && state.productionTraffic !== undefined) {
      // A linear or canary step: the share moved, and the wait before the next one starts again.
      stageSince = clock.now();
      stageWaitMs = waitOf(sd, 'PRODUCTION_TRAFFIC_SHIFT', state.productionTraffic);
      log.info(`Production traffic on the new revision: ${state.productionTraffic}%${stageWaitMs !== undefined ? `; the next shift in ${formatDuration(stageWaitMs)}` : ''}.`);
    }
    lastTraffic = state.productionTraffic;
    if (state.lifecycleStage !== undefined && state.lifecycleStage !== lastStage && state.strategy !== undefined) {
      lastStage = state.lifecycleStage;
      stageSince = clock.now();
      stages.push({ stage: lastStage, atMs: stageSince - start, ...(state.productionTraffic !== undefined ? { productionTraffic: state.productionTraffic } : {}) });
      stageWaitMs = waitOf(sd, lastStage, state.productionTraffic);
      log.info(`${stageLine(lastStage)}${stageWaitMs !== undefined ? ` It lasts ${formatDuration(stageWaitMs)}.` : ''}`);
    }
    if (state.phase === 'paused' && state.hook && !opts.actedOn?.has(state.hook.hookId)) {
      const hook = state.hook;
      const mode = opts.onPause ?? 'exit';
      if (!pausesSeen.has(hook.hookId)) {
        pausesSeen.add(hook.hookId);
        log.info(pauseLine(hook, mode));
        if (mode === 'continue' && sdArn && opts.continueHook) {
          await opts.continueHook(sdArn, hook);
        }
      }
      if (mode === 'exit') return finish('paused');
    }

    const now = clock.now();
    if (now >= deadline) {
      if (state.phase === 'rolling-back') return finish('rolled-back');
      return finish('timed-out');
    }
    if (now - lastRemainingNote >= REMAINING_EVERY_MS) {
      const stageLeft = stageWaitMs !== undefined && lastStage ? `; about ${formatDuration(Math.max(0, stageWaitMs - (now - stageSince)))} left of ${lastStage}` : '';
      log.info(`Still waiting: ${formatDuration(now - start)} so far, ${formatDuration(deadline - now)} left of the timeout${stageLeft}.`);
      lastRemainingNote = now;
    }
    await clock.sleep(Math.min(opts.pollMs, Math.max(0, deadline - now)), opts.signal);
  }
}

/** How long `stage` waits by configuration, in ms; undefined when it does not (or ECS did not say). */
function waitOf(sd: ServiceDeployment | undefined, stage: string, productionTraffic: number | undefined): number | undefined {
  const minutes = sd ? stageWaitMinutes(sd, stage, productionTraffic) : undefined;
  return minutes !== undefined && minutes > 0 ? minutes * 60_000 : undefined;
}

/** The service deployment that this step's UpdateService started, when ECS did not name it. */
async function findServiceDeployment(ecs: ECSClient, opts: WatchOptions): Promise<string | undefined> {
  const found = await listServiceDeployments(ecs, opts.cluster, opts.service, { createdAfter: new Date(opts.since - 5000) });
  return found.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0]?.serviceDeploymentArn;
}

async function stoppedTasksOf(opts: WatchOptions, ctx: WatchContext): Promise<Task[]> {
  try {
    const tasks = await describeStoppedTasks(ctx.ecs, opts.cluster, opts.service, 50);
    // Tasks of the new revision, and of this step's deployment where ECS says which started them.
    const ours = (t: Task) =>
      t.taskDefinitionArn === opts.tracked.taskDefinitionArn &&
      (!opts.tracked.deploymentId || !t.startedBy?.startsWith('ecs-svc/') || t.startedBy === opts.tracked.deploymentId);
    return tasks.filter(ours).slice(0, 10);
  } catch (error) {
    ctx.log.warning(`Could not read the stopped tasks: ${(error as Error).message}`);
    return [];
  }
}
