/**
 * What a run of the action did, as the flows record it: facts as they happen, and how the flow ended.
 * Nothing here is a status: `conclude` alone turns an Outcome into status, outputs and exit code.
 */
import type { DriftReport } from './drift.js';
import type { PausedHook, RolloutState } from './rollout.js';
import type { StoppedTaskView } from './stop-cause.js';
import type { TaskDefinitionDiff } from './task-def-diff.js';

/** The `status` output. The README's status table lists them with their exit codes. */
export type StepStatus =
  | 'started'
  | 'unchanged'
  | 'completed'
  | 'planned'
  | 'failed'
  | 'rolled-back'
  | 'timed-out'
  | 'superseded'
  | 'cancelled'
  | 'pre-deploy-failed'
  | 'paused'
  | 'checked'
  | 'drifted'
  | 'error';

export interface ImageLine {
  container: string;
  /** As given (or as the rollback target holds it). */
  given: string;
  /** As registered: digest-pinned where resolved. */
  registered: string;
}

/** The one-off task run before the rollout (`pre-deploy-command`). */
export interface PreDeployFacts {
  container: string;
  command: string[];
  /** A dry run: the RunTask request it would send, as JSON. */
  request?: string;
  taskArn?: string;
  /** The container's exit code; undefined when it never ran. */
  exitCode?: number;
  stopCode?: string;
  /** AWS text: shown escaped. */
  stoppedReason?: string;
  /** AWS text: the container's own reason (e.g. OutOfMemoryError). */
  containerReason?: string;
  /** RunTask started no task: ECS's failure reason (e.g. RESOURCE:MEMORY). */
  failureReason?: string;
  /** Our words: what happened and what to check (src/core/stop-cause.ts). */
  cause?: string;
  durationMs?: number;
  /** The step stopped the task (timeout or cancellation), with this reason. */
  stoppedBy?: string;
}

/** The last log lines of a container of a stopped task, or why there are none. */
export interface LogTail {
  taskArn: string;
  container: string;
  /** AWS text, oldest first. */
  lines: string[];
  /** Where they were read: `<group> <stream>`. */
  source?: string;
  /** Why there are no lines (no awslogs driver, no stream yet, denied). */
  note?: string;
}

/** Facts a flow records as it goes, so that a failure part-way still reports how far it got. */
export interface RunFacts {
  /** A deploy from the template, a rollback run, a resume of a paused deployment, or a drift check. */
  kind: 'deploy' | 'rollback' | 'resume' | 'drift-check';
  cluster: string;
  service: string;
  region?: string;
  /** The revision the service served when the step began. */
  previousTaskDefinitionArn?: string;
  /** A revision this step registered (whether or not the service was then pointed at it). */
  registeredArn?: string;
  /** The revision the service was pointed at, serves already (unchanged), or would be pointed at (rollback plan). */
  taskDefinitionArn?: string;
  /** UpdateService succeeded: the service points at `taskDefinitionArn`. */
  changed: boolean;
  /** The ECS deployment (`ecs-svc/...`) UpdateService started. */
  deploymentId?: string;
  /** The registered image of the main container. */
  image?: string;
  images: ImageLine[];
  /** Keys only: overlay values are never recorded. */
  environmentKeys: string[];
  secretKeys: string[];
  /** A dry run's diff, against the serving revision. */
  plan?: { diff: TaskDefinitionDiff; against: string };
  /** What keep-revisions deregistered after a completed rollout. */
  cleanup?: { keep: number; removed: string[]; kept?: Array<{ reason: string; count: number }>; /** With delete-revisions: those ECS took for deletion. */ deleted?: string[] };
  preDeploy?: PreDeployFacts;
  /** Log tails of failing containers (pre-deploy task, or stopped tasks of a failed rollout). */
  logTails: LogTail[];
  /** Why the rollout's tasks stopped, in our words (src/core/stop-cause.ts). */
  cause?: string;
  /** The rollout this step followed completed. */
  completed?: boolean;
  /** The SSM parameter set to the image after the completed rollout (`image-parameter`). */
  imageParameter?: { name: string; value: string; version?: number };
  /** A drift check's report. */
  drift?: DriftReport;
  /** The service deployment (ServiceDeployments API) this step followed or acted on. */
  serviceDeploymentArn?: string;
  /** BLUE_GREEN, LINEAR or CANARY when the service uses an ECS-native strategy. */
  strategy?: string;
  /** The lifecycle stages the followed deployment entered, in order (native strategies). */
  stages: StageEntry[];
  /** The PAUSE hook the deployment holds at when the step ended `paused`. */
  pause?: PausedHook;
  /** PAUSE hooks this step continued or rolled back (on-pause: continue, or resume). */
  hookActions: Array<{ hookId: string; stage: string; action: 'CONTINUE' | 'ROLLBACK' }>;
  /** What the step did about its deployment when it timed out or was cancelled (on-abort). */
  abort?: AbortFacts;
  /** A release of several services and schedules. */
  release?: ReleaseFacts;
}

