/**
 * The resume flow in process (ECS mocked with recorded DescribeServices / DescribeServiceDeployments
 * answers, a fake clock): what it checks before ContinueServiceDeployment, the one line it says when
 * the deployment is not paused, how it follows and ends; and on-abort through the shared follow().
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  StopServiceDeploymentCommand,
  TagResourceCommand,
  type Service,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { DeployError } from '../src/core/errors.js';
import { readSettings, type Settings } from '../src/core/inputs.js';
import { newFacts, type FlowEnd, type RunFacts } from '../src/core/outcome.js';
import { resume } from '../src/flows/resume.js';
import { memoryLog } from '../src/log.js';
import type { Ports } from '../src/ports.js';
import { follow } from '../src/steps/roll-out.js';
import { ARNS, loadRollout } from './fixtures/rollouts.js';
import { FakeClock } from './helpers/fake-clock.js';

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'eu-west-1' });
const HOOK = 'ecs-pause-Rk2vN8yQ_pW3hT5jX7mZ0aB4cD6eF9gH1iJ3kL5nM7o';
let clock: FakeClock;
let log: ReturnType<typeof memoryLog>;
let controller: AbortController;
let facts: RunFacts;

function settings(inputs: Record<string, string> = {}): Settings {
  const all: Record<string, string> = { cluster: 'prod', service: 'api', region: 'eu-west-1', resume: 'continue', 'poll-seconds': '10', 'timeout-minutes': '30', ...inputs };
  return readSettings((name) => all[name] ?? '', {});
}

function ports(s: Settings): Ports {
  return {
    ecs,
    ecsPolls: ecs,
    ecsWrites: ecs,
    ecrFor: () => {
      throw new Error('no ECR call expected');
    },
    logsFor: () => {
      throw new Error('no log read expected');
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
    run: { runId: '1', runAttempt: '1' },
    deadline: clock.now() + s.timeoutMinutes * 60_000,
    signal: controller.signal,
  };
}

/** The fixture's answers: the first DescribeServiceDeployments from `first`, every later one from `then`. */
function answers(first: string, then: string = first, patch: (sd: ServiceDeployment) => ServiceDeployment = (sd) => sd): void {
  let polls = 0;
  ecsMock.on(DescribeServicesCommand).callsFake(() => ({ services: [loadRollout(polls <= 1 ? first : then).service], failures: [] }));
  ecsMock.on(DescribeServiceDeploymentsCommand).callsFake(() => {
    const sd = loadRollout(polls++ === 0 ? first : then).serviceDeployment as ServiceDeployment;
    return { serviceDeployments: [patch(sd)], failures: [] };
  });
}

const continues = () => ecsMock.commandCalls(ContinueServiceDeploymentCommand).map((c) => c.args[0].input);
const watchedStatus = (end: FlowEnd) => (end.type === 'watched' ? end.watch.status : end.type);

beforeEach(() => {
  ecsMock.reset();
  clock = new FakeClock(Date.parse('2025-03-04T10:20:00.000Z'));
  log = memoryLog();
  controller = new AbortController();
  facts = newFacts('resume', 'prod', 'api', 'eu-west-1');
  ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: ARNS.ours, family: 'api', containerDefinitions: [{ name: 'app', image: 'api@sha256:42' }] }, tags: [] });
  ecsMock.on(ListTasksCommand).resolves({ taskArns: [] });
  ecsMock.on(DescribeTasksCommand).resolves({ tasks: [] });
  ecsMock.on(TagResourceCommand).resolves({});
  ecsMock.on(ContinueServiceDeploymentCommand).resolves({ serviceDeploymentArn: ARNS.serviceDeployment });
});

