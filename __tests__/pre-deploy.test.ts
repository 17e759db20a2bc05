/**
 * The pre-deploy step and the container-logs step in process: ECS and CloudWatch Logs mocked, a fake
 * clock. Asserts the RunTask request, the progress lines, how each end is recorded, StopTask on a
 * timeout or a cancellation, and that a log read never changes the outcome.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import { CloudWatchLogsClient, GetLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import {
  AccessDeniedException,
  DescribeTasksCommand,
  ECSClient,
  RunTaskCommand,
  ServerException,
  StopTaskCommand,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { readSettings, type Settings } from '../src/core/inputs.js';
import { newFacts, type RunFacts } from '../src/core/outcome.js';
import { TAG_KEYS } from '../src/core/tags.js';
import type { ContainerDefinition } from '../src/core/types.js';
import { memoryLog } from '../src/log.js';
import type { Ports } from '../src/ports.js';
import { fetchLogTails } from '../src/steps/container-logs.js';
import { runPreDeployTask, taskTags, type PreDeployRequest } from '../src/steps/pre-deploy.js';
import { FakeClock } from './helpers/fake-clock.js';

const ecsMock = mockClient(ECSClient);
const logsMock = mockClient(CloudWatchLogsClient);
const ecs = new ECSClient({ region: 'eu-west-1' });
const logs = new CloudWatchLogsClient({ region: 'eu-west-1' });
const REVISION = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:7';
const TASK = 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const RUN_URL = 'https://github.com/acme/api/actions/runs/4242/attempts/1';

const SERVICE: Service = {
  serviceName: 'api',
  launchType: 'FARGATE',
  platformVersion: 'LATEST',
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1', 'subnet-2'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' } },
  propagateTags: 'SERVICE',
  tags: [{ key: 'team', value: 'payments' }],
};

const CONTAINERS: ContainerDefinition[] = [
  {
    name: 'app',
    image: 'api@sha256:abc',
    essential: true,
    logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/api', 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'api' } },
  },
  { name: 'sidecar', image: 'envoy', essential: false },
];

let clock: FakeClock;
let log: ReturnType<typeof memoryLog>;
let controller: AbortController;
let facts: RunFacts;
let logRegions: string[];

beforeEach(() => {
  ecsMock.reset();
  logsMock.reset();
  clock = new FakeClock(1_000_000);
  log = memoryLog();
  controller = new AbortController();
  facts = newFacts('deploy', 'prod', 'api', 'eu-west-1');
  logRegions = [];
  logsMock.on(GetLogEventsCommand).resolves({ events: [{ message: 'migrating...' }, { message: 'ERROR: relation "users" already exists\n' }] });
});

function settings(over: Record<string, string> = {}): Settings {
  const inputs: Record<string, string> = {
    cluster: 'prod',
    service: 'api',
    region: 'eu-west-1',
    template: 'api-template',
    image: 'api:v2',
    'pre-deploy-command': 'bin/rails db:migrate',
    'poll-seconds': '5',
    'timeout-minutes': '10',
    ...over,
  };
  return readSettings((name) => inputs[name] ?? '', {});
}

function ports(s: Settings): Ports {
  return {
    ecs,
    ecsPolls: ecs,
    ecsWrites: ecs,
    ecrFor: () => {
      throw new Error('no ECR call expected');
    },
    logsFor: (region) => {
      logRegions.push(region);
      return logs;
    },
    ssm: new SSMClient({ region: 'eu-west-1' }),
    events: () => {
      throw new Error('no EventBridge call expected');
    },
    scheduler: () => {
      throw new Error('no Scheduler call expected');
    },
    clock,
    log,
    run: { runId: '4242', runAttempt: '1', runUrl: RUN_URL },
    deadline: clock.now() + s.timeoutMinutes * 60_000,
    signal: controller.signal,
  };
}

const REQUEST: PreDeployRequest = {
  service: SERVICE,
  arn: REVISION,
  containers: CONTAINERS,
  container: 'app',
  revisionTags: [
    { key: 'ManagedBy', value: 'terraform' },
    { key: TAG_KEYS.commit, value: 'abc123' },
    { key: TAG_KEYS.registerToken, value: '4242-1-x' },
    { key: TAG_KEYS.rolloutCompleted, value: '2026-01-01T00:00:00Z' },
  ],
};

const task = (lastStatus: string, more: Partial<Task> = {}): Task => ({ taskArn: TASK, lastStatus, containers: [{ name: 'app', lastStatus }], ...more });
const stopped = (exitCode: number | undefined, more: Partial<Task> = {}): Task =>
  task('STOPPED', {
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: [{ name: 'app', lastStatus: 'STOPPED', ...(exitCode !== undefined ? { exitCode } : {}) }],
    ...more,
  });

/** DescribeTasks answers these in turn (the last one again and again). */
function describes(...answers: Task[]): void {
  let i = 0;
  ecsMock.on(DescribeTasksCommand).callsFake(() => ({ tasks: [answers[Math.min(i++, answers.length - 1)]], failures: [] }));
}

