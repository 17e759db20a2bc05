/**
 * The schedules step: which task definition an EventBridge rule or a Scheduler schedule runs, and
 * pointing it at a new revision with nothing else about it changed. EventBridge and Scheduler mocked,
 * a fake clock.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import {
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
  ResourceNotFoundException as RuleNotFound,
  type Target as RuleTarget,
} from '@aws-sdk/client-eventbridge';
import {
  GetScheduleCommand,
  ResourceNotFoundException as ScheduleNotFound,
  SchedulerClient,
  UpdateScheduleCommand,
  type GetScheduleOutput,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsError } from '../src/aws/call.js';
import { DeployError } from '../src/core/errors.js';
import { memoryLog } from '../src/log.js';
import type { Ports } from '../src/ports.js';
import { pointSchedule, readSchedule, type ScheduleReading, type ScheduleTarget } from '../src/steps/schedules.js';
import { FakeClock } from './helpers/fake-clock.js';

const eventsMock = mockClient(EventBridgeClient);
const schedulerMock = mockClient(SchedulerClient);
const events = new EventBridgeClient({ region: 'eu-west-1' });
const scheduler = new SchedulerClient({ region: 'eu-west-1' });

const TD = (familyRevision: string) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/${familyRevision}`;
const CLUSTER = 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod';
const ROLE = 'arn:aws:iam::123456789012:role/events-run-task';
const NEW = TD('jobs:8');

const NIGHTLY: ScheduleTarget = { id: 'rule:nightly', kind: 'rule', name: 'nightly' };
const ON_BUS: ScheduleTarget = { id: 'rule:ops-bus/nightly', kind: 'rule', scope: 'ops-bus', name: 'nightly' };
const REPORT: ScheduleTarget = { id: 'schedule:jobs/report', kind: 'schedule', scope: 'jobs', name: 'report' };
const REPORT_DEFAULT: ScheduleTarget = { id: 'schedule:report', kind: 'schedule', name: 'report' };

/** An ECS target with every field a rule's ECS target may carry. */
const ECS_TARGET: RuleTarget = {
  Id: 'run-jobs',
  Arn: CLUSTER,
  RoleArn: ROLE,
  Input: '{"containerOverrides":[{"name":"jobs","command":["nightly"]}]}',
  RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
  DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-1:123456789012:dlq' },
  EcsParameters: {
    TaskDefinitionArn: TD('jobs:7'),
    TaskCount: 2,
    LaunchType: 'FARGATE',
    PlatformVersion: '1.4.0',
    Group: 'nightly',
    NetworkConfiguration: { awsvpcConfiguration: { Subnets: ['subnet-1'], SecurityGroups: ['sg-1'], AssignPublicIp: 'DISABLED' } },
    EnableECSManagedTags: true,
    EnableExecuteCommand: false,
    PropagateTags: 'TASK_DEFINITION',
    ReferenceId: 'ref-1',
    Tags: [{ Key: 'team', Value: 'data' }],
    PlacementConstraints: [{ type: 'distinctInstance' }],
  },
};
const SECOND_ECS_TARGET: RuleTarget = { Id: 'run-jobs-eu', Arn: CLUSTER, RoleArn: ROLE, EcsParameters: { TaskDefinitionArn: TD('jobs:6'), TaskCount: 1 } };
const LAMBDA_TARGET: RuleTarget = { Id: 'notify', Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:notify' };

/** A schedule with every field GetSchedule answers, read-only ones included. */
const SCHEDULE: GetScheduleOutput = {
  Arn: 'arn:aws:scheduler:eu-west-1:123456789012:schedule/jobs/report',
  GroupName: 'jobs',
  Name: 'report',
  ScheduleExpression: 'cron(0 6 * * ? *)',
  ScheduleExpressionTimezone: 'Europe/Paris',
  StartDate: new Date('2025-01-01T00:00:00Z'),
  EndDate: new Date('2030-01-01T00:00:00Z'),
  Description: 'The morning report',
  State: 'ENABLED',
  CreationDate: new Date('2024-06-01T00:00:00Z'),
  LastModificationDate: new Date('2025-02-01T00:00:00Z'),
  KmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
  ActionAfterCompletion: 'NONE',
  Target: {
    Arn: CLUSTER,
    RoleArn: ROLE,
    Input: '{"containerOverrides":[]}',
    RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
    DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-1:123456789012:dlq' },
    EcsParameters: {
      TaskDefinitionArn: TD('jobs:7'),
      TaskCount: 1,
      CapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }],
      NetworkConfiguration: { awsvpcConfiguration: { Subnets: ['subnet-1'], SecurityGroups: ['sg-1'], AssignPublicIp: 'DISABLED' } },
      EnableECSManagedTags: true,
      PropagateTags: 'TASK_DEFINITION',
      Tags: [{ team: 'data' }],
    },
  },
};

