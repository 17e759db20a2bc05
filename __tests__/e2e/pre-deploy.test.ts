// The pre-deploy task and the container log tails through the bundled action against the local endpoint.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { apiService, BROKEN, DEPLOY, pause, REPO, startWorld, TD, type World } from './world.js';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

const MIGRATE = { ...DEPLOY, 'pre-deploy-command': 'bin/rails db:migrate' };
const operations = () => world.ecs.log.map((e) => e.operation);
const calls = (operation: string) => world.ecs.log.filter((e) => e.operation === operation);
const taskOf = (arn: string) => world.ecs.state.tasks.get(arn);

describe('pre-deploy task', () => {
  test('exit 0: exactly one task of the new revision, with the service network, before UpdateService', async () => {
    // Long enough in simulated time for the polls to see it run.
    world.ecs.setRunTaskScenarios([{ exitCode: 0, afterSeconds: 120 }]);
    const run = await world.run(MIGRATE);
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('completed');
    const runTasks = calls('ecs:RunTask');
    expect(runTasks).toHaveLength(1);
    const service = apiService(world);
    expect(runTasks[0]?.params).toMatchObject({
      cluster: 'demo',
      taskDefinition: TD('api:1'),
      launchType: 'FARGATE',
      networkConfiguration: service.networkConfiguration,
      startedBy: 'ecs-template-deploy/9876543210',
      overrides: { containerOverrides: [{ name: 'api', command: ['bin/rails', 'db:migrate'] }] },
    });
    const order = operations();
    expect(order.indexOf('ecs:RegisterTaskDefinition')).toBeLessThan(order.indexOf('ecs:RunTask'));
    expect(order.lastIndexOf('ecs:DescribeTasks')).toBeLessThan(order.indexOf('ecs:UpdateService'));
    expect(run.outputs['pre-deploy-task-arn']).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/demo\/\w+$/);
    expect(run.outputs['pre-deploy-exit-code']).toBe('0');
    const task = taskOf(run.outputs['pre-deploy-task-arn'] as string);
    expect(task?.taskDefinitionArn).toBe(TD('api:1'));
    expect(run.stdout).toMatch(/pre-deploy task \w+: RUNNING/);
    expect(run.stdout).toMatch(/pre-deploy task \w+: STOPPED \(exit 0, EssentialContainerExited\)/);
    expect(run.summary).toContain('#### Pre-deploy task');
    expect(run.summary).toContain('| Command | `bin/rails db:migrate` |');
    expect(run.summary).toContain('| Exit code | `0` |');
  });

  test('a non-zero exit: the service is not updated, status pre-deploy-failed, the exit code and the log tail; rollback-to previous never picks it', async () => {
    expect((await world.run({ ...DEPLOY, image: `${REPO}:v1.0.0` })).outputs.status).toBe('completed');
    expect((await world.run(DEPLOY)).outputs.status).toBe('completed');
    world.ecs.setRunTaskScenarios([
      { whenCommandIncludes: 'db:migrate', exitCode: 2, afterSeconds: 30, logLines: ['== 42 CreateUsers: migrating', 'PG::DuplicateTable: ERROR:  relation "users" already exists'] },
    ]);
    const before = calls('ecs:UpdateService').length;
    const run = await world.run({ ...MIGRATE, image: `${REPO}:v1.0.0`, environment: 'FORCE_NEW=1' });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'pre-deploy-failed', changed: 'false', 'task-definition-arn': '', 'pre-deploy-exit-code': '2' });
    expect(calls('ecs:UpdateService')).toHaveLength(before);
    expect(apiService(world).taskDefinition).toBe(TD('api:2'));
    expect(run.errors[0]).toContain(`The pre-deploy task ${run.outputs['pre-deploy-task-arn']} failed: container api exited with code 2`);
    expect(run.errors[0]).toContain(`The service was not changed: it still serves ${TD('api:2')}; the revision ${TD('api:3')} was registered and never served.`);
    expect(run.stdout).toContain('PG::DuplicateTable: ERROR:  relation "users" already exists');
    expect(run.stdout).toMatch(/::group::Last 2 log lines of container api, task \w+/);
    expect(run.summary).toContain('#### Container logs');
    expect(run.summary).toContain('```\n== 42 CreateUsers: migrating\nPG::DuplicateTable');

    const rollback = await world.run({ cluster: 'demo', service: 'api', 'rollback-to': 'previous', 'poll-seconds': '0.05', 'timeout-minutes': '2' });
    expect(rollback.outputs).toMatchObject({ status: 'completed', 'task-definition-arn': TD('api:1') });
    expect(world.ecs.state.taskDefinitions.get(TD('api:3'))?.tags.map((t) => t.key)).not.toContain('ecs-template-deploy:rollout-completed');
    expect(calls('ecs:RunTask')).toHaveLength(1);
  });

  test('the image cannot be pulled: no exit code, the stop reason, what to check, and no log stream yet', async () => {
    world.ecs.setRunTaskScenarios([{ kind: 'pull-failure' }]);
    const run = await world.run(MIGRATE);
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('pre-deploy-failed');
    expect(run.outputs['pre-deploy-exit-code']).toBe('');
    expect(run.errors[0]).toContain('container api never ran (no exit code); TaskFailedToStart: CannotPullContainerError');
    expect(run.errors[0]).toMatch(/ecr:BatchGetImage/);
    expect(run.stdout).toMatch(/No log lines of container api of task \w+: no log stream yet/);
    expect(calls('ecs:UpdateService')).toHaveLength(0);
  });

  test('ECS cannot place the task: pre-deploy-failed with its reason, no task ARN', async () => {
    world.ecs.setRunTaskScenarios([{ kind: 'no-capacity' }]);
    const run = await world.run(MIGRATE);
    expect(run.outputs).toMatchObject({ status: 'pre-deploy-failed', 'pre-deploy-task-arn': '' });
    expect(run.errors[0]).toMatch(/^ECS started no pre-deploy task \(RESOURCE:MEMORY\)/);
  });

  test('cancelled while the task runs: StopTask naming the run before the process exits, then cancelled', async () => {
    world.ecs.setRunTaskScenarios([{ kind: 'stuck' }]);
    let child: import('node:child_process').ChildProcess | undefined;
    const running = world.run({ ...MIGRATE, 'poll-seconds': '5' }, { onSpawn: (c) => (child = c) });
    while (!world.ecs.log.some((e) => e.operation === 'ecs:RunTask' && e.status === 200)) await pause(10);
    await pause(100);
    child?.kill('SIGTERM');
    const run = await running;
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('cancelled');
    const stop = calls('ecs:StopTask');
    expect(stop).toHaveLength(1);
    expect((stop[0]?.params as { reason: string }).reason).toContain('was cancelled');
    expect((stop[0]?.params as { reason: string }).reason).toContain('https://github.com/acme/api/actions/runs/9876543210');
    expect(taskOf(run.outputs['pre-deploy-task-arn'] as string)?.lastStatus).toBe('STOPPED');
    expect(calls('ecs:UpdateService')).toHaveLength(0);
    expect(run.errors[0]).toMatch(/^Cancelled while the pre-deploy task ran; it was stopped\. The service was not changed/);
  });

  test('timed out while the task runs: stopped, status timed-out', async () => {
    world.ecs.setRunTaskScenarios([{ kind: 'stuck' }]);
    const run = await world.run({ ...MIGRATE, 'timeout-minutes': '0.02' });
    expect(run.outputs.status).toBe('timed-out');
    expect((calls('ecs:StopTask')[0]?.params as { reason: string }).reason).toContain('timeout-minutes (0.02)');
    expect(calls('ecs:UpdateService')).toHaveLength(0);
  });

  test('logs:GetLogEvents denied: one line naming the action; the outcome is the same', async () => {
    world.ecs.setRunTaskScenarios([{ exitCode: 1, logLines: ['boom'] }]);
    world.ecs.setAllow(['ecs:*', 'ecr:DescribeImages']);
    const run = await world.run(MIGRATE);
    expect(run.outputs.status).toBe('pre-deploy-failed');
    expect(run.stdout).toContain('reading the logs was denied: the role needs "logs:GetLogEvents" on log group /ecs/api');
    expect(run.stdout).not.toContain('boom');
  });

  test('a dry run shows the RunTask request and sends nothing', async () => {
    const run = await world.run({ ...MIGRATE, 'dry-run': 'true' });
    expect(run.outputs.status).toBe('planned');
    expect(world.writes()).toEqual([]);
    expect(calls('ecs:RunTask')).toHaveLength(0);
    expect(run.stdout).toContain('Pre-deploy task (dry run: not started)');
    expect(run.stdout).toContain('"command": [');
    expect(run.stdout).toContain('"subnet-0a1b2c3d4e5f60001"');
    expect(run.summary).toContain('#### Pre-deploy task (dry run: not started)');
  });

  test('an unchanged re-run runs no task; a forced one runs it again', async () => {
    expect((await world.run(MIGRATE)).outputs.status).toBe('completed');
    const again = await world.run(MIGRATE);
    expect(again.outputs.status).toBe('unchanged');
    expect(calls('ecs:RunTask')).toHaveLength(1);
    const forced = await world.run({ ...MIGRATE, 'force-new-deployment': 'true' });
    expect(forced.outputs.status).toBe('completed');
    expect(calls('ecs:RunTask')).toHaveLength(2);
    expect(calls('ecs:RunTask')[1]?.params).toMatchObject({ taskDefinition: TD('api:1') });
  });
});

