/**
 * The pre-deploy task: one task of the revision about to be deployed, run like one of the service's own
 * tasks but with the container's command overridden (database migrations), before UpdateService. The
 * service is updated only when the container exits 0. A timeout or a cancellation stops the task.
 */
import { randomBytes } from 'node:crypto';
import type { Service, Task } from '@aws-sdk/client-ecs';
import { isAwsError } from '../aws/call.js';
import { describeTask, runTask, stopTask } from '../aws/ecs.js';
import { resourceName } from '../core/arn.js';
import { formatCommand } from '../core/command.js';
import { CancelledError } from '../core/errors.js';
import { formatDuration } from '../core/format.js';
import type { Settings } from '../core/inputs.js';
import type { FlowEnd, PreDeployFacts, RunFacts } from '../core/outcome.js';
import { clientTokenFor, runTaskRequest, startedByFor } from '../core/run-task.js';
import { classifyPlacement, classifyStop } from '../core/stop-cause.js';
import { TAG_KEYS, TAG_PREFIX } from '../core/tags.js';
import type { ContainerDefinition, Tag } from '../core/types.js';
import type { Ports } from '../ports.js';
import { fetchLogTails } from './container-logs.js';
import { safeWrite } from './write.js';

export interface PreDeployRequest {
  /** The service as described at the start of the step, with its tags. */
  service: Service;
  /** The revision the task runs: the one this step is about to deploy. */
  arn: string;
  containers: readonly ContainerDefinition[];
  /** The container whose command is overridden. */
  container: string;
  /** The tags of the revision: its provenance tags go on the task. */
  revisionTags: readonly Tag[];
}

/** A failing DescribeTasks is said once, then every this many failures in a row. */
const WARN_EVERY_ERRORS = 10;

/** The provenance tags of a revision, for its task (not the per-attempt token or the rollout mark). */
export function taskTags(revisionTags: readonly Tag[]): Tag[] {
  const skip = new Set<string>([TAG_KEYS.registerToken, TAG_KEYS.rolloutCompleted]);
  return revisionTags.filter((t) => t.key.startsWith(TAG_PREFIX) && !skip.has(t.key));
}

/** The RunTask request of the pre-deploy task (also what a dry run shows). */
export function preDeployRequest(settings: Settings, ctx: Pick<Ports, 'run'>, req: PreDeployRequest, clientToken: string) {
  return runTaskRequest(req.service, {
    cluster: settings.cluster,
    taskDefinitionArn: req.arn,
    container: req.container,
    command: settings.preDeployCommand,
    startedBy: startedByFor(ctx.run.runId),
    tags: taskTags(req.revisionTags),
    clientToken,
  });
}

/** "PENDING", "RUNNING", "STOPPED (exit 0)": the task's state for the progress line. */
function stateOf(task: Task, container: string): string {
  const status = task.lastStatus ?? 'UNKNOWN';
  if (status !== 'STOPPED') return status;
  const exit = task.containers?.find((c) => c.name === container)?.exitCode;
  return `STOPPED (${exit !== undefined ? `exit ${exit}` : 'no exit code'}${task.stopCode ? `, ${task.stopCode}` : ''})`;
}

/**
 * Runs the task and waits for it to stop. Undefined when the container exited 0 (go on with the rollout);
 * otherwise how the flow ends, with what happened recorded in `facts.preDeploy`.
 */