/** A lifecycle stage as the watch saw it entered. */
export interface StageEntry {
  stage: string;
  /** ms after the watch began. */
  atMs: number;
  /** Production traffic on the new revision when seen (native strategies), percent. */
  productionTraffic?: number;
}

/** on-abort: StopServiceDeployment ROLLBACK was asked (`stopped`), failed, was not possible, or was not wanted (`left`). */
export type AbortFacts =
  | { action: 'stopped'; serviceDeploymentArn: string }
  | { action: 'stop-failed'; serviceDeploymentArn: string; message: string }
  | { action: 'already-ended'; serviceDeploymentArn: string; message: string }
  | { action: 'unknown-deployment' }
  | { action: 'left' };

export function newFacts(kind: RunFacts['kind'], cluster: string, service: string, region?: string): RunFacts {
  const facts: RunFacts = { kind, cluster, service, changed: false, images: [], environmentKeys: [], secretKeys: [], logTails: [], stages: [], hookActions: [] };
  if (region) facts.region = region;
  return facts;
}

/** How a rollout watch ended. */
export type WatchStatus = 'completed' | 'paused' | 'failed' | 'rolled-back' | 'superseded' | 'timed-out' | 'cancelled';

export interface WatchResult {
  status: WatchStatus;
  state?: RolloutState;
  /** Service events since the step began, oldest first. */
  events: string[];
  /** Stopped tasks of the new revision, one line each, on failure. */
  stoppedTasks: string[];
  /** The same tasks (newest first), for the cause and the log tails. */
  stopped: StoppedTaskView[];
  durationMs: number;
  /** The service deployment followed, when the ServiceDeployments API named it. */
  serviceDeploymentArn?: string;
}

/** How a flow ended when it did not throw. */
export type FlowEnd =
  /** A dry run: read and rendered, wrote nothing. */
  | { type: 'planned' }
  /** Nothing to do: the service serves the rendered revision (or the rollback target) already. */
  | { type: 'unchanged' }
  /** The service was pointed at the revision and `wait` is false. */
  | { type: 'started' }
  /** The rollout was followed to `watch.status`. */
  | { type: 'watched'; watch: WatchResult; timeoutMinutes: number }
  /** The pre-deploy task did not exit 0 (`failed`), or was stopped at the timeout or on cancellation: the service was not changed. */
  | { type: 'pre-deploy'; ended: 'failed' | 'timed-out' | 'cancelled'; timeoutMinutes: number }
  /** A drift check answered its three questions; with `fail` (fail-on-drift), a drift fails the step. */
  | { type: 'drift'; drifted: boolean; fail: boolean }
  /** A release of several services and schedules: each one's end is in `facts.release`. */
  | { type: 'release' };

/** One service of a release: its own facts and end, and the rollback on-partial-failure made of it. */
export interface MemberRun {
  /** The service's name, as the outputs key it. */
  name: string;
  facts: RunFacts;
  end?: FlowEnd;
  error?: unknown;
  /** on-partial-failure rollback: this step put the service back on its previous revision. */
  restore?: { facts: RunFacts; end?: FlowEnd; error?: unknown };
}

/** One schedule of a release (an EventBridge rule or a Scheduler schedule). */
export interface ScheduleRun {
  /** `rule:nightly`, `schedule:jobs/report`: as the outputs key it. */
  id: string;
  previousArn?: string;
  taskDefinitionArn?: string;
  changed: boolean;
  /** Why it was not touched (a service did not complete; dry run). */
  skipped?: string;
  error?: unknown;
}

export interface ReleaseFacts {
  services: MemberRun[];
  schedules: ScheduleRun[];
  /** Some service did not complete: which, and what on-partial-failure did. */
  partialFailure?: { policy: 'rollback' | 'keep'; failed: string[] };
  /** A dry run: nothing written. */
  planned?: boolean;
}

/** Everything conclude needs. Exactly one of `end` and `error` is set. */
export interface Outcome {
  facts?: RunFacts;
  end?: FlowEnd;
  /** What a flow (or reading the inputs) threw. */
  error?: unknown;
  durationMs: number;
}
