// ECS-native blue/green and canary through the bundled action against the local endpoint: a deploy
// that ends paused at a PAUSE hook, the later job that resumes it (continue or rollback), an expired
// hook, and on-abort stopping a deployment the step stops following.
import { afterEach, expect, test } from '@jest/globals';
import type { Seed } from '../../tools/local-ecs/index.js';
import { startGithubStub } from '../helpers/github-stub.js';
import { DEPLOY, pause, startWorld, TD, type World } from './world.js';

let world: World;
afterEach(async () => {
  await world?.close();
});

const BG = { ...DEPLOY, service: 'web' };
const RESUME = { cluster: 'demo', service: 'web', 'poll-seconds': '0.05', 'timeout-minutes': '2' };

/** A service `web` on the sample template's first revision, with ECS-native `strategy` and a PAUSE hook. */
function seed(strategy: string, hook: { stage?: string; timeoutInMinutes?: number; action?: string } = {}, more: Record<string, unknown> = {}): Seed {
  return {
    services: [
      {
        cluster: 'demo',
        serviceName: 'web',
        taskDefinition: 'api-template:1',
        desiredCount: 2,
        launchType: 'FARGATE',
        deploymentConfiguration: {
          deploymentCircuitBreaker: { enable: true, rollback: true },
          maximumPercent: 200,
          minimumHealthyPercent: 100,
          strategy,
          bakeTimeInMinutes: 1,
          lifecycleHooks: [
            {
              targetType: 'PAUSE',
              lifecycleStages: [hook.stage ?? 'POST_TEST_TRAFFIC_SHIFT'],
              timeoutConfiguration: { timeoutInMinutes: hook.timeoutInMinutes ?? 600, action: hook.action ?? 'ROLLBACK' },
            },
          ],
          ...more,
        },
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['sg-0a1b2c3d4e5f60003'], assignPublicIp: 'DISABLED' },
        },
      },
    ],
  };
}

const ops = (name: string) => world.ecs.log.filter((e) => e.operation === name);
const web = () => {
  const service = world.ecs.state.service('demo', 'web');
  if (!service) throw new Error('service web is missing');
  return service;
};

/** Deploys to `web` and expects it to end paused; returns the run. */
async function deployPaused(inputs: Record<string, string> = {}) {
  const run = await world.run({ ...BG, ...inputs });
  expect({ code: run.code, status: run.outputs.status, errors: run.errors }).toEqual({ code: 0, status: 'paused', errors: [] });
  return run;
}

