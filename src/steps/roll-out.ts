/**
 * The act shared by a deploy and a rollback: point the service at a revision, then (with `wait`) follow
 * the rollout to its end, and mark a completed revision so that `rollback-to: previous` can find it.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { continueServiceDeployment, describeService, tagResource, updateService } from '../aws/ecs.js';
import { deploymentConfiguration } from '../core/deploy-rules.js';
import { DeployError } from '../core/errors.js';
import type { Settings } from '../core/inputs.js';
import type { FlowEnd, RunFacts, WatchResult } from '../core/outcome.js';
import { classifyPlacement, classifyStop } from '../core/stop-cause.js';
import { TAG_KEYS } from '../core/tags.js';
import type { ContainerDefinition } from '../core/types.js';
import type { Ports } from '../ports.js';
import { abandonDeployment } from './abort.js';
import { fetchLogTails } from './container-logs.js';
import { writeImageParameter } from './image-parameter.js';
import { watchRollout, type WatchOptions } from './watch.js';
import { safeWrite } from './write.js';

export interface RollOutRequest {
  /** The service as described at the start of the step. */
  service: Service;
  arn: string;
  previousArn: string;
  /** This step registered `arn` (a failed UpdateService then names it). */
  registeredNow: boolean;
  /** When the step began to change things (ms since epoch). */
  since: number;
  /** The container definitions of `arn`: whose logs to read when its tasks fail. */
  containers: readonly ContainerDefinition[];
}

export interface RollOutResult {
  end: FlowEnd;
  /** The service as UpdateService answered it. */
  updated: Service;
}

/** Points the service at `req.arn`, records it in `facts`, and follows the rollout when `wait` is set. */
export async function rollOut(settings: Settings, ctx: Ports, facts: RunFacts, req: RollOutRequest): Promise<RollOutResult> {
  const { log } = ctx;
  let updated: Service;
  const before = new Set((req.service.deployments ?? []).map((d) => d.id));
  try {
    updated = await safeWrite(ctx, {
      what: `Updating service ${settings.service}`,
      write: () =>
        updateService(ctx.ecsWrites, {
          cluster: settings.cluster,
          service: settings.service,
          taskDefinition: req.arn,
          deploymentConfiguration: deploymentConfiguration(req.service.deploymentConfiguration, settings.circuitBreaker, settings.alarms),
          ...(settings.desiredCount !== undefined ? { desiredCount: settings.desiredCount } : {}),
          ...(settings.forceNewDeployment ? { forceNewDeployment: true } : {}),
        }),
      // It took effect when the service has a new PRIMARY deployment of the revision.
      landed: async () => {
        const now = await describeService(ctx.ecs, settings.cluster, settings.service);
        const primary = now.deployments?.find((d) => d.status === 'PRIMARY');
        return primary && primary.taskDefinition === req.arn && !before.has(primary.id) ? now : undefined;
      },
    });
  } catch (error) {
    if (!req.registeredNow) throw error;
    throw new DeployError(
      `${(error as Error).message} The revision ${req.arn} was registered, but the service was not changed: it still serves ${req.service.taskDefinition}.`,
      { cause: error },
    );
  }
  // Only now does the service point at it: a failed UpdateService leaves the output empty (the error names the ARN).
  const primary = updated.deployments?.find((d) => d.status === 'PRIMARY');
  facts.taskDefinitionArn = req.arn;
  facts.changed = true;
  if (primary?.id) facts.deploymentId = primary.id;
  if (updated.currentServiceDeployment) facts.serviceDeploymentArn = updated.currentServiceDeployment;
  log.info(`Service ${settings.service} now points at ${req.arn}${primary?.id ? ` (deployment ${primary.id})` : ''}`);
  await ctx.onServiceChanged?.(facts);

  if (!settings.wait) {
    log.info('wait is false: not following the rollout.');
    return { end: { type: 'started' }, updated };
  }
  const watch = await follow(settings, ctx, facts, {
    cluster: settings.cluster,
    service: settings.service,
    tracked: { taskDefinitionArn: req.arn, previousArn: req.previousArn, ...(primary?.id ? { deploymentId: primary.id } : {}) },
    ...(updated.currentServiceDeployment ? { serviceDeploymentArn: updated.currentServiceDeployment } : {}),
    since: req.since,
    knownEventIds: (req.service.events ?? []).map((e) => e.id).filter((id): id is string => !!id),
  });
  return { end: await afterWatch(settings, ctx, facts, req.containers, watch), updated };
}