export async function runPreDeployTask(settings: Settings, ctx: Ports, facts: RunFacts, req: PreDeployRequest): Promise<FlowEnd | undefined> {
  const { log, clock } = ctx;
  const pre: PreDeployFacts = { container: req.container, command: settings.preDeployCommand };
  facts.preDeploy = pre;
  const end = (ended: 'failed' | 'timed-out' | 'cancelled'): FlowEnd => ({ type: 'pre-deploy', ended, timeoutMinutes: settings.timeoutMinutes });
  // Stable across the retries of this attempt only: a retried RunTask returns the task already started.
  const clientToken = clientTokenFor([ctx.run.runId ?? 'local', ctx.run.runAttempt ?? '1', req.arn, randomBytes(8).toString('hex')]);
  const request = preDeployRequest(settings, ctx, req, clientToken);
  log.info(`Running the pre-deploy task of ${req.arn}: container ${req.container}, command ${formatCommand(settings.preDeployCommand)}`);
  if (ctx.signal.aborted) throw new CancelledError('Cancelled before the pre-deploy task started; the service was not changed.');
  const start = clock.now();
  const started = await safeWrite(ctx, { what: `Running the pre-deploy task of ${req.arn}`, write: () => runTask(ctx.ecsWrites, request) });
  if (!started.task?.taskArn) {
    const reason = started.failures.map((f) => f.reason ?? 'unknown').join(', ') || 'no reason given';
    pre.failureReason = reason;
    pre.cause = classifyPlacement(reason)?.line ?? 'ECS started no task: check the cluster has capacity for the task, and the reason above.';
    log.info(`ECS started no pre-deploy task: ${reason}.`);
    return end('failed');
  }
  const taskArn = started.task.taskArn;
  pre.taskArn = taskArn;
  log.info(`Pre-deploy task ${taskArn} started (startedBy ${request.startedBy}).`);

  let task: Task = started.task;
  let last = '';
  let errors = 0;
  for (;;) {
    const state = stateOf(task, req.container);
    if (state !== last) {
      log.info(`[${formatDuration(clock.now() - start)}] pre-deploy task ${resourceName(taskArn)}: ${state}`);
      last = state;
    }
    if (task.lastStatus === 'STOPPED') break;
    if (ctx.signal.aborted) {
      await stopOnAbort(settings, ctx, pre, taskArn, `the workflow run ${runName(ctx)} was cancelled`);
      pre.durationMs = clock.now() - start;
      return end('cancelled');
    }
    const now = clock.now();
    if (now >= ctx.deadline) {
      await stopOnAbort(settings, ctx, pre, taskArn, `timeout-minutes (${settings.timeoutMinutes}) passed in the workflow run ${runName(ctx)}`);
      pre.durationMs = clock.now() - start;
      return end('timed-out');
    }
    await clock.sleep(Math.min(settings.pollSeconds * 1000, ctx.deadline - now), ctx.signal);
    if (ctx.signal.aborted) continue;
    try {
      task = (await describeTask(ctx.ecsPolls, settings.cluster, taskArn)) ?? task;
      errors = 0;
    } catch (error) {
      if (!isAwsError(error, 'throttled', 'transient')) throw error;
      if (++errors === 1 || errors % WARN_EVERY_ERRORS === 0) {
        log.warning(`Describing the pre-deploy task failed${errors > 1 ? ` ${errors} times in a row` : ''} (${(error as Error).message}); trying again.`);
      }
    }
  }

  pre.durationMs = clock.now() - start;
  const container = task.containers?.find((c) => c.name === req.container);
  if (container?.exitCode !== undefined) pre.exitCode = container.exitCode;
  if (task.stopCode) pre.stopCode = task.stopCode;
  if (task.stoppedReason) pre.stoppedReason = task.stoppedReason;
  if (container?.reason) pre.containerReason = container.reason;
  if (pre.exitCode === 0) {
    log.info(`The pre-deploy task exited 0 after ${formatDuration(pre.durationMs)}; going on with the rollout.`);
    return undefined;
  }
  const essential = req.containers.filter((c) => c.essential !== false).map((c) => c.name);
  pre.cause = classifyStop(task, essential, req.container).line;
  log.info(`The pre-deploy task failed: ${pre.cause}`);
  facts.logTails.push(
    ...(await fetchLogTails(ctx, { region: settings.region, containers: req.containers, tasks: [task], lines: settings.logLines, focus: req.container })),
  );
  return end('failed');
}

function runName(ctx: Pick<Ports, 'run'>): string {
  return ctx.run.runUrl ?? (ctx.run.runId ? `#${ctx.run.runId}` : '(local run)');
}

/** StopTask at once (seconds count when cancelled): one attempt, and a failure is said, not thrown. */
async function stopOnAbort(settings: Settings, ctx: Ports, pre: PreDeployFacts, taskArn: string, why: string): Promise<void> {
  const reason = `Stopped by ecs-template-deploy: ${why}`;
  try {
    await stopTask(ctx.ecsWrites, settings.cluster, taskArn, reason);
    pre.stoppedBy = reason;
    ctx.log.info(`Stopped the pre-deploy task ${taskArn}: ${why}.`);
  } catch (error) {
    ctx.log.warning(`Could not stop the pre-deploy task ${taskArn} (${(error as Error).message}); stop it by hand (aws ecs stop-task).`);
  }
}