test('pause → exit: status paused, exit 0, the hook outputs, stage lines and the resume step in the summary', async () => {
  world = await startWorld(seed('BLUE_GREEN'));
  const run = await deployPaused();
  const sdArn = run.outputs['service-deployment-arn'] as string;
  expect(sdArn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:service-deployment\/demo\/web\//);
  expect(run.outputs['hook-id']).toMatch(/^ecs-pause-/);
  expect(run.outputs).toMatchObject({ 'hook-stage': 'POST_TEST_TRAFFIC_SHIFT', 'hook-timeout-action': 'ROLLBACK', changed: 'true', 'task-definition-arn': TD('api:1') });
  const expires = Date.parse(run.outputs['hook-expires-at'] as string);
  expect(new Date(expires).toISOString()).toBe(run.outputs['hook-expires-at']);
  // The endpoint agrees: the deployment holds at the hook, awaiting action.
  const sd = world.ecs.state.serviceDeployments.get(sdArn);
  expect(sd?.status).toBe('IN_PROGRESS');
  expect(sd?.lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT');
  expect(ops('ecs:ContinueServiceDeployment')).toHaveLength(0);
  expect(ops('ecs:StopServiceDeployment')).toHaveLength(0);
  expect(run.stdout).toContain('Stage POST_TEST_TRAFFIC_SHIFT: test traffic reaches the new revision; production traffic is on the old one.');
  expect(run.stdout).toContain(`Paused at stage POST_TEST_TRAFFIC_SHIFT (PAUSE hook ${run.outputs['hook-id']})`);
  expect(run.stdout).toContain('it expires and ECS rolls the deployment back');
  expect(run.summary).toContain('#### Paused at `POST_TEST_TRAFFIC_SHIFT`');
  expect(run.summary).toContain(`service-deployment-arn: "${sdArn}"`);
  expect(run.summary).toContain('Lifecycle stages');
  expect(run.summary).toContain('| `POST_TEST_TRAFFIC_SHIFT` |');
});

test('resume continue → completed: one ContinueServiceDeployment, production traffic shifts, the revision is marked', async () => {
  // Ten simulated minutes of bake time (1.2 s here): long enough to be seen at any poll.
  world = await startWorld(seed('BLUE_GREEN', {}, { bakeTimeInMinutes: 10 }));
  const paused = await deployPaused();
  const run = await world.run({ ...RESUME, resume: 'continue', 'service-deployment-arn': paused.outputs['service-deployment-arn'] as string });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs).toMatchObject({
    status: 'completed',
    'task-definition-arn': TD('api:1'),
    'previous-task-definition-arn': TD('api-template:1'),
    'service-deployment-arn': paused.outputs['service-deployment-arn'],
    'hook-id': '',
  });
  expect(run.outputs.image).toContain('@sha256:');
  const continued = ops('ecs:ContinueServiceDeployment');
  expect(continued).toHaveLength(1);
  expect(continued[0]?.params).toEqual({ serviceDeploymentArn: paused.outputs['service-deployment-arn'], hookId: paused.outputs['hook-id'], action: 'CONTINUE' });
  expect(run.stdout).toContain('Stage BAKE_TIME: both revisions run while the new one bakes. It lasts 10m 00s.');
  expect(run.stdout).toMatch(/stage BAKE_TIME, production traffic 100%/);
  expect(run.summary).toContain('### ✅ ECS resume of `web`: completed');
  expect(web().taskDefinition).toBe(TD('api:1'));
  expect(world.ecs.state.taskDefinitions.get(TD('api:1'))?.tags.map((t) => t.key)).toContain('ecs-template-deploy:rollout-completed');
});

test('resume rollback → rolled-back: exit 1, the service back on the revision it served', async () => {
  world = await startWorld(seed('BLUE_GREEN'));
  const paused = await deployPaused();
  const run = await world.run({ ...RESUME, resume: 'rollback' });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('rolled-back');
  expect(ops('ecs:ContinueServiceDeployment')[0]?.params).toMatchObject({ hookId: paused.outputs['hook-id'], action: 'ROLLBACK' });
  expect(run.errors[0]).toContain(`back to ${TD('api-template:1')}`);
  expect(web().taskDefinition).toBe(TD('api-template:1'));
});

test('a canary: the production shift in steps, the pause before it, continued by on-pause: continue in the same step', async () => {
  world = await startWorld(seed('CANARY', { stage: 'PRE_PRODUCTION_TRAFFIC_SHIFT' }, { canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 2 } }));
  const run = await world.run({ ...BG, 'on-pause': 'continue' });
  expect(run.errors).toEqual([]);
  expect(run.outputs.status).toBe('completed');
  // A hook at PRE_PRODUCTION_TRAFFIC_SHIFT holds before each shift of a canary: the canary share, then the rest.
  expect(ops('ecs:ContinueServiceDeployment').map((e) => (e.params as { action: string }).action)).toEqual(['CONTINUE', 'CONTINUE']);
  expect(run.stdout.match(/on-pause is continue: continuing it now\./g)).toHaveLength(2);
  expect(run.stdout).toMatch(/production traffic 10%/);
  expect(run.stdout).toContain('It lasts 2m 00s.');
  expect(run.summary).toContain('| Strategy | `CANARY` |');
});

