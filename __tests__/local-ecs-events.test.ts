// ECS ListServices, EventBridge rules and targets (DescribeRule, ListTargetsByRule, PutTargets) and EventBridge
// Scheduler schedules (GetSchedule, UpdateSchedule over REST-JSON) of the local endpoint, through the real SDK
// clients: shapes, replace semantics, errors, limits, IAM, faults, seed, state and env().
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ECSClient, ListServicesCommand } from '@aws-sdk/client-ecs';
import type { ListServicesCommandInput } from '@aws-sdk/client-ecs';
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import type { Target as EventTarget } from '@aws-sdk/client-eventbridge';
import { GetScheduleCommand, SchedulerClient, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';
import type { UpdateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import { startLocalEcs } from '../tools/local-ecs/index.js';
import type { LocalEcs, Seed } from '../tools/local-ecs/index.js';
import { fastRetry, rejection } from './local-ecs-helpers.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const PRINCIPAL = `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/gha`;
const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/demo`;
const TD = (rev: number): string => `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/migrate:${rev}`;
const EVENTS_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsEventsRole`;
const SCHEDULER_ROLE = `arn:aws:iam::${ACCOUNT}:role/scheduler-run-task`;
const DLQ = `arn:aws:sqs:${REGION}:${ACCOUNT}:scheduler-dlq`;

const taskDefinition = {
  family: 'migrate',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'migrate', image: 'public.ecr.aws/docker/library/busybox:stable', essential: true }],
};

/** An ECS target using every EcsParameters field, as the action's rules carry them. */
const ecsTarget = (id: string, revision = 1) => ({
  Id: id,
  Arn: CLUSTER_ARN,
  RoleArn: EVENTS_ROLE,
  Input: JSON.stringify({ containerOverrides: [{ name: 'migrate', command: ['migrate', 'up'] }] }),
  RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
  DeadLetterConfig: { Arn: DLQ },
  EcsParameters: {
    TaskDefinitionArn: TD(revision),
    TaskCount: 2,
    LaunchType: 'FARGATE' as const,
    NetworkConfiguration: {
      awsvpcConfiguration: { Subnets: ['subnet-0a1', 'subnet-0b2'], SecurityGroups: ['sg-0c3'], AssignPublicIp: 'DISABLED' as const },
    },
    PlatformVersion: '1.4.0',
    Group: 'family:migrate',
    EnableECSManagedTags: true,
    EnableExecuteCommand: false,
    PlacementConstraints: [],
    PlacementStrategy: [],
    PropagateTags: 'TASK_DEFINITION' as const,
    ReferenceId: 'nightly-ref',
    Tags: [{ Key: 'Team', Value: 'platform' }],
  },
});

const scheduleTarget = {
  Arn: CLUSTER_ARN,
  RoleArn: SCHEDULER_ROLE,
  Input: '{"containerOverrides":[]}',
  RetryPolicy: { MaximumEventAgeInSeconds: 600, MaximumRetryAttempts: 2 },
  DeadLetterConfig: { Arn: DLQ },
  EcsParameters: {
    TaskDefinitionArn: TD(1),
    TaskCount: 1,
    LaunchType: 'FARGATE',
    NetworkConfiguration: { awsvpcConfiguration: { Subnets: ['subnet-0a1'], SecurityGroups: ['sg-0c3'], AssignPublicIp: 'DISABLED' } },
    PlatformVersion: 'LATEST',
    PropagateTags: 'TASK_DEFINITION',
    Tags: [{ Team: 'platform' }],
  },
};

const seed: Seed = {
  clusters: ['demo', 'empty'],
  taskDefinitions: [{ taskDefinition }],
  services: [
    ...Array.from({ length: 12 }, (_, i) => ({ cluster: 'demo', serviceName: `svc-${String(i).padStart(2, '0')}`, taskDefinition: 'migrate:1' })),
    { cluster: 'demo', serviceName: 'on-ec2', taskDefinition: 'migrate:1', launchType: 'EC2' },
    { cluster: 'demo', serviceName: 'gone', taskDefinition: 'migrate:1', status: 'INACTIVE' },
  ],
  eventRules: [
    { name: 'nightly-migrate', scheduleExpression: 'cron(0 3 * * ? *)', description: 'nightly', targets: [ecsTarget('migrate')] },
    { name: 'on-deploy', eventBusName: 'deployments', eventPattern: { source: ['app.deploy'] }, targets: [] },
  ],
  schedules: [
    {
      name: 'cleanup',
      scheduleExpression: 'rate(1 day)',
      scheduleExpressionTimezone: 'Europe/Berlin',
      description: 'daily cleanup',
      state: 'DISABLED',
      startDate: '2030-01-01T00:00:00Z',
      endDate: '2031-01-01T00:00:00Z',
      flexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      target: scheduleTarget,
      kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      actionAfterCompletion: 'NONE',
    },
    { name: 'report', groupName: 'ops', scheduleExpression: 'cron(0 6 * * ? *)', flexibleTimeWindow: { Mode: 'OFF' }, target: { Arn: CLUSTER_ARN, RoleArn: SCHEDULER_ROLE, EcsParameters: { TaskDefinitionArn: TD(1) } } },
  ],
};

