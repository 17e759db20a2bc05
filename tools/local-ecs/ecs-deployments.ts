// ECS service deployment operations: ListServiceDeployments, DescribeServiceDeployments.
import type { Handler } from './context.js';
import { invalidParameter } from './errors.js';
import { requireService } from './ecs-services.js';
import { paginate } from './pagination.js';
import { renderServiceDeployment, renderServiceDeploymentBrief } from './render.js';
import type { JsonObject } from './state.js';

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