describe('resume', () => {
  test('continue: ContinueServiceDeployment with the hook awaiting action, then follows to completed and marks the revision', async () => {
    answers('paused-post-test-traffic-shift', 'completed');
    const s = settings();
    const end = await resume(s, ports(s), facts);
    expect(watchedStatus(end)).toBe('completed');
    expect(continues()).toEqual([{ serviceDeploymentArn: ARNS.serviceDeployment, hookId: HOOK, action: 'CONTINUE' }]);
    expect(facts).toMatchObject({
      taskDefinitionArn: ARNS.ours,
      previousTaskDefinitionArn: ARNS.previous,
      serviceDeploymentArn: ARNS.serviceDeployment,
      strategy: 'BLUE_GREEN',
      changed: true,
      completed: true,
      image: 'api@sha256:42',
      hookActions: [{ hookId: HOOK, stage: 'POST_TEST_TRAFFIC_SHIFT', action: 'CONTINUE' }],
    });
    expect(ecsMock.commandCalls(TagResourceCommand)).toHaveLength(1);
    expect(log.lines[0]).toBe(
      `Service deployment ${ARNS.serviceDeployment} is paused at POST_TEST_TRAFFIC_SHIFT (PAUSE hook ${HOOK}); resume is continue: ContinueServiceDeployment CONTINUE.`,
    );
  });

  test('a poll right after the continue that still shows the hook awaiting is not a new pause', async () => {
    let polls = 0;
    ecsMock.on(DescribeServicesCommand).callsFake(() => ({ services: [loadRollout('paused-post-test-traffic-shift').service], failures: [] }));
    ecsMock.on(DescribeServiceDeploymentsCommand).callsFake(() => ({
      serviceDeployments: [loadRollout(polls++ < 3 ? 'paused-post-test-traffic-shift' : 'completed').serviceDeployment],
      failures: [],
    }));
    const s = settings();
    const end = await resume(s, ports(s), facts);
    expect(watchedStatus(end)).toBe('completed');
    expect(continues()).toHaveLength(1);
  });

  test('rollback: ContinueServiceDeployment ROLLBACK, followed to rolled-back', async () => {
    answers('paused-post-test-traffic-shift', 'circuit-breaker-rolled-back');
    const s = settings({ resume: 'rollback' });
    const end = await resume(s, ports(s), facts);
    expect(watchedStatus(end)).toBe('rolled-back');
    expect(continues()).toEqual([{ serviceDeploymentArn: ARNS.serviceDeployment, hookId: HOOK, action: 'ROLLBACK' }]);
  });

  test('the given service deployment ARN is the one acted on', async () => {
    answers('paused-post-test-traffic-shift', 'completed');
    const s = settings({ 'service-deployment-arn': ARNS.serviceDeployment });
    await resume(s, ports(s), facts);
    expect(ecsMock.commandCalls(DescribeServiceDeploymentsCommand)[0]?.args[0].input).toEqual({ serviceDeploymentArns: [ARNS.serviceDeployment] });
  });

  test('already ended SUCCESSFUL: says so, no write but the completed mark, concludes completed', async () => {
    answers('completed');
    const s = settings();
    const end = await resume(s, ports(s), facts);
    expect(watchedStatus(end)).toBe('completed');
    expect(continues()).toEqual([]);
    expect(log.lines).toContain(`Service deployment ${ARNS.serviceDeployment} is not paused: it already ended SUCCESSFUL.`);
  });

  test('already rolled back: concludes rolled-back, naming the revision the service is back on', async () => {
    answers('circuit-breaker-rolled-back');
    const s = settings();
    const end = await resume(s, ports(s), facts);
    expect(watchedStatus(end)).toBe('rolled-back');
    expect(facts.taskDefinitionArn).toBeUndefined();
    expect(continues()).toEqual([]);
  });

  test('rolling back already: says so and follows the rollback, for either action', async () => {
    answers('circuit-breaker-rolling-back', 'circuit-breaker-rolled-back');
    const s = settings({ resume: 'rollback' });
    const end = await resume(s, ports(s), facts);
    expect(watchedStatus(end)).toBe('rolled-back');
    expect(log.lines.some((l) => l.includes('is not paused: it is rolling back (ROLLBACK_IN_PROGRESS); following the rollback.'))).toBe(true);
    expect(continues()).toEqual([]);
  });

  test('an expired hook: says ECS took its timeout action, and follows', async () => {
    const expired = (sd: ServiceDeployment) => ({ ...sd, lifecycleHookDetails: sd.lifecycleHookDetails?.map((h) => ({ ...h, status: 'TIMED_OUT' as const, timeoutAction: 'CONTINUE' as const })) });
    answers('paused-post-test-traffic-shift', 'completed', expired);
    const s = settings();
    const end = await resume(s, ports(s), facts);
    expect(watchedStatus(end)).toBe('completed');
    expect(log.lines).toContain(
      `Service deployment ${ARNS.serviceDeployment} is not paused: its PAUSE hook ${HOOK} expired at 2025-03-04T11:17:05.000Z and ECS continues the deployment; following it.`,
    );
    expect(continues()).toEqual([]);
  });

  test('a hook already continued: says so, and follows', async () => {
    answers('canary-production-traffic-shift', 'completed');
    const s = settings();
    await resume(s, ports(s), facts);
    expect(log.lines).toContain(`Service deployment ${ARNS.serviceDeployment} is not paused: its PAUSE hook ${HOOK} was already continued; following it (stage PRODUCTION_TRAFFIC_SHIFT).`);
  });

  test('rollback of a deployment that goes on unpaused: refused before any write', async () => {
    answers('canary-production-traffic-shift');
    const s = settings({ resume: 'rollback' });
    await expect(resume(s, ports(s), facts)).rejects.toThrow(
      new DeployError(
        `Service deployment ${ARNS.serviceDeployment} is not paused: its PAUSE hook ${HOOK} was already continued. resume: rollback acts only on a paused deployment; let it end and use rollback-to: ${ARNS.previous}, or stop it with StopServiceDeployment.`,
      ),
    );
    expect(continues()).toEqual([]);
  });

  test('no service deployment to act on, one not found, or one of another service: an error, nothing written', async () => {
    const service = loadRollout('paused-post-test-traffic-shift').service;
    const s = settings();
    ecsMock.on(DescribeServicesCommand).resolves({ services: [{ ...service, currentServiceDeployment: undefined } as Service], failures: [] });
    await expect(resume(s, ports(s), facts)).rejects.toThrow(/no current service deployment to resume; give service-deployment-arn/);
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service], failures: [] });
    ecsMock.on(DescribeServiceDeploymentsCommand).resolves({ serviceDeployments: [], failures: [{ arn: ARNS.serviceDeployment, reason: 'MISSING' }] });
    await expect(resume(s, ports(s), facts)).rejects.toThrow(/was not found .*Check service-deployment-arn/);
    const other = { ...loadRollout('paused-post-test-traffic-shift').serviceDeployment, serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/web' };
    ecsMock.on(DescribeServiceDeploymentsCommand).resolves({ serviceDeployments: [other], failures: [] });
    await expect(resume(s, ports(s), facts)).rejects.toThrow(/belongs to arn:aws:ecs:eu-west-1:123456789012:service\/prod\/web, not to service "api"/);
    expect(continues()).toEqual([]);
  });
});

