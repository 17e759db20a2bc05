// Amazon EventBridge rules and targets: DescribeRule, ListTargetsByRule, PutTargets (JSON 1.1, X-Amz-Target
// `AWSEvents.<Op>`), and the rules a seed defines. Targets are kept as the PascalCase JSON PutTargets sent
// (EcsParameters, RoleArn, Input, InputPath, InputTransformer, RetryPolicy, DeadLetterConfig, ...).
import * as arns from './arns.js';
import type { Partition } from './arns.js';
import type { Handler } from './context.js';
import { AwsError } from './errors.js';
import type { EcsState, EventRuleRecord, JsonObject } from './state.js';
import type { EventBridgeTarget, SeedEventRule } from './types.js';
import { Validator } from './validation.js';

const v = new Validator();

const RULE_NAME = /^[.\-_A-Za-z0-9]+$/;
const RULE_NAME_TEXT = '[\\.\\-_A-Za-z0-9]+';
const BUS = /^(arn:aws[\w-]*:events:[a-z]{2}-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/.\-_A-Za-z0-9]+$/;
const BUS_TEXT = '(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[\\/\\.\\-_A-Za-z0-9]+';
const TARGET_ID = /^[.\-_A-Za-z0-9]+$/;
/** Targets a rule can have at one time. */
export const MAX_TARGETS_PER_RULE = 5;
/** Entries one PutTargets takes. */
const MAX_TARGETS_PER_REQUEST = 10;
const RULE_STATES = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'] as const;