let local: LocalEcs;
let ecs: ECSClient;
let events: EventBridgeClient;
let scheduler: SchedulerClient;

const config = (l: LocalEcs) => ({
  endpoint: l.url,
  region: l.region,
  credentials: { accessKeyId: 'AKIALOCALTEST0000000', secretAccessKey: 'local-test-secret' },
  maxAttempts: 1,
});

beforeEach(async () => {
  local = await startLocalEcs({ seed });
  ecs = new ECSClient(config(local));
  events = new EventBridgeClient(config(local));
  scheduler = new SchedulerClient(config(local));
});

afterEach(async () => {
  ecs.destroy();
  events.destroy();
  scheduler.destroy();
  await local.close();
});

/** Name and message of the error a call fails with. */
const failure = async (promise: Promise<unknown>): Promise<[string, string]> => {
  const err = await rejection(promise);
  return [err.name, err.message];
};

const status = async (promise: Promise<unknown>): Promise<number | undefined> =>
  ((await rejection(promise)) as Error & { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

describe('ecs:ListServices', () => {
  const list = (input: ListServicesCommandInput) => ecs.send(new ListServicesCommand(input));
  const arn = (name: string): string => `arn:aws:ecs:${REGION}:${ACCOUNT}:service/demo/${name}`;
  const replica = [...Array.from({ length: 12 }, (_, i) => arn(`svc-${String(i).padStart(2, '0')}`)), arn('on-ec2')];

  it('pages 10 services by default, then the rest; INACTIVE services are not listed', async () => {
    const first = await list({ cluster: 'demo' });
    expect(first.serviceArns).toEqual(replica.slice(0, 10));
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await list({ cluster: CLUSTER_ARN, nextToken: first.nextToken });
    expect(second.serviceArns).toEqual(replica.slice(10));
    expect(second.nextToken).toBeUndefined();
  });

  it('takes maxResults 1..100 and pages with it', async () => {
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await list({ cluster: 'demo', maxResults: 5, nextToken });
      expect(page.serviceArns?.length).toBeLessThanOrEqual(5);
      seen.push(...(page.serviceArns ?? []));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken);
    expect([seen, pages]).toEqual([replica, 3]);
    expect((await list({ cluster: 'demo', maxResults: 100 })).serviceArns).toEqual(replica);
    for (const maxResults of [0, 101]) {
      expect(await failure(list({ cluster: 'demo', maxResults }))).toEqual(['InvalidParameterException', 'maxResults must be between 1 and 100.']);
    }
    expect((await failure(list({ cluster: 'demo', nextToken: 'bogus' })))[0]).toBe('InvalidParameterException');
  });

  it('filters by launchType and schedulingStrategy', async () => {
    expect((await list({ cluster: 'demo', launchType: 'EC2' })).serviceArns).toEqual([arn('on-ec2')]);
    expect((await list({ cluster: 'demo', launchType: 'FARGATE', maxResults: 100 })).serviceArns).toEqual(replica.slice(0, 12));
    expect((await list({ cluster: 'demo', schedulingStrategy: 'DAEMON' })).serviceArns).toEqual([]);
    expect((await list({ cluster: 'demo', schedulingStrategy: 'REPLICA', maxResults: 100 })).serviceArns).toEqual(replica);
    expect((await failure(list({ cluster: 'demo', launchType: 'LAMBDA' as never })))[0]).toBe('InvalidParameterException');
  });

  it('answers an empty list for a cluster without services and ClusterNotFoundException for an unknown cluster', async () => {
    expect(await list({ cluster: 'empty' })).toMatchObject({ serviceArns: [] });
    expect(await failure(list({ cluster: 'nope' }))).toEqual(['ClusterNotFoundException', 'Cluster not found.']);
    // No cluster: the default cluster, which this seed does not have.
    expect((await failure(list({})))[0]).toBe('ClusterNotFoundException');
    expect(local.log.map((e) => [e.operation, e.status, e.error])).toEqual([
      ['ecs:ListServices', 200, undefined],
      ['ecs:ListServices', 400, 'ClusterNotFoundException'],
      ['ecs:ListServices', 400, 'ClusterNotFoundException'],
    ]);
  });
});

describe('EventBridge rules and targets', () => {
  const listTargets = (Rule: string, EventBusName?: string, extra: { Limit?: number; NextToken?: string } = {}) =>
    events.send(new ListTargetsByRuleCommand({ Rule, EventBusName, ...extra }));
  const put = (Rule: string, Targets: EventTarget[], EventBusName?: string) => events.send(new PutTargetsCommand({ Rule, Targets, EventBusName }));

  it('describes a seeded rule and lists its target with every field as seeded', async () => {
    expect(await events.send(new DescribeRuleCommand({ Name: 'nightly-migrate' }))).toMatchObject({
      Name: 'nightly-migrate',
      Arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/nightly-migrate`,
      ScheduleExpression: 'cron(0 3 * * ? *)',
      State: 'ENABLED',
      Description: 'nightly',
      EventBusName: 'default',
      CreatedBy: ACCOUNT,
    });
    const other = await events.send(new DescribeRuleCommand({ Name: 'on-deploy', EventBusName: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/deployments` }));
    expect(other).toMatchObject({
      Arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/deployments/on-deploy`,
      EventPattern: '{"source":["app.deploy"]}',
      EventBusName: 'deployments',
    });
    expect(other.ScheduleExpression).toBeUndefined();
    expect((await listTargets('nightly-migrate')).Targets).toEqual([ecsTarget('migrate')]);
    expect(local.state.eventRule('default', 'nightly-migrate')).toMatchObject({
      name: 'nightly-migrate',
      arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/nightly-migrate`,
      eventBusName: 'default',
      targets: [ecsTarget('migrate')],
    });
  });

  it('round-trips PutTargets → ListTargetsByRule keeping every field exactly as sent', async () => {
    const transformer: EventTarget = {
      Id: 'notify.v2',
      Arn: `arn:aws:sns:${REGION}:${ACCOUNT}:deploys`,
      InputTransformer: { InputPathsMap: { id: '$.id' }, InputTemplate: '"deploy <id>"' },
    };
    const path: EventTarget = { Id: 'queue_1', Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:q`, InputPath: '$.detail' };
    expect(await put('on-deploy', [ecsTarget('run', 2), transformer, path], 'deployments')).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    expect((await listTargets('on-deploy', 'deployments')).Targets).toEqual([ecsTarget('run', 2), transformer, path]);
    expect(local.state.eventRule('deployments', 'on-deploy')?.targets).toEqual([ecsTarget('run', 2), transformer, path]);
  });

  it('replaces a target with the same Id whole (fields not sent are gone) and appends new Ids', async () => {
    const slim: EventTarget = { Id: 'migrate', Arn: CLUSTER_ARN, RoleArn: EVENTS_ROLE, EcsParameters: { TaskDefinitionArn: TD(3) } };
    await put('nightly-migrate', [slim, { Id: 'audit', Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:audit` }]);
    const targets = (await listTargets('nightly-migrate')).Targets ?? [];
    expect(targets).toEqual([slim, { Id: 'audit', Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:audit` }]);
    // The replaced ECS target lost its network configuration, tags, retry policy, DLQ and input.
    expect(targets[0]?.EcsParameters?.NetworkConfiguration).toBeUndefined();
    expect(targets[0]?.RetryPolicy).toBeUndefined();
    expect(targets[0]?.Input).toBeUndefined();
  });

  it('pages ListTargetsByRule with Limit 1..100', async () => {
    await put('nightly-migrate', ['b', 'c', 'd'].map((id) => ({ Id: id, Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${id}` })));
    const first = await listTargets('nightly-migrate', undefined, { Limit: 3 });
    expect(first.Targets?.map((t) => t.Id)).toEqual(['migrate', 'b', 'c']);
    const second = await listTargets('nightly-migrate', undefined, { Limit: 3, NextToken: first.NextToken });
    expect([second.Targets?.map((t) => t.Id), second.NextToken]).toEqual([['d'], undefined]);
    for (const Limit of [0, 101]) expect((await failure(listTargets('nightly-migrate', undefined, { Limit })))[0]).toBe('ValidationException');
  });

  it('answers ResourceNotFoundException for an unknown rule or bus', async () => {
    expect(await failure(listTargets('nope'))).toEqual(['ResourceNotFoundException', 'Rule nope does not exist on EventBus default.']);
    expect(await failure(listTargets('nightly-migrate', 'other-bus'))).toEqual([
      'ResourceNotFoundException',
      'Rule nightly-migrate does not exist on EventBus other-bus.',
    ]);
    expect(await failure(put('nope', [ecsTarget('x')], 'deployments'))).toEqual([
      'ResourceNotFoundException',
      'Rule nope does not exist on EventBus deployments.',
    ]);
    expect((await failure(events.send(new DescribeRuleCommand({ Name: 'on-deploy' }))))[0]).toBe('ResourceNotFoundException');
  });

  it('keeps at most 5 targets per rule (LimitExceededException, nothing applied) and 10 entries per call', async () => {
    const sqs = (id: string): EventTarget => ({ Id: id, Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${id}` });
    await put('nightly-migrate', ['a', 'b', 'c', 'd'].map(sqs));
    expect(await failure(put('nightly-migrate', [sqs('e'), sqs('migrate')]))).toEqual([
      'LimitExceededException',
      'The requested resource exceeds the maximum number allowed.',
    ]);
    expect((await listTargets('nightly-migrate')).Targets).toHaveLength(5);
    // Replacing existing Ids at the limit is fine.
    expect(await put('nightly-migrate', [sqs('a'), sqs('b')])).toMatchObject({ FailedEntryCount: 0 });
    const eleven = Array.from({ length: 11 }, (_, i) => sqs(`t${i}`));
    expect(await failure(put('nightly-migrate', eleven))).toEqual([
      'ValidationException',
      expect.stringContaining("at 'targets' failed to satisfy constraint: Member must have length less than or equal to 10"),
    ]);
    expect((await failure(put('nightly-migrate', [])))[0]).toBe('ValidationException');
  });

  it('validates target Ids and Arns for the request, and refuses bad entries as FailedEntries', async () => {
    expect(await failure(put('nightly-migrate', [{ Id: 'bad id!', Arn: CLUSTER_ARN }]))).toEqual([
      'ValidationException',
      "1 validation error detected: Value 'bad id!' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    ]);
    expect((await failure(put('nightly-migrate', [{ Id: 'x'.repeat(65), Arn: CLUSTER_ARN }])))[0]).toBe('ValidationException');
    expect(await failure(put('nightly-migrate', [{ Id: 'no-arn' } as EventTarget]))).toEqual([
      'ValidationException',
      "1 validation error detected: Value null at 'targets.1.member.arn' failed to satisfy constraint: Member must not be null",
    ]);
    const noRole: EventTarget = { Id: 'no-role', Arn: CLUSTER_ARN, EcsParameters: { TaskDefinitionArn: TD(1) } };
    const out = await put('nightly-migrate', [noRole, { Id: 'ok', Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:ok` }]);
    expect(out).toMatchObject({
      FailedEntryCount: 1,
      FailedEntries: [{ TargetId: 'no-role', ErrorCode: 'ValidationException', ErrorMessage: 'RoleArn is required for target no-role.' }],
    });
    expect((await listTargets('nightly-migrate')).Targets?.map((t) => t.Id)).toEqual(['migrate', 'ok']);
  });
});