/**
 * Follows a deployment (this step's, or the one a resume acts on) with the step's on-pause, recording
 * its service deployment, stages, pause and hook actions in `facts`; on a timeout or a cancellation,
 * on-abort decides what becomes of it.
 */
export async function follow(
  settings: Settings,
  ctx: Ports,
  facts: RunFacts,
  opts: Omit<WatchOptions, 'timeoutMs' | 'pollMs' | 'signal' | 'onPause' | 'continueHook' | 'stages' | 'actedOn'>,
): Promise<WatchResult> {
  const continueHook: WatchOptions['continueHook'] = async (arn, hook) => {
    await continueServiceDeployment(ctx.ecsWrites, arn, hook.hookId, 'CONTINUE');
    facts.hookActions.push({ hookId: hook.hookId, stage: hook.stage, action: 'CONTINUE' });
    ctx.log.info(`Continued the PAUSE hook ${hook.hookId} at ${hook.stage}.`);
  };
  const watch = await ctx.log.group(`Rollout of ${opts.tracked.taskDefinitionArn}`, () =>
    watchRollout(
      {
        ...opts,
        timeoutMs: settings.timeoutMinutes * 60_000,
        pollMs: settings.pollSeconds * 1000,
        signal: ctx.signal,
        onPause: settings.onPause,
        continueHook,
        stages: facts.stages,
        actedOn: new Set(facts.hookActions.map((a) => a.hookId)),
      },
      { ...ctx, ecs: ctx.ecsPolls },
    ),
  );
  if (watch.serviceDeploymentArn) facts.serviceDeploymentArn = watch.serviceDeploymentArn;
  if (watch.state?.strategy) facts.strategy = watch.state.strategy;
  if (watch.status === 'paused' && watch.state?.hook) facts.pause = watch.state.hook;
  // Stop it first: a cancelled job has seconds before the runner kills it.
  if (watch.status === 'timed-out' || watch.status === 'cancelled') await abandonDeployment(settings.onAbort, ctx, facts);
  return watch;
}

/** After the watch: mark a completed revision (and write the image parameter), or explain a failure. */
export async function afterWatch(settings: Settings, ctx: Ports, facts: RunFacts, containers: readonly ContainerDefinition[], watch: WatchResult): Promise<FlowEnd> {
  const arn = facts.taskDefinitionArn ?? '?';
  if (watch.status === 'completed') {
    facts.completed = true;
    await markCompleted(ctx, arn, watch);
    await writeImageParameter(settings, ctx, facts);
  }
  if (watch.status === 'rolled-back' || watch.status === 'failed') await explainFailure(settings, ctx, facts, containers, watch);
  return { type: 'watched', watch, timeoutMinutes: settings.timeoutMinutes };
}

/** Tags a revision whose rollout completed; `rollback-to: previous` only picks revisions so marked. */
async function markCompleted(ctx: Ports, arn: string, watch: WatchResult): Promise<void> {
  ctx.log.info(`Rollout of ${arn} completed in ${Math.round(watch.durationMs / 1000)}s.`);
  if (ctx.marked?.has(arn)) return;
  ctx.marked?.add(arn);
  const mark = [{ key: TAG_KEYS.rolloutCompleted, value: new Date(ctx.clock.now()).toISOString() }];
  // Tagging twice is harmless, so a lost answer is simply sent again.
  await safeWrite(ctx, { what: `Marking ${arn} as completed`, write: () => tagResource(ctx.ecsWrites, arn, mark) }).catch((e: unknown) =>
    ctx.log.warning(`Could not mark ${arn} as completed (${(e as Error).message}); "rollback-to: previous" will not consider it.`),
  );
}

/** Why the new revision's tasks stopped, in one line, and the failing container's last log lines. */
async function explainFailure(settings: Settings, ctx: Ports, facts: RunFacts, containers: readonly ContainerDefinition[], watch: WatchResult): Promise<void> {
  const essential = containers.filter((c) => c.essential !== false).map((c) => c.name);
  const fromTask = watch.stopped[0] ? classifyStop(watch.stopped[0], essential) : undefined;
  const fromEvents = [...watch.events].reverse().map(classifyPlacement).find((c) => c !== undefined);
  const cause = fromTask && fromTask.kind !== 'other' ? fromTask : (fromEvents ?? fromTask);
  if (cause) {
    facts.cause = cause.line;
    ctx.log.info(`Cause: ${cause.line}`);
  }
  facts.logTails.push(...(await fetchLogTails(ctx, { region: settings.region, containers, tasks: watch.stopped, lines: settings.logLines })));
}