let clock: FakeClock;
let log: ReturnType<typeof memoryLog>;

beforeEach(() => {
  eventsMock.reset();
  schedulerMock.reset();
  clock = new FakeClock(1_000_000);
  log = memoryLog();
});

const ports = (over: Partial<Ports> = {}) =>
  ({ events: () => events, scheduler: () => scheduler, log, clock, deadline: 1_000_000 + 600_000, ...over }) as unknown as Ports;

const reading = (target: ScheduleTarget, arn = TD('jobs:7')): ScheduleReading => ({ target, taskDefinitionArn: arn, family: 'jobs' });

const denied = (action: string) =>
  Object.assign(new Error(`User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: ${action}`), {
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
const serverError = () => Object.assign(new Error('We encountered an internal error'), { name: 'InternalException', $fault: 'server', $metadata: { httpStatusCode: 500 } });
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 } });

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('readSchedule: rules', () => {
  test('the ECS target of a rule on the default bus: its task definition and family', async () => {
    eventsMock.on(ListTargetsByRuleCommand).resolves({ Targets: [LAMBDA_TARGET, ECS_TARGET] });
    expect(await readSchedule(ports(), NIGHTLY)).toEqual({ target: NIGHTLY, taskDefinitionArn: TD('jobs:7'), family: 'jobs' });
    expect(eventsMock.commandCalls(ListTargetsByRuleCommand)[0]!.args[0].input).toEqual({ Rule: 'nightly' });
  });

  test('a rule on another bus is asked for on that bus, every page', async () => {
    eventsMock
      .on(ListTargetsByRuleCommand, { Rule: 'nightly', EventBusName: 'ops-bus' })
      .resolvesOnce({ Targets: [LAMBDA_TARGET], NextToken: 'page-2' })
      .resolvesOnce({ Targets: [ECS_TARGET] });
    expect(await readSchedule(ports(), ON_BUS)).toMatchObject({ taskDefinitionArn: TD('jobs:7'), family: 'jobs' });
    expect(eventsMock.commandCalls(ListTargetsByRuleCommand).map((c) => c.args[0].input)).toEqual([
      { Rule: 'nightly', EventBusName: 'ops-bus' },
      { Rule: 'nightly', EventBusName: 'ops-bus', NextToken: 'page-2' },
    ]);
  });

  test('several ECS targets of one family: the first one is read', async () => {
    eventsMock.on(ListTargetsByRuleCommand).resolves({ Targets: [SECOND_ECS_TARGET, ECS_TARGET] });
    expect(await readSchedule(ports(), NIGHTLY)).toMatchObject({ taskDefinitionArn: TD('jobs:6'), family: 'jobs' });
  });

  test('a task definition given as family:revision or without a revision still has its family', async () => {
    eventsMock.on(ListTargetsByRuleCommand).resolves({ Targets: [{ ...ECS_TARGET, EcsParameters: { TaskDefinitionArn: 'jobs:3' } }] });
    expect(await readSchedule(ports(), NIGHTLY)).toMatchObject({ taskDefinitionArn: 'jobs:3', family: 'jobs' });
    eventsMock.on(ListTargetsByRuleCommand).resolves({ Targets: [{ ...ECS_TARGET, EcsParameters: { TaskDefinitionArn: TD('jobs') } }] });
    expect(await readSchedule(ports(), NIGHTLY)).toMatchObject({ taskDefinitionArn: TD('jobs'), family: 'jobs' });
  });

  test('no ECS target: the error lists its targets', async () => {
    eventsMock.on(ListTargetsByRuleCommand).resolves({ Targets: [LAMBDA_TARGET, { Id: 'queue', Arn: 'arn:aws:sqs:eu-west-1:123456789012:q' }] });
    const error = await failure(readSchedule(ports(), NIGHTLY));
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toBe('Rule "rule:nightly" has no ECS target (its targets: notify, queue); schedules lists only rules that run ECS tasks.');
  });

  test('ECS targets of different families: the error names the rule and the families', async () => {
    const other = { ...SECOND_ECS_TARGET, Id: 'run-api', EcsParameters: { TaskDefinitionArn: TD('api:3') } };
    eventsMock.on(ListTargetsByRuleCommand).resolves({ Targets: [ECS_TARGET, other] });
    const error = await failure(readSchedule(ports(), NIGHTLY));
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toContain('Rule "rule:nightly" runs task definitions of different families: "jobs" (run-jobs), "api" (run-api)');
  });

  test('a rule that does not exist: named with its bus, pointing at the schedules input', async () => {
    eventsMock.on(ListTargetsByRuleCommand).rejects(new RuleNotFound({ $metadata: { httpStatusCode: 400 }, message: 'Rule nightly does not exist on EventBus ops-bus.' }));
    const error = await failure(readSchedule(ports(), ON_BUS));
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toBe('Rule "rule:ops-bus/nightly" was not found on event bus "ops-bus". Check the "schedules" input (and the region).');
    eventsMock.on(ListTargetsByRuleCommand).rejects(new RuleNotFound({ $metadata: { httpStatusCode: 400 }, message: 'Rule nightly does not exist.' }));
    expect((await failure(readSchedule(ports(), NIGHTLY))).message).toContain('Rule "rule:nightly" was not found on event bus "default"');
  });

  test('ListTargetsByRule denied: the IAM action is named', async () => {
    eventsMock.on(ListTargetsByRuleCommand).rejects(denied('events:ListTargetsByRule'));
    const error = await failure(readSchedule(ports(), NIGHTLY));
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).kind).toBe('denied');
    expect(error.message).toMatch(/^Listing the targets of rule "nightly" on event bus "default" failed \(AccessDeniedException: /);
    expect(error.message).toContain('the IAM permission "events:ListTargetsByRule"');
  });
});