describe('EventBridge Scheduler schedules', () => {
  const get = (Name: string, GroupName?: string) => scheduler.send(new GetScheduleCommand({ Name, GroupName }));
  const update = (input: UpdateScheduleCommandInput) => scheduler.send(new UpdateScheduleCommand(input));
  const ARN = (group: string, name: string): string => `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${group}/${name}`;

  it('answers GetSchedule with every seeded field (group default "default")', async () => {
    const out = await get('cleanup');
    expect(out).toMatchObject({
      Arn: ARN('default', 'cleanup'),
      Name: 'cleanup',
      GroupName: 'default',
      State: 'DISABLED',
      ScheduleExpression: 'rate(1 day)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Description: 'daily cleanup',
      StartDate: new Date('2030-01-01T00:00:00Z'),
      EndDate: new Date('2031-01-01T00:00:00Z'),
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      Target: scheduleTarget,
      KmsKeyArn: expect.stringContaining(':key/'),
      ActionAfterCompletion: 'NONE',
      CreationDate: expect.any(Date),
      LastModificationDate: expect.any(Date),
    });
    expect(local.state.schedule('default', 'cleanup')).toMatchObject({ Name: 'cleanup', Target: scheduleTarget, StartDate: Date.parse('2030-01-01T00:00:00Z') / 1000 });
    // A schedule in another group needs its group; the defaults apply to what the seed left out.
    expect(await get('report', 'ops')).toMatchObject({
      Arn: ARN('ops', 'report'),
      State: 'ENABLED',
      ScheduleExpressionTimezone: 'UTC',
      ActionAfterCompletion: 'NONE',
      Target: { RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 } },
    });
    expect(await failure(get('report'))).toEqual(['ResourceNotFoundException', 'Schedule report does not exist.']);
  });

  it('round-trips GetSchedule → UpdateSchedule with every field unchanged, and moves LastModificationDate', async () => {
    const before = await get('cleanup');
    local.advance(60);
    const { $metadata: _m, Arn: _a, CreationDate: _c, LastModificationDate: _l, ...input } = before;
    expect(await update({ ...input, Name: 'cleanup' } as UpdateScheduleCommandInput)).toMatchObject({ ScheduleArn: ARN('default', 'cleanup') });
    const after = await get('cleanup');
    const { $metadata: _m2, LastModificationDate, ...rest } = after;
    const { $metadata: _m3, LastModificationDate: previous, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect((LastModificationDate?.getTime() ?? 0) - (previous?.getTime() ?? 0)).toBeGreaterThanOrEqual(60_000);
    expect(after.CreationDate).toEqual(before.CreationDate);
  });

  it('UpdateSchedule replaces the whole schedule: omitted optional fields are reset', async () => {
    await update({
      Name: 'cleanup',
      ScheduleExpression: 'rate(2 days)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: CLUSTER_ARN, RoleArn: SCHEDULER_ROLE, EcsParameters: { TaskDefinitionArn: TD(2) } },
    });
    const out = await get('cleanup');
    expect(out).toMatchObject({
      ScheduleExpression: 'rate(2 days)',
      State: 'ENABLED',
      ScheduleExpressionTimezone: 'UTC',
      ActionAfterCompletion: 'NONE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: CLUSTER_ARN,
        RoleArn: SCHEDULER_ROLE,
        EcsParameters: { TaskDefinitionArn: TD(2) },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      },
    });
    for (const field of ['Description', 'StartDate', 'EndDate', 'KmsKeyArn'] as const) expect(out[field]).toBeUndefined();
    expect(out.Target?.Input).toBeUndefined();
    expect(out.Target?.DeadLetterConfig).toBeUndefined();
    expect(out.Target?.EcsParameters?.NetworkConfiguration).toBeUndefined();
    expect(local.state.schedule(undefined, 'cleanup')?.Description).toBeUndefined();
  });

  it('answers ValidationException (400) for a missing required field', async () => {
    const full = { Name: 'cleanup', ScheduleExpression: 'rate(1 day)', FlexibleTimeWindow: { Mode: 'OFF' as const }, Target: { Arn: CLUSTER_ARN, RoleArn: SCHEDULER_ROLE } };
    const without = (key: 'ScheduleExpression' | 'FlexibleTimeWindow' | 'Target'): UpdateScheduleCommandInput => {
      const copy: Record<string, unknown> = { ...full };
      delete copy[key];
      return copy as unknown as UpdateScheduleCommandInput;
    };
    expect(await failure(update(without('ScheduleExpression')))).toEqual([
      'ValidationException',
      "1 validation error detected: Value null at 'scheduleExpression' failed to satisfy constraint: Member must not be null",
    ]);
    expect((await failure(update(without('FlexibleTimeWindow'))))[0]).toBe('ValidationException');
    expect((await failure(update(without('Target'))))[0]).toBe('ValidationException');
    expect(await status(update(without('Target')))).toBe(400);
    expect((await failure(update({ ...full, Target: { Arn: CLUSTER_ARN } as never })))[1]).toContain("'target.roleArn'");
    expect((await failure(update({ ...full, FlexibleTimeWindow: { Mode: 'FLEXIBLE' } })))[0]).toBe('ValidationException');
    expect((await failure(update({ ...full, ScheduleExpression: 'every day' })))[1]).toBe('Invalid Schedule Expression every day.');
    // Nothing changed.
    expect((await get('cleanup')).Description).toBe('daily cleanup');
  });

  it('answers ResourceNotFoundException (404) for an unknown schedule or group', async () => {
    const input = { ScheduleExpression: 'rate(1 day)', FlexibleTimeWindow: { Mode: 'OFF' as const }, Target: { Arn: CLUSTER_ARN, RoleArn: SCHEDULER_ROLE } };
    expect(await failure(get('nope'))).toEqual(['ResourceNotFoundException', 'Schedule nope does not exist.']);
    expect(await status(get('nope'))).toBe(404);
    expect(await failure(get('cleanup', 'no-group'))).toEqual(['ResourceNotFoundException', 'Schedule group no-group does not exist.']);
    expect(await failure(update({ Name: 'nope', ...input }))).toEqual(['ResourceNotFoundException', 'Schedule nope does not exist.']);
    expect(await failure(update({ Name: 'report', GroupName: 'no-group', ...input }))).toEqual([
      'ResourceNotFoundException',
      'Schedule group no-group does not exist.',
    ]);
    expect((await failure(get('bad name')))[0]).toBe('ValidationException');
  });

  it('logs scheduler operations with their path, query and body members', async () => {
    await get('report', 'ops');
    await update({ Name: 'report', GroupName: 'ops', ScheduleExpression: 'rate(1 hour)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: CLUSTER_ARN, RoleArn: SCHEDULER_ROLE } });
    expect(local.log.map((e) => [e.operation, e.status])).toEqual([
      ['scheduler:GetSchedule', 200],
      ['scheduler:UpdateSchedule', 200],
    ]);
    expect(local.log[0]?.params).toEqual({ Name: 'report', GroupName: 'ops' });
    expect(local.log[1]?.params).toMatchObject({ Name: 'report', GroupName: 'ops', ScheduleExpression: 'rate(1 hour)', ClientToken: expect.any(String) });
  });
});

describe('IAM, faults, request log and env()', () => {
  it('denies events:PutTargets and scheduler:UpdateSchedule outside the allow-list, naming the rule and schedule', async () => {
    local.setAllow(['events:ListTargetsByRule', 'events:DescribeRule', 'scheduler:GetSchedule', 'ecs:ListServices']);
    expect(await failure(events.send(new PutTargetsCommand({ Rule: 'on-deploy', EventBusName: 'deployments', Targets: [ecsTarget('x')] })))).toEqual([
      'AccessDeniedException',
      `User: ${PRINCIPAL} is not authorized to perform: events:PutTargets on resource: arn:aws:events:${REGION}:${ACCOUNT}:rule/deployments/on-deploy ` +
        'because no identity-based policy allows the events:PutTargets action',
    ]);
    const denied = scheduler.send(
      new UpdateScheduleCommand({ Name: 'report', GroupName: 'ops', ScheduleExpression: 'rate(1 hour)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: CLUSTER_ARN, RoleArn: SCHEDULER_ROLE } }),
    );
    expect(await failure(denied)).toEqual([
      'AccessDeniedException',
      `User: ${PRINCIPAL} is not authorized to perform: scheduler:UpdateSchedule on resource: arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/ops/report ` +
        'because no identity-based policy allows the scheduler:UpdateSchedule action',
    ]);
    // Allowed reads still work, and nothing was written.
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'on-deploy', EventBusName: 'deployments' }))).Targets).toEqual([]);
    expect((await scheduler.send(new GetScheduleCommand({ Name: 'report', GroupName: 'ops' }))).ScheduleExpression).toBe('cron(0 6 * * ? *)');
    local.setAllow(['scheduler:*', 'events:*']);
    expect((await failure(ecs.send(new ListServicesCommand({ cluster: 'demo' }))))[1]).toContain('ecs:ListServices on resource: *');
    expect(local.log.map((e) => [e.operation, e.status, e.error])).toEqual([
      ['events:PutTargets', 400, 'AccessDeniedException'],
      ['scheduler:UpdateSchedule', 403, 'AccessDeniedException'],
      ['events:ListTargetsByRule', 200, undefined],
      ['scheduler:GetSchedule', 200, undefined],
      ['ecs:ListServices', 400, 'AccessDeniedException'],
    ]);
  });

  it('applies faults to REST and JSON operations alike: throttling (429 for Scheduler), 5xx and latency', async () => {
    local.setFaults({ throttleRate: 1, operations: ['scheduler:GetSchedule', 'events:ListTargetsByRule'] });
    expect(await failure(scheduler.send(new GetScheduleCommand({ Name: 'cleanup' })))).toEqual(['ThrottlingException', 'Rate exceeded']);
    expect(await failure(events.send(new ListTargetsByRuleCommand({ Rule: 'nightly-migrate' })))).toEqual(['ThrottlingException', 'Rate exceeded']);
    local.setFaults({ serverErrorRate: 1, operations: ['scheduler:UpdateSchedule', 'events:PutTargets'] });
    const retrying = new SchedulerClient({ ...config(local), maxAttempts: 3, retryStrategy: fastRetry(3) });
    const err = await rejection(
      retrying.send(new UpdateScheduleCommand({ Name: 'cleanup', ScheduleExpression: 'rate(1 day)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: CLUSTER_ARN, RoleArn: SCHEDULER_ROLE } })),
    );
    retrying.destroy();
    expect([err.name, err.$metadata?.attempts]).toEqual(['InternalServerException', 3]);
    expect((await failure(events.send(new PutTargetsCommand({ Rule: 'nightly-migrate', Targets: [ecsTarget('x')] }))))[0]).toBe('InternalException');
    local.setFaults({ latencyMs: 150, operations: ['scheduler:GetSchedule'] });
    const started = Date.now();
    await scheduler.send(new GetScheduleCommand({ Name: 'cleanup' }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(local.log.map((e) => [e.operation, e.status, e.error])).toEqual([
      ['scheduler:GetSchedule', 429, 'ThrottlingException'],
      ['events:ListTargetsByRule', 400, 'ThrottlingException'],
      ['scheduler:UpdateSchedule', 500, 'InternalServerException'],
      ['scheduler:UpdateSchedule', 500, 'InternalServerException'],
      ['scheduler:UpdateSchedule', 500, 'InternalServerException'],
      ['events:PutTargets', 500, 'InternalException'],
      ['scheduler:GetSchedule', 200, undefined],
    ]);
    // The schedule was never replaced.
    expect(local.state.schedule('default', 'cleanup')?.Description).toBe('daily cleanup');
  });

  it('names other Scheduler operations in the log and refuses them with UnknownOperationException', async () => {
    const res = await fetch(`${local.url}/schedules/x`, { method: 'DELETE' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(local.log.map((e) => e.operation)).toEqual(['scheduler:DeleteSchedule']);
    expect((await fetch(`${local.url}/not-a-route`)).status).toBe(404);
  });

  it('env() points the EventBridge and Scheduler SDK variables at the endpoint', () => {
    expect(local.env()).toMatchObject({ AWS_ENDPOINT_URL_EVENTBRIDGE: local.url, AWS_ENDPOINT_URL_SCHEDULER: local.url });
  });

  it('refuses a bad seed: an ECS rule target without RoleArn, more than 5 targets, a schedule without target', async () => {
    const base = { clusters: ['demo'] };
    await expect(
      startLocalEcs({ seed: { ...base, eventRules: [{ name: 'r', scheduleExpression: 'rate(1 day)', targets: [{ Id: 'a', Arn: CLUSTER_ARN, EcsParameters: { TaskDefinitionArn: TD(1) } }] }] } }),
    ).rejects.toThrow('local-ecs seed: event rule r: RoleArn is required for target a.');
    const six = Array.from({ length: 6 }, (_, i) => ({ Id: `t${i}`, Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:q${i}` }));
    await expect(startLocalEcs({ seed: { ...base, eventRules: [{ name: 'r', scheduleExpression: 'rate(1 day)', targets: six }] } })).rejects.toThrow('LimitExceededException');
    await expect(
      startLocalEcs({ seed: { ...base, schedules: [{ name: 's', scheduleExpression: 'rate(1 day)', flexibleTimeWindow: { Mode: 'OFF' } } as never] } }),
    ).rejects.toThrow("local-ecs seed: schedule s: ValidationException: 1 validation error detected: Value null at 'target' failed to satisfy constraint: Member must not be null");
  });
});