test('resume on an expired hook: says ECS took its timeout action, writes nothing, follows it to its end', async () => {
  world = await startWorld(seed('BLUE_GREEN', { timeoutInMinutes: 1, action: 'CONTINUE' }));
  const paused = await deployPaused();
  const sdArn = paused.outputs['service-deployment-arn'] as string;
  // 1 simulated minute is 120 ms at 500x.
  while (!world.ecs.state.serviceDeployments.get(sdArn)?.lifecycleHookDetails?.some((h) => h.status === 'TIMED_OUT')) await pause(20);
  const before = world.writes().length;
  const run = await world.run({ ...RESUME, resume: 'continue', 'service-deployment-arn': sdArn });
  expect(run.errors).toEqual([]);
  expect(run.outputs.status).toBe('completed');
  expect(run.stdout).toMatch(new RegExp(`Service deployment ${sdArn.replace(/[/.]/g, '\\$&')} is not paused: (its PAUSE hook ${paused.outputs['hook-id']} expired .* and ECS continues the deployment; following it|it already ended SUCCESSFUL)`));
  expect(world.writes().slice(before).filter((w) => w !== 'ecs:TagResource')).toEqual([]);
});

test('resume rollback of a deployment that is not paused any more: refused, nothing written', async () => {
  world = await startWorld(seed('BLUE_GREEN', { timeoutInMinutes: 1, action: 'CONTINUE' }, { bakeTimeInMinutes: 600 }));
  const paused = await deployPaused();
  const sdArn = paused.outputs['service-deployment-arn'] as string;
  while (!world.ecs.state.serviceDeployments.get(sdArn)?.lifecycleHookDetails?.some((h) => h.status === 'TIMED_OUT')) await pause(20);
  const before = world.writes().length;
  const run = await world.run({ ...RESUME, resume: 'rollback', 'service-deployment-arn': sdArn });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('error');
  expect(run.errors[0]).toContain('is not paused');
  expect(run.errors[0]).toContain('resume: rollback acts only on a paused deployment');
  expect(world.writes().length).toBe(before);
});

test('on-pause: wait until the timeout, then on-abort: rollback stops the paused deployment', async () => {
  world = await startWorld(seed('BLUE_GREEN'));
  const run = await world.run({ ...BG, 'on-pause': 'wait', 'timeout-minutes': '0.02' });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('timed-out');
  const stops = ops('ecs:StopServiceDeployment');
  expect(stops).toHaveLength(1);
  expect(stops[0]?.params).toEqual({ serviceDeploymentArn: run.outputs['service-deployment-arn'], stopType: 'ROLLBACK' });
  expect(run.errors[0]).toContain('the step stopped its service deployment with StopServiceDeployment (ROLLBACK): ECS is rolling the service back to');
  // ECS rolls back.
  const sdArn = run.outputs['service-deployment-arn'] as string;
  while (!String(world.ecs.state.serviceDeployments.get(sdArn)?.status).startsWith('ROLLBACK_SUCCESSFUL')) await pause(20);
  expect(web().taskDefinition).toBe(TD('api-template:1'));
});

test('a resume of a service with no service deployment to act on is an error naming the input', async () => {
  world = await startWorld(seed('BLUE_GREEN'));
  const run = await world.run({ ...RESUME, resume: 'continue', 'service-deployment-arn': 'arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web/doesNotExist1' });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('error');
  expect(run.errors[0]).toMatch(/service-deployment-arn/);
  expect(world.writes()).toEqual([]);
});

test('GitHub deployments: the paused step leaves its deployment in_progress, the resume step records the end', async () => {
  world = await startWorld(seed('BLUE_GREEN'));
  const github = await startGithubStub();
  try {
    const recorded = { 'github-token': 'ghs_localtesttoken', 'github-environment': 'production' };
    const env = { env: { GITHUB_API_URL: github.url } };
    const paused = await world.run({ ...BG, ...recorded }, env);
    expect(paused.outputs.status).toBe('paused');
    expect(github.deployments.map((d) => d.statuses.map((st) => st.state))).toEqual([['in_progress']]);
    const resumed = await world.run({ ...RESUME, ...recorded, resume: 'continue' }, env);
    expect(resumed.outputs.status).toBe('completed');
    expect(github.deployments.map((d) => d.statuses.map((st) => st.state))).toEqual([['in_progress'], ['in_progress', 'success']]);
    expect(github.deployments[1]?.payload).toMatchObject({ taskDefinitionArn: TD('api:1') });
  } finally {
    await github.close();
  }
});