describe('readSchedule: schedules', () => {
  test('the ECS target of a schedule in a group', async () => {
    schedulerMock.on(GetScheduleCommand).resolves(SCHEDULE);
    expect(await readSchedule(ports(), REPORT)).toEqual({ target: REPORT, taskDefinitionArn: TD('jobs:7'), family: 'jobs' });
    expect(schedulerMock.commandCalls(GetScheduleCommand)[0]!.args[0].input).toEqual({ Name: 'report', GroupName: 'jobs' });
  });

  test('in the default group, no GroupName is sent', async () => {
    schedulerMock.on(GetScheduleCommand).resolves({ ...SCHEDULE, GroupName: 'default' });
    await readSchedule(ports(), REPORT_DEFAULT);
    expect(schedulerMock.commandCalls(GetScheduleCommand)[0]!.args[0].input).toEqual({ Name: 'report' });
  });

  test('a schedule whose target is no ECS task: the error names its target', async () => {
    const lambda = 'arn:aws:lambda:eu-west-1:123456789012:function:report';
    schedulerMock.on(GetScheduleCommand).resolves({ ...SCHEDULE, Target: { Arn: lambda, RoleArn: ROLE } });
    const error = await failure(readSchedule(ports(), REPORT));
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toMatch(new RegExp(`^Schedule "schedule:jobs/report" does not run an ECS task \\(its target is ${lambda}\\)`));
  });

  test('a schedule that does not exist: named with its group, pointing at the schedules input', async () => {
    schedulerMock.on(GetScheduleCommand).rejects(new ScheduleNotFound({ $metadata: { httpStatusCode: 404 }, message: 'Schedule report does not exist.', Message: 'Schedule report does not exist.' }));
    const error = await failure(readSchedule(ports(), REPORT));
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toBe('Schedule "schedule:jobs/report" was not found in group "jobs". Check the "schedules" input (and the region).');
    expect((await failure(readSchedule(ports(), REPORT_DEFAULT))).message).toContain('was not found in group "default"');
  });

  test('GetSchedule denied: the IAM action is named', async () => {
    schedulerMock.on(GetScheduleCommand).rejects(denied('scheduler:GetSchedule'));
    const error = await failure(readSchedule(ports(), REPORT));
    expect((error as AwsError).kind).toBe('denied');
    expect(error.message).toContain('the IAM permission "scheduler:GetSchedule"');
  });
});