describe('runPreDeployTask', () => {
  test('exit 0: one RunTask with the service network, the command override and provenance tags; status changes logged; go on', async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [task('PROVISIONING')], failures: [] });
    describes(task('PENDING'), task('RUNNING'), stopped(0));
    const s = settings();
    const end = await runPreDeployTask(s, ports(s), facts, REQUEST);

    expect(end).toBeUndefined();
    const calls = ecsMock.commandCalls(RunTaskCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toMatchObject({
      cluster: 'prod',
      taskDefinition: REVISION,
      count: 1,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      networkConfiguration: SERVICE.networkConfiguration,
      startedBy: 'ecs-template-deploy/4242',
      overrides: { containerOverrides: [{ name: 'app', command: ['bin/rails', 'db:migrate'] }] },
    });
    expect(input.clientToken).toMatch(/^[\x21-\x7e]{1,64}$/);
    // The service's own tags (it propagates SERVICE, which RunTask refuses) and the revision's provenance; not the token or the mark.
    expect(input.propagateTags).toBeUndefined();
    expect(input.tags).toEqual([
      { key: 'team', value: 'payments' },
      { key: TAG_KEYS.commit, value: 'abc123' },
    ]);
    expect(facts.preDeploy).toMatchObject({ container: 'app', command: ['bin/rails', 'db:migrate'], taskArn: TASK, exitCode: 0, durationMs: 15_000 });
    const progress = log.lines.filter((l) => l.includes('pre-deploy task 0f1e2d3c'));
    expect(progress.map((l) => l.replace(/^\[[^\]]*\] /, ''))).toEqual([
      'pre-deploy task 0f1e2d3c4b5a69788796a5b4c3d2e1f0: PROVISIONING',
      'pre-deploy task 0f1e2d3c4b5a69788796a5b4c3d2e1f0: PENDING',
      'pre-deploy task 0f1e2d3c4b5a69788796a5b4c3d2e1f0: RUNNING',
      'pre-deploy task 0f1e2d3c4b5a69788796a5b4c3d2e1f0: STOPPED (exit 0, EssentialContainerExited)',
    ]);
    expect(clock.sleeps).toEqual([5000, 5000, 5000]);
    expect(logsMock.commandCalls(GetLogEventsCommand)).toHaveLength(0);
    expect(ecsMock.commandCalls(StopTaskCommand)).toHaveLength(0);
  });

  test('a non-zero exit fails, with the cause and the container log tail (newest lines of its awslogs stream)', async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [task('PROVISIONING')], failures: [] });
    describes(task('RUNNING'), stopped(3));
    const s = settings({ 'log-lines': '20' });
    const end = await runPreDeployTask(s, ports(s), facts, REQUEST);

    expect(end).toEqual({ type: 'pre-deploy', ended: 'failed', timeoutMinutes: 10 });
    expect(facts.preDeploy).toMatchObject({ exitCode: 3, stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' });
    expect(facts.preDeploy?.cause).toContain('app');
    const get = logsMock.commandCalls(GetLogEventsCommand);
    expect(get).toHaveLength(1);
    expect(get[0]!.args[0].input).toEqual({
      logGroupName: '/ecs/api',
      logStreamName: 'api/app/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      limit: 20,
      startFromHead: false,
    });
    expect(logRegions).toEqual(['eu-west-1']);
    expect(facts.logTails).toEqual([
      {
        taskArn: TASK,
        container: 'app',
        lines: ['migrating...', 'ERROR: relation "users" already exists'],
        source: '/ecs/api api/app/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      },
    ]);
    expect(log.lines).toContain('[group] Last 2 log lines of container app, task 0f1e2d3c4b5a69788796a5b4c3d2e1f0');
  });

  test('ECS starts no task (no capacity): failed with its reason, nothing polled', async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [], failures: [{ arn: REVISION, reason: 'RESOURCE:MEMORY' }] });
    const s = settings();
    const end = await runPreDeployTask(s, ports(s), facts, REQUEST);
    expect(end).toMatchObject({ type: 'pre-deploy', ended: 'failed' });
    expect(facts.preDeploy?.failureReason).toBe('RESOURCE:MEMORY');
    expect(facts.preDeploy?.cause).toMatch(/memory/i);
    expect(facts.preDeploy?.taskArn).toBeUndefined();
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(0);
  });

  test('the image cannot be pulled: no exit code, the stop reason kept, and no stream yet said in one line', async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [task('PROVISIONING')], failures: [] });
    describes(
      stopped(undefined, {
        stopCode: 'TaskFailedToStart',
        stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref api@sha256:abc: not found',
      }),
    );
    logsMock.on(GetLogEventsCommand).rejects(new ResourceNotFoundException({ message: 'The specified log stream does not exist.', $metadata: {} }));
    const s = settings();
    const end = await runPreDeployTask(s, ports(s), facts, REQUEST);
    expect(end).toMatchObject({ ended: 'failed' });
    expect(facts.preDeploy?.exitCode).toBeUndefined();
    expect(facts.preDeploy?.stopCode).toBe('TaskFailedToStart');
    expect(facts.preDeploy?.cause).toMatch(/pull/i);
    expect(facts.logTails).toEqual([expect.objectContaining({ container: 'app', lines: [], note: expect.stringContaining('no log stream yet') })]);
  });

  test('timeout-minutes passes while the task runs: StopTask with a reason naming the run, then timed-out', async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [task('PROVISIONING')], failures: [] });
    describes(task('RUNNING'));
    ecsMock.on(StopTaskCommand).resolves({ task: stopped(143) });
    const s = settings({ 'timeout-minutes': '1', 'poll-seconds': '20' });
    const end = await runPreDeployTask(s, ports(s), facts, REQUEST);
    expect(end).toEqual({ type: 'pre-deploy', ended: 'timed-out', timeoutMinutes: 1 });
    const stop = ecsMock.commandCalls(StopTaskCommand);
    expect(stop).toHaveLength(1);
    expect(stop[0]!.args[0].input).toMatchObject({ cluster: 'prod', task: TASK });
    expect(stop[0]!.args[0].input.reason).toContain(RUN_URL);
    expect(stop[0]!.args[0].input.reason!.length).toBeLessThanOrEqual(255);
    expect(facts.preDeploy?.stoppedBy).toContain('timeout-minutes (1)');
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(60_000);
  });

  test('cancelled while the task runs: StopTask before anything else, then cancelled', async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [task('PROVISIONING')], failures: [] });
    describes(task('RUNNING'));
    ecsMock.on(StopTaskCommand).resolves({});
    clock.onSleep = () => {
      if (clock.sleeps.length === 2) controller.abort();
    };
    const s = settings();
    const end = await runPreDeployTask(s, ports(s), facts, REQUEST);
    expect(end).toMatchObject({ ended: 'cancelled' });
    expect(ecsMock.commandCalls(StopTaskCommand)).toHaveLength(1);
    expect(ecsMock.commandCalls(StopTaskCommand)[0]!.args[0].input.reason).toContain('was cancelled');
    // No poll after the abort.
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(1);
  });

  test('StopTask refused: a warning that says to stop it by hand, and no stoppedBy', async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [task('PROVISIONING')], failures: [] });
    describes(task('RUNNING'));
    ecsMock.on(StopTaskCommand).rejects(new AccessDeniedException({ message: 'not authorized to perform: ecs:StopTask', $metadata: { httpStatusCode: 400 } }));
    clock.onSleep = () => controller.abort();
    const s = settings();
    const end = await runPreDeployTask(s, ports(s), facts, REQUEST);
    expect(end).toMatchObject({ ended: 'cancelled' });
    expect(facts.preDeploy?.stoppedBy).toBeUndefined();
    expect(log.lines.find((l) => l.startsWith('warning:'))).toMatch(/ecs:StopTask.*stop it by hand/);
  });

  test('a throttled RunTask is sent again with the same client token; a failing poll is retried', async () => {
    ecsMock
      .on(RunTaskCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }))
      .resolves({ tasks: [task('PROVISIONING')], failures: [] });
    let polls = 0;
    ecsMock.on(DescribeTasksCommand).callsFake(() => {
      if (++polls === 1) throw new ServerException({ message: 'internal', $metadata: { httpStatusCode: 500 } });
      return { tasks: [stopped(0)], failures: [] };
    });
    const s = settings();
    const end = await runPreDeployTask(s, ports(s), facts, REQUEST);
    expect(end).toBeUndefined();
    const tokens = ecsMock.commandCalls(RunTaskCommand).map((c) => c.args[0].input.clientToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(tokens[1]);
    expect(log.lines.filter((l) => l.startsWith('warning: Describing the pre-deploy task failed'))).toHaveLength(1);
  });

  test('two attempts of the step send different client tokens (a re-run starts a new task)', async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [stopped(0)], failures: [] });
    const s = settings();
    await runPreDeployTask(s, ports(s), facts, REQUEST);
    await runPreDeployTask(s, ports(s), newFacts('deploy', 'prod', 'api'), REQUEST);
    const [a, b] = ecsMock.commandCalls(RunTaskCommand).map((c) => c.args[0].input.clientToken);
    expect(a).not.toBe(b);
  });

  test('cancelled before RunTask: no task is started', async () => {
    controller.abort();
    const s = settings();
    await expect(runPreDeployTask(s, ports(s), facts, REQUEST)).rejects.toThrow(/before the pre-deploy task started/);
    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(0);
  });

  test('an AWS error other than a passing fault ends the step (the flow concludes it as error)', async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [task('PROVISIONING')], failures: [] });
    ecsMock.on(DescribeTasksCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 400 } }));
    const s = settings();
    await expect(runPreDeployTask(s, ports(s), facts, REQUEST)).rejects.toThrow(/ecs:DescribeTasks/);
  });
});

