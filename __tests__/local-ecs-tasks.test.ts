// One-off tasks (RunTask, StopTask) and container logs (GetLogEvents) of the local ECS endpoint through
// the real SDK, driven by skipping simulated time on a frozen real clock.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { GetLogEventsCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import {
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type { ECSClient, RunTaskCommandInput, Task } from '@aws-sdk/client-ecs';
import { sampleSeed, startLocalEcs } from '../tools/local-ecs/index.js';
import type { LocalEcs, LocalEcsOptions } from '../tools/local-ecs/index.js';
import { clients, rejection } from './local-ecs-helpers.js';

const ACCOUNT = '123456789012';
const TD_ARN = (ref: string): string => `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/${ref}`;
const NETWORK = {
  awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['sg-0a1b2c3d4e5f60003'], assignPublicIp: 'DISABLED' as const },
};
/** The pre-deploy task as the action asks for it: the sample template, its network, a command override. */
const MIGRATE: RunTaskCommandInput = {
  cluster: 'demo',
  taskDefinition: 'api-template:1',
  launchType: 'FARGATE',
  networkConfiguration: NETWORK,
  startedBy: 'ecs-template-deploy/42',
  overrides: { containerOverrides: [{ name: 'api', command: ['bin/rails', 'db:migrate'] }] },
};
const START = Date.parse('2025-06-02T10:00:00Z');

let local: LocalEcs;
let ecs: ECSClient;
let logs: CloudWatchLogsClient;
let open = false;

async function stop(): Promise<void> {
  if (!open) return;
  open = false;
  ecs.destroy();
  logs.destroy();
  await local.close();
}

/** (Re)starts the endpoint on a frozen real clock: simulated time moves only with local.advance(). */
async function start(options: LocalEcsOptions = {}): Promise<void> {
  await stop();
  local = await startLocalEcs({ seed: sampleSeed, now: () => START, ...options });
  ({ ecs, logs } = clients(local));
  open = true;
}

beforeEach(async () => {
  await start();
});

afterEach(stop);

async function run(input: Partial<RunTaskCommandInput> = {}): Promise<Task> {
  const out = await ecs.send(new RunTaskCommand({ ...MIGRATE, ...input }));
  expect(out.failures).toEqual([]);
  expect(out.tasks).toHaveLength(1);
  return out.tasks?.[0] as Task;
}

async function describe1(taskArn: string | undefined, include?: 'TAGS'): Promise<Task> {
  const out = await ecs.send(new DescribeTasksCommand({ cluster: 'demo', tasks: [taskArn ?? ''], include: include ? [include] : undefined }));
  return out.tasks?.[0] as Task;
}

const taskId = (arn: string | undefined): string => (arn ?? '').split('/').pop() ?? '';

async function events(input: Partial<GetLogEventsCommandInput>): Promise<{ messages: string[]; forward?: string; backward?: string }> {
  const out = await logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/api', logStreamName: 'test/app', ...input }));
  return { messages: (out.events ?? []).map((e) => e.message ?? ''), forward: out.nextForwardToken, backward: out.nextBackwardToken };
}

