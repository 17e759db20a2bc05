// Every way a run can end, through the bundle as the runner runs it: each writes the `status` output,
// and its exit code is the one the README's status table gives for that status.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { EXIT_CODES } from '../../src/core/conclude.js';
import type { StepStatus } from '../../src/core/outcome.js';
import type { ActionRun } from '../../tools/run-action.js';
import { BROKEN, DEPLOY, pause, startWorld, updateAnswered, type World } from './world.js';

/** The README's status table: `| \`status\` | exit code | when |`. */
function readmeExitCodes(): Map<string, number> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const rows = [...readme.matchAll(/^\| `([a-z-]+)` \| ([01]) \|/gm)];
  return new Map(rows.map((m) => [m[1] as string, Number(m[2])]));
}

test('the README status table lists every status with the exit code conclude gives it', () => {
  expect(Object.fromEntries(readmeExitCodes())).toEqual(EXIT_CODES);
});

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

/** Runs the bundle, then checks the contract: a status was written and the exit code follows it. */
async function ends(run: Promise<ActionRun>, status: StepStatus): Promise<ActionRun> {
  const done = await run;
  expect(done.outputs.status).toBe(status);
  expect(done.code).toBe(readmeExitCodes().get(status));
  expect(done.errors).toHaveLength(EXIT_CODES[status]);
  expect(done.summary).toContain(`: ${status}`);
  return done;
}

describe('each exit path writes status, and the exit code agrees with the README', () => {
  test('bad input: error, and no AWS call at all', async () => {
    const before = world.ecs.log.length;
    const run = await ends(world.run({ ...DEPLOY, 'timeout-minutes': 'soon' }), 'error');
    expect(run.errors[0]).toBe('Input "timeout-minutes": "soon" is not valid (expected a number from 0.01 to 360)');
    expect(world.ecs.log.length).toBe(before);
  });

  test('AWS denied: error naming the IAM action, nothing written', async () => {
    world.ecs.setAllow(['ecs:DescribeTaskDefinition', 'ecr:DescribeImages']);
    const writes = world.writes().length;
    const run = await ends(world.run(DEPLOY), 'error');
    expect(run.errors[0]).toContain('needs the IAM permission "ecs:DescribeServices"');
    expect(world.writes().length).toBe(writes);
  });

  test('throttled out: error once the retries are spent, nothing written', async () => {
    world.ecs.setFaults({ throttleRate: 1, operations: ['ecs:DescribeServices'] });
    const writes = world.writes().length;
    const run = await ends(world.run(DEPLOY, { env: { AWS_MAX_ATTEMPTS: '2' } }), 'error');
    expect(run.errors[0]).toContain('ThrottlingException');
    expect(world.writes().length).toBe(writes);
  });

  test('a bug (AWS answers a template without containers): error, with the stack in the log', async () => {
    const template = world.ecs.state.findTaskDefinition('api-template:1');
    if (template) delete template.described.containerDefinitions;
    const run = await ends(world.run(DEPLOY), 'error');
    expect(run.errors[0]).toMatch(/^Unexpected failure \(a bug in ecs-template-deploy/);
    expect(run.stdout).toMatch(/^\s+at /m);
  });

  test('planned (dry run), then completed, then unchanged, then started (wait: false)', async () => {
    const writes = world.writes().length;
    await ends(world.run({ ...DEPLOY, 'dry-run': 'true' }), 'planned');
    expect(world.writes().length).toBe(writes);
    await ends(world.run(DEPLOY), 'completed');
    await ends(world.run(DEPLOY), 'unchanged');
    await ends(world.run({ ...DEPLOY, 'force-new-deployment': 'true', wait: 'false' }), 'started');
  });

  test('rolled back by the circuit breaker', async () => {
    world.ecs.setScenario('demo', 'api', { kind: 'crash', whenImageIncludes: 'broken' });
    await ends(world.run({ ...DEPLOY, image: BROKEN }), 'rolled-back');
  });

  test('pre-deploy-failed: the migration exits non-zero, the service is not changed', async () => {
    world.ecs.setRunTaskScenarios([{ exitCode: 1 }]);
    const run = await ends(world.run({ ...DEPLOY, 'pre-deploy-command': 'bin/migrate' }), 'pre-deploy-failed');
    expect(run.outputs.changed).toBe('false');
  });

  test('timed out', async () => {
    world.ecs.setScenario('demo', 'api', { kind: 'stuck' });
    await ends(world.run({ ...DEPLOY, 'timeout-minutes': '0.01' }), 'timed-out');
  });

  test('cancelled by the runner while following the rollout', async () => {
    world.ecs.setScenario('demo', 'api', { kind: 'stuck' });
    let child: import('node:child_process').ChildProcess | undefined;
    const running = world.run({ ...DEPLOY, 'poll-seconds': '5' }, { onSpawn: (c) => (child = c) });
    await updateAnswered(world);
    await pause(100);
    child?.kill('SIGTERM');
    const run = await ends(running, 'cancelled');
    expect(run.outputs.changed).toBe('true');
  });
});
