// Inputs through the bundle as the runner passes them (INPUT_* variables): a mistyped dry-run never
// deploys, other unknown names only warn, a revision over ECS's 64 KiB and a missing region fail with
// one line and nothing written.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { DEPLOY, startWorld, type World } from './world.js';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

describe('inputs under names that match no input', () => {
  test.each(['INPUT_DRY_RUN', 'INPUT_DRYRUN', 'INPUT_dry-run'])('%s: true stops with status error before any AWS call', async (variable) => {
    const before = world.ecs.log.length;
    const run = await world.run(DEPLOY, { env: { [variable]: 'true' } });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'error', changed: 'false' });
    expect(run.errors).toEqual([
      `Input "dry-run": the variable "${variable}" is not an input of this action (the runner passes dry-run as INPUT_DRY-RUN), ` +
        'so a dry run asked for under it would be a real deploy; nothing was done. Rename it to dry-run',
    ]);
    expect(world.ecs.log.length).toBe(before);
  });

  test('an unrelated unknown input only warns, naming the nearest input; the deploy goes on', async () => {
    const run = await world.run(DEPLOY, { env: { INPUT_CONTAINER_NAME: 'api' } });
    expect(run.outputs.status).toBe('completed');
    expect(run.code).toBe(0);
    expect(run.warnings).toContain(
      'The variable "INPUT_CONTAINER_NAME" matches no input of this action and is ignored; the nearest input is "container-name" (passed as INPUT_CONTAINER-NAME).',
    );
  });
});

describe('limits of the rendered revision', () => {
  test('an environment overlay that makes the revision larger than 64 KiB fails naming it, with nothing written', async () => {
    const environment = Array.from({ length: 80 }, (_, i) => `BLOB_${i}=${'x'.repeat(1000)}`).join('\n');
    const writes = world.writes().length;
    const run = await world.run({ ...DEPLOY, environment });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'error', changed: 'false', 'task-definition-arn': '' });
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(
      /^Input "environment": adds [\d,]+ bytes \(80 entries\) to the rendered revision, which would be [\d,]+ bytes, over ECS's limit of 65,536 bytes \(64 KiB\)/,
    );
    expect(run.errors[0]).not.toContain('xxxxxxxxxx');
    expect(world.writes().length).toBe(writes);
  });

  test('more tags than ECS allows fails naming where they come from, with nothing written', async () => {
    const tags = Array.from({ length: 45 }, (_, i) => `Team${i}=payments`).join('\n');
    const writes = world.writes().length;
    const run = await world.run({ ...DEPLOY, tags });
    expect(run.outputs.status).toBe('error');
    expect(run.errors[0]).toMatch(/^Input "tags": the revision would carry \d+ tags \(\d+ from the template, 45 from the "tags" input, \d+ provenance tags\)/);
    expect(world.writes().length).toBe(writes);
  });
});

describe('region', () => {
  test('no region input and no AWS_REGION: one line saying how to set it, before any AWS call', async () => {
    const before = world.ecs.log.length;
    const run = await world.run(DEPLOY, { env: { AWS_REGION: '', AWS_DEFAULT_REGION: '' } });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('error');
    expect(run.errors).toEqual([
      'Input "region": no region is set: give the region input, or set AWS_REGION (for example with aws-actions/configure-aws-credentials and its aws-region)',
    ]);
    expect(world.ecs.log.length).toBe(before);
  });
});
