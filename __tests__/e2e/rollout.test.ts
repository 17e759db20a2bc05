// The bundled action following rollouts to their end against the local endpoint: every outcome.
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { apiService, BROKEN, DEPLOY, pause, startWorld, TD, updateAnswered, type World } from './world.js';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

/** Resolves once the action has sent its UpdateService. */
const updateSent = () => updateAnswered(world);

function client(): ECSClient {
  const env = world.ecs.env();
  return new ECSClient({
    region: env.AWS_REGION,
    endpoint: world.ecs.url,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID as string, secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string },
  });
}

test('completed: exit 0, and the end is noticed within one poll of ECS finishing', async () => {
  const run = await world.run(DEPLOY);
  expect(run.code).toBe(0);
  expect(run.outputs.status).toBe('completed');
  const watched = world.ecs.log.find((e) => e.operation === 'ecs:DescribeServiceDeployments')?.params as { serviceDeploymentArns: string[] };
  const sd = world.ecs.state.serviceDeployments.get(watched.serviceDeploymentArns[0] as string);
  expect(sd?.status).toBe('SUCCESSFUL');
  expect(sd?.finishedAt).toBeDefined();
  const pollsAfterEnd = world.ecs.log.filter((e) => e.operation === 'ecs:DescribeServiceDeployments' && e.simTime >= (sd?.finishedAt ?? 0));
  expect(pollsAfterEnd).toHaveLength(1);
  // One line per change, not one per poll.
  const lines = run.stdout.split('\n').filter((l) => /^\[\d+m? ?\d*s\] /.test(l));
  expect(new Set(lines.map((l) => l.replace(/^\[[^\]]+\] /, ''))).size).toBe(lines.length);
});

test('rolled-back by the circuit breaker: exit 1, never reported as success, with the stopped tasks and events', async () => {
  world.ecs.setScenario('demo', 'api', { kind: 'crash', whenImageIncludes: 'broken', exitCode: 137, containerReason: 'OutOfMemoryError: Container killed due to memory usage' });
  const run = await world.run({ ...DEPLOY, image: BROKEN });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('rolled-back');
  expect(run.outputs['task-definition-arn']).toBe(TD('api:1'));
  expect(run.outputs['previous-task-definition-arn']).toBe(TD('api-template:1'));
  expect(run.errors[0]).toContain(`ECS rolled the deployment of ${TD('api:1')} back to ${TD('api-template:1')}`);
  expect(run.errors[0]).toContain('circuit breaker');
  expect(run.errors[0]).toContain('the rollback completed');
  expect(run.stdout).toContain('Essential container in task exited');
  expect(run.stdout).toContain('container api exit 137 (OutOfMemoryError: Container killed due to memory usage)');
  expect(run.summary).toContain('rolled-back');
  expect(run.summary).not.toContain('completed**');
  expect(run.summary).toContain('Stopped tasks of the new revision');
  expect(run.summary).toContain('Service events during this step');
  expect(run.stdout).not.toMatch(/status=completed/);
  expect(apiService(world).taskDefinition).toBe(TD('api-template:1'));
  // A failed revision is never marked as completed.
  const tags = world.ecs.state.taskDefinitions.get(TD('api:1'))?.tags ?? [];
  expect(tags.some((t) => t.key === 'ecs-template-deploy:rollout-completed')).toBe(false);
});

test('failed without rollback (circuit-breaker: enable): exit 1, status failed, with how to roll back', async () => {
  world.ecs.setScenario('demo', 'api', { kind: 'crash', whenImageIncludes: 'broken' });
  const run = await world.run({ ...DEPLOY, image: BROKEN, 'circuit-breaker': 'enable' });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('failed');
  expect(run.errors[0]).toContain(`The deployment of ${TD('api:1')} failed`);
  expect(run.errors[0]).toContain(`To roll back, point the service at ${TD('api-template:1')}`);
});

test('rolled-back by a CloudWatch alarm', async () => {
  world.ecs.setScenario('demo', 'api', { kind: 'alarm', alarmName: 'api-5xx' });
  const run = await world.run({ ...DEPLOY, alarms: 'api-5xx' });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('rolled-back');
  expect(run.errors[0]).toContain('api-5xx');
});

test('timed-out: exit 1; on-abort rollback (the default) stops the deployment with StopServiceDeployment ROLLBACK and says so', async () => {
  world.ecs.setScenario('demo', 'api', { kind: 'stuck' });
  const run = await world.run({ ...DEPLOY, 'timeout-minutes': '0.01' });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('timed-out');
  const sdArn = run.outputs['service-deployment-arn'] as string;
  expect(world.ecs.log.filter((e) => e.operation === 'ecs:StopServiceDeployment').map((e) => e.params)).toEqual([{ serviceDeploymentArn: sdArn, stopType: 'ROLLBACK' }]);
  expect(run.errors[0]).toBe(
    `The rollout of ${TD('api:1')} did not finish within 0.01 minutes; the step stopped its service deployment with StopServiceDeployment (ROLLBACK): ECS is rolling the service back to ${TD('api-template:1')}.`,
  );
  // ECS does roll back.
  while (apiService(world).taskDefinition !== TD('api-template:1')) await pause(20);
});