describe('pointSchedule: rules', () => {
  test('PutTargets sends every ECS target whole with only the task definition changed, and no other target', async () => {
    eventsMock.on(ListTargetsByRuleCommand).resolves({ Targets: [ECS_TARGET, LAMBDA_TARGET, SECOND_ECS_TARGET] });
    eventsMock.on(PutTargetsCommand).resolves({ FailedEntryCount: 0, FailedEntries: [] });
    await pointSchedule(ports(), reading(ON_BUS), NEW);
    expect(eventsMock.commandCalls(PutTargetsCommand)).toHaveLength(1);
    expect(eventsMock.commandCalls(PutTargetsCommand)[0]!.args[0].input).toEqual({
      Rule: 'nightly',
      EventBusName: 'ops-bus',
      Targets: [
        { ...ECS_TARGET, EcsParameters: { ...ECS_TARGET.EcsParameters, TaskDefinitionArn: NEW } },
        { ...SECOND_ECS_TARGET, EcsParameters: { ...SECOND_ECS_TARGET.EcsParameters, TaskDefinitionArn: NEW } },
      ],
    });
    expect(log.lines).toContain(`Schedule rule:ops-bus/nightly: ${TD('jobs:7')}, ${TD('jobs:6')} -> ${NEW}`);
  });

  test('one line: "Schedule rule:nightly: <old> -> <new>"', async () => {
    eventsMock.on(ListTargetsByRuleCommand).resolves({ Targets: [ECS_TARGET] });
    eventsMock.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 });
    await pointSchedule(ports(), reading(NIGHTLY), NEW);
    expect(eventsMock.commandCalls(PutTargetsCommand)[0]!.args[0].input).toEqual({
      Rule: 'nightly',
      Targets: [{ ...ECS_TARGET, EcsParameters: { ...ECS_TARGET.EcsParameters, TaskDefinitionArn: NEW } }],
    });
    expect(log.lines).toEqual([`Schedule rule:nightly: ${TD('jobs:7')} -> ${NEW}`]);
  });

  test('already pointing at the revision: logged, nothing written', async () => {
    eventsMock.on(ListTargetsByRuleCommand).resolves({ Targets: [{ ...ECS_TARGET, EcsParameters: { ...ECS_TARGET.EcsParameters, TaskDefinitionArn: NEW } }] });
    await pointSchedule(ports(), reading(NIGHTLY, NEW), NEW);
    expect(eventsMock.commandCalls(PutTargetsCommand)).toHaveLength(0);
    expect(log.lines).toEqual([`Schedule rule:nightly already runs ${NEW}; nothing to change.`]);
  });

  test('FailedEntryCount > 0: a DeployError naming the rule, the target and the error', async () => {
    eventsMock.on(ListTargetsByRuleCommand).resolves({ Targets: [ECS_TARGET] });
    eventsMock.on(PutTargetsCommand).resolves({
      FailedEntryCount: 1,
      FailedEntries: [{ TargetId: 'run-jobs', ErrorCode: 'ValidationException', ErrorMessage: 'Role is not valid' }],
    });
    const error = await failure(pointSchedule(ports(), reading(NIGHTLY), NEW));
    expect(error).toBeInstanceOf(DeployError);
    expect(error).not.toBeInstanceOf(AwsError);
    expect(error.message).toBe(
      'Updating the targets of rule "nightly" on event bus "default" failed for 1 target(s): target "run-jobs" (ValidationException: Role is not valid).',
    );
    expect(eventsMock.commandCalls(PutTargetsCommand)).toHaveLength(1);
  });

  test('PutTargets denied: the IAM action is named, nothing retried', async () => {
    eventsMock.on(ListTargetsByRuleCommand).resolves({ Targets: [ECS_TARGET] });
    eventsMock.on(PutTargetsCommand).rejects(denied('events:PutTargets'));
    const error = await failure(pointSchedule(ports(), reading(NIGHTLY), NEW));
    expect((error as AwsError).kind).toBe('denied');
    expect(error.message).toContain('the IAM permission "events:PutTargets"');
    expect(eventsMock.commandCalls(PutTargetsCommand)).toHaveLength(1);
  });

  test('throttled: sent again after a pause', async () => {
    eventsMock.on(ListTargetsByRuleCommand).resolves({ Targets: [ECS_TARGET] });
    eventsMock.on(PutTargetsCommand).rejectsOnce(throttled()).resolves({ FailedEntryCount: 0 });
    await pointSchedule(ports(), reading(NIGHTLY), NEW);
    expect(eventsMock.commandCalls(PutTargetsCommand)).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  test('a lost answer: the rule is read again, and as it already runs the revision, nothing is sent again', async () => {
    const pointed = { ...ECS_TARGET, EcsParameters: { ...ECS_TARGET.EcsParameters, TaskDefinitionArn: NEW } };
    eventsMock.on(ListTargetsByRuleCommand).resolvesOnce({ Targets: [ECS_TARGET] }).resolves({ Targets: [pointed] });
    eventsMock.on(PutTargetsCommand).rejects(serverError());
    await pointSchedule(ports(), reading(NIGHTLY), NEW);
    expect(eventsMock.commandCalls(PutTargetsCommand)).toHaveLength(1);
    expect(eventsMock.commandCalls(ListTargetsByRuleCommand)).toHaveLength(2);
    expect(log.lines.some((l) => l.includes('the answer was lost (InternalException), but the change took effect'))).toBe(true);
  });

  test('a rule that changed family since it was read is not touched', async () => {
    eventsMock.on(ListTargetsByRuleCommand).resolves({ Targets: [{ ...ECS_TARGET, EcsParameters: { TaskDefinitionArn: TD('api:3') } }] });
    const error = await failure(pointSchedule(ports(), reading(NIGHTLY), NEW));
    expect(error.message).toContain('now runs family "api", not "jobs"');
    expect(eventsMock.commandCalls(PutTargetsCommand)).toHaveLength(0);
  });
});