describe('taskTags', () => {
  test("keeps the revision's provenance tags only", () => {
    expect(taskTags(REQUEST.revisionTags)).toEqual([{ key: TAG_KEYS.commit, value: 'abc123' }]);
  });
});

describe('fetchLogTails', () => {
  const crashed = (id: string, exitCode: number): Task => ({
    taskArn: `arn:aws:ecs:eu-west-1:123456789012:task/prod/${id}`,
    stopCode: 'EssentialContainerExited',
    containers: [
      { name: 'app', exitCode },
      { name: 'sidecar', exitCode: 0 },
    ],
  });
  const request = (over: Partial<Parameters<typeof fetchLogTails>[1]> = {}) => ({
    region: 'us-east-1',
    containers: CONTAINERS,
    tasks: [crashed('t1', 1), crashed('t2', 1), crashed('t3', 1), crashed('t4', 1)],
    lines: 50,
    ...over,
  });
  const ctx = () => ({ logsFor: (region: string) => (logRegions.push(region), logs), log });

  test('at most 3 tasks, the essential container that failed, in the region awslogs names', async () => {
    const tails = await fetchLogTails(ctx(), request());
    expect(tails.map((t) => [t.container, t.taskArn.split('/').pop()])).toEqual([
      ['app', 't1'],
      ['app', 't2'],
      ['app', 't3'],
    ]);
    expect(logsMock.commandCalls(GetLogEventsCommand).map((c) => c.args[0].input.logStreamName)).toEqual(['api/app/t1', 'api/app/t2', 'api/app/t3']);
    expect(logRegions).toEqual(['eu-west-1', 'eu-west-1', 'eu-west-1']);
  });

  test('log-lines 0 reads nothing', async () => {
    expect(await fetchLogTails(ctx(), request({ lines: 0 }))).toEqual([]);
    expect(logsMock.commandCalls(GetLogEventsCommand)).toHaveLength(0);
  });

  test('without the awslogs driver: said once, no call', async () => {
    const containers: ContainerDefinition[] = [{ name: 'app', essential: true, logConfiguration: { logDriver: 'awsfirelens' } }];
    const tails = await fetchLogTails(ctx(), request({ containers }));
    expect(tails).toHaveLength(1);
    expect(tails[0]!.note).toMatch(/awsfirelens/);
    expect(log.lines.filter((l) => l.startsWith('No log lines of container app'))).toHaveLength(1);
    expect(logsMock.commandCalls(GetLogEventsCommand)).toHaveLength(0);
  });

  test('denied: one line naming logs:GetLogEvents, and no further tries', async () => {
    logsMock.on(GetLogEventsCommand).rejects(Object.assign(new Error('User is not authorized to perform: logs:GetLogEvents'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
    const tails = await fetchLogTails(ctx(), request());
    expect(tails).toHaveLength(1);
    expect(tails[0]!.note).toContain('"logs:GetLogEvents"');
    expect(logsMock.commandCalls(GetLogEventsCommand)).toHaveLength(1);
  });

  test('an empty stream and another failure are notes, not errors', async () => {
    logsMock
      .on(GetLogEventsCommand)
      .resolvesOnce({ events: [] })
      .rejectsOnce(Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $metadata: {} }))
      .resolves({ events: [{ message: 'ok' }] });
    const tails = await fetchLogTails(ctx(), request());
    expect(tails.map((t) => t.note ?? t.lines.join())).toEqual(['the log stream is empty', expect.stringContaining('could not be read'), 'ok']);
  });
});