describe('RunTask', () => {
  it('starts a task of the revision: PROVISIONING, PENDING at 1 s, RUNNING at 3 s, exit 0 at 10 s by default', async () => {
    const task = await run({ tags: [{ key: 'run', value: '42' }], propagateTags: 'TASK_DEFINITION' });
    expect(task).toMatchObject({
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      taskDefinitionArn: TD_ARN('api-template:1'),
      clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/demo`,
      startedBy: 'ecs-template-deploy/42',
      group: 'family:api-template',
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      enableExecuteCommand: false,
      overrides: { containerOverrides: [{ name: 'api', command: ['bin/rails', 'db:migrate'] }], inferenceAcceleratorOverrides: [] },
      // The request's, then the task definition's.
      tags: [
        { key: 'run', value: '42' },
        { key: 'ManagedBy', value: 'terraform' },
        { key: 'Service', value: 'api' },
      ],
    });
    expect(task.taskArn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/demo\/[0-9a-f]{32}$/);
    expect(task.createdAt?.getTime()).toBe(START);

    local.advance(1);
    expect((await describe1(task.taskArn)).lastStatus).toBe('PENDING');
    local.advance(2);
    const running = await describe1(task.taskArn);
    expect(running.lastStatus).toBe('RUNNING');
    expect(running.startedAt?.getTime()).toBe(START + 3000);
    expect(running.containers?.[0]?.exitCode).toBeUndefined();

    local.advance(7);
    const stopped = await describe1(task.taskArn, 'TAGS');
    expect(stopped).toMatchObject({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
    });
    expect(stopped.stoppedAt?.getTime()).toBe(START + 10_000);
    expect(stopped.pullStartedAt?.getTime()).toBe(START + 1000);
    expect(stopped.containers?.[0]).toMatchObject({ name: 'api', lastStatus: 'STOPPED', exitCode: 0 });
    expect(stopped.tags).toHaveLength(3);
    // Not counted as the service's.
    const svc = (await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['api'] }))).services?.[0];
    expect(svc?.runningCount).toBe(2);
  });

  it('answers the validation errors of ECS', async () => {
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'worker',
        networkMode: 'bridge',
        containerDefinitions: [{ name: 'worker', image: 'busybox', memory: 128, command: ['bin/worker'] }],
      }),
    );
    const cases: Array<[Partial<RunTaskCommandInput>, string, string | RegExp]> = [
      [{ networkConfiguration: undefined }, 'InvalidParameterException', "Network Configuration must be provided when networkMode 'awsvpc' is specified."],
      [
        { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] },
        'InvalidParameterException',
        /both a launch type and capacity provider strategy/,
      ],
      [
        { overrides: { containerOverrides: [{ name: 'migrations', command: ['x'] }] } },
        'InvalidParameterException',
        'Override for container named migrations is not a container in the TaskDefinition.',
      ],
      [{ overrides: { containerOverrides: [{ name: 'api', command: ['x'.repeat(8200)] }] } }, 'InvalidParameterException', /8192/],
      [{ startedBy: 'x'.repeat(37) }, 'InvalidParameterException', /startedBy/],
      [{ startedBy: 'run 42' }, 'InvalidParameterException', /startedBy/],
      [{ propagateTags: 'SERVICE' }, 'InvalidParameterException', /propagateTags SERVICE/],
      [{ tags: [{ key: 'aws:owner', value: 'x' }] }, 'InvalidParameterException', /aws:/],
      [{ tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }, 'InvalidParameterException', /50 tags/],
      [{ count: 11 }, 'InvalidParameterException', /count/],
      [{ count: 0 }, 'InvalidParameterException', /count/],
      [{ clientToken: 'has space' }, 'InvalidParameterException', /clientToken/],
      [{ clientToken: 'x'.repeat(65) }, 'InvalidParameterException', /clientToken/],
      [{ launchType: 'EC2', platformVersion: '1.4.0' }, 'InvalidParameterException', /platform version/],
      [{ taskDefinition: 'nope:1' }, 'ClientException', 'TaskDefinition not found.'],
      [{ taskDefinition: 'worker', launchType: 'EC2' }, 'InvalidParameterException', /not valid for the given networkMode/],
      [{ taskDefinition: 'worker', launchType: 'FARGATE', networkConfiguration: undefined }, 'InvalidParameterException', /does not support launch_type FARGATE/],
      [{ cluster: 'nope' }, 'ClusterNotFoundException', 'Cluster not found.'],
    ];
    for (const [input, name, message] of cases) {
      const err = await rejection(ecs.send(new RunTaskCommand({ ...MIGRATE, ...input })));
      expect([err.name, input]).toEqual([name, input]);
      if (typeof message === 'string') expect(err.message).toBe(message);
      else expect(err.message).toMatch(message);
    }

    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'gone', containerDefinitions: [{ name: 'c', image: 'busybox', memory: 64 }] }));
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'gone:1' }));
    const inactive = await rejection(ecs.send(new RunTaskCommand({ cluster: 'demo', taskDefinition: 'gone:1', launchType: 'EC2' })));
    expect([inactive.name, inactive.message]).toEqual(['ClientException', 'TaskDefinition is inactive']);
    // No task was started by any of them.
    expect([...local.state.tasks.values()].filter((t) => t.serviceName === undefined)).toEqual([]);
  });

  it('runs a bare family at its latest ACTIVE revision; EC2 tasks of a bridge task definition need no network', async () => {
    for (const image of ['busybox:1', 'busybox:2']) {
      await ecs.send(new RegisterTaskDefinitionCommand({ family: 'worker', containerDefinitions: [{ name: 'worker', image, memory: 128, command: ['bin/worker'] }] }));
    }
    const out = await ecs.send(new RunTaskCommand({ cluster: 'demo', taskDefinition: 'worker', count: 3, group: 'batch' }));
    expect(out.tasks?.map((t) => t.taskDefinitionArn)).toEqual([TD_ARN('worker:2'), TD_ARN('worker:2'), TD_ARN('worker:2')]);
    expect(out.tasks?.[0]).toMatchObject({ launchType: 'EC2', group: 'batch' });
    expect(out.tasks?.[0]?.platformVersion).toBeUndefined();
    expect(out.tasks?.[0]?.tags).toBeUndefined();
  });

  it('places a task with a capacity provider strategy', async () => {
    const task = await run({ launchType: undefined, capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 4 }] });
    expect(task).toMatchObject({ capacityProviderName: 'FARGATE_SPOT', launchType: 'FARGATE' });
  });

  it('is idempotent by clientToken: the same request answers the same task, another one a ConflictException', async () => {
    const first = await run({ clientToken: 'run-42-attempt-1' });
    local.advance(4);
    const again = await run({ clientToken: 'run-42-attempt-1' });
    expect(again.taskArn).toBe(first.taskArn);
    expect(again.lastStatus).toBe('RUNNING');
    const oneOff = () => [...local.state.tasks.values()].filter((t) => t.serviceName === undefined);
    expect(oneOff()).toHaveLength(1);

    const conflict = await rejection(
      ecs.send(new RunTaskCommand({ ...MIGRATE, clientToken: 'run-42-attempt-1', overrides: { containerOverrides: [{ name: 'api', command: ['bin/seed'] }] } })),
    );
    expect(conflict.name).toBe('ConflictException');
    expect((conflict as unknown as { resourceIds?: string[] }).resourceIds).toEqual([first.taskArn]);

    // Another token, or the same in another cluster, is another request.
    expect((await run({ clientToken: 'run-42-attempt-2' })).taskArn).not.toBe(first.taskArn);
    // A token lives 24 hours.
    local.advance(24 * 3600 + 1);
    expect((await run({ clientToken: 'run-42-attempt-1' })).taskArn).not.toBe(first.taskArn);
    expect(oneOff()).toHaveLength(3);
  });

  it('lists one-off tasks by startedBy, not under the service', async () => {
    const task = await run();
    const byStarter = await ecs.send(new ListTasksCommand({ cluster: 'demo', startedBy: 'ecs-template-deploy/42' }));
    expect(byStarter.taskArns).toEqual([task.taskArn]);
    const ofService = await ecs.send(new ListTasksCommand({ cluster: 'demo', serviceName: 'api' }));
    expect(ofService.taskArns).toHaveLength(2);
    expect(ofService.taskArns).not.toContain(task.taskArn);
    // A service task's startedBy is its deployment id.
    const serviceTask = await describe1(ofService.taskArns?.[0]);
    expect(serviceTask.startedBy).toMatch(/^ecs-svc\/\d{19}$/);
    expect(serviceTask.group).toBe('service:api');
    const byDeployment = await ecs.send(new ListTasksCommand({ cluster: 'demo', startedBy: serviceTask.startedBy }));
    expect(byDeployment.taskArns).toHaveLength(2);
  });
});

describe('run-task scenarios', () => {
  it('exit: the first that matches by command; its exit code, container reason and log lines', async () => {
    local.setRunTaskScenarios([
      { whenCommandIncludes: 'db:seed', exitCode: 5 },
      {
        whenCommandIncludes: 'db:migrate',
        exitCode: 137,
        afterSeconds: 30,
        containerReason: 'OutOfMemoryError: Container killed due to memory usage',
        logLines: ['== 42 CreateUsers: migrating', 'Killed'],
      },
    ]);
    const task = await run();
    local.advance(29);
    expect((await describe1(task.taskArn)).lastStatus).toBe('RUNNING');
    local.advance(1);
    const stopped = await describe1(task.taskArn);
    expect(stopped).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' });
    expect(stopped.containers?.[0]).toMatchObject({ exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' });
    const stream = `api/api/${taskId(task.taskArn)}`;
    const out = await logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/api', logStreamName: stream }));
    expect(out.events?.map((e) => e.message)).toEqual(['== 42 CreateUsers: migrating', 'Killed']);
    expect(out.events?.[0]?.timestamp).toBe(START + 3000);
    expect((out.events?.[1]?.timestamp ?? 0) - (out.events?.[0]?.timestamp ?? 0)).toBeGreaterThan(0);
    expect(local.state.logs.get('/ecs/api')?.streams.has(stream)).toBe(true);

    // Without an override, the container's own command is matched; nothing matches: exit 0.
    const plain = await run({ overrides: undefined });
    local.advance(10);
    expect((await describe1(plain.taskArn)).containers?.[0]?.exitCode).toBe(0);
  });

  it('pull-failure: never runs; TaskFailedToStart, CannotPullContainerError naming the image, no exit code, no log stream', async () => {
    local.setRunTaskScenarios([{ kind: 'pull-failure', whenImageIncludes: 'nginx' }]);
    const task = await run();
    local.advance(5);
    const stopped = await describe1(task.taskArn);
    expect(stopped).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
    expect(stopped.stoppedReason).toMatch(/^CannotPullContainerError: .*public\.ecr\.aws\/nginx\/nginx:stable/);
    expect(stopped.startedAt).toBeUndefined();
    expect(stopped.containers?.[0]?.exitCode).toBeUndefined();
    expect(stopped.containers?.[0]?.reason).toBeUndefined();
    const err = await rejection(logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/api', logStreamName: `api/api/${taskId(task.taskArn)}` })));
    expect([err.name, err.message]).toEqual(['ResourceNotFoundException', 'The specified log stream does not exist.']);
  });

  it('secret-failure: TaskFailedToStart with a ResourceInitializationError naming the secret', async () => {
    await start({ runTaskScenarios: [{ kind: 'secret-failure' }] });
    const task = await run();
    local.advance(5);
    const stopped = await describe1(task.taskArn);
    expect(stopped.stopCode).toBe('TaskFailedToStart');
    expect(stopped.stoppedReason).toMatch(/^ResourceInitializationError: unable to pull secrets or registry auth: /);
    expect(stopped.stoppedReason).toContain('ssm:GetParameters');
    expect(stopped.stoppedReason).toContain(`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/api/database-url`);
    expect(stopped.pullStartedAt).toBeUndefined();
  });

  it('stuck: runs until StopTask, which stops it at once (UserInitiated, exit 143)', async () => {
    await start({ seed: { ...sampleSeed, runTaskScenarios: [{ kind: 'stuck', logLines: ['waiting for lock'] }] } });
    const task = await run();
    local.advance(3600);
    expect((await describe1(task.taskArn)).lastStatus).toBe('RUNNING');
    const reason = 'Stopped by ecs-template-deploy: timeout-minutes (30) passed';
    const out = await ecs.send(new StopTaskCommand({ cluster: 'demo', task: task.taskArn, reason }));
    expect(out.task).toMatchObject({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: reason });
    expect(out.task?.containers?.[0]?.exitCode).toBe(143);
    // Already stopped: answered as it is.
    const again = await ecs.send(new StopTaskCommand({ cluster: 'demo', task: taskId(task.taskArn) }));
    expect(again.task?.stoppedReason).toBe(reason);
    expect(again.task?.stoppedAt).toEqual(out.task?.stoppedAt);
  });

  it('no-capacity: no task, a RESOURCE:MEMORY failure naming the task definition', async () => {
    local.setRunTaskScenarios([{ kind: 'no-capacity' }]);
    const out = await ecs.send(new RunTaskCommand(MIGRATE));
    expect(out.tasks).toEqual([]);
    expect(out.failures).toEqual([{ arn: TD_ARN('api-template:1'), reason: 'RESOURCE:MEMORY' }]);
  });
});

describe('StopTask', () => {
  it('stops a task that has not started yet with no exit code; answers errors as ECS does', async () => {
    const task = await run();
    const out = await ecs.send(new StopTaskCommand({ cluster: 'demo', task: task.taskArn }));
    expect(out.task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' });
    expect(out.task?.containers?.[0]?.exitCode).toBeUndefined();
    local.advance(60);
    expect((await describe1(task.taskArn)).startedAt).toBeUndefined();

    const unknown = await rejection(ecs.send(new StopTaskCommand({ cluster: 'demo', task: '0123456789abcdef0123456789abcdef' })));
    expect([unknown.name, unknown.message]).toEqual(['InvalidParameterException', 'The referenced task was not found.']);
    const long = await rejection(ecs.send(new StopTaskCommand({ cluster: 'demo', task: task.taskArn, reason: 'x'.repeat(256) })));
    expect(long.name).toBe('InvalidParameterException');
    const cluster = await rejection(ecs.send(new StopTaskCommand({ cluster: 'nope', task: task.taskArn })));
    expect(cluster.name).toBe('ClusterNotFoundException');
  });
});

describe('GetLogEvents', () => {
  const lines = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`);
  const range = (from: number, to: number): string[] => lines.slice(from - 1, to);

  it('answers the newest events, oldest first, and pages back and forth with tokens', async () => {
    local.putLogLines('/ecs/api', 'test/app', lines);
    const newest = await events({ limit: 10 });
    expect(newest.messages).toEqual(range(16, 25));
    const older = await events({ limit: 10, nextToken: newest.backward });
    expect(older.messages).toEqual(range(6, 15));
    const oldest = await events({ limit: 10, nextToken: older.backward });
    expect(oldest.messages).toEqual(range(1, 5));
    // The end: no events, and the same token back.
    const none = await events({ limit: 10, nextToken: oldest.backward });
    expect(none.messages).toEqual([]);
    expect(none.backward).toBe(oldest.backward);

    // Forward from the newest page: nothing yet; new lines arrive on the same token.
    const after = await events({ nextToken: newest.forward, startFromHead: true });
    expect(after.messages).toEqual([]);
    expect(after.forward).toBe(newest.forward);
    local.advance(1);
    local.putLogLines('/ecs/api', 'test/app', ['line 26']);
    expect((await events({ nextToken: newest.forward, startFromHead: true })).messages).toEqual(['line 26']);
  });

  it('reads from the head, within a time range, by group ARN; answers every event without a limit', async () => {
    local.putLogLines('/ecs/api', 'test/app', lines);
    const head = await events({ startFromHead: true, limit: 10 });
    expect(head.messages).toEqual(range(1, 10));
    expect((await events({ startFromHead: true, limit: 10, nextToken: head.forward })).messages).toEqual(range(11, 20));
    expect((await events({})).messages).toEqual(lines);

    const stored = local.state.logEvents('/ecs/api', 'test/app');
    expect(stored).toHaveLength(25);
    const from = stored[4]?.timestamp ?? 0;
    const to = stored[7]?.timestamp ?? 0;
    // startTime included, endTime not.
    expect((await events({ startTime: from, endTime: to })).messages).toEqual(range(5, 7));

    const byArn = await logs.send(
      new GetLogEventsCommand({ logGroupIdentifier: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/api`, logStreamName: 'test/app', limit: 1 }),
    );
    expect(byArn.events?.map((e) => e.message)).toEqual(['line 25']);
    expect(byArn.events?.[0]?.ingestionTime).toBeGreaterThanOrEqual(byArn.events?.[0]?.timestamp ?? 0);
  });

  it('answers ResourceNotFoundException and InvalidParameterException as CloudWatch Logs does', async () => {
    local.putLogLines('/ecs/api', 'test/app', ['x']);
    const group = await rejection(events({ logGroupName: '/ecs/nope' }));
    expect([group.name, group.message]).toEqual(['ResourceNotFoundException', 'The specified log group does not exist.']);
    const stream = await rejection(events({ logStreamName: 'api/api/0123' }));
    expect([stream.name, stream.message]).toEqual(['ResourceNotFoundException', 'The specified log stream does not exist.']);
    for (const input of [
      { logGroupIdentifier: '/ecs/api' },
      { logGroupName: undefined },
      { limit: 0 },
      { limit: 10_001 },
      { nextToken: 'not-a-token' },
    ]) {
      const err = await rejection(events(input));
      expect([err.name, input]).toEqual(['InvalidParameterException', input]);
    }
    expect(local.log.at(-1)).toMatchObject({ operation: 'logs:GetLogEvents', status: 400, error: 'InvalidParameterException' });
  });

  it('is reached through AWS_ENDPOINT_URL_CLOUDWATCH_LOGS from env()', async () => {
    const env = local.env();
    expect(env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS).toBe(local.url);
    local.putLogLines('/ecs/api', 'test/app', ['via env']);
    const saved = process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS;
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS = env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS;
    const client = new CloudWatchLogsClient({ region: local.region, credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
    try {
      const out = await client.send(new GetLogEventsCommand({ logGroupName: '/ecs/api', logStreamName: 'test/app' }));
      expect(out.events?.map((e) => e.message)).toEqual(['via env']);
    } finally {
      client.destroy();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS;
      else process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS = saved;
    }
  });
});

describe('service tasks', () => {
  it("crash: each crashed task's container wrote the scenario's log lines to its awslogs stream", async () => {
    const seeded = (await ecs.send(new ListTasksCommand({ cluster: 'demo', serviceName: 'api' }))).taskArns ?? [];
    expect(seeded).toHaveLength(2);
    local.setScenario('demo', 'api', { kind: 'crash', exitCode: 1, logLines: ['Starting api', 'Error: listen EADDRINUSE :::8080'] });
    await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', forceNewDeployment: true }));
    local.advance(20);
    const stopped = await ecs.send(new ListTasksCommand({ cluster: 'demo', serviceName: 'api', desiredStatus: 'STOPPED' }));
    expect(stopped.taskArns).toHaveLength(2);
    for (const arn of stopped.taskArns ?? []) {
      const task = await describe1(arn);
      expect(task.containers?.[0]?.exitCode).toBe(1);
      const out = await logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/api', logStreamName: `api/api/${taskId(arn)}` }));
      expect(out.events?.map((e) => e.message)).toEqual(['Starting api', 'Error: listen EADDRINUSE :::8080']);
    }
    // The seeded tasks opened their streams, and wrote nothing.
    for (const arn of seeded) expect(local.state.logEvents('/ecs/api', `api/api/${taskId(arn)}`)).toEqual([]);
    expect(seeded.every((arn) => local.state.logs.get('/ecs/api')?.streams.has(`api/api/${taskId(arn)}`))).toBe(true);
  });

  it("complete: the new tasks write the scenario's log lines", async () => {
    local.setScenario('demo', 'api', { kind: 'complete', logLines: ['listening on :8080'] });
    await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', forceNewDeployment: true }));
    local.advance(30);
    const svc = (await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['api'] }))).services?.[0];
    const list = await ecs.send(new ListTasksCommand({ cluster: 'demo', startedBy: svc?.deployments?.[0]?.id }));
    expect(list.taskArns).toHaveLength(2);
    for (const arn of list.taskArns ?? []) {
      expect(local.state.logEvents('/ecs/api', `api/api/${taskId(arn)}`).map((e) => e.message)).toEqual(['listening on :8080']);
    }
  });

  it('carry the propagated and managed tags; capacity provider strategies and placement are described', async () => {
    local.seed({
      services: [
        {
          cluster: 'demo',
          serviceName: 'spot',
          taskDefinition: 'api-template:1',
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
          propagateTags: 'TASK_DEFINITION',
          enableECSManagedTags: true,
          tags: [{ key: 'Service', value: 'spot' }],
        },
      ],
    });
    const svc = (await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['spot'] }))).services?.[0];
    expect(svc).toMatchObject({
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      propagateTags: 'TASK_DEFINITION',
      enableECSManagedTags: true,
      platformVersion: 'LATEST',
    });
    expect(svc?.launchType).toBeUndefined();
    expect(svc?.deployments?.[0]?.capacityProviderStrategy).toEqual([{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]);
    const list = await ecs.send(new ListTasksCommand({ cluster: 'demo', serviceName: 'spot' }));
    const task = await describe1(list.taskArns?.[0], 'TAGS');
    expect(task).toMatchObject({ capacityProviderName: 'FARGATE_SPOT', launchType: 'FARGATE' });
    expect(task.tags).toEqual([
      { key: 'ManagedBy', value: 'terraform' },
      { key: 'Service', value: 'api' },
      { key: 'aws:ecs:clusterName', value: 'demo' },
      { key: 'aws:ecs:serviceName', value: 'spot' },
    ]);
    // The sample service propagates its own tags.
    const api = await ecs.send(new ListTasksCommand({ cluster: 'demo', serviceName: 'api' }));
    expect((await describe1(api.taskArns?.[0], 'TAGS')).tags).toEqual([
      { key: 'Service', value: 'api' },
      { key: 'Team', value: 'platform' },
    ]);
  });

  it('UpdateService keeps the network configuration it is not given, and replaces the one it is', async () => {
    const before = (await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['api'] }))).services?.[0];
    const sample = before?.networkConfiguration;
    expect(sample?.awsvpcConfiguration?.securityGroups).toEqual(['sg-0a1b2c3d4e5f60003']);
    const kept = await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', forceNewDeployment: true }));
    expect(kept.service?.networkConfiguration).toEqual(sample);
    expect(kept.service?.deployments?.[0]?.networkConfiguration).toEqual(sample);
    const replaced = await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', networkConfiguration: NETWORK }));
    expect(replaced.service?.networkConfiguration).toEqual(NETWORK);
  });
});

describe('IAM', () => {
  it('denies RunTask, StopTask and GetLogEvents outside the allow-list, naming the resource', async () => {
    const task = await run();
    local.setAllow(['ecs:Describe*', 'ecs:ListTasks']);
    const runDenied = await rejection(ecs.send(new RunTaskCommand(MIGRATE)));
    expect(runDenied.name).toBe('AccessDeniedException');
    expect(runDenied.message).toContain(`perform: ecs:RunTask on resource: ${TD_ARN('api-template:1')} because`);
    const stopDenied = await rejection(ecs.send(new StopTaskCommand({ cluster: 'demo', task: task.taskArn })));
    expect(stopDenied.message).toContain(`perform: ecs:StopTask on resource: ${task.taskArn} because`);
    const logsDenied = await rejection(logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/api', logStreamName: 'api/api/x' })));
    expect(logsDenied.name).toBe('AccessDeniedException');
    expect(logsDenied.message).toContain(`perform: logs:GetLogEvents on resource: arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/api:log-stream:api/api/x because`);
    expect([...local.state.tasks.values()].filter((t) => t.serviceName === undefined)).toHaveLength(1);
    local.setAllow(['ecs:RunTask', 'logs:GetLogEvents']);
    await run();
  });
});