describe('container logs on a failed rollout', () => {
  test("a circuit-breaker rollback shows the crashed container's last lines and the cause", async () => {
    world.ecs.setScenario('demo', 'api', {
      kind: 'crash',
      whenImageIncludes: 'broken',
      exitCode: 1,
      logLines: ['Starting api', 'Error: listen EADDRINUSE: address already in use :::8080'],
    });
    const run = await world.run({ ...DEPLOY, image: BROKEN });
    expect(run.outputs.status).toBe('rolled-back');
    expect(run.stdout).toMatch(/::group::Last 2 log lines of container api, task \w+/);
    expect(run.stdout).toContain('Error: listen EADDRINUSE: address already in use :::8080');
    expect(run.errors[0]).toMatch(/api exited with code 1/);
    expect(run.summary).toContain('#### Container logs');
    expect(run.summary).toContain('Error: listen EADDRINUSE');
    // At most three tasks' logs.
    expect(calls('logs:GetLogEvents').length).toBeLessThanOrEqual(3);
    expect(calls('logs:GetLogEvents').length).toBeGreaterThan(0);
  });

  test('log-lines 0 reads no logs', async () => {
    world.ecs.setScenario('demo', 'api', { kind: 'crash', whenImageIncludes: 'broken', logLines: ['x'] });
    const run = await world.run({ ...DEPLOY, image: BROKEN, 'log-lines': '0' });
    expect(run.outputs.status).toBe('rolled-back');
    expect(calls('logs:GetLogEvents')).toHaveLength(0);
  });
});
