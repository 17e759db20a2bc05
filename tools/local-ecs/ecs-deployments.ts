// ECS service deployment operations: ListServiceDeployments, DescribeServiceDeployments,
// ContinueServiceDeployment, StopServiceDeployment; and DescribeServiceRevisions.
import type { Handler, OpContext } from './context.js';
import { conflict, invalidParameter, requireString, serviceDeploymentNotFound } from './errors.js';
import { requireService } from './ecs-services.js';
import { paginate } from './pagination.js';
import { renderServiceDeployment, renderServiceDeploymentBrief, renderServiceRevision } from './render.js';
import type { JsonObject, ServiceDeploymentRecord } from './state.js';

/** Epoch seconds (as the JSON protocol sends timestamps) to ms. */
function timeMs(value: unknown): number | undefined {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string' && value !== '') return Date.parse(value);
  return undefined;
}

function arnList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidParameter(`${name} cannot be empty.`);
  if (value.length > 20) throw invalidParameter(`${name} can have at most 20 items.`);
  return value.map(String);
}

export const ListServiceDeployments: Handler = (p, ctx) => {
  const svc = requireService(ctx, p.cluster, p.service);
  const statuses = Array.isArray(p.status) && p.status.length > 0 ? new Set(p.status.map(String)) : undefined;
  const createdAt = typeof p.createdAt === 'object' && p.createdAt !== null ? (p.createdAt as JsonObject) : {};
  const before = timeMs(createdAt.before);
  const after = timeMs(createdAt.after);
  const matching = [...ctx.state.serviceDeployments.values()]
    .filter(
      (sd) =>
        sd.serviceArn === svc.arn &&
        (statuses === undefined || statuses.has(sd.status)) &&
        (before === undefined || sd.createdAt < before) &&
        (after === undefined || sd.createdAt > after),
    )
    .sort((a, b) => b.createdAt - a.createdAt);
  const page = paginate(matching, p.maxResults, p.nextToken, { defaultSize: 20, maxSize: 100 });
  return { serviceDeployments: page.items.map(renderServiceDeploymentBrief), nextToken: page.nextToken };
};

export const DescribeServiceDeployments: Handler = (p, ctx) => {
  const serviceDeployments: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const arn of arnList(p.serviceDeploymentArns, 'serviceDeploymentArns')) {
    const sd = ctx.state.serviceDeployments.get(arn);
    if (sd) serviceDeployments.push(renderServiceDeployment(ctx.state, sd));
    else failures.push({ arn, reason: 'MISSING' });
  }
  return { serviceDeployments, failures };
};

/**
 * DescribeServiceRevisions: 1..20 service revision ARNs (else InvalidParameterException); each one the endpoint
 * has a record of is described (whether or not a deployment still runs it), any other is a MISSING failure.
 */
export const DescribeServiceRevisions: Handler = (p, ctx) => {
  const serviceRevisions: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const arn of arnList(p.serviceRevisionArns, 'serviceRevisionArns')) {
    const rev = ctx.state.serviceRevisions.get(arn);
    if (rev) serviceRevisions.push(renderServiceRevision(rev));
    else failures.push({ arn, reason: 'MISSING' });
  }
  return { serviceRevisions, failures };
};

/** The ServiceDeployment a request's `serviceDeploymentArn` names, which must exist. */
function requireServiceDeployment(ctx: OpContext, value: unknown): ServiceDeploymentRecord {
  const sd = ctx.state.serviceDeployments.get(requireString(value, 'serviceDeploymentArn'));
  if (!sd) throw serviceDeploymentNotFound();
  return sd;
}

/** `value` when it is one of `allowed`, `fallback` when absent; else InvalidParameterException. */
function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw invalidParameter(`${name} '${String(value)}' is not valid. Valid values are ${allowed.join(' and ')}.`);
}

export const ContinueServiceDeployment: Handler = (p, ctx) => {
  const sd = requireServiceDeployment(ctx, p.serviceDeploymentArn);
  const hookId = requireString(p.hookId, 'hookId');
  const action = oneOf(p.action, 'action', ['CONTINUE', 'ROLLBACK'] as const, 'CONTINUE');
  const hook = sd.lifecycleHookDetails?.find((h) => h.hookId === hookId);
  if (!hook) throw invalidParameter(`The lifecycle hook ${hookId} was not found in service deployment ${sd.arn}.`);
  if (sd.status !== 'IN_PROGRESS') {
    throw invalidParameter(`The service deployment ${sd.arn} is ${sd.status}; only a deployment IN_PROGRESS can be continued.`);
  }
  if (hook.status !== 'AWAITING_ACTION') {
    throw invalidParameter(`The lifecycle hook ${hookId} is ${hook.status}, not AWAITING_ACTION.`);
  }
  ctx.sim.continueHook(sd, hookId, action, ctx.now);
  return { serviceDeploymentArn: sd.arn };
};

/** Where StopServiceDeployment lets a deployment already stopping or rolling back carry on. */
const STOPPING = new Set(['STOP_REQUESTED', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS']);

export const StopServiceDeployment: Handler = (p, ctx) => {
  const sd = requireServiceDeployment(ctx, p.serviceDeploymentArn);
  const stopType = oneOf(p.stopType, 'stopType', ['ROLLBACK', 'ABORT'] as const, 'ROLLBACK');
  if (STOPPING.has(sd.status)) return { serviceDeploymentArn: sd.arn };
  if (sd.status !== 'PENDING' && sd.status !== 'IN_PROGRESS') {
    throw conflict(`The service deployment ${sd.arn} is ${sd.status} and can't be stopped.`, [sd.arn]);
  }
  ctx.sim.stopDeployment(sd, stopType, ctx.now);
  return { serviceDeploymentArn: sd.arn };
};
