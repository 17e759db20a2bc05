import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { table } from './helpers/table.js';
import {
  AccessDeniedException,
  ClusterNotFoundException,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  type Service,
  type ServiceDeployment,
  type Task,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { systemClock } from '../src/clock.js';
import { DeployError } from '../src/core/errors.js';
import { memoryLog } from '../src/log.js';
import { waitForOtherDeployments } from '../src/steps/concurrent.js';
import type { StageEntry } from '../src/core/outcome.js';
import { describeStoppedTask, watchRollout, type WatchOptions } from '../src/steps/watch.js';
import { ARNS, DEPLOYMENT_IDS, STEP_BEGAN, loadRollout } from './fixtures/rollouts.js';
import { FakeClock } from './helpers/fake-clock.js';

const POLL = 10_000;
/** The watcher starts a moment after UpdateService answered. */
const START = STEP_BEGAN + 3_000;

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'eu-west-1' });
let clock: FakeClock;
let log: ReturnType<typeof memoryLog>;

beforeEach(() => {
  ecsMock.reset();
  clock = new FakeClock(START);
  log = memoryLog();
  ecsMock.on(ListTasksCommand).resolves({ taskArns: [] });
  ecsMock.on(DescribeTasksCommand).resolves({ tasks: [] });
});

afterEach(() => {
  ecsMock.reset();
});

function options(over: Partial<WatchOptions> = {}): WatchOptions {
  return {
    cluster: 'prod',
    service: 'api',
    tracked: { deploymentId: DEPLOYMENT_IDS.ours, taskDefinitionArn: ARNS.ours, previousArn: ARNS.previous },
    serviceDeploymentArn: ARNS.serviceDeployment,
    since: STEP_BEGAN,
    timeoutMs: 600_000,
    pollMs: POLL,
    ...over,
  };
}

const ctx = () => ({ ecs, log, clock });

/** What ECS answers over time: each step from `at` ms after START until the next step. */
type Step = readonly [at: number, fixture: string];

function at(steps: readonly Step[]): { service: Service; serviceDeployment?: ServiceDeployment } {
  let current = steps[0] as Step;
  for (const step of steps) if (clock.now() - START >= step[0]) current = step;
  return loadRollout(current[1]);
}

/** Both APIs answer from the fixture of the moment; returns the log of what DescribeServiceDeployments said when. */
function play(steps: readonly Step[]): Array<{ t: number; status: string | undefined }> {
  const answers: Array<{ t: number; status: string | undefined }> = [];
  ecsMock.on(DescribeServicesCommand).callsFake(() => ({ services: [at(steps).service], failures: [] }));
  ecsMock.on(DescribeServiceDeploymentsCommand).callsFake(() => {
    const sd = at(steps).serviceDeployment;
    answers.push({ t: clock.now(), status: sd?.status });
    return { serviceDeployments: sd ? [sd] : [], failures: [] };
  });
  return answers;
}

function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode } });
}

const throttle = () => awsError('ThrottlingException', 'Rate exceeded');
const progressLines = () => log.lines.filter((l) => /^\[(\d+m )?\d+s\] /.test(l));
const calls = (command: Parameters<typeof ecsMock.commandCalls>[0]) => ecsMock.commandCalls(command).length;

