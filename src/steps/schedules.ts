/**
 * Schedules that run the deployed family as ECS tasks: an EventBridge rule's ECS targets, or an
 * EventBridge Scheduler schedule's ECS target. `readSchedule` finds which task definition a schedule
 * runs; `pointSchedule` points it at a new revision, changing nothing else about it.
 */
import type { Target as RuleTarget } from '@aws-sdk/client-eventbridge';
import type { GetScheduleOutput, UpdateScheduleInput } from '@aws-sdk/client-scheduler';
import { isAwsError } from '../aws/call.js';
import { parseTaskDefinitionArn } from '../core/arn.js';
import { DeployError } from '../core/errors.js';
import type { Ports } from '../ports.js';
import { safeWrite } from './write.js';

/** The EventBridge and Scheduler adapters (and their SDK clients), loaded only by a run with schedules. */
const events = () => import('../aws/events.js');
const scheduler = () => import('../aws/scheduler.js');

export interface ScheduleTarget {
  /** As the user wrote it, without the template: `rule:nightly`, `rule:ops-bus/nightly`, `schedule:report`, `schedule:jobs/report`. */
  id: string;
  kind: 'rule' | 'schedule';
  /** The event bus (rule) or the schedule group (schedule); undefined: "default". */
  scope?: string;
  name: string;
  template?: string;
}

export interface ScheduleReading {
  target: ScheduleTarget;
  /** The task definition the schedule runs (of a rule, its first ECS target's). */
  taskDefinitionArn: string;
  family: string;
}

type ReadCtx = Pick<Ports, 'events' | 'scheduler' | 'log'>;
type PointCtx = Pick<Ports, 'events' | 'scheduler' | 'log' | 'clock' | 'deadline' | 'maxAttempts'>;

const scopeOf = (target: ScheduleTarget) => target.scope ?? 'default';

/** The family of a task definition given as an ARN or `family:revision` (or without a revision: the latest). */
function familyOf(arn: string): string | undefined {
  return parseTaskDefinitionArn(arn)?.family ?? /(?:^|:task-definition\/)([A-Za-z0-9_-]{1,255})$/.exec(arn)?.[1];
}

function notFound(target: ScheduleTarget, error: unknown): DeployError {
  const where = target.kind === 'rule' ? `was not found on event bus "${scopeOf(target)}"` : `was not found in group "${scopeOf(target)}"`;
  const what = target.kind === 'rule' ? 'Rule' : 'Schedule';
  return new DeployError(`${what} "${target.id}" ${where}. Check the "schedules" input (and the region).`, { cause: error });
}

/** Runs a read; a not-found answer becomes the DeployError telling to check the schedules input. */
async function reading<T>(target: ScheduleTarget, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isAwsError(error, 'not-found')) throw notFound(target, error);
    throw error;
  }
}

// --- rules ---

interface RuleState {
  /** The targets with EcsParameters, as ListTargetsByRule answered them. */
  ecsTargets: RuleTarget[];
  family: string;
}

const ruleTargetArn = (t: RuleTarget) => t.EcsParameters?.TaskDefinitionArn ?? '';

async function readRule(ctx: ReadCtx, target: ScheduleTarget): Promise<RuleState> {
  const targets = await reading(target, async () => (await events()).listTargetsByRule(ctx.events(), target.scope, target.name));
  const ecsTargets = targets.filter((t) => t.EcsParameters !== undefined);
  if (ecsTargets.length === 0) {
    const ids = targets.map((t) => t.Id ?? '?');
    throw new DeployError(
      `Rule "${target.id}" has no ECS target (its targets: ${ids.length > 0 ? ids.join(', ') : 'none'}); schedules lists only rules that run ECS tasks.`,
    );
  }
  const families = new Map<string, string[]>();
  for (const t of ecsTargets) {
    const family = familyOf(ruleTargetArn(t));
    if (family === undefined) {
      throw new DeployError(`Rule "${target.id}": the task definition of its ECS target "${t.Id ?? '?'}" is not a task definition ARN ("${ruleTargetArn(t)}").`);
    }
    families.set(family, [...(families.get(family) ?? []), t.Id ?? '?']);
  }
  if (families.size > 1) {
    const listed = [...families].map(([family, ids]) => `"${family}" (${ids.join(', ')})`).join(', ');
    throw new DeployError(
      `Rule "${target.id}" runs task definitions of different families: ${listed}. A rule in schedules must run one family; split it into one rule per family.`,
    );
  }
  return { ecsTargets, family: [...families.keys()][0] as string };
}

// --- schedules ---

const scheduleTargetArn = (s: GetScheduleOutput) => s.Target?.EcsParameters?.TaskDefinitionArn ?? '';

async function readScheduler(ctx: ReadCtx, target: ScheduleTarget): Promise<{ schedule: GetScheduleOutput; family: string }> {
  const schedule = await reading(target, async () => (await scheduler()).getSchedule(ctx.scheduler(), target.scope, target.name));
  if (schedule.Target?.EcsParameters === undefined) {
    throw new DeployError(`Schedule "${target.id}" does not run an ECS task (its target is ${schedule.Target?.Arn ?? 'not set'}); schedules lists only schedules that run ECS tasks.`);
  }
  const family = familyOf(scheduleTargetArn(schedule));
  if (family === undefined) {
    throw new DeployError(`Schedule "${target.id}": the task definition of its ECS target is not a task definition ARN ("${scheduleTargetArn(schedule)}").`);
  }
  return { schedule, family };
}

