// ECS TagResource on task definitions, services and clusters.
import * as arns from './arns.js';
import type { Handler, OpContext } from './context.js';
import { invalidParameter, requireString, resourceNotFound } from './errors.js';
import { validTags } from './ecs-task-definitions.js';
import type { Tag } from './types.js';

const MAX_TAGS = 50;

interface Tagged {
  tags: Tag[];
}

function taggedResource(ctx: OpContext, arn: string): Tagged {
  const td = ctx.state.taskDefinitions.get(arn);
  if (td) return td;
  const svcRef = arns.parseService(arn);
  if (arn.includes(':service/') && svcRef.cluster) {
    const svc = ctx.state.service(svcRef.cluster, svcRef.name);
    if (svc) return svc;
  }
  const cluster = arn.includes(':cluster/') ? ctx.state.clusters.get(arns.clusterName(arn)) : undefined;
  if (cluster) return cluster;
  throw resourceNotFound();
}

export const TagResource: Handler = (p, ctx) => {
  const resource = taggedResource(ctx, requireString(p.resourceArn, 'resourceArn'));
  const tags = validTags(p.tags);
  const merged = new Map(resource.tags.map((t) => [t.key, t]));
  for (const t of tags) merged.set(t.key, t);
  if (merged.size > MAX_TAGS) throw invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`);
  resource.tags = [...merged.values()];
  return {};
};