describe('watchRollout: outcomes', () => {
  test('completes, and notices it within one poll interval of ECS reporting it', async () => {
    const ecsDoneAt = START + 37_000;
    const answers = play([
      [0, 'in-progress-scale-up'],
      [37_000, 'completed'],
    ]);
    const result = await watchRollout(options(), ctx());
    expect(result.status).toBe('completed');
    expect(result.state?.phase).toBe('completed');
    const firstSuccessful = answers.find((a) => a.status === 'SUCCESSFUL');
    expect(firstSuccessful).toBeDefined();
    expect(clock.now() - (firstSuccessful?.t ?? 0)).toBeLessThanOrEqual(POLL);
    expect(clock.now() - ecsDoneAt).toBeLessThanOrEqual(POLL);
    expect(result.durationMs).toBe(40_000);
    expect(result.stoppedTasks).toEqual([]);
    expect(calls(ListTasksCommand)).toBe(0);
  });

  test('polls at the fixed interval: every sleep is poll-seconds, only the last is clipped to the deadline', async () => {
    play([[0, 'in-progress-bake-time']]);
    const result = await watchRollout(options({ timeoutMs: 95_000 }), ctx());
    expect(result.status).toBe('timed-out');
    expect(clock.sleeps).toEqual([...Array<number>(9).fill(POLL), 5_000]);
    expect(result.durationMs).toBe(95_000);
    // One call per poll: DescribeServiceDeployments; DescribeServices on the first poll and every sixth.
    expect(calls(DescribeServiceDeploymentsCommand)).toBe(11);
    expect(calls(DescribeServicesCommand)).toBe(2);
  });

  test('the interval does not grow over a long wait', async () => {
    play([
      [0, 'in-progress-scale-up'],
      [600_000, 'completed'],
    ]);
    const result = await watchRollout(options({ timeoutMs: 1_800_000, pollMs: 15_000 }), ctx());
    expect(result.status).toBe('completed');
    expect(new Set(clock.sleeps)).toEqual(new Set([15_000]));
    expect(clock.now() - (START + 600_000)).toBeLessThanOrEqual(15_000);
  });

  test.each(table([
    ['completed', 'completed', {}],
    ['failed-no-rollback', 'failed', {}],
    ['superseded', 'superseded', { replacedBy: ARNS.other }],
    ['circuit-breaker-rolled-back', 'rolled-back', { rollbackSucceeded: true }],
    ['circuit-breaker-rollback-failed', 'rolled-back', { rollbackSucceeded: false }],
    ['alarm-rolled-back', 'rolled-back', { rollbackSucceeded: true }],
  ] as const))('%s -> %s', async (fixture, status, extra) => {
    play([
      [0, 'in-progress-scale-up'],
      [25_000, fixture],
    ]);
    const result = await watchRollout(options(), ctx());
    expect(result.status).toBe(status);
    expect(result.durationMs).toBe(30_000);
    expect(result.state).toMatchObject(extra);
    if (status !== 'completed') expect(result.state?.reason).toEqual(expect.any(String));
  });

  test('rolled back: follows the rollback to its end, warns once that ECS rolls back, reports the reason', async () => {
    play([
      [0, 'in-progress-scale-up'],
      [20_000, 'circuit-breaker-rollback-started'],
      [30_000, 'circuit-breaker-rolling-back'],
      [50_000, 'circuit-breaker-rolled-back'],
    ]);
    const result = await watchRollout(options(), ctx());
    expect(result.status).toBe('rolled-back');
    expect(result.state).toMatchObject({ phase: 'rolled-back', rollbackSucceeded: true });
    expect(result.state?.reason).toContain('circuit breaker');
    expect(result.durationMs).toBe(50_000);
    const warnings = log.lines.filter((l) => l.startsWith('warning: ECS is rolling the service back'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(ARNS.previous);
    expect(calls(ListTasksCommand)).toBe(1);
  });

  test('timed out: ends at timeout-minutes', async () => {
    play([[0, 'in-progress-scale-up']]);
    const result = await watchRollout(options({ timeoutMs: 300_000 }), ctx());
    expect(result.status).toBe('timed-out');
    expect(result.durationMs).toBe(300_000);
    expect(result.state?.phase).toBe('in-progress');
    expect(log.lines).toContain('Still waiting: 1m 00s so far, 4m 00s left of the timeout.');
    expect(log.lines.filter((l) => l.startsWith('Still waiting:'))).toHaveLength(4);
  });

  test('a rollback still running at the deadline is reported as rolled-back, the rollback outcome unknown', async () => {
    play([
      [0, 'in-progress-scale-up'],
      [10_000, 'circuit-breaker-rolling-back'],
    ]);
    const result = await watchRollout(options({ timeoutMs: 45_000 }), ctx());
    expect(result.status).toBe('rolled-back');
    expect(result.durationMs).toBe(45_000);
    expect(result.state?.rollbackSucceeded).toBeUndefined();
  });
});

describe('watchRollout: errors', () => {
  test('a throttled poll is logged and the wait goes on', async () => {
    const steps: Step[] = [
      [0, 'in-progress-scale-up'],
      [35_000, 'completed'],
    ];
    play(steps);
    let n = 0;
    ecsMock.on(DescribeServicesCommand).callsFake(() => {
      if (++n === 1) throw throttle();
      return { services: [at(steps).service] };
    });
    const result = await watchRollout(options(), ctx());
    expect(result.status).toBe('completed');
    const warnings = log.lines.filter((l) => l.startsWith('warning: Polling the service failed'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('ThrottlingException');
    expect(new Set(clock.sleeps)).toEqual(new Set([POLL]));
    expect(clock.now() - (START + 35_000)).toBeLessThanOrEqual(POLL);
  });

  test('a throttled DescribeServiceDeployments is retried, not a reason to fall back', async () => {
    const steps: Step[] = [
      [0, 'in-progress-scale-up'],
      [15_000, 'completed'],
    ];
    play(steps);
    ecsMock.on(DescribeServiceDeploymentsCommand).rejectsOnce(throttle()).callsFake(() => ({ serviceDeployments: [at(steps).serviceDeployment] }));
    const result = await watchRollout(options(), ctx());
    expect(result.status).toBe('completed');
    expect(log.lines.some((l) => l.startsWith('Following the rollout through DescribeServices'))).toBe(false);
    expect(calls(DescribeServiceDeploymentsCommand)).toBe(3);
  });

  test('five throttled polls in a row are survived', async () => {
    const steps: Step[] = [[0, 'completed']];
    play(steps);
    let n = 0;
    ecsMock.on(DescribeServicesCommand).callsFake(() => {
      if (++n <= 5) throw throttle();
      return { services: [at(steps).service] };
    });
    await expect(watchRollout(options(), ctx())).resolves.toMatchObject({ status: 'completed' });
  });

  test('a service error (5xx) is transient too', async () => {
    const steps: Step[] = [[0, 'completed']];
    play(steps);
    ecsMock.on(DescribeServicesCommand).rejectsOnce(awsError('ServerException', 'Service Unavailable', 503)).callsFake(() => ({ services: [at(steps).service] }));
    await expect(watchRollout(options(), ctx())).resolves.toMatchObject({ status: 'completed' });
  });

  test('throttling that never ends: polls go on at poll-seconds until the deadline, then timed-out; said once, then every 10th', async () => {
    play([[0, 'in-progress-scale-up']]);
    ecsMock.on(DescribeServicesCommand).rejects(throttle());
    const result = await watchRollout(options({ timeoutMs: 25 * POLL }), ctx());
    expect(result.status).toBe('timed-out');
    expect(clock.now() - START).toBe(25 * POLL);
    expect(calls(DescribeServicesCommand)).toBe(26);
    const warnings = log.lines.filter((l) => l.startsWith('warning: Polling the service failed'));
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/failed \(Describing service "api" in cluster "prod" failed \(ThrottlingException: Rate exceeded\)/);
    expect(warnings[1]).toMatch(/failed 10 times in a row/);
  });

  test('a throttled poll at the deadline ends the wait as timed-out, not later', async () => {
    const steps: Step[] = [[0, 'in-progress-scale-up']];
    play(steps);
    ecsMock.on(DescribeServicesCommand).callsFake(() => {
      if (clock.now() - START >= 30_000) throw throttle();
      return { services: [at(steps).service] };
    });
    const result = await watchRollout(options({ timeoutMs: 30_000 }), ctx());
    expect(result.status).toBe('timed-out');
    expect(result.durationMs).toBe(30_000);
  });

  test('a throttled poll just before the deadline sleeps no further than the deadline', async () => {
    const steps: Step[] = [[0, 'in-progress-scale-up']];
    play(steps);
    ecsMock.on(DescribeServicesCommand).callsFake(() => {
      if (clock.now() - START === 20_000) throw throttle();
      return { services: [at(steps).service] };
    });
    const result = await watchRollout(options({ timeoutMs: 25_000 }), ctx());
    expect(result.status).toBe('timed-out');
    expect(clock.sleeps).toEqual([POLL, POLL, 5_000]);
    expect(result.durationMs).toBe(25_000);
  });

  test('a non-transient error fails at once, saying what failed and what to do', async () => {
    ecsMock.on(DescribeServicesCommand).rejects(new ClusterNotFoundException({ message: 'Cluster not found.', $metadata: { httpStatusCode: 400 } }));
    const failure = watchRollout(options(), ctx());
    await expect(failure).rejects.toBeInstanceOf(DeployError);
    await expect(failure).rejects.toThrow(/ClusterNotFoundException: Cluster not found\.\).*Check the "cluster" input/);
    expect(calls(DescribeServicesCommand)).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  test('AccessDenied on DescribeServiceDeployments: falls back to DescribeServices and says so once', async () => {
    play([
      [0, 'in-progress-scale-up'],
      [20_000, 'circuit-breaker-rolling-back'],
      [40_000, 'circuit-breaker-rolled-back'],
    ]);
    ecsMock.on(DescribeServiceDeploymentsCommand).rejects(
      new AccessDeniedException({
        message: 'User: arn:aws:sts::123456789012:assumed-role/gha-deploy/run is not authorized to perform: ecs:DescribeServiceDeployments',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const result = await watchRollout(options(), ctx());
    expect(result.status).toBe('rolled-back');
    expect(result.state?.rollbackSucceeded).toBe(true);
    expect(result.state?.reason).toBe('ECS deployment circuit breaker: tasks failed to start.');
    const notes = log.lines.filter((l) => l.startsWith('Following the rollout through DescribeServices'));
    expect(notes).toEqual(['Following the rollout through DescribeServices: the role may not call ecs:ListServiceDeployments / ecs:DescribeServiceDeployments.']);
    expect(calls(DescribeServiceDeploymentsCommand)).toBe(1);
    expect(calls(DescribeServicesCommand)).toBe(5);
  });

  test('an endpoint without the ServiceDeployments API: falls back and names the error', async () => {
    play([[0, 'completed']]);
    ecsMock.on(DescribeServiceDeploymentsCommand).rejects(awsError('UnknownOperationException', 'Unknown operation'));
    const result = await watchRollout(options(), ctx());
    expect(result.status).toBe('completed');
    expect(log.lines).toContain('Following the rollout through DescribeServices: the ServiceDeployments API is not available here (UnknownOperationException).');
  });
});

describe('watchRollout: finding the service deployment', () => {
  test('without a service deployment ARN, ListServiceDeployments finds the newest since the step began, once', async () => {
    play([
      [0, 'in-progress-scale-up'],
      [20_000, 'completed'],
    ]);
    const older = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/api/OlderOneFromARetry000';
    ecsMock.on(ListServiceDeploymentsCommand).resolves({
      serviceDeployments: [
        { serviceDeploymentArn: older, status: 'STOPPED', createdAt: new Date(STEP_BEGAN - 2_000), targetServiceRevisionArn: 'x' },
        { serviceDeploymentArn: ARNS.serviceDeployment, status: 'IN_PROGRESS', createdAt: new Date('2025-03-04T10:15:02.315Z') },
      ],
    });
    const opts = options();
    delete opts.serviceDeploymentArn;
    const result = await watchRollout(opts, ctx());
    expect(result.status).toBe('completed');
    const list = ecsMock.commandCalls(ListServiceDeploymentsCommand);
    expect(list).toHaveLength(1);
    expect(list[0]?.args[0].input).toEqual({ cluster: 'prod', service: 'api', createdAt: { after: new Date(STEP_BEGAN - 5_000) } });
    const described = ecsMock.commandCalls(DescribeServiceDeploymentsCommand).map((c) => c.args[0].input.serviceDeploymentArns);
    expect(described).toEqual([[ARNS.serviceDeployment], [ARNS.serviceDeployment], [ARNS.serviceDeployment]]);
    expect(log.lines.some((l) => l.startsWith('Following the rollout through DescribeServices'))).toBe(false);
  });

  test('ECS listing no service deployment: follows DescribeServices and says so once', async () => {
    play([
      [0, 'in-progress-scale-up'],
      [20_000, 'completed'],
    ]);
    ecsMock.on(ListServiceDeploymentsCommand).resolves({ serviceDeployments: [] });
    const opts = options();
    delete opts.serviceDeploymentArn;
    const result = await watchRollout(opts, ctx());
    expect(result.status).toBe('completed');
    expect(log.lines.filter((l) => l.startsWith('Following the rollout through DescribeServices'))).toHaveLength(1);
    expect(calls(DescribeServiceDeploymentsCommand)).toBe(0);
  });
});

describe('watchRollout: cancellation', () => {
  test('an abort in the middle of a wait ends it at once as cancelled', async () => {
    play([[0, 'in-progress-scale-up']]);
    const controller = new AbortController();
    clock.onSleep = () => {
      if (clock.sleeps.length === 3) controller.abort();
    };
    const result = await watchRollout(options({ signal: controller.signal }), ctx());
    expect(result.status).toBe('cancelled');
    expect(clock.now() - START).toBe(20_000);
    expect(calls(DescribeServiceDeploymentsCommand)).toBe(3);
    expect(calls(DescribeServicesCommand)).toBe(1);
    expect(calls(ListTasksCommand)).toBe(0);
    expect(result.state?.phase).toBe('in-progress');
  });

  test('already aborted: no call at all', async () => {
    play([[0, 'in-progress-scale-up']]);
    const controller = new AbortController();
    controller.abort();
    const result = await watchRollout(options({ signal: controller.signal }), ctx());
    expect(result.status).toBe('cancelled');
    expect(calls(DescribeServicesCommand)).toBe(0);
  });

  test('with the real clock, an abort cuts a long poll interval short', async () => {
    play([[0, 'in-progress-scale-up']]);
    const controller = new AbortController();
    const began = Date.now();
    const timer = setTimeout(() => controller.abort(), 50);
    const result = await watchRollout(options({ signal: controller.signal, pollMs: 3_600_000, timeoutMs: 7_200_000 }), { ecs, log, clock: systemClock });
    clearTimeout(timer);
    expect(result.status).toBe('cancelled');
    expect(Date.now() - began).toBeLessThan(5_000);
  });
});

describe('watchRollout: the log', () => {
  test('one line per change, not per poll', async () => {
    play([
      [0, 'in-progress-scale-up'],
      [40_000, 'in-progress-bake-time'],
      [70_000, 'completed'],
    ]);
    const result = await watchRollout(options(), ctx());
    expect(result.status).toBe('completed');
    // 8 polls; DescribeServices on the first, the sixth after it, and when the status changed to SUCCESSFUL.
    expect(calls(DescribeServiceDeploymentsCommand)).toBe(8);
    expect(calls(DescribeServicesCommand)).toBe(3);
    expect(progressLines()).toEqual([
      '[0s] in-progress: 1 running, 2 pending of 3 desired, 1 failed, stage SCALE_UP',
      '[40s] in-progress: 3 running, 0 pending of 3 desired, stage BAKE_TIME',
      '[1m 10s] completed: 3 running, 0 pending of 3 desired, 1 failed',
    ]);
  });

  test('identical polls log once', async () => {
    play([[0, 'in-progress-blue-green-test-traffic']]);
    await watchRollout(options({ timeoutMs: 50_000 }), ctx());
    expect(calls(DescribeServiceDeploymentsCommand)).toBe(6);
    expect(calls(DescribeServicesCommand)).toBe(1);
    expect(progressLines()).toEqual(['[0s] in-progress: 2 running, 0 pending of 2 desired, stage TEST_TRAFFIC_SHIFT']);
    expect(log.lines.filter((l) => l.startsWith('  event:'))).toHaveLength(2);
  });

  test('service events since the step began are logged once each, oldest first', async () => {
    play([
      [0, 'in-progress-scale-up'],
      [20_000, 'circuit-breaker-rolling-back'],
      [40_000, 'circuit-breaker-rolled-back'],
    ]);
    const result = await watchRollout(options(), ctx());
    const expected = [
      '2025-03-04T10:15:14.663Z (service api) has started 3 tasks: (task 5d0f3c2b9a8e4f71b6c5d4e3f2a1b0c9) (task 8e7d6c5b4a3f4e2d9c1b0a9f8e7d6c5b) (task c3b2a1f0e9d84c7b6a5f4e3d2c1b0a9f).',
      '2025-03-04T10:15:51.017Z (service api) has stopped 1 running tasks: (task c3b2a1f0e9d84c7b6a5f4e3d2c1b0a9f).',
      '2025-03-04T10:15:58.402Z (service api) has started 1 tasks: (task 1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6).',
      '2025-03-04T10:18:40.210Z (service api) has stopped 1 running tasks: (task 1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6).',
      `2025-03-04T10:19:12.650Z (service api) (deployment ${DEPLOYMENT_IDS.ours}) deployment failed: tasks failed to start.`,
      `2025-03-04T10:19:12.700Z (service api) rolling back to deployment ${DEPLOYMENT_IDS.previous}.`,
      '2025-03-04T10:19:25.402Z (service api) has started 1 tasks: (task 2c4e6a8b0d1f43a5b7c9d1e3f5a7b9c1).',
      `2025-03-04T10:20:01.300Z (service api) (deployment ${DEPLOYMENT_IDS.rollback}) deployment completed.`,
      '2025-03-04T10:20:02.913Z (service api) has reached a steady state.',
    ];
    expect(result.events).toEqual(expected);
    expect(log.lines.filter((l) => l.startsWith('  event: '))).toEqual(expected.map((e) => `  event: ${e}`));
    expect(log.lines.join('\n')).not.toContain('2025-03-03');
  });

  test('an event from before the step began is not this step’s', async () => {
    const service = loadRollout('completed').service;
    service.events = [
      { id: 'ev-new', createdAt: new Date(STEP_BEGAN + 1_000), message: '(service api) has reached a steady state.' },
      { id: 'ev-old', createdAt: new Date(STEP_BEGAN - 60_000), message: '(service api) has started 1 tasks: (task old).' },
    ];
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service] });
    ecsMock.on(DescribeServiceDeploymentsCommand).resolves({ serviceDeployments: [loadRollout('completed').serviceDeployment as ServiceDeployment] });
    const result = await watchRollout(options(), ctx());
    expect(result.events).toEqual(['2025-03-04T10:15:01.000Z (service api) has reached a steady state.']);
  });

  test('with the ids of the events present before the update, every other event is this step’s, whatever its time', async () => {
    const service = loadRollout('completed').service;
    const before = (service.events ?? []).filter((e) => (e.createdAt?.getTime() ?? 0) < STEP_BEGAN);
    // The runner's clock runs ahead of AWS's: a new event seems older than the step.
    const skewed = { id: 'ev-skewed', createdAt: new Date(STEP_BEGAN - 30_000), message: '(service api) has started 3 tasks: (task skewed).' };
    service.events = [skewed, ...before];
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service] });
    ecsMock.on(DescribeServiceDeploymentsCommand).resolves({ serviceDeployments: [loadRollout('completed').serviceDeployment as ServiceDeployment] });
    const result = await watchRollout(options({ knownEventIds: before.map((e) => e.id as string) }), ctx());
    expect(before).toHaveLength(2);
    expect(result.events).toEqual(['2025-03-04T10:14:30.000Z (service api) has started 3 tasks: (task skewed).']);
  });
});

describe('watchRollout: native strategies and PAUSE hooks', () => {
  const HOOK = 'ecs-pause-Rk2vN8yQ_pW3hT5jX7mZ0aB4cD6eF9gH1iJ3kL5nM7o';

  test('on-pause exit (the default): ends paused at the hook, with the stages seen, and reads no stopped tasks', async () => {
    play([
      [0, 'in-progress-blue-green-test-traffic'],
      [20_000, 'paused-post-test-traffic-shift'],
    ]);
    const stages: StageEntry[] = [];
    const result = await watchRollout(options({ stages }), ctx());
    expect(result.status).toBe('paused');
    expect(result.state?.hook).toMatchObject({ hookId: HOOK, stage: 'POST_TEST_TRAFFIC_SHIFT', timeoutAction: 'ROLLBACK' });
    expect(result.serviceDeploymentArn).toBe(ARNS.serviceDeployment);
    expect(stages).toEqual([
      { stage: 'TEST_TRAFFIC_SHIFT', atMs: 0 },
      { stage: 'POST_TEST_TRAFFIC_SHIFT', atMs: 20_000, productionTraffic: 0 },
    ]);
    expect(log.lines).toContain('Stage POST_TEST_TRAFFIC_SHIFT: test traffic reaches the new revision; production traffic is on the old one.');
    expect(log.lines.some((l) => l.startsWith(`Paused at stage POST_TEST_TRAFFIC_SHIFT (PAUSE hook ${HOOK})`) && l.includes('on-pause is exit'))).toBe(true);
    expect(calls(ListTasksCommand)).toBe(0);
  });

  test('on-pause continue: continues the hook once and follows to the end', async () => {
    play([
      [0, 'paused-post-test-traffic-shift'],
      [30_000, 'canary-production-traffic-shift'],
      [60_000, 'completed'],
    ]);
    const continued: string[] = [];
    const result = await watchRollout(
      options({ onPause: 'continue', continueHook: async (arn, hook) => void continued.push(`${arn} ${hook.hookId}`) }),
      ctx(),
    );
    expect(result.status).toBe('completed');
    // Three polls saw it paused: one ContinueServiceDeployment.
    expect(continued).toEqual([`${ARNS.serviceDeployment} ${HOOK}`]);
    expect(log.lines.filter((l) => l.startsWith('Paused at stage'))).toHaveLength(1);
    expect(log.lines).toContain('Stage PRODUCTION_TRAFFIC_SHIFT: shifting production traffic to the new revision. It lasts 15m 00s.');
  });

  test('on-pause wait: keeps following while paused, and times out at timeout-minutes', async () => {
    play([[0, 'paused-post-test-traffic-shift']]);
    const result = await watchRollout(options({ onPause: 'wait', timeoutMs: 100_000 }), ctx());
    expect(result.status).toBe('timed-out');
    expect(result.state?.phase).toBe('paused');
    expect(log.lines.filter((l) => l.includes('on-pause is wait'))).toHaveLength(1);
  });

  test('a hook this step already acted on is not a new pause while a poll still shows it awaiting', async () => {
    play([
      [0, 'paused-post-test-traffic-shift'],
      [20_000, 'completed'],
    ]);
    const result = await watchRollout(options({ actedOn: new Set([HOOK]) }), ctx());
    expect(result.status).toBe('completed');
    expect(log.lines.some((l) => l.startsWith('Paused at stage'))).toBe(false);
  });

  test('a linear step of the production shift is logged with the wait before the next one', async () => {
    const linear = (weight: number) => {
      const f = loadRollout('canary-production-traffic-shift');
      const sd = f.serviceDeployment as ServiceDeployment;
      sd.deploymentConfiguration = { strategy: 'LINEAR', linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 } };
      sd.targetServiceRevision = { ...sd.targetServiceRevision, requestedProductionTrafficWeight: weight };
      return { service: f.service, serviceDeployment: sd };
    };
    let weight = 25;
    ecsMock.on(DescribeServicesCommand).callsFake(() => ({ services: [linear(weight).service], failures: [] }));
    ecsMock.on(DescribeServiceDeploymentsCommand).callsFake(() => {
      const answer = { serviceDeployments: [linear(weight).serviceDeployment], failures: [] };
      if (clock.now() - START >= 120_000) weight = Math.min(100, weight + 25);
      return answer;
    });
    await watchRollout(options({ timeoutMs: 400_000, pollMs: 120_000 }), ctx());
    expect(log.lines).toContain('Stage PRODUCTION_TRAFFIC_SHIFT: shifting production traffic to the new revision. It lasts 2m 00s.');
    expect(log.lines).toContain('Production traffic on the new revision: 50%; the next shift in 2m 00s.');
    expect(log.lines).toContain('Production traffic on the new revision: 75%; the next shift in 2m 00s.');
  });
});

describe('watchRollout: stopped tasks', () => {
  const taskArn = (id: string) => `arn:aws:ecs:eu-west-1:123456789012:task/prod/${id}`;
  const pullError =
    'CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:6d2f1b0c: not found';
  const tasks: Task[] = [
    {
      taskArn: taskArn('c3b2a1f0e9d84c7b6a5f4e3d2c1b0a9f'),
      taskDefinitionArn: ARNS.ours,
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      startedBy: DEPLOYMENT_IDS.ours,
      stopCode: 'TaskFailedToStart',
      stoppedReason: pullError,
      createdAt: new Date('2025-03-04T10:15:14.700Z'),
      stoppedAt: new Date('2025-03-04T10:15:50.900Z'),
      containers: [{ name: 'app', lastStatus: 'STOPPED', reason: pullError }, { name: 'log_router', lastStatus: 'STOPPED' }],
    },
    {
      taskArn: taskArn('0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e'),
      taskDefinitionArn: ARNS.previous,
      lastStatus: 'STOPPED',
      startedBy: DEPLOYMENT_IDS.previous,
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: `Scaling activity initiated by (deployment ${DEPLOYMENT_IDS.ours})`,
      stoppedAt: new Date('2025-03-04T10:17:19.500Z'),
      containers: [{ name: 'app', exitCode: 0 }],
    },
    {
      taskArn: taskArn('1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6'),
      taskDefinitionArn: ARNS.ours,
      lastStatus: 'STOPPED',
      startedBy: DEPLOYMENT_IDS.ours,
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      createdAt: new Date('2025-03-04T10:15:58.300Z'),
      stoppedAt: new Date('2025-03-04T10:18:40.100Z'),
      containers: [
        { name: 'app', lastStatus: 'STOPPED', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' },
        { name: 'log_router', lastStatus: 'STOPPED', exitCode: 0 },
      ],
    },
    {
      taskArn: taskArn('9f8e7d6c5b4a43f2e1d0c9b8a7f6e5d4'),
      taskDefinitionArn: ARNS.ours,
      lastStatus: 'STOPPED',
      // Same revision, an earlier deployment of it (a forced redeploy or a rollback run): not this step's.
      startedBy: 'ecs-svc/3141592653589793238',
      stoppedReason: 'Essential container in task exited',
      stoppedAt: new Date('2025-03-03T21:00:00.000Z'),
      containers: [{ name: 'app', exitCode: 1 }],
    },
  ];

  test('on failure: the stopped tasks of the new revision started by this deployment, newest first, with each container’s exit code and reason', async () => {
    play([[0, 'failed-no-rollback']]);
    ecsMock.on(ListTasksCommand).resolves({ taskArns: tasks.map((t) => t.taskArn as string) });
    ecsMock.on(DescribeTasksCommand).callsFake(() => ({ tasks: structuredClone(tasks) }));
    const result = await watchRollout(options(), ctx());
    expect(result.status).toBe('failed');
    expect(result.stoppedTasks).toEqual([
      'task 1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6: Essential container in task exited; container app exit 137 (OutOfMemoryError: Container killed due to memory usage); container log_router exit 0',
      `task c3b2a1f0e9d84c7b6a5f4e3d2c1b0a9f: ${pullError}; container app no exit code (${pullError})`,
    ]);
    expect(ecsMock.commandCalls(ListTasksCommand)[0]?.args[0].input).toMatchObject({ cluster: 'prod', serviceName: 'api', desiredStatus: 'STOPPED' });
    expect(ecsMock.commandCalls(DescribeTasksCommand)[0]?.args[0].input).toEqual({ cluster: 'prod', tasks: tasks.map((t) => t.taskArn) });
  });

  test('stopped tasks that cannot be read are a warning, not a different outcome', async () => {
    play([[0, 'circuit-breaker-rolled-back']]);
    ecsMock.on(ListTasksCommand).rejects(new AccessDeniedException({ message: 'not authorized to perform: ecs:ListTasks', $metadata: {} }));
    const result = await watchRollout(options(), ctx());
    expect(result.status).toBe('rolled-back');
    expect(result.stoppedTasks).toEqual([]);
    expect(log.lines.some((l) => l.startsWith('warning: Could not read the stopped tasks') && l.includes('ecs:ListTasks'))).toBe(true);
  });

  test('describeStoppedTask: the stop code when there is no reason, containers without exit code or reason left out', () => {
    expect(
      describeStoppedTask({
        taskArn: taskArn('abc'),
        stopCode: 'SpotInterruption',
        containers: [{ name: 'app' }, { name: 'sidecar', exitCode: 143 }],
      }),
    ).toBe('task abc: SpotInterruption; container sidecar exit 143');
    expect(describeStoppedTask({})).toBe('task ?: stopped');
  });
});

describe('waitForOtherDeployments', () => {
  const twoDeployments = () => loadRollout('in-progress-scale-up').service;
  const oneDone = () => loadRollout('completed').service;

  test('waits while another deployment is under way, then returns', async () => {
    let n = 0;
    ecsMock.on(DescribeServicesCommand).callsFake(() => ({ services: [++n <= 3 ? twoDeployments() : oneDone()] }));
    await waitForOtherDeployments({ cluster: 'prod', service: 'api', timeoutMs: 600_000, pollMs: POLL }, ctx());
    expect(clock.sleeps).toEqual([POLL, POLL, POLL]);
    expect(log.lines).toContain('The other deployment ended; going on.');
  });

  test('a single deployment still IN_PROGRESS is waited for', async () => {
    const single = twoDeployments();
    single.deployments = single.deployments?.filter((d) => d.status === 'PRIMARY');
    let n = 0;
    ecsMock.on(DescribeServicesCommand).callsFake(() => ({ services: [++n <= 2 ? single : oneDone()] }));
    await waitForOtherDeployments({ cluster: 'prod', service: 'api', timeoutMs: 600_000, pollMs: POLL }, ctx());
    expect(calls(DescribeServicesCommand)).toBe(3);
  });

  test('nothing in progress: returns at once', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [oneDone()] });
    await waitForOtherDeployments({ cluster: 'prod', service: 'api', timeoutMs: 600_000, pollMs: POLL }, ctx());
    expect(clock.sleeps).toEqual([]);
  });

  test('times out with an error that says nothing was changed', async () => {
    ecsMock.on(DescribeServicesCommand).callsFake(() => ({ services: [twoDeployments()] }));
    const waiting = waitForOtherDeployments({ cluster: 'prod', service: 'api', timeoutMs: 35_000, pollMs: POLL }, ctx());
    await expect(waiting).rejects.toBeInstanceOf(DeployError);
    await expect(waiting).rejects.toThrow(/did not end within timeout-minutes; nothing was changed/);
    expect(clock.now() - START).toBeGreaterThanOrEqual(35_000);
    expect(clock.now() - START).toBeLessThan(35_000 + POLL);
  });

  test('an abort ends the wait with an error', async () => {
    ecsMock.on(DescribeServicesCommand).callsFake(() => ({ services: [twoDeployments()] }));
    const controller = new AbortController();
    clock.onSleep = () => controller.abort();
    await expect(
      waitForOtherDeployments({ cluster: 'prod', service: 'api', timeoutMs: 600_000, pollMs: POLL, signal: controller.signal }, ctx()),
    ).rejects.toThrow(/Cancelled while waiting for another deployment/);
    expect(calls(DescribeServicesCommand)).toBe(2);
  });
});
