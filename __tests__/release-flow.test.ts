/**
 * The release flow in process: main.ts's run() with real SDK clients against the local endpoint, whose
 * simulated time is the test's fake clock (no real waiting). The bundled action is covered end to end in
 * __tests__/e2e/release.test.ts; here the same paths run where coverage sees them, plus the rarer ones.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SSMClient } from '@aws-sdk/client-ssm';
import { sampleSeed, startLocalEcs, type LocalEcs, type Seed } from '../tools/local-ecs/index.js';
import { FakeClock } from './helpers/fake-clock.js';

const core = {
  inputs: new Map<string, string>(),
  outputs: new Map<string, string>(),
  lines: [] as string[],
  failures: [] as string[],
  summaries: [] as string[],
};

jest.unstable_mockModule('../src/runner.js', () => ({
  getInput: (name: string) => (core.inputs.get(name) ?? '').trim(),
  setOutput: (name: string, value: string) => void core.outputs.set(name, value),
  setFailed: (message: string) => void core.failures.push(message),
  setSecret: () => undefined,
  info: (message: string) => void core.lines.push(message),
  warning: (message: string) => void core.lines.push(`warning: ${message}`),
  group: async <T>(title: string, body: () => Promise<T>): Promise<T> => {
    core.lines.push(`::group::${title}`);
    return body();
  },
  appendSummary: async (markdown: string) => void core.summaries.push(markdown),
}));

const { run } = await import('../src/main.js');

const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-app';
const TD = (r: string) => `arn:aws:ecs:us-east-1:123456789012:task-definition/${r}`;
const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/demo';
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['sg-0a1b2c3d4e5f60003'], assignPublicIp: 'DISABLED' } };
const BASE = { cluster: 'demo', template: 'api-template', image: `${REPO}:v1.1.0`, 'poll-seconds': '5', 'timeout-minutes': '30' };

let clock: FakeClock;
let local: LocalEcs;

function world(options: { schedules?: boolean; worker?: string } = {}): Seed {
  const target = (id: string) => ({ Id: id, Arn: CLUSTER, RoleArn: 'arn:aws:iam::123456789012:role/events', EcsParameters: { TaskDefinitionArn: TD('api-template:1'), TaskCount: 1 } });
  return {
    ...sampleSeed,
    services: [
      ...(sampleSeed.services ?? []),
      { cluster: 'demo', serviceName: 'worker', taskDefinition: options.worker ?? 'api-template:1', desiredCount: 1, launchType: 'FARGATE', networkConfiguration: NETWORK },
    ],
    ...(options.schedules
      ? {
          eventRules: [
            { name: 'nightly', scheduleExpression: 'cron(0 3 * * ? *)', targets: [target('run')] },
            { name: 'mail', scheduleExpression: 'rate(1 hour)', targets: [{ Id: 'sns', Arn: 'arn:aws:sns:us-east-1:123456789012:ops' }] },
          ],
          schedules: [
            {
              name: 'report',
              scheduleExpression: 'rate(1 day)',
              description: 'daily',
              flexibleTimeWindow: { Mode: 'OFF' },
              target: { Arn: CLUSTER, RoleArn: 'arn:aws:iam::123456789012:role/scheduler', EcsParameters: { TaskDefinitionArn: TD('api-template:1'), TaskCount: 1 } },
            },
          ],
        }
      : {}),
  };
}

async function start(seed: Seed): Promise<void> {
  clock = new FakeClock(Date.parse('2026-12-03T10:00:00.000Z'));
  local = await startLocalEcs({ seed, now: () => clock.now() });
}

async function step(inputs: Record<string, string>): Promise<Record<string, string>> {
  core.inputs.clear();
  core.outputs.clear();
  core.lines.length = 0;
  core.failures.length = 0;
  core.summaries.length = 0;
  for (const [k, v] of Object.entries(inputs)) core.inputs.set(k, v);
  const config = { endpoint: local.url, region: local.region, credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 };
  await run({
    ecs: new ECSClient(config),
    ecrFor: () => new ECRClient(config),
    logsFor: () => new CloudWatchLogsClient(config),
    ssm: new SSMClient(config),
    events: () => new EventBridgeClient(config),
    scheduler: () => new SchedulerClient(config),
    clock,
    env: { AWS_REGION: local.region, GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '1' },
    signal: new AbortController().signal,
  });
  return Object.fromEntries(core.outputs);
}

const ops = (name: string) => local.log.filter((e) => e.operation === name);
const serving = (name: string) => local.state.service('demo', name)?.taskDefinition;
const json = (text: string | undefined) => JSON.parse(text ?? '') as Record<string, Record<string, unknown>>;
const scheduleArn = () => local.state.schedule('default', 'report')?.Target?.EcsParameters?.TaskDefinitionArn;
const ruleArn = () => local.state.eventRule('default', 'nightly')?.targets[0]?.EcsParameters?.TaskDefinitionArn;

beforeEach(() => {
  process.env.GITHUB_STEP_SUMMARY = '/dev/null';
});
afterEach(async () => {
  await local?.close();
});

describe('a release in process', () => {
  test('two services and two schedules: one registration, every consumer moved; the cleanup knows them all', async () => {
    await start(world({ schedules: true }));
    const out = await step({ ...BASE, service: 'api\nworker', schedules: 'rule:nightly\nschedule:report', 'keep-revisions': '1' });
    expect(core.failures).toEqual([]);
    expect(out.status).toBe('completed');
    expect(ops('ecs:RegisterTaskDefinition')).toHaveLength(1);
    // Both services completed on the one revision: it is marked completed once, not once per service.
    expect(ops('ecs:TagResource')).toHaveLength(1);
    expect(local.state.findTaskDefinition(TD('api:1'))?.tags.some((t) => t.key === 'ecs-template-deploy:rollout-completed')).toBe(true);
    expect([serving('api'), serving('worker'), ruleArn(), scheduleArn()]).toEqual([TD('api:1'), TD('api:1'), TD('api:1'), TD('api:1')]);
    expect(local.state.schedule('default', 'report')?.Description).toBe('daily');
    expect(json(out.schedules)['rule:nightly']).toEqual({ 'task-definition-arn': TD('api:1'), 'previous-task-definition-arn': TD('api-template:1'), changed: true });
    expect(core.lines.some((l) => l.startsWith('Cleanup:'))).toBe(true);
    expect(core.summaries[0]).toContain('ECS release of 2 service(s) and 2 schedule(s): completed');
    // Run again: the render serves already; nothing registered or updated, the schedules already run it.
    const again = await step({ ...BASE, service: 'api\nworker', schedules: 'rule:nightly\nschedule:report' });
    expect(again.status).toBe('unchanged');
    expect(ops('ecs:RegisterTaskDefinition')).toHaveLength(1);
    expect(json(again.schedules)['rule:nightly']?.changed).toBe(false);
  });

  test('a crash with on-partial-failure rollback puts the other back; with keep, leaves it', async () => {
    await start(world());
    local.setScenario('demo', 'worker', { kind: 'crash' });
    const out = await step({ ...BASE, service: 'api\nworker' });
    expect(out.status).toBe('rolled-back');
    expect(serving('api')).toBe(TD('api-template:1'));
    expect(json(out.services).api?.status).toBe('rolled-back');
    expect(core.failures[0]).toContain('did not complete');
    const kept = await step({ ...BASE, service: 'api\nworker', image: `${REPO}:v1.0.0`, 'on-partial-failure': 'keep' });
    expect(kept.status).toBe('rolled-back');
    expect(serving('api')).toBe(TD('api:2'));
    expect(core.failures[0]).toContain('on-partial-failure is keep');
  });

  test('the pre-deploy task runs once for the release, before any service; a failing one changes nothing', async () => {
    await start(world());
    const out = await step({ ...BASE, service: 'api\nworker', 'pre-deploy-command': 'bin/migrate' });
    expect(out.status).toBe('completed');
    expect(ops('ecs:RunTask')).toHaveLength(1);
    const order = local.log.map((e) => e.operation);
    expect(order.indexOf('ecs:RunTask')).toBeLessThan(order.indexOf('ecs:UpdateService'));
    local.setRunTaskScenarios([{ exitCode: 3 }]);
    const failed = await step({ ...BASE, service: 'api\nworker', image: `${REPO}:v1.0.0`, 'pre-deploy-command': 'bin/migrate' });
    expect(failed.status).toBe('pre-deploy-failed');
    expect([serving('api'), serving('worker')]).toEqual([TD('api:1'), TD('api:1')]);
  });

  test('dry runs of a release and of its rollback write nothing', async () => {
    await start(world({ schedules: true }));
    const planned = await step({ ...BASE, service: 'api\nworker', schedules: 'rule:nightly', 'dry-run': 'true' });
    expect(planned.status).toBe('planned');
    expect(core.summaries[0]).toContain('Plan of `worker` (dry run: nothing was written)');
    await step({ ...BASE, service: 'api', schedules: 'rule:nightly' });
    const before = local.log.length;
    const planBack = await step({ cluster: 'demo', 'rollback-to': JSON.stringify({ api: 'api-template:1', 'rule:nightly': 'api-template:1' }), 'dry-run': 'true' });
    expect(core.failures).toEqual([`Service api: rollback-to: refusing ${TD('api-template:1')}: it is a revision of the template family "api-template", which is never deployed directly.`]);
    expect(planBack.status).toBe('error');
    await step({ ...BASE, service: 'api', image: `${REPO}:v1.0.0`, schedules: 'rule:nightly' });
    const plan2 = await step({ cluster: 'demo', 'rollback-to': JSON.stringify({ api: 'api:1', 'rule:nightly': 'api:1' }), 'dry-run': 'true' });
    expect(plan2.status).toBe('planned');
    expect(core.lines.join('\n')).toContain(`Schedule rule:nightly: would move from ${TD('api:2')} to ${TD('api:1')}.`);
    expect(local.log.slice(before).filter((e) => /Register|UpdateService|PutTargets|UpdateSchedule/.test(e.operation)).map((e) => e.operation)).toEqual([
      'ecs:RegisterTaskDefinition',
      'ecs:UpdateService',
      'events:PutTargets',
    ]);
  });

  test('schedules only, on a template no service takes, and a rule without an ECS target is refused before any write', async () => {
    await start(world({ schedules: true }));
    const out = await step({ ...BASE, schedules: 'schedule:report' });
    expect(out.status).toBe('completed');
    expect(scheduleArn()).toBe(TD('api:1'));
    expect(ops('ecs:UpdateService')).toHaveLength(0);
    const before = local.log.length;
    const refused = await step({ ...BASE, service: 'api', schedules: 'rule:mail' });
    expect(refused.status).toBe('error');
    expect(core.failures[0]).toMatch(/Rule "rule:mail" has no ECS target/);
    expect(local.log.slice(before).some((e) => /Register|UpdateService/.test(e.operation))).toBe(false);
  });

  test('a schedule the role may not change: the services completed, the release is an error naming the schedule', async () => {
    await start(world({ schedules: true }));
    local.setAllow(['ecs:*', 'ecr:*', 'events:ListTargetsByRule', 'scheduler:*']);
    const out = await step({ ...BASE, service: 'api', schedules: 'rule:nightly\nschedule:report' });
    expect(out.status).toBe('error');
    expect(serving('api')).toBe(TD('api:1'));
    expect(scheduleArn()).toBe(TD('api:1'));
    expect(core.failures[0]).toContain('schedule rule:nightly was not moved');
    expect(core.failures[0]).toContain('events:PutTargets');
  });

  test('image: current on a template two services share, when they run different images: refused before any write', async () => {
    await start(world());
    await step({ ...BASE, service: 'api' });
    const out = await step({ ...BASE, image: 'current', service: 'api\nworker' });
    expect(out.status).toBe('error');
    expect(core.failures[0]).toMatch(/Services api and worker share the template api-template, but their renders differ/);
  });

  test('wait false: every service started; a rollback by JSON puts them back at once', async () => {
    await start(world());
    await step({ ...BASE, service: 'api\nworker' });
    await step({ ...BASE, service: 'api\nworker', image: `${REPO}:v1.0.0`, wait: 'false' });
    expect(core.outputs.get('status')).toBe('started');
    const previous = core.outputs.get('previous-task-definition-arn') as string;
    expect(JSON.parse(previous)).toEqual({ api: TD('api:1'), worker: TD('api:1') });
    // Someone else deploys the worker meanwhile; the rollback waits for it (concurrent-deployment: wait).
    const config = { endpoint: local.url, region: local.region, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } };
    await new ECSClient(config).send(new UpdateServiceCommand({ cluster: 'demo', service: 'worker', forceNewDeployment: true }));
    const back = await step({ cluster: 'demo', service: 'api\nworker', 'rollback-to': previous, 'poll-seconds': '5' });
    expect(core.failures).toEqual([]);
    expect(back.status).toBe('completed');
    expect([serving('api'), serving('worker')]).toEqual([TD('api:1'), TD('api:1')]);
  });
});
