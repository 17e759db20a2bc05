/**
 * The resume flow: a later job (often one behind a protected environment) continues or rolls back the
 * deployment that an earlier step left paused at a PAUSE lifecycle hook, then follows it to its end (or
 * its next pause) and concludes as a deploy does. Nothing is rendered or registered.
 */
import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import { continueServiceDeployment, describeService, describeServiceDeployment, describeTaskDefinition } from '../aws/ecs.js';
import { checkService } from '../core/deploy-rules.js';
import { DeployError } from '../core/errors.js';
import type { Settings } from '../core/inputs.js';
import type { FlowEnd, RunFacts, WatchResult } from '../core/outcome.js';
import { awaitingPause, interpretFromServiceDeployment, timeoutActionText, type Tracked } from '../core/rollout.js';
import type { ContainerDefinition } from '../core/types.js';
import type { Ports } from '../ports.js';
import { afterWatch, follow } from '../steps/roll-out.js';

const ENDED = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']);
const ROLLING_BACK = new Set(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS']);

/** What the deployment does when it is not paused, in one line (the step says it instead of acting). */
function notPausedLine(sd: ServiceDeployment): string {
  const arn = sd.serviceDeploymentArn ?? '?';
  const status = sd.status ?? '?';
  if (ENDED.has(status)) return `Service deployment ${arn} is not paused: it already ended ${status}.`;
  if (ROLLING_BACK.has(status)) return `Service deployment ${arn} is not paused: it is rolling back (${status}); following the rollback.`;
  const hooks = (sd.lifecycleHookDetails ?? []).filter((h) => h.targetType === 'PAUSE');
  const last = hooks[hooks.length - 1];
  if (last?.status === 'TIMED_OUT') {
    return `Service deployment ${arn} is not paused: its PAUSE hook ${last.hookId ?? '?'} expired${last.expiresAt ? ` at ${last.expiresAt.toISOString()}` : ''} and ECS ${timeoutActionText(last.timeoutAction)}; following it.`;
  }
  if (last?.status === 'SUCCEEDED') return `Service deployment ${arn} is not paused: its PAUSE hook ${last.hookId ?? '?'} was already continued; following it (stage ${sd.lifecycleStage ?? '?'}).`;
  if (last?.status === 'FAILED') return `Service deployment ${arn} is not paused: its PAUSE hook ${last.hookId ?? '?'} was already rolled back; following it.`;
  return `Service deployment ${arn} is not paused (${status}, stage ${sd.lifecycleStage ?? '?'}); following it.`;
}

/** The revisions the service deployment moves between: the PRIMARY deployment (green) and the ACTIVE one (blue). */
function trackedOf(service: Service): Tracked {
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  const active = service.deployments?.find((d) => d.status === 'ACTIVE');
  return {
    taskDefinitionArn: primary?.taskDefinition ?? service.taskDefinition ?? '?',
    previousArn: active?.taskDefinition ?? '',
    ...(primary?.id ? { deploymentId: primary.id } : {}),
  };
}

export async function resume(settings: Settings, ctx: Ports, facts: RunFacts): Promise<FlowEnd> {
  const { log } = ctx;
  const action = settings.resume === 'rollback' ? 'ROLLBACK' : 'CONTINUE';
  const service = await describeService(ctx.ecs, settings.cluster, settings.service);
  checkService(service, settings.cluster);
  const sdArn = settings.serviceDeploymentArn ?? service.currentServiceDeployment;
  if (!sdArn) {
    throw new DeployError(`Service "${settings.service}" has no current service deployment to resume; give service-deployment-arn (the output of the step that paused).`);
  }
  facts.serviceDeploymentArn = sdArn;
  const sd = await describeServiceDeployment(ctx.ecs, sdArn);
  if (!sd) throw new DeployError(`Service deployment ${sdArn} was not found (DescribeServiceDeployments named it a failure). Check service-deployment-arn.`);
  if (sd.serviceArn && service.serviceArn && sd.serviceArn !== service.serviceArn) {
    throw new DeployError(`Service deployment ${sdArn} belongs to ${sd.serviceArn}, not to service "${settings.service}". Check service and service-deployment-arn.`);
  }
  if (sd.deploymentConfiguration?.strategy) facts.strategy = sd.deploymentConfiguration.strategy;

  const tracked = trackedOf(service);
  facts.taskDefinitionArn = tracked.taskDefinitionArn;
  if (tracked.previousArn) facts.previousTaskDefinitionArn = tracked.previousArn;
  if (tracked.deploymentId) facts.deploymentId = tracked.deploymentId;
  const containers = await imagesOf(ctx, facts, tracked.taskDefinitionArn);

  const hook = sd.status === 'IN_PROGRESS' ? awaitingPause(sd) : undefined;
  if (hook) {
    log.info(`Service deployment ${sdArn} is paused at ${hook.stage} (PAUSE hook ${hook.hookId}); resume is ${settings.resume}: ContinueServiceDeployment ${action}.`);
    await continueServiceDeployment(ctx.ecsWrites, sdArn, hook.hookId, action);
    facts.hookActions.push({ hookId: hook.hookId, stage: hook.stage, action });
    facts.changed = true;
    await ctx.onServiceChanged?.(facts);
  } else {
    const status = sd.status ?? '';
    // Asked to roll back a deployment that goes on: saying "resumed" would lie, and no write was asked for that.
    if (action === 'ROLLBACK' && !ENDED.has(status) && !ROLLING_BACK.has(status)) {
      throw new DeployError(
        `${notPausedLine(sd).replace(/; following it.*$/, '.')} resume: rollback acts only on a paused deployment; ` +
          `let it end and use rollback-to: ${tracked.previousArn || 'the previous revision'}, or stop it with StopServiceDeployment.`,
      );
    }
    log.info(notPausedLine(sd));
    if (ENDED.has(status)) return ended(settings, ctx, facts, containers, sd, service, tracked);
  }

  const watch = await follow(settings, ctx, facts, {
    cluster: settings.cluster,
    service: settings.service,
    tracked,
    serviceDeploymentArn: sdArn,
    since: ctx.clock.now(),
    knownEventIds: (service.events ?? []).map((e) => e.id).filter((id): id is string => !!id),
  });
  return afterWatch(settings, ctx, facts, containers, watch);
}

/** A deployment that ended before this step: conclude from what ECS says (a completed one is marked, as a deploy would). */
async function ended(
  settings: Settings,
  ctx: Ports,
  facts: RunFacts,
  containers: readonly ContainerDefinition[],
  sd: ServiceDeployment,
  service: Service,
  tracked: Tracked,
): Promise<FlowEnd> {
  const state = interpretFromServiceDeployment(sd, service, tracked);
  if (state.phase !== 'completed') {
    // Back on the revision it served before: the one the deployment moved to is no longer named by the service.
    if (service.taskDefinition) facts.previousTaskDefinitionArn = service.taskDefinition;
    delete facts.taskDefinitionArn;
  }
  const status = state.phase === 'completed' || state.phase === 'rolled-back' || state.phase === 'superseded' ? state.phase : 'failed';
  const watch: WatchResult = { status, state, events: [], stoppedTasks: [], stopped: [], durationMs: 0 };
  if (sd.serviceDeploymentArn) watch.serviceDeploymentArn = sd.serviceDeploymentArn;
  return afterWatch(settings, ctx, facts, containers, watch);
}

/** The images of the revision the deployment moves to (the outputs and image-parameter name them). */
async function imagesOf(ctx: Ports, facts: RunFacts, arn: string): Promise<readonly ContainerDefinition[]> {
  const { taskDefinition } = await describeTaskDefinition(ctx.ecs, arn, 'task definition of the deployment');
  const containers = taskDefinition.containerDefinitions;
  facts.images = containers.filter((c) => c.image).map((c) => ({ container: c.name, given: c.image as string, registered: c.image as string }));
  const image = containers[0]?.image;
  if (image) facts.image = image;
  return containers;
}
