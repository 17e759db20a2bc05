// EventBridge Scheduler GetSchedule and UpdateSchedule (REST-JSON: GET/PUT /schedules/{Name}), and the
// schedules a seed defines. UpdateSchedule replaces the whole definition: what the request leaves out goes
// back to the system default (State ENABLED, timezone UTC, ActionAfterCompletion NONE, the default
// RetryPolicy) or is gone (Description, StartDate, EndDate, KmsKeyArn, Input, DeadLetterConfig, ...).
import * as arns from './arns.js';
import type { Handler } from './context.js';
import { AwsError } from './errors.js';
import { renderSchedule } from './state.js';
import type { EcsState, JsonObject, ScheduleRecord } from './state.js';
import type { FlexibleTimeWindow, SchedulerTarget, SeedSchedule } from './types.js';
import { Validator } from './validation.js';

const v = new Validator(400);

const NAME = /^[0-9a-zA-Z-_.]+$/;
const NAME_TEXT = '^[0-9a-zA-Z-_.]+$';
const EXPRESSION = /^(at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/;
/** What GetSchedule shows as the RetryPolicy of a target that was given none (24 hours, 185 retries). */
export const DEFAULT_RETRY_POLICY = { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 };

export const scheduleNotFound = (name: string): AwsError => new AwsError('ResourceNotFoundException', `Schedule ${name} does not exist.`, 404);
export const groupNotFound = (group: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Schedule group ${group} does not exist.`, 404);

const nameOf = (value: unknown): string => v.required(value, 'name', { min: 1, max: 64, pattern: NAME, patternText: NAME_TEXT });
const groupOf = (value: unknown): string =>
  v.string(value, 'groupName', { min: 1, max: 64, pattern: NAME, patternText: NAME_TEXT }) ?? 'default';

function dateOf(value: unknown, member: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new AwsError('SerializationException', `${member} must be a timestamp`, 400);
  return Math.round(value * 1000);
}

function list(value: unknown, member: string, max: number): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new AwsError('SerializationException', `${member} must be a list`, 400);
  if (value.length > max) throw v.constraint(value, member, `Member must have length less than or equal to ${max}`);
  return value;
}

/** Checks a Scheduler Target (the model's constraints) and returns the stored copy (default RetryPolicy filled in). */
function checkTarget(value: unknown): SchedulerTarget {
  const target = v.object(value, 'target', true) as JsonObject;
  v.required(target.Arn, 'target.arn', { min: 1, max: 1600 });
  v.required(target.RoleArn, 'target.roleArn', { min: 1, max: 1600 });
  v.string(target.Input, 'target.input', { min: 1 });
  const dlq = v.object(target.DeadLetterConfig, 'target.deadLetterConfig');
  if (dlq) v.string(dlq.Arn, 'target.deadLetterConfig.arn', { min: 1, max: 1600 });
  const retry = v.object(target.RetryPolicy, 'target.retryPolicy');
  if (retry) {
    v.integer(retry.MaximumEventAgeInSeconds, 'target.retryPolicy.maximumEventAgeInSeconds', 60, 86400);
    v.integer(retry.MaximumRetryAttempts, 'target.retryPolicy.maximumRetryAttempts', 0, 185);
  }
  const ecs = v.object(target.EcsParameters, 'target.ecsParameters');
  if (ecs) {
    const m = 'target.ecsParameters';
    v.required(ecs.TaskDefinitionArn, `${m}.taskDefinitionArn`, { min: 1, max: 1600 });
    v.integer(ecs.TaskCount, `${m}.taskCount`, 1, 10);
    v.enumOf(ecs.LaunchType, `${m}.launchType`, ['EC2', 'FARGATE', 'EXTERNAL']);
    v.string(ecs.PlatformVersion, `${m}.platformVersion`, { min: 1, max: 64 });
    v.string(ecs.Group, `${m}.group`, { min: 1, max: 255 });
    v.string(ecs.ReferenceId, `${m}.referenceId`, { max: 1024 });
    v.enumOf(ecs.PropagateTags, `${m}.propagateTags`, ['TASK_DEFINITION']);
    list(ecs.CapacityProviderStrategy, `${m}.capacityProviderStrategy`, 6);
    list(ecs.PlacementConstraints, `${m}.placementConstraints`, 10);
    list(ecs.PlacementStrategy, `${m}.placementStrategy`, 5);
    list(ecs.Tags, `${m}.tags`, 50);
    const network = v.object(ecs.NetworkConfiguration, `${m}.networkConfiguration`);
    const vpc = network ? v.object(network.awsvpcConfiguration, `${m}.networkConfiguration.awsvpcConfiguration`) : undefined;
    if (vpc) {
      const subnets = list(vpc.Subnets, `${m}.networkConfiguration.awsvpcConfiguration.subnets`, 16);
      if (!subnets) throw v.constraint(null, `${m}.networkConfiguration.awsvpcConfiguration.subnets`, 'Member must not be null');
      list(vpc.SecurityGroups, `${m}.networkConfiguration.awsvpcConfiguration.securityGroups`, 5);
      v.enumOf(vpc.AssignPublicIp, `${m}.networkConfiguration.awsvpcConfiguration.assignPublicIp`, ['ENABLED', 'DISABLED']);
    }
  }
  const stored = structuredClone(target) as unknown as SchedulerTarget;
  stored.RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...(retry ? (structuredClone(retry) as SchedulerTarget['RetryPolicy']) : {}) };
  return stored;
}

function checkWindow(value: unknown): FlexibleTimeWindow {
  const window = v.object(value, 'flexibleTimeWindow', true) as JsonObject;
  const mode = v.enumOf(window.Mode, 'flexibleTimeWindow.mode', ['OFF', 'FLEXIBLE'] as const, true) as FlexibleTimeWindow['Mode'];
  const minutes = v.integer(window.MaximumWindowInMinutes, 'flexibleTimeWindow.maximumWindowInMinutes', 1, 1440);
  if (mode === 'FLEXIBLE' && minutes === undefined) throw v.error('MaximumWindowInMinutes is required when the flexible time window Mode is FLEXIBLE.');
  if (mode === 'OFF' && minutes !== undefined) throw v.error('MaximumWindowInMinutes must not be set when the flexible time window Mode is OFF.');
  return minutes === undefined ? { Mode: mode } : { Mode: mode, MaximumWindowInMinutes: minutes };
}

type Definition = Omit<ScheduleRecord, 'name' | 'groupName' | 'arn' | 'createdAt' | 'updatedAt'>;

/** The definition of a CreateSchedule/UpdateSchedule request body (PascalCase), system defaults applied. */
function definitionOf(p: JsonObject): Definition {
  const expression = v.required(p.ScheduleExpression, 'scheduleExpression', { min: 1, max: 256 });
  const flexibleTimeWindow = checkWindow(p.FlexibleTimeWindow);
  const target = checkTarget(p.Target);
  const state = v.enumOf(p.State, 'state', ['ENABLED', 'DISABLED']) ?? 'ENABLED';
  const description = v.string(p.Description, 'description', { max: 512 });
  const timezone = v.string(p.ScheduleExpressionTimezone, 'scheduleExpressionTimezone', { min: 1, max: 50 }) ?? 'UTC';
  const kmsKeyArn = v.string(p.KmsKeyArn, 'kmsKeyArn', { min: 1, max: 2048 });
  const actionAfterCompletion = v.enumOf(p.ActionAfterCompletion, 'actionAfterCompletion', ['NONE', 'DELETE']) ?? 'NONE';
  v.string(p.ClientToken, 'clientToken', { min: 1, max: 64 });
  const startDate = dateOf(p.StartDate, 'startDate');
  const endDate = dateOf(p.EndDate, 'endDate');
  if (!EXPRESSION.test(expression)) throw v.error(`Invalid Schedule Expression ${expression}.`);
  if (startDate !== undefined && endDate !== undefined && endDate <= startDate) {
    throw v.error('The EndDate must be after the StartDate.');
  }
  return {
    state,
    scheduleExpression: expression,
    scheduleExpressionTimezone: timezone,
    ...(description !== undefined ? { description } : {}),
    ...(startDate !== undefined ? { startDate } : {}),
    ...(endDate !== undefined ? { endDate } : {}),
    flexibleTimeWindow,
    target,
    ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}),
    actionAfterCompletion,
  };
}

function existing(state: EcsState, group: string, name: string): ScheduleRecord {
  if (!state.scheduleGroups.has(group)) throw groupNotFound(group);
  const record = state.schedules.get(`${group}/${name}`);
  if (!record) throw scheduleNotFound(name);
  return record;
}

export const GetSchedule: Handler = (p, ctx) => {
  const name = nameOf(p.Name);
  const group = groupOf(p.GroupName);
  return renderSchedule(existing(ctx.state, group, name));
};

export const UpdateSchedule: Handler = (p, ctx) => {
  const name = nameOf(p.Name);
  const group = groupOf(p.GroupName);
  const definition = definitionOf(p);
  const record = existing(ctx.state, group, name);
  const replaced: ScheduleRecord = {
    name: record.name,
    groupName: record.groupName,
    arn: record.arn,
    ...definition,
    createdAt: record.createdAt,
    // Strictly later than the previous modification, so that a test sees it move even within one ms.
    updatedAt: Math.max(ctx.now, record.updatedAt + 1),
  };
  ctx.state.schedules.set(`${group}/${name}`, replaced);
  return { ScheduleArn: replaced.arn };
};

const toSeconds = (value: string | number | undefined, field: string, where: string): number | undefined => {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`${where}: ${field} is not an ISO 8601 date or epoch milliseconds`);
  return ms / 1000;
};

/** Adds (or replaces) a seeded schedule, created now; its group is created when missing. A bad one throws. */
export function seedSchedule(state: EcsState, s: SeedSchedule, at: number): ScheduleRecord {
  const where = `local-ecs seed: schedule ${String(s.name)}`;
  try {
    const name = nameOf(s.name);
    const group = groupOf(s.groupName);
    const definition = definitionOf({
      ScheduleExpression: s.scheduleExpression,
      ScheduleExpressionTimezone: s.scheduleExpressionTimezone,
      State: s.state,
      Description: s.description,
      StartDate: toSeconds(s.startDate, 'startDate', where),
      EndDate: toSeconds(s.endDate, 'endDate', where),
      FlexibleTimeWindow: s.flexibleTimeWindow,
      Target: s.target,
      KmsKeyArn: s.kmsKeyArn,
      ActionAfterCompletion: s.actionAfterCompletion,
    });
    state.scheduleGroups.add(group);
    const record: ScheduleRecord = {
      name,
      groupName: group,
      arn: arns.scheduleArn(state.partition, group, name),
      ...definition,
      createdAt: at,
      updatedAt: at,
    };
    state.schedules.set(`${group}/${name}`, record);
    return record;
  } catch (err) {
    if (err instanceof AwsError) throw new Error(`${where}: ${err.code}: ${err.message}`, { cause: err });
    throw err;
  }
}