export const ruleNotFound = (name: string, bus: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus}.`);

/** The rule a request names by `Rule`/`Name` and `EventBusName` (name or ARN, default `default`). */
function requireRule(state: EcsState, partition: Partition, nameValue: unknown, member: string, busValue: unknown): EventRuleRecord {
  const name = v.required(nameValue, member, { min: 1, max: 64, pattern: RULE_NAME, patternText: RULE_NAME_TEXT });
  const busParam = v.string(busValue, 'eventBusName', { min: 1, max: 1600, pattern: BUS, patternText: BUS_TEXT });
  const bus = arns.eventBusName(partition, busParam);
  const rule = bus === undefined ? undefined : state.eventRule(bus, name);
  if (!rule) throw ruleNotFound(name, bus ?? busParam ?? 'default');
  return rule;
}

const isEcsCluster = (arn: string): boolean => /^arn:aws[a-z-]*:ecs:[^:]*:[^:]*:cluster\/.+$/.test(arn);

/** Request-level checks of one Target (the model's constraints): ValidationException for the whole request. */
function checkTarget(raw: unknown, i: number): JsonObject {
  const member = `targets.${i + 1}.member`;
  const target = v.object(raw, member, true) as JsonObject;
  v.required(target.Id, `${member}.id`, { min: 1, max: 64, pattern: TARGET_ID, patternText: RULE_NAME_TEXT });
  v.required(target.Arn, `${member}.arn`, { min: 1, max: 1600 });
  v.string(target.RoleArn, `${member}.roleArn`, { min: 1, max: 1600 });
  v.string(target.Input, `${member}.input`, { max: 8192 });
  v.string(target.InputPath, `${member}.inputPath`, { max: 256 });
  const ecs = v.object(target.EcsParameters, `${member}.ecsParameters`);
  if (ecs) {
    v.required(ecs.TaskDefinitionArn, `${member}.ecsParameters.taskDefinitionArn`, { min: 1, max: 1600 });
    v.integer(ecs.TaskCount, `${member}.ecsParameters.taskCount`, 1, Number.MAX_SAFE_INTEGER);
  }
  const retry = v.object(target.RetryPolicy, `${member}.retryPolicy`);
  if (retry) {
    v.integer(retry.MaximumRetryAttempts, `${member}.retryPolicy.maximumRetryAttempts`, 0, 185);
    v.integer(retry.MaximumEventAgeInSeconds, `${member}.retryPolicy.maximumEventAgeInSeconds`, 60, 86400);
  }
  return target;
}

/** Why EventBridge refuses one entry (a FailedEntries entry), or undefined when it is accepted. */
function entryProblem(target: JsonObject): string | undefined {
  const inputs = ['Input', 'InputPath', 'InputTransformer'].filter((k) => target[k] !== undefined && target[k] !== null);
  if (inputs.length > 1) return `Only one of Input, InputPath and InputTransformer can be given for target ${String(target.Id)}.`;
  if (isEcsCluster(String(target.Arn))) {
    if (target.RoleArn === undefined || target.RoleArn === null) return `RoleArn is required for target ${String(target.Id)}.`;
    if (target.EcsParameters === undefined || target.EcsParameters === null) {
      return `EcsParameters is required for target ${String(target.Id)}.`;
    }
  }
  return undefined;
}

/**
 * Puts targets on a rule as PutTargets does: an existing Id is replaced whole (in place), a new Id is appended.
 * Returns the refused entries; throws LimitExceededException (changing nothing) when the rule would end up
 * with more than five targets.
 */
export function putTargets(rule: EventRuleRecord, targets: JsonObject[]): JsonObject[] {
  const failed: JsonObject[] = [];
  const next: EventBridgeTarget[] = rule.targets.map((t) => t);
  for (const target of targets) {
    const problem = entryProblem(target);
    if (problem !== undefined) {
      failed.push({ TargetId: target.Id, ErrorCode: 'ValidationException', ErrorMessage: problem });
      continue;
    }
    const copy = structuredClone(target) as unknown as EventBridgeTarget;
    const at = next.findIndex((t) => t.Id === target.Id);
    if (at >= 0) next[at] = copy;
    else next.push(copy);
  }
  if (next.length > MAX_TARGETS_PER_RULE) {
    throw new AwsError('LimitExceededException', 'The requested resource exceeds the maximum number allowed.');
  }
  rule.targets = next;
  return failed;
}

export const DescribeRule: Handler = (p, ctx) => {
  const rule = requireRule(ctx.state, ctx.partition, p.Name, 'name', p.EventBusName);
  return {
    Name: rule.name,
    Arn: rule.arn,
    ...(rule.eventPattern !== undefined ? { EventPattern: rule.eventPattern } : {}),
    ...(rule.scheduleExpression !== undefined ? { ScheduleExpression: rule.scheduleExpression } : {}),
    State: rule.state,
    ...(rule.description !== undefined ? { Description: rule.description } : {}),
    ...(rule.roleArn !== undefined ? { RoleArn: rule.roleArn } : {}),
    EventBusName: rule.eventBusName,
    CreatedBy: rule.createdBy,
  };
};

export const ListTargetsByRule: Handler = (p, ctx) => {
  const rule = requireRule(ctx.state, ctx.partition, p.Rule, 'rule', p.EventBusName);
  const limit = v.integer(p.Limit, 'limit', 1, 100) ?? 100;
  const token = v.string(p.NextToken, 'nextToken', { min: 1, max: 2048 });
  let start = 0;
  if (token !== undefined) {
    const decoded = /^t:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded?.[1]) throw v.error('The nextToken provided is invalid.');
    start = Number(decoded[1]);
  }
  const page = rule.targets.slice(start, start + limit);
  const end = start + page.length;
  return {
    Targets: page.map((t) => structuredClone(t)),
    ...(end < rule.targets.length ? { NextToken: Buffer.from(`t:${end}`).toString('base64url') } : {}),
  };
};

export const PutTargets: Handler = (p, ctx) => {
  const name = v.required(p.Rule, 'rule', { min: 1, max: 64, pattern: RULE_NAME, patternText: RULE_NAME_TEXT });
  if (p.Targets === undefined || p.Targets === null) throw v.constraint(null, 'targets', 'Member must not be null');
  if (!Array.isArray(p.Targets)) throw new AwsError('SerializationException', 'targets must be a list');
  if (p.Targets.length < 1) throw v.constraint(p.Targets, 'targets', 'Member must have length greater than or equal to 1');
  if (p.Targets.length > MAX_TARGETS_PER_REQUEST) {
    throw v.constraint(p.Targets, 'targets', `Member must have length less than or equal to ${MAX_TARGETS_PER_REQUEST}`);
  }
  const targets = p.Targets.map((t: unknown, i) => checkTarget(t, i));
  const ids = new Set<string>();
  for (const t of targets) {
    if (ids.has(String(t.Id))) throw v.error(`The request has more than one target with Id ${String(t.Id)}.`);
    ids.add(String(t.Id));
  }
  const rule = requireRule(ctx.state, ctx.partition, name, 'rule', p.EventBusName);
  const failed = putTargets(rule, targets);
  return { FailedEntryCount: failed.length, FailedEntries: failed };
};

/** Adds (or replaces) a seeded rule with its targets; a bad rule or target throws. */
export function seedEventRule(state: EcsState, r: SeedEventRule): EventRuleRecord {
  const where = `local-ecs seed: event rule ${String(r.name)}`;
  try {
    const name = v.required(r.name, 'name', { min: 1, max: 64, pattern: RULE_NAME, patternText: RULE_NAME_TEXT });
    const bus = arns.eventBusName(state.partition, r.eventBusName);
    if (bus === undefined) throw new Error(`${where}: eventBusName ${String(r.eventBusName)} is not an event bus of this account and region`);
    const ruleState = v.enumOf(r.state, 'state', RULE_STATES) ?? 'ENABLED';
    if (r.scheduleExpression === undefined && r.eventPattern === undefined) {
      throw new Error(`${where}: needs a scheduleExpression or an eventPattern`);
    }
    const targets = (r.targets ?? []).map((t, i) => checkTarget(t, i));
    state.eventBuses.add(bus);
    const rule: EventRuleRecord = {
      name,
      arn: arns.eventRuleArn(state.partition, bus, name),
      eventBusName: bus,
      state: ruleState,
      ...(r.scheduleExpression !== undefined ? { scheduleExpression: r.scheduleExpression } : {}),
      ...(r.eventPattern !== undefined
        ? { eventPattern: typeof r.eventPattern === 'string' ? r.eventPattern : JSON.stringify(r.eventPattern) }
        : {}),
      ...(r.description !== undefined ? { description: r.description } : {}),
      ...(r.roleArn !== undefined ? { roleArn: r.roleArn } : {}),
      createdBy: state.partition.accountId,
      targets: [],
    };
    const failed = putTargets(rule, targets);
    if (failed.length > 0) throw new Error(`${where}: ${failed.map((f) => String(f.ErrorMessage)).join(' ')}`);
    state.eventRules.set(`${bus}/${name}`, rule);
    return rule;
  } catch (err) {
    if (err instanceof AwsError) throw new Error(`${where}: ${err.code}: ${err.message}`, { cause: err });
    throw err;
  }
}