/** GetSchedule's fields that only AWS sets: UpdateSchedule does not take them. */
type ReadOnly = 'Arn' | 'CreationDate' | 'LastModificationDate';

/**
 * Every other field of a GetSchedule answer, which UpdateSchedule takes back. Typed so that a field a
 * newer SDK adds to GetScheduleOutput fails the build here instead of being dropped (and reset) silently.
 */
const KEPT_FIELDS = {
  Name: true,
  GroupName: true,
  ScheduleExpression: true,
  ScheduleExpressionTimezone: true,
  StartDate: true,
  EndDate: true,
  Description: true,
  State: true,
  KmsKeyArn: true,
  FlexibleTimeWindow: true,
  Target: true,
  ActionAfterCompletion: true,
} satisfies Record<Exclude<keyof GetScheduleOutput, ReadOnly>, true> & Partial<Record<keyof UpdateScheduleInput, true>>;

/**
 * What UpdateSchedule needs to leave the schedule as it is but for its task definition: every field it
 * accepts, from the GetSchedule answer (UpdateSchedule replaces the whole schedule: a field left out is
 * reset). The read-only fields are not sent.
 */
function scheduleUpdate(schedule: GetScheduleOutput, arn: string): UpdateScheduleInput {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(KEPT_FIELDS) as Array<keyof typeof KEPT_FIELDS>) if (schedule[key] !== undefined) input[key] = schedule[key];
  const target = schedule.Target;
  return { ...input, Target: { ...target, EcsParameters: { ...target?.EcsParameters, TaskDefinitionArn: arn } } } as UpdateScheduleInput;
}

// --- the step ---

/** Which task definition `target` runs, and its family. A missing rule or schedule is a DeployError naming it. */
export async function readSchedule(ctx: ReadCtx, target: ScheduleTarget): Promise<ScheduleReading> {
  if (target.kind === 'rule') {
    const { ecsTargets, family } = await readRule(ctx, target);
    return { target, taskDefinitionArn: ruleTargetArn(ecsTargets[0] as RuleTarget), family };
  }
  const { schedule, family } = await readScheduler(ctx, target);
  return { target, taskDefinitionArn: scheduleTargetArn(schedule), family };
}

/** Refuses to point a schedule whose family changed since it was read (someone edited it meanwhile). */
function checkSameFamily(reading: ScheduleReading, family: string): void {
  if (family !== reading.family) {
    throw new DeployError(
      `${reading.target.kind === 'rule' ? 'Rule' : 'Schedule'} "${reading.target.id}" now runs family "${family}", not "${reading.family}" as when it was read; it was not changed.`,
    );
  }
}

/**
 * Points the schedule at `arn`. A rule: PutTargets with each of its ECS targets as ListTargetsByRule
 * answers it now, only EcsParameters.TaskDefinitionArn changed (its other targets are not sent, so they
 * stay as they are). A schedule: GetSchedule right before, then UpdateSchedule with every field of it,
 * only Target.EcsParameters.TaskDefinitionArn changed. Nothing is written when it already runs `arn`.
 */
export async function pointSchedule(ctx: PointCtx, reading: ScheduleReading, arn: string): Promise<void> {
  const { target } = reading;
  if (target.kind === 'rule') {
    const { ecsTargets, family } = await readRule(ctx, target);
    checkSameFamily(reading, family);
    const old = [...new Set(ecsTargets.map(ruleTargetArn))];
    if (old.length === 1 && old[0] === arn) {
      ctx.log.info(`Schedule ${target.id} already runs ${arn}; nothing to change.`);
      return;
    }
    const targets = ecsTargets.map((t) => ({ ...t, EcsParameters: { ...t.EcsParameters, TaskDefinitionArn: arn } }));
    await safeWrite(ctx, {
      what: `Pointing ${target.id} at ${arn}`,
      write: async () => {
        await (await events()).putTargets(ctx.events(), target.scope, target.name, targets);
        return true;
      },
      landed: async () => {
        const now = await readRule(ctx, target);
        return now.ecsTargets.every((t) => ruleTargetArn(t) === arn) ? true : undefined;
      },
    });
    ctx.log.info(`Schedule ${target.id}: ${old.join(', ')} -> ${arn}`);
    return;
  }

  const { schedule, family } = await readScheduler(ctx, target);
  checkSameFamily(reading, family);
  const old = scheduleTargetArn(schedule);
  if (old === arn) {
    ctx.log.info(`Schedule ${target.id} already runs ${arn}; nothing to change.`);
    return;
  }
  const input = scheduleUpdate(schedule, arn);
  await safeWrite(ctx, {
    what: `Pointing ${target.id} at ${arn}`,
    write: async () => {
      await (await scheduler()).updateSchedule(ctx.scheduler(), input);
      return true;
    },
    landed: async () => {
      const now = await readScheduler(ctx, target);
      return scheduleTargetArn(now.schedule) === arn ? true : undefined;
    },
  });
  ctx.log.info(`Schedule ${target.id}: ${old} -> ${arn}`);
}
