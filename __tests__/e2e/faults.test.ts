// AWS faults through the bundle: reads survive throttling and 5xx; writes are retried only once they are
// known not to have taken effect, so a lost answer never leaves a duplicate revision or deployment.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { apiService, DEPLOY, startWorld, TD, type World } from './world.js';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

/** Revisions of the deploy family `api` the endpoint holds. */
const apiRevisions = () => [...world.ecs.state.taskDefinitions.values()].filter((td) => td.family === 'api').length;
const answered = (operation: string) => world.ecs.log.filter((e) => e.operation === operation && e.status === 200).length;

test('a fault storm (30% throttling, 10% 5xx, 3% dropped connections, 3% lost answers on every call): 20 deploys, ten at a time, each complete with exactly one new revision', async () => {
  // 20 services of the same template, each deployed into a family of its own, all at once; the fault PRNG
  // is seeded, though which request draws which fault depends on how the 20 runs interleave.
  const services = Array.from({ length: 20 }, (_, i) => `api-${i + 1}`);
  world.ecs.seed({
    services: services.map((serviceName) => ({
      cluster: 'demo',
      serviceName,
      taskDefinition: 'api-template:1',
      desiredCount: 2,
      launchType: 'FARGATE',
      deploymentController: 'ECS',
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 100 },
      scenario: { kind: 'complete' },
    })),
  });
  world.ecs.setFaults({ throttleRate: 0.3, serverErrorRate: 0.1, dropRate: 0.03, lostResponseRate: 0.03, seed: 2026 });
  const revisionsOf = (family: string) => [...world.ecs.state.taskDefinitions.values()].filter((td) => td.family === family).length;
  // Ten at a time: enough overlap to interleave their faults, without starving a 2-core machine. Five
  // minutes each: under coverage on 2 cores, ten processes retrying through a 30% throttle can take more than 2.
  const runs: Awaited<ReturnType<World['run']>>[] = [];
  for (let i = 0; i < services.length; i += 10) {
    runs.push(...(await Promise.all(services.slice(i, i + 10).map((service) => world.run({ ...DEPLOY, service, family: service, 'timeout-minutes': '5' })))));
  }
  world.ecs.setFaults({});
  const outcomes = runs.map(
    (run, i) => `${services[i]}: ${run.outputs.status}, exit ${run.code}, ${revisionsOf(services[i] as string)} revision(s)${run.errors.map((e) => `; ${e}`).join('')}`,
  );
  expect(outcomes).toEqual(services.map((service) => `${service}: completed, exit 0, 1 revision(s)`));
  expect(world.ecs.log.some((e) => e.error === 'ThrottlingException')).toBe(true);
  expect(world.ecs.log.some((e) => e.status >= 500)).toBe(true);
  expect(world.ecs.log.some((e) => e.status === 0)).toBe(true);
}, 120_000);

describe('a write whose answer is lost after AWS acted', () => {
  test('RegisterTaskDefinition: the step finds the revision by its token; exactly one new revision', async () => {
    world.ecs.setFaults({ lostResponseRate: 1, operations: ['ecs:RegisterTaskDefinition'] });
    const run = await world.run(DEPLOY);
    expect(run.outputs.status).toBe('completed');
    expect(apiRevisions()).toBe(1);
    // One request, whose answer never arrived (status 0 in the endpoint's log).
    expect(world.ecs.log.filter((e) => e.operation === 'ecs:RegisterTaskDefinition').map((e) => e.status)).toEqual([0]);
    expect(run.stdout).toContain('Registering a revision of api: the answer was lost');
    expect(run.outputs['task-definition-arn']).toBe(TD('api:1'));
    const token = world.ecs.state.taskDefinitions.get(TD('api:1'))?.tags.find((t) => t.key === 'ecs-template-deploy:register-token');
    expect(token?.value).toMatch(/^9876543210-1-[0-9a-f]{12}-[0-9a-f]{8}$/);
  });

  test('UpdateService: the step sees the new deployment and follows it; no second UpdateService', async () => {
    world.ecs.setFaults({ lostResponseRate: 1, operations: ['ecs:UpdateService'] });
    const run = await world.run(DEPLOY);
    expect(run.outputs.status).toBe('completed');
    expect(world.ecs.log.filter((e) => e.operation === 'ecs:UpdateService')).toHaveLength(1);
    expect(run.stdout).toContain('Updating service api: the answer was lost');
    expect(apiService(world).taskDefinition).toBe(TD('api:1'));
    expect(run.outputs.changed).toBe('true');
  });

  test('a write refused by throttling is sent again (it did not take effect)', async () => {
    world.ecs.setFaults({ throttleRate: 0.6, operations: ['ecs:RegisterTaskDefinition', 'ecs:UpdateService'], seed: 3 });
    const run = await world.run(DEPLOY);
    expect(run.outputs.status).toBe('completed');
    expect(apiRevisions()).toBe(1);
    expect(answered('ecs:RegisterTaskDefinition')).toBe(1);
    expect(answered('ecs:UpdateService')).toBe(1);
  });
});

test('a ServiceDeployments API that answers an HTML 500 page: the step follows DescribeServices and completes', async () => {
  world.ecs.setFaults({ htmlErrorOperations: ['ecs:ListServiceDeployments', 'ecs:DescribeServiceDeployments'] });
  const run = await world.run({ ...DEPLOY, 'timeout-minutes': '1' });
  expect(run.outputs.status).toBe('completed');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/Following the rollout through DescribeServices: the ServiceDeployments API failed 3 polls in a row/);
});