describe('follow: on-abort', () => {
  const opts = () => {
    const f = loadRollout('in-progress-scale-up');
    return { cluster: 'prod', service: 'api', tracked: f.tracked, serviceDeploymentArn: ARNS.serviceDeployment, since: clock.now() };
  };

  test('timed out: StopServiceDeployment ROLLBACK of the followed deployment, recorded in facts', async () => {
    answers('in-progress-scale-up');
    ecsMock.on(StopServiceDeploymentCommand).resolves({ serviceDeploymentArn: ARNS.serviceDeployment });
    const s = settings({ resume: '', template: 'api-template', image: 'api:1', 'timeout-minutes': '1' });
    const watch = await follow(s, ports(s), facts, opts());
    expect(watch.status).toBe('timed-out');
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand).map((c) => c.args[0].input)).toEqual([{ serviceDeploymentArn: ARNS.serviceDeployment, stopType: 'ROLLBACK' }]);
    expect(facts.abort).toEqual({ action: 'stopped', serviceDeploymentArn: ARNS.serviceDeployment });
  });

  test('cancelled: the stop is made although the signal is aborted', async () => {
    answers('in-progress-scale-up');
    ecsMock.on(StopServiceDeploymentCommand).resolves({ serviceDeploymentArn: ARNS.serviceDeployment });
    clock.onSleep = () => controller.abort();
    const s = settings({ resume: '', template: 'api-template', image: 'api:1' });
    const watch = await follow(s, ports(s), facts, opts());
    expect(watch.status).toBe('cancelled');
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(1);
  });

  test('on-abort leave: no stop', async () => {
    answers('in-progress-scale-up');
    const s = settings({ resume: '', template: 'api-template', image: 'api:1', 'timeout-minutes': '1', 'on-abort': 'leave' });
    const watch = await follow(s, ports(s), facts, opts());
    expect(watch.status).toBe('timed-out');
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
    expect(facts.abort).toEqual({ action: 'left' });
  });

  test('on-pause continue through follow: the hook action is recorded', async () => {
    answers('paused-post-test-traffic-shift', 'completed');
    const s = settings({ resume: '', template: 'api-template', image: 'api:1', 'on-pause': 'continue' });
    const watch = await follow(s, ports(s), facts, opts());
    expect(watch.status).toBe('completed');
    expect(continues()).toEqual([{ serviceDeploymentArn: ARNS.serviceDeployment, hookId: HOOK, action: 'CONTINUE' }]);
    expect(facts.hookActions).toEqual([{ hookId: HOOK, stage: 'POST_TEST_TRAFFIC_SHIFT', action: 'CONTINUE' }]);
  });

  test('on-pause exit through follow: the pause is recorded', async () => {
    answers('paused-post-test-traffic-shift');
    const s = settings({ resume: '', template: 'api-template', image: 'api:1' });
    const watch = await follow(s, ports(s), facts, opts());
    expect(watch.status).toBe('paused');
    expect(facts.pause).toMatchObject({ hookId: HOOK, stage: 'POST_TEST_TRAFFIC_SHIFT' });
    expect(facts.strategy).toBe('BLUE_GREEN');
  });
});