test('timed-out with on-abort leave: nothing stopped, says ECS goes on and how to roll back', async () => {
  world.ecs.setScenario('demo', 'api', { kind: 'stuck' });
  const run = await world.run({ ...DEPLOY, 'timeout-minutes': '0.01', 'on-abort': 'leave' });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('timed-out');
  expect(world.ecs.log.filter((e) => e.operation === 'ecs:StopServiceDeployment')).toHaveLength(0);
  expect(run.errors[0]).toContain('did not finish within 0.01 minutes; ECS goes on with the deployment (on-abort is leave).');
  expect(run.errors[0]).toContain(`To roll back, point the service at ${TD('api-template:1')}`);
  expect(apiService(world).taskDefinition).toBe(TD('api:1'));
});

test('timed-out, and the role may not stop the deployment: the message says the stop failed and ECS goes on', async () => {
  world.ecs.setScenario('demo', 'api', { kind: 'stuck' });
  world.ecs.setAllow(['ecs:Describe*', 'ecs:List*', 'ecs:RegisterTaskDefinition', 'ecs:UpdateService', 'ecs:TagResource', 'ecr:DescribeImages']);
  const run = await world.run({ ...DEPLOY, 'timeout-minutes': '0.01' });
  expect(run.outputs.status).toBe('timed-out');
  expect(run.errors[0]).toContain('stopping its service deployment failed (');
  expect(run.errors[0]).toContain('ecs:StopServiceDeployment');
  expect(run.errors[0]).toContain('ECS goes on with the deployment; stop it or roll back by hand.');
});

test('superseded by another deployment: exit 1, naming the revision that replaced it', async () => {
  world.ecs.setScenario('demo', 'api', { kind: 'stuck' });
  const running = world.run(DEPLOY);
  await updateSent();
  await client().send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', taskDefinition: 'api-template:1', forceNewDeployment: true }));
  const run = await running;
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('superseded');
  expect(run.errors[0]).toContain(`now ${TD('api-template:1')}`);
});

test('without the ServiceDeployments API permitted, it follows DescribeServices and says so once', async () => {
  world.ecs.setAllow(['ecs:DescribeServices', 'ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition', 'ecs:UpdateService', 'ecs:TagResource', 'ecs:ListTasks', 'ecs:DescribeTasks', 'ecr:DescribeImages']);
  const run = await world.run(DEPLOY);
  expect(run.code).toBe(0);
  expect(run.outputs.status).toBe('completed');
  expect(run.stdout.match(/Following the rollout through DescribeServices/g)).toHaveLength(1);
});

test('a circuit-breaker rollback seen through DescribeServices only is still a failure', async () => {
  world.ecs.setAllow(['ecs:DescribeServices', 'ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition', 'ecs:UpdateService', 'ecs:ListTasks', 'ecs:DescribeTasks', 'ecr:DescribeImages']);
  world.ecs.setScenario('demo', 'api', { kind: 'crash', whenImageIncludes: 'broken' });
  const run = await world.run({ ...DEPLOY, image: BROKEN });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('rolled-back');
});

test('cancelled by the runner while waiting: exits promptly with what is in flight and how to roll back', async () => {
  world.ecs.setScenario('demo', 'api', { kind: 'stuck' });
  let child: import('node:child_process').ChildProcess | undefined;
  const running = world.run({ ...DEPLOY, 'poll-seconds': '5' }, { onSpawn: (c) => (child = c) });
  await updateSent();
  await pause(100);
  const sent = Date.now();
  child?.kill('SIGTERM');
  const run = await running;
  expect(Date.now() - sent).toBeLessThan(3000);
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('cancelled');
  expect(run.errors[0]).toContain(`Cancelled while the rollout of ${TD('api:1')} was in flight`);
  expect(run.errors[0]).toContain(TD('api-template:1'));
  // The deployment was stopped before the process exited: the endpoint answered the stop while it ran.
  const stop = world.ecs.log.find((e) => e.operation === 'ecs:StopServiceDeployment');
  expect(stop).toMatchObject({ status: 200, params: { serviceDeploymentArn: run.outputs['service-deployment-arn'], stopType: 'ROLLBACK' } });
  expect(run.errors[0]).toContain('the step stopped its service deployment with StopServiceDeployment (ROLLBACK)');
});

test('another deployment in progress: fail refuses without writing, wait waits for it', async () => {
  // Another deployment that takes a long (simulated) time.
  world.ecs.setScenario('demo', 'api', { kind: 'complete', afterSeconds: 100_000 });
  await client().send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', forceNewDeployment: true }));
  world.ecs.setScenario('demo', 'api', { kind: 'complete' });
  const before = world.writes().length;
  const refused = await world.run({ ...DEPLOY, 'concurrent-deployment': 'fail' });
  expect(refused.code).toBe(1);
  expect(refused.errors[0]).toContain('Input "concurrent-deployment": is "fail" and another deployment of the service is in progress');
  expect(world.writes().length).toBe(before);

  // Once the action says it waits, let the other deployment finish.
  const waited = await world.run(
    { ...DEPLOY, 'concurrent-deployment': 'wait' },
    { onSpawn: (child) => child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('waiting for it to end') && world.ecs.advance(100_000)) },
  );
  expect(waited.stdout).toContain('waiting for it to end');
  expect(waited.code).toBe(0);
  expect(waited.outputs.status).toBe('completed');
});