describe('pointSchedule: schedules', () => {
  test('UpdateSchedule keeps every field of the schedule and changes only the task definition', async () => {
    schedulerMock.on(GetScheduleCommand).resolves(SCHEDULE);
    schedulerMock.on(UpdateScheduleCommand).resolves({ ScheduleArn: SCHEDULE.Arn });
    await pointSchedule(ports(), reading(REPORT), NEW);
    // Read again right before the write.
    expect(schedulerMock.commandCalls(GetScheduleCommand)).toHaveLength(1);
    expect(schedulerMock.commandCalls(UpdateScheduleCommand)).toHaveLength(1);
    const sent = schedulerMock.commandCalls(UpdateScheduleCommand)[0]!.args[0].input;
    expect(sent).toStrictEqual({
      Name: 'report',
      GroupName: 'jobs',
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      StartDate: new Date('2025-01-01T00:00:00Z'),
      EndDate: new Date('2030-01-01T00:00:00Z'),
      Description: 'The morning report',
      State: 'ENABLED',
      KmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      ActionAfterCompletion: 'NONE',
      Target: {
        Arn: CLUSTER,
        RoleArn: ROLE,
        Input: '{"containerOverrides":[]}',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
        DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-1:123456789012:dlq' },
        EcsParameters: {
          TaskDefinitionArn: NEW,
          TaskCount: 1,
          CapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }],
          NetworkConfiguration: { awsvpcConfiguration: { Subnets: ['subnet-1'], SecurityGroups: ['sg-1'], AssignPublicIp: 'DISABLED' } },
          EnableECSManagedTags: true,
          PropagateTags: 'TASK_DEFINITION',
          Tags: [{ team: 'data' }],
        },
      },
    });
    expect(log.lines).toEqual([`Schedule schedule:jobs/report: ${TD('jobs:7')} -> ${NEW}`]);
  });

  test('a schedule with only the required fields: nothing is added', async () => {
    const minimal: GetScheduleOutput = {
      Arn: SCHEDULE.Arn,
      Name: 'report',
      GroupName: 'default',
      ScheduleExpression: 'rate(1 hour)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'DISABLED',
      Target: { Arn: CLUSTER, RoleArn: ROLE, EcsParameters: { TaskDefinitionArn: TD('jobs:7') } },
    };
    schedulerMock.on(GetScheduleCommand).resolves(minimal);
    schedulerMock.on(UpdateScheduleCommand).resolves({ ScheduleArn: SCHEDULE.Arn });
    await pointSchedule(ports(), reading(REPORT_DEFAULT), NEW);
    expect(schedulerMock.commandCalls(UpdateScheduleCommand)[0]!.args[0].input).toStrictEqual({
      Name: 'report',
      GroupName: 'default',
      ScheduleExpression: 'rate(1 hour)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'DISABLED',
      Target: { Arn: CLUSTER, RoleArn: ROLE, EcsParameters: { TaskDefinitionArn: NEW } },
    });
  });

  test('already pointing at the revision: logged, nothing written', async () => {
    schedulerMock.on(GetScheduleCommand).resolves({ ...SCHEDULE, Target: { ...SCHEDULE.Target!, EcsParameters: { TaskDefinitionArn: NEW } } });
    await pointSchedule(ports(), reading(REPORT, NEW), NEW);
    expect(schedulerMock.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
    expect(log.lines).toEqual([`Schedule schedule:jobs/report already runs ${NEW}; nothing to change.`]);
  });

  test('UpdateSchedule denied: the IAM action is named', async () => {
    schedulerMock.on(GetScheduleCommand).resolves(SCHEDULE);
    schedulerMock.on(UpdateScheduleCommand).rejects(denied('scheduler:UpdateSchedule'));
    const error = await failure(pointSchedule(ports(), reading(REPORT), NEW));
    expect((error as AwsError).kind).toBe('denied');
    expect(error.message).toMatch(/^Updating schedule "report" in group "jobs" failed \(AccessDeniedException: /);
    expect(error.message).toContain('the IAM permission "scheduler:UpdateSchedule"');
  });

  test('a lost answer: the schedule is read again; not yet pointed, so the update is sent again', async () => {
    schedulerMock.on(GetScheduleCommand).resolves(SCHEDULE);
    schedulerMock.on(UpdateScheduleCommand).rejectsOnce(serverError()).resolves({ ScheduleArn: SCHEDULE.Arn });
    await pointSchedule(ports(), reading(REPORT), NEW);
    expect(schedulerMock.commandCalls(UpdateScheduleCommand)).toHaveLength(2);
    expect(schedulerMock.commandCalls(GetScheduleCommand)).toHaveLength(2);
    expect(schedulerMock.commandCalls(UpdateScheduleCommand)[1]!.args[0].input).toEqual(schedulerMock.commandCalls(UpdateScheduleCommand)[0]!.args[0].input);
  });

  test('a lost answer that took effect is not sent again', async () => {
    schedulerMock
      .on(GetScheduleCommand)
      .resolvesOnce(SCHEDULE)
      .resolves({ ...SCHEDULE, Target: { ...SCHEDULE.Target!, EcsParameters: { ...SCHEDULE.Target!.EcsParameters!, TaskDefinitionArn: NEW } } });
    schedulerMock.on(UpdateScheduleCommand).rejects(serverError());
    await pointSchedule(ports(), reading(REPORT), NEW);
    expect(schedulerMock.commandCalls(UpdateScheduleCommand)).toHaveLength(1);
    expect(log.lines.at(-1)).toBe(`Schedule schedule:jobs/report: ${TD('jobs:7')} -> ${NEW}`);
  });

  test('a schedule gone since it was read: the not-found error, nothing written', async () => {
    schedulerMock.on(GetScheduleCommand).rejects(new ScheduleNotFound({ $metadata: { httpStatusCode: 404 }, message: 'Schedule report does not exist.', Message: 'Schedule report does not exist.' }));
    const error = await failure(pointSchedule(ports(), reading(REPORT), NEW));
    expect(error.message).toContain('Schedule "schedule:jobs/report" was not found in group "jobs"');
    expect(schedulerMock.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });
});

describe('eventsClient, schedulerClient', () => {
  test('each made once, its package loaded on the first request, in the region given', async () => {
    const { eventsClient, schedulerClient } = await import('../src/aws/clients.js');
    const options = { region: 'eu-central-1', env: {}, deadline: Date.now() + 60_000 };
    const getEvents = eventsClient(options);
    const getScheduler = schedulerClient(options);
    expect(getEvents()).toBe(getEvents());
    expect(getScheduler()).toBe(getScheduler());
    eventsMock.on(ListTargetsByRuleCommand).resolves({ Targets: [] });
    schedulerMock.on(GetScheduleCommand).resolves({});
    for (let i = 0; i < 2; i++) {
      await getEvents().send(new ListTargetsByRuleCommand({ Rule: 'nightly' }));
      await getScheduler().send(new GetScheduleCommand({ Name: 'report' }));
    }
    // The requests went through one real client each, made in the region given.
    const eventClients = [...new Set(eventsMock.send.getCalls().map((c) => c.thisValue as EventBridgeClient))];
    const schedulerClients = [...new Set(schedulerMock.send.getCalls().map((c) => c.thisValue as SchedulerClient))];
    expect([eventClients.length, schedulerClients.length]).toEqual([1, 1]);
    expect(eventClients[0]).toBeInstanceOf(EventBridgeClient);
    expect(await eventClients[0]?.config.region()).toBe('eu-central-1');
    expect(await schedulerClients[0]?.config.region()).toBe('eu-central-1');
  });
});
