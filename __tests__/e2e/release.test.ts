// One release, every consumer, through the bundled action against the local endpoint: several services
// on one or two templates, a failure in one with on-partial-failure rollback and keep, an EventBridge
// rule and a Scheduler schedule moved and restored, and a cleanup that keeps what another service uses.
import { afterEach, expect, test } from '@jest/globals';
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { sampleSeed, type Seed } from '../../tools/local-ecs/index.js';
import { SAMPLE_DIGESTS } from '../../tools/local-ecs/sample-seed.js';
import { DEPLOY, REPO, startWorld, TD, type World } from './world.js';

let world: World;
afterEach(async () => {
  await world?.close();
});

const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['sg-0a1b2c3d4e5f60003'], assignPublicIp: 'DISABLED' } };
const RELEASE = { ...DEPLOY, service: 'api\nworker' };
const ROLE = 'arn:aws:iam::123456789012:role/ecs-events';
const CLUSTER_ARN = 'arn:aws:ecs:us-east-1:123456789012:cluster/demo';

/** A second service `worker` on the sample template (and, with `ownTemplate`, a `worker-template` family). */
function seed(options: { ownTemplate?: boolean; schedules?: boolean } = {}): Seed {
  const template = structuredClone(sampleSeed.taskDefinitions?.[0]) as NonNullable<Seed['taskDefinitions']>[number];
  template.taskDefinition.family = 'worker-template';
  const ecsTarget = (id: string) => ({
    Id: id,
    Arn: CLUSTER_ARN,
    RoleArn: ROLE,
    Input: '{"containerOverrides":[{"name":"api","command":["bin/nightly"]}]}',
    EcsParameters: { TaskDefinitionArn: TD('api-template:1'), TaskCount: 1, LaunchType: 'FARGATE', NetworkConfiguration: { awsvpcConfiguration: { Subnets: ['subnet-0a1b2c3d4e5f60001'], AssignPublicIp: 'DISABLED' } } },
  });
  return {
    ...(options.ownTemplate ? { taskDefinitions: [template] } : {}),
    services: [{ cluster: 'demo', serviceName: 'worker', taskDefinition: 'api-template:1', desiredCount: 1, launchType: 'FARGATE', networkConfiguration: NETWORK }],
    ...(options.schedules
      ? {
          eventRules: [
            {
              name: 'nightly',
              scheduleExpression: 'cron(0 3 * * ? *)',
              targets: [ecsTarget('run-nightly'), { Id: 'notify', Arn: 'arn:aws:sns:us-east-1:123456789012:ops' }],
            },
          ],
          schedules: [
            {
              name: 'report',
              groupName: 'jobs',
              scheduleExpression: 'rate(1 day)',
              description: 'daily report',
              flexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
              target: {
                Arn: CLUSTER_ARN,
                RoleArn: ROLE,
                RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
                EcsParameters: { TaskDefinitionArn: TD('api-template:1'), TaskCount: 1, LaunchType: 'FARGATE' },
              },
            },
          ],
        }
      : {}),
  };
}

const ops = (name: string) => world.ecs.log.filter((e) => e.operation === name);
const serving = (name: string) => world.ecs.state.service('demo', name)?.taskDefinition;
const json = (text: string | undefined) => JSON.parse(text ?? '') as Record<string, unknown>;

