// The bundled action against the local endpoint: the core deploy path and its error paths.
import { table } from '../helpers/table.js';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { SAMPLE_DIGESTS } from '../../tools/local-ecs/sample-seed.js';
import { apiService, DEPLOY, REPO, startWorld, TD, type World } from './world.js';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

const serviceArn = () => apiService(world).taskDefinition;

describe('a deploy', () => {
  test('registers the rendered revision, points the service at it, follows it to completion', async () => {
    const run = await world.run({ ...DEPLOY, environment: 'FEATURE_X=on=yes\nFEATURE_FLAGS=', secrets: 'API_KEY=/api/key' });

    expect(run.code).toBe(0);
    const newArn = TD('api:1');
    expect(run.outputs).toEqual({
      'task-definition-arn': newArn,
      'previous-task-definition-arn': TD('api-template:1'),
      image: `${REPO}@${SAMPLE_DIGESTS['v1.1.0']}`,
      'deployment-id': expect.stringMatching(/^ecs-svc\/\d+$/),
      changed: 'true',
      'pre-deploy-task-arn': '',
      'pre-deploy-exit-code': '',
      drift: '',
      drifted: '',
      services: '',
      schedules: '',
      'service-deployment-arn': expect.stringMatching(/^arn:aws:ecs:us-east-1:123456789012:service-deployment\/demo\/api\//),
      'hook-id': '',
      'hook-stage': '',
      'hook-expires-at': '',
      'hook-timeout-action': '',
      status: 'completed',
    });
    expect(serviceArn()).toBe(newArn);

    const registered = world.ecs.state.taskDefinitions.get(newArn);
    const template = world.ecs.state.taskDefinitions.get(TD('api-template:1'));
    const container = (registered?.described.containerDefinitions as Array<Record<string, unknown>>)[0];
    expect(container?.image).toBe(`${REPO}@${SAMPLE_DIGESTS['v1.1.0']}`);
    expect(container?.environment).toEqual([
      { name: 'APP_ENV', value: 'production' },
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'FEATURE_FLAGS', value: '' },
      { name: 'FEATURE_X', value: 'on=yes' },
    ]);
    expect(container?.secrets).toEqual([
      { name: 'DATABASE_URL', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/api/database-url' },
      { name: 'API_KEY', valueFrom: '/api/key' },
    ]);
    // Everything else of the template is carried over.
    for (const field of ['taskRoleArn', 'executionRoleArn', 'networkMode', 'cpu', 'memory', 'runtimePlatform', 'ephemeralStorage', 'requiresCompatibilities']) {
      expect(registered?.described[field]).toEqual(template?.described[field]);
    }
    const { image: _a, environment: _b, secrets: _c, ...restNew } = container ?? {};
    const templateContainer = (template?.described.containerDefinitions as Array<Record<string, unknown>>)[0] ?? {};
    const { image: _d, environment: _e, secrets: _f, ...restTemplate } = templateContainer;
    expect(restNew).toEqual(restTemplate);

    const tags = Object.fromEntries((registered?.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags).toMatchObject({
      ManagedBy: 'terraform',
      Service: 'api',
      'ecs-template-deploy:commit': '4f9c2b7e1d3a5c8b0e6f2a9d7c1b3e5f8a0d2c4b',
      'ecs-template-deploy:repository': 'acme/api',
      'ecs-template-deploy:run-url': 'https://github.com/acme/api/actions/runs/9876543210/attempts/1',
      'ecs-template-deploy:template': TD('api-template:1'),
      'ecs-template-deploy:image-tag': 'v1.1.0',
      'ecs-template-deploy:rollout-completed': expect.any(String),
    });

    const update = world.ecs.log.find((e) => e.operation === 'ecs:UpdateService');
    expect(update?.params).toEqual({
      cluster: 'demo',
      service: 'api',
      taskDefinition: newArn,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 100 },
    });
    expect(world.writes()).toEqual(['ecs:RegisterTaskDefinition', 'ecs:UpdateService', 'ecs:TagResource']);

    // Overlays are reported by key, never by value.
    expect(run.stdout).toContain('Environment keys to set: FEATURE_X, FEATURE_FLAGS');
    expect(run.stdout + run.summary).not.toContain('on=yes');
    expect(run.stdout + run.summary).not.toContain('/api/key');
    expect(run.summary).toContain('completed');
    expect(run.summary).toContain('`FEATURE_X`');
    expect(run.summary).toContain('`API_KEY`');
  });

  test('a re-run with the same inputs registers and updates nothing', async () => {
    expect((await world.run(DEPLOY)).code).toBe(0);
    const writesBefore = world.writes().length;
    const again = await world.run(DEPLOY);
    expect(again.code).toBe(0);
    expect(again.outputs).toMatchObject({ status: 'unchanged', changed: 'false', 'task-definition-arn': TD('api:1'), 'previous-task-definition-arn': TD('api:1') });
    expect(world.writes().length).toBe(writesBefore);
  });

  test('force-new-deployment redeploys the same revision without registering', async () => {
    expect((await world.run(DEPLOY)).code).toBe(0);
    const run = await world.run({ ...DEPLOY, 'force-new-deployment': 'true' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'completed', changed: 'true', 'task-definition-arn': TD('api:1') });
    expect(world.ecs.log.filter((e) => e.operation === 'ecs:RegisterTaskDefinition')).toHaveLength(1);
    expect(world.ecs.log.filter((e) => e.operation === 'ecs:UpdateService').at(-1)?.params).toMatchObject({ forceNewDeployment: true, taskDefinition: TD('api:1') });
  });

  test('circuit-breaker keep and alarms: the other deployment settings are kept', async () => {
    const run = await world.run({ ...DEPLOY, 'circuit-breaker': 'keep', alarms: 'api-5xx, api-latency', 'wait': 'false' });
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('started');
    expect(apiService(world).deploymentConfiguration).toEqual({
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      alarms: { alarmNames: ['api-5xx', 'api-latency'], enable: true, rollback: true },
    });
  });
});

describe('errors', () => {
  const expectNoWrites = () => expect(world.writes()).toEqual([]);

  test.each([
    [{ image: '' }, 'Input "image": is required'],
    [{ image: 'Not An Image' }, 'Input "image"'],
    [{ template: 'api template' }, 'Input "template"'],
    [{ 'timeout-minutes': 'soon' }, 'Input "timeout-minutes": "soon" is not valid (expected a number'],
    [{ environment: 'A=1\nA=2' }, 'Input "environment": key "A" is given twice (lines 1 and 2)'],
    [{ 'circuit-breaker': 'maybe' }, 'Input "circuit-breaker": "maybe" is not valid (expected one of: rollback, enable, keep)'],
  ])('bad input %j fails with one line and calls no AWS API', async (inputs, message) => {
    const run = await world.run({ ...DEPLOY, ...inputs });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(message);
    expect(world.ecs.log).toEqual([]);
  });

  test('a missing ECR tag fails before anything is written', async () => {
    const run = await world.run({ ...DEPLOY, image: `${REPO}:v9.9.9` });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain('Image tag "v9.9.9" was not found in ECR repository "my-app"');
    expect(run.outputs.status).toBe('error');
    expectNoWrites();
  });

  test('a missing service', async () => {
    const run = await world.run({ ...DEPLOY, service: 'nope' });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain('Service "nope" was not found in cluster "demo"');
    expectNoWrites();
  });

  test.each(table([
    ['CODE_DEPLOY', 'uses the CODE_DEPLOY deployment controller'],
    ['EXTERNAL', 'uses the EXTERNAL deployment controller'],
  ] as const))('a service with the %s controller is refused', async (controller, message) => {
    world.ecs.seed({ services: [{ cluster: 'demo', serviceName: 'legacy', taskDefinition: 'api-template:1', deploymentController: controller }] });
    const run = await world.run({ ...DEPLOY, service: 'legacy' });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain(message);
    expectNoWrites();
  });

  test('a draining service is refused', async () => {
    world.ecs.seed({ services: [{ cluster: 'demo', serviceName: 'old', taskDefinition: 'api-template:1', status: 'DRAINING' }] });
    const run = await world.run({ ...DEPLOY, service: 'old' });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain('is DRAINING; only an ACTIVE service can be deployed');
    expectNoWrites();
  });

  test('a template family without -template needs the family input, and never registers into itself', async () => {
    world.ecs.seed({ taskDefinitions: [{ taskDefinition: { family: 'worker', containerDefinitions: [{ name: 'w', image: 'busybox', memory: 128 }] } }] });
    const noFamily = await world.run({ ...DEPLOY, template: 'worker' });
    expect(noFamily.code).toBe(1);
    expect(noFamily.errors[0]).toContain('Input "family": is required because the template family "worker" does not end in "-template"');
    const same = await world.run({ ...DEPLOY, template: 'worker', family: 'worker' });
    expect(same.code).toBe(1);
    expect(same.errors[0]).toContain('Input "family": must differ from the template family "worker"');
    expectNoWrites();
  });

  test('several containers and no container-name: the error lists them', async () => {
    world.ecs.seed({
      taskDefinitions: [
        { taskDefinition: { family: 'duo-template', containerDefinitions: [{ name: 'app', image: 'busybox', memory: 128 }, { name: 'proxy', image: 'envoy', memory: 128 }] } },
      ],
    });
    const run = await world.run({ ...DEPLOY, template: 'duo-template' });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain('Input "container-name": is required to place "image": the template has several containers (app, proxy)');
    expectNoWrites();
  });

  test('UpdateService denied after registering: names the revision and says the service was not changed', async () => {
    world.ecs.setAllow(['ecs:Describe*', 'ecs:List*', 'ecs:RegisterTaskDefinition', 'ecr:DescribeImages']);
    const run = await world.run(DEPLOY);
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain('Updating service "api" failed (AccessDeniedException');
    expect(run.errors[0]).toContain('needs the IAM permission "ecs:UpdateService"');
    expect(run.errors[0]).toContain(`The revision ${TD('api:1')} was registered, but the service was not changed: it still serves ${TD('api-template:1')}`);
    expect(serviceArn()).toBe(TD('api-template:1'));
    expect(run.outputs.status).toBe('error');
  });

  test('throttling and server errors are retried and the deploy still completes', async () => {
    world.ecs.setFaults({ throttleRate: 0.2, serverErrorRate: 0.1, seed: 7 });
    const run = await world.run(DEPLOY);
    expect(world.ecs.log.some((e) => e.error === 'ThrottlingException')).toBe(true);
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('completed');
  });
});

describe('the SDK through the bundle', () => {
  test('a bad AWS_SDK_UA_APP_ID is still reported by the SDK, as with its default logger (ours is quiet otherwise)', async () => {
    const run = await world.run(DEPLOY, { env: { AWS_SDK_UA_APP_ID: 'x'.repeat(60) } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('The provided userAgentAppId exceeds the maximum length of 50 characters.');
  });
});
