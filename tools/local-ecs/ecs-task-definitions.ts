// ECS task definition operations: Register, Describe, Deregister, DeleteTaskDefinitions, ListTaskDefinitions.
import * as arns from './arns.js';
import type { Handler } from './context.js';
import { clientException, invalidParameter, requireString } from './errors.js';
import { paginate } from './pagination.js';
import { renderTaskDefinition } from './render.js';
import type { EcsState, JsonObject, TaskDefinitionRecord } from './state.js';
import { describeRegistration, validateRegistration } from './task-definition.js';
import type { Tag } from './types.js';

const PAGE = { defaultSize: 100, maxSize: 100 };
/** DeleteTaskDefinitions takes up to 10 revisions. */
const MAX_DELETE = 10;
const REVISION_REQUIRED = 'A task definition revision (family:revision or full ARN) must be specified.';

/** Validates tags as ECS does and returns copies. */
export function validTags(value: unknown): Tag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter('Tags must be a list.');
  return value.map((t: unknown) => {
    const tag = (typeof t === 'object' && t !== null ? t : {}) as { key?: unknown; value?: unknown };
    if (typeof tag.key !== 'string' || tag.key === '' || tag.key.length > 128) {
      throw invalidParameter('Tag keys must be between 1 and 128 characters.');
    }
    if (tag.value !== undefined && (typeof tag.value !== 'string' || tag.value.length > 256)) {
      throw invalidParameter('Tag values must be at most 256 characters.');
    }
    return tag.value === undefined ? { key: tag.key } : { key: tag.key, value: tag.value };
  });
}

/** Registers the next revision of a family (also used for seeding). */
export function registerTaskDefinition(
  state: EcsState,
  input: JsonObject,
  tags: Tag[],
  at: number,
  registeredBy: string,
): TaskDefinitionRecord {
  validateRegistration(input);
  const family = String(input.family);
  const revision = (state.familyRevisions.get(family) ?? 0) + 1;
  const arn = arns.taskDefinitionArn(state.partition, family, revision);
  const record: TaskDefinitionRecord = {
    arn,
    family,
    revision,
    status: 'ACTIVE',
    described: describeRegistration(input, { arn, revision, registeredAt: at, registeredBy }),
    registeredAt: at,
    tags,
  };
  state.familyRevisions.set(family, revision);
  state.taskDefinitions.set(arn, record);
  return record;
}

const includesTags = (include: unknown): boolean => Array.isArray(include) && include.includes('TAGS');

export const RegisterTaskDefinition: Handler = (p, ctx) => {
  const tags = validTags(p.tags);
  const td = registerTaskDefinition(ctx.state, p, tags, ctx.now, ctx.principalArn);
  return { taskDefinition: renderTaskDefinition(td), tags: td.tags.map((t) => ({ ...t })) };
};

export const DescribeTaskDefinition: Handler = (p, ctx) => {
  const ref = requireString(p.taskDefinition, 'taskDefinition');
  const td = ctx.state.findTaskDefinition(ref);
  if (!td) throw clientException('Unable to describe task definition.');
  const out: JsonObject = { taskDefinition: renderTaskDefinition(td) };
  if (includesTags(p.include)) out.tags = td.tags.map((t) => ({ ...t }));
  return out;
};

export const DeregisterTaskDefinition: Handler = (p, ctx) => {
  const ref = requireString(p.taskDefinition, 'taskDefinition');
  const parsed = arns.parseTaskDefinitionRef(ref);
  if (!parsed) throw clientException('The specified task definition does not exist.');
  if (parsed.revision === undefined) throw clientException(REVISION_REQUIRED);
  const td = ctx.state.findTaskDefinition(ref);
  if (!td) throw clientException('The specified task definition does not exist.');
  if (td.status === 'DELETE_IN_PROGRESS') {
    throw clientException('The specified task definition is DELETE_IN_PROGRESS and can no longer be deregistered.');
  }
  if (td.status === 'ACTIVE') {
    td.status = 'INACTIVE';
    td.deregisteredAt = ctx.now;
  }
  return { taskDefinition: renderTaskDefinition(td) };
};

/**
 * DeleteTaskDefinitions: 1..10 revisions (`family:revision` or ARN; a family alone or anything else refuses the
 * whole request, before anything is deleted). An INACTIVE revision moves to DELETE_IN_PROGRESS (and stays
 * described); one already DELETE_IN_PROGRESS is answered as it is; an ACTIVE one or an unknown one is a failure.
 */
export const DeleteTaskDefinitions: Handler = (p, ctx) => {
  const refs = p.taskDefinitions;
  if (!Array.isArray(refs) || refs.length === 0) throw invalidParameter('taskDefinitions cannot be empty.');
  if (refs.length > MAX_DELETE) throw invalidParameter(`taskDefinitions can have at most ${MAX_DELETE} items.`);
  const targets = refs.map((ref: unknown) => {
    const parsed = typeof ref === 'string' ? arns.parseTaskDefinitionRef(ref) : undefined;
    if (parsed?.revision === undefined) throw clientException(REVISION_REQUIRED);
    return arns.taskDefinitionArn(ctx.partition, parsed.family, parsed.revision);
  });
  const taskDefinitions: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const arn of targets) {
    const td = ctx.state.taskDefinitions.get(arn);
    if (!td) {
      failures.push({ arn, reason: 'MISSING' });
      continue;
    }
    if (td.status === 'ACTIVE') {
      failures.push({ arn, reason: 'ACTIVE', detail: 'You must deregister a task definition revision before you delete it.' });
      continue;
    }
    if (td.status === 'INACTIVE') {
      td.status = 'DELETE_IN_PROGRESS';
      td.deleteRequestedAt = ctx.now;
    }
    taskDefinitions.push(renderTaskDefinition(td));
  }
  return { taskDefinitions, failures };
};

export const ListTaskDefinitions: Handler = (p, ctx) => {
  const status = p.status ?? 'ACTIVE';
  if (status !== 'ACTIVE' && status !== 'INACTIVE' && status !== 'DELETE_IN_PROGRESS') {
    throw invalidParameter('status must be one of ACTIVE, INACTIVE, DELETE_IN_PROGRESS.');
  }
  const sort = p.sort ?? 'ASC';
  if (sort !== 'ASC' && sort !== 'DESC') throw invalidParameter('sort must be ASC or DESC.');
  const family = typeof p.familyPrefix === 'string' && p.familyPrefix !== '' ? p.familyPrefix : undefined;
  const matching = [...ctx.state.taskDefinitions.values()]
    .filter((td) => td.status === status && (family === undefined || td.family === family))
    .sort((a, b) => (a.family < b.family ? -1 : a.family > b.family ? 1 : a.revision - b.revision));
  if (sort === 'DESC') matching.reverse();
  const page = paginate(matching, p.maxResults, p.nextToken, PAGE);
  return { taskDefinitionArns: page.items.map((td) => td.arn), nextToken: page.nextToken };
};