test('two services on one template: one registration, both updated at once, outputs per service', async () => {
  world = await startWorld(seed());
  const run = await world.run(RELEASE);
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs.status).toBe('completed');
  expect(ops('ecs:RegisterTaskDefinition')).toHaveLength(1);
  expect(ops('ecs:UpdateService').map((e) => (e.params as { service: string }).service).sort()).toEqual(['api', 'worker']);
  expect([serving('api'), serving('worker')]).toEqual([TD('api:1'), TD('api:1')]);
  expect(json(run.outputs['task-definition-arn'])).toEqual({ api: TD('api:1'), worker: TD('api:1') });
  expect(json(run.outputs['previous-task-definition-arn'])).toEqual({ api: TD('api-template:1'), worker: TD('api-template:1') });
  expect(json(run.outputs.services)).toEqual({
    api: { status: 'completed', 'task-definition-arn': TD('api:1'), 'previous-task-definition-arn': TD('api-template:1'), 'deployment-id': expect.stringMatching(/^ecs-svc\//) },
    worker: { status: 'completed', 'task-definition-arn': TD('api:1'), 'previous-task-definition-arn': TD('api-template:1'), 'deployment-id': expect.stringMatching(/^ecs-svc\//) },
  });
  expect(run.outputs.image).toBe(`${REPO}@${SAMPLE_DIGESTS['v1.1.0']}`);
  // The shared reads go out once: the template and the image, whatever the number of services.
  expect(ops('ecs:DescribeTaskDefinition').filter((e) => (e.params as { taskDefinition: string }).taskDefinition === 'api-template')).toHaveLength(1);
  expect(ops('ecr:DescribeImages')).toHaveLength(1);
  expect(run.stdout).toMatch(/^\[api\] /m);
  expect(run.stdout).toMatch(/^\[worker\] /m);
  expect(run.summary).toContain('ECS release of 2 service(s): completed');
  expect(run.summary).toMatch(/\| `worker` \| \*\*completed\*\* \|/);
});

test('two templates: each registered once, into its own family', async () => {
  world = await startWorld(seed({ ownTemplate: true }));
  const run = await world.run({ ...DEPLOY, service: 'api\n# the worker has its own template\nworker=worker-template' });
  expect(run.errors).toEqual([]);
  expect(run.outputs.status).toBe('completed');
  expect(ops('ecs:RegisterTaskDefinition').map((e) => (e.params as { family: string }).family).sort()).toEqual(['api', 'worker']);
  expect([serving('api'), serving('worker')]).toEqual([TD('api:1'), TD('worker:1')]);
});

test('one service crashes, on-partial-failure rollback (the default): the other is put back too; rolled-back, exit 1', async () => {
  world = await startWorld(seed());
  world.ecs.setScenario('demo', 'worker', { kind: 'crash' });
  const run = await world.run(RELEASE);
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('rolled-back');
  const services = json(run.outputs.services) as Record<string, { status: string }>;
  expect(services.api?.status).toBe('rolled-back');
  expect(services.worker?.status).toBe('rolled-back');
  expect([serving('api'), serving('worker')]).toEqual([TD('api-template:1'), TD('api-template:1')]);
  // api: the release's UpdateService, then this step's rollback; worker: ECS's own rollback only.
  expect(ops('ecs:UpdateService').map((e) => [(e.params as { service: string }).service, (e.params as { taskDefinition: string }).taskDefinition])).toEqual(
    expect.arrayContaining([
      ['api', TD('api:1')],
      ['api', TD('api-template:1')],
    ]),
  );
  expect(run.errors[0]).toContain('worker rolled-back');
  expect(run.errors[0]).toContain('api rolled-back (it completed, and this step put it back on');
  expect(run.stdout).toContain('on-partial-failure is rollback: putting api, worker back on the previous revision.');
});

test('on-partial-failure keep: the completed service stays; status is the worst one', async () => {
  world = await startWorld(seed());
  world.ecs.setScenario('demo', 'worker', { kind: 'crash' });
  const run = await world.run({ ...RELEASE, 'on-partial-failure': 'keep' });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('rolled-back');
  const services = json(run.outputs.services) as Record<string, { status: string }>;
  expect(services).toMatchObject({ api: { status: 'completed' }, worker: { status: 'rolled-back' } });
  expect(serving('api')).toBe(TD('api:1'));
  expect(run.errors[0]).toContain('on-partial-failure is keep');
});

test('a rule and a Scheduler schedule move after the services, keep every other field, and one rollback-to restores all three', async () => {
  world = await startWorld(seed({ schedules: true }));
  const run = await world.run({ ...DEPLOY, schedules: 'rule:nightly\nschedule:jobs/report' });
  expect(run.errors).toEqual([]);
  expect(run.outputs.status).toBe('completed');
  const rule = world.ecs.state.eventRule('default', 'nightly');
  expect(rule?.targets.find((t) => t.Id === 'run-nightly')).toMatchObject({ RoleArn: ROLE, Input: expect.stringContaining('bin/nightly'), EcsParameters: { TaskDefinitionArn: TD('api:1'), TaskCount: 1 } });
  expect(rule?.targets.find((t) => t.Id === 'notify')).toEqual({ Id: 'notify', Arn: 'arn:aws:sns:us-east-1:123456789012:ops' });
  const schedule = world.ecs.state.schedule('jobs', 'report');
  expect(schedule).toMatchObject({
    Description: 'daily report',
    ScheduleExpression: 'rate(1 day)',
    FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
    Target: { RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 }, EcsParameters: { TaskDefinitionArn: TD('api:1') } },
  });
  // Services first, then the schedules.
  const order = world.ecs.log.map((e) => e.operation);
  expect(order.lastIndexOf('ecs:UpdateService')).toBeLessThan(order.indexOf('events:PutTargets'));
  expect(json(run.outputs.schedules)).toEqual({
    'rule:nightly': { 'task-definition-arn': TD('api:1'), 'previous-task-definition-arn': TD('api-template:1'), changed: true },
    'schedule:jobs/report': { 'task-definition-arn': TD('api:1'), 'previous-task-definition-arn': TD('api-template:1'), changed: true },
  });
  expect(json(run.outputs['previous-task-definition-arn'])).toEqual({ api: TD('api-template:1'), 'rule:nightly': TD('api-template:1'), 'schedule:jobs/report': TD('api-template:1') });

  // The next release (api:2), then the rollback job restores all three from its output.
  const next = await world.run({ ...DEPLOY, image: `${REPO}:v1.0.0`, schedules: 'rule:nightly\nschedule:jobs/report' });
  expect(next.outputs.status).toBe('completed');
  const previous = next.outputs['previous-task-definition-arn'] as string;
  expect(json(previous)).toEqual({ api: TD('api:1'), 'rule:nightly': TD('api:1'), 'schedule:jobs/report': TD('api:1') });
  const back = await world.run({ cluster: 'demo', service: '', 'rollback-to': previous, 'poll-seconds': '0.05', 'timeout-minutes': '2' });
  expect(back.errors).toEqual([]);
  expect(back.outputs.status).toBe('completed');
  expect(serving('api')).toBe(TD('api:1'));
  expect(world.ecs.state.eventRule('default', 'nightly')?.targets.find((t) => t.Id === 'run-nightly')?.EcsParameters?.TaskDefinitionArn).toBe(TD('api:1'));
  expect(world.ecs.state.schedule('jobs', 'report')?.Target?.EcsParameters?.TaskDefinitionArn).toBe(TD('api:1'));
  expect(world.ecs.state.schedule('jobs', 'report')?.Description).toBe('daily report');
  expect(json(back.outputs.schedules)).toMatchObject({ 'rule:nightly': { 'task-definition-arn': TD('api:1'), 'previous-task-definition-arn': TD('api:2'), changed: true } });
});

test('rollback-to: previous in a release: each service and schedule to the newest earlier completed revision', async () => {
  world = await startWorld(seed({ schedules: true }));
  const lines = { schedules: 'rule:nightly\nschedule:jobs/report' };
  expect((await world.run({ ...DEPLOY, ...lines })).outputs.status).toBe('completed');
  expect((await world.run({ ...DEPLOY, ...lines, image: `${REPO}:v1.0.0` })).outputs.status).toBe('completed');
  const run = await world.run({ cluster: 'demo', service: 'api', ...lines, 'rollback-to': 'previous', 'poll-seconds': '0.05', 'timeout-minutes': '2' });
  expect(run.errors).toEqual([]);
  expect(run.outputs.status).toBe('completed');
  expect(json(run.outputs['task-definition-arn'])).toEqual({ api: TD('api:1'), 'rule:nightly': TD('api:1'), 'schedule:jobs/report': TD('api:1') });
  expect(serving('api')).toBe(TD('api:1'));
  // Again: nothing earlier completed than api:1: refused, nothing written.
  const before = world.writes().length;
  const again = await world.run({ cluster: 'demo', service: 'api', ...lines, 'rollback-to': 'previous', 'poll-seconds': '0.05', 'timeout-minutes': '2' });
  expect(again.outputs.status).toBe('error');
  expect(again.errors[0]).toContain('No earlier ACTIVE revision of family "api"');
  expect(world.writes().length).toBe(before);
});

test('a failed service rollout leaves the schedules alone', async () => {
  world = await startWorld(seed({ schedules: true }));
  world.ecs.setScenario('demo', 'api', { kind: 'crash' });
  const run = await world.run({ ...DEPLOY, schedules: 'rule:nightly\nschedule:jobs/report' });
  expect(run.outputs.status).toBe('rolled-back');
  expect(ops('events:PutTargets')).toHaveLength(0);
  expect(ops('scheduler:UpdateSchedule')).toHaveLength(0);
  expect(run.errors[0]).toContain('the schedules were not moved');
});

test('schedules only: moved right away; dry-run shows the change and writes nothing', async () => {
  world = await startWorld(seed({ schedules: true }));
  const inputs = { ...DEPLOY, service: '', schedules: 'rule:nightly' };
  const dry = await world.run({ ...inputs, 'dry-run': 'true' });
  expect(dry.outputs.status).toBe('planned');
  expect(world.writes()).toEqual([]);
  expect(dry.stdout).toContain(`Schedule rule:nightly: would move from ${TD('api-template:1')} to the next revision of api.`);
  const run = await world.run(inputs);
  expect(run.errors).toEqual([]);
  expect(run.outputs.status).toBe('completed');
  expect(ops('ecs:UpdateService')).toHaveLength(0);
  expect(world.ecs.state.eventRule('default', 'nightly')?.targets.find((t) => t.Id === 'run-nightly')?.EcsParameters?.TaskDefinitionArn).toBe(TD('api:1'));
});

test('keep-revisions never deregisters a revision another service of the cluster runs', async () => {
  world = await startWorld(seed());
  const env = world.ecs.env();
  const client = new ECSClient({ region: env.AWS_REGION, endpoint: world.ecs.url, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  for (const tag of ['v1.0.0', 'v1.1.0', 'v1.0.0']) expect((await world.run({ ...DEPLOY, image: `${REPO}:${tag}` })).outputs.status).toBe('completed');
  // Someone points worker at api:1 by hand.
  await client.send(new UpdateServiceCommand({ cluster: 'demo', service: 'worker', taskDefinition: TD('api:1') }));
  client.destroy();
  const run = await world.run({ ...DEPLOY, image: `${REPO}:v1.1.0`, 'keep-revisions': '1' });
  expect(run.outputs.status).toBe('completed');
  const deregistered = ops('ecs:DeregisterTaskDefinition').map((e) => (e.params as { taskDefinition: string }).taskDefinition);
  expect(deregistered).toEqual([TD('api:2')]);
  expect(run.stdout).toContain('Cleanup: kept 1 revision in use by services of the cluster, 1 as the previous revision, 1 newest (keep-revisions: 1).');
});

test('bad release lines: one line naming the input and the line, nothing read or written', async () => {
  world = await startWorld(seed());
  const twice = await world.run({ ...DEPLOY, service: 'api\nworker\napi' });
  expect(twice.code).toBe(1);
  expect(twice.errors).toEqual(['Input "service": service "api" is given twice (lines 1 and 3)']);
  const bad = await world.run({ ...DEPLOY, schedules: 'cron:nightly' });
  expect(bad.errors[0]).toMatch(/^Input "schedules": line 1: "cron:nightly" is not valid \(expected rule:<name>/);
  expect(world.ecs.log).toEqual([]);
});
