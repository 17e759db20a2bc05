// Rollback, plan, cleanup and GitHub deployments through the bundled action against the local endpoint.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { startGithubStub, type GithubStub } from '../helpers/github-stub.js';
import { SAMPLE_DIGESTS } from '../../tools/local-ecs/sample-seed.js';
import { apiService, BROKEN, DEPLOY, REPO, startWorld, TD, type World } from './world.js';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

const ROLLBACK = { cluster: 'demo', service: 'api', 'poll-seconds': '0.05', 'timeout-minutes': '2' };

/** api:1 (v1.0.0, completed), api:2 (broken, rolled back), api:3 (v1.1.0, completed): the service serves api:3. */
async function history(): Promise<void> {
  world.ecs.setScenario('demo', 'api', { kind: 'crash', whenImageIncludes: 'broken' });
  expect((await world.run({ ...DEPLOY, image: `${REPO}:v1.0.0` })).outputs.status).toBe('completed');
  expect((await world.run({ ...DEPLOY, image: BROKEN })).outputs.status).toBe('rolled-back');
  expect((await world.run({ ...DEPLOY, image: `${REPO}:v1.1.0` })).outputs.status).toBe('completed');
  expect(apiService(world).taskDefinition).toBe(TD('api:3'));
}

describe('rollback', () => {
  test('to previous skips the rolled-back revision and lands on the last completed one', async () => {
    await history();
    const run = await world.run({ ...ROLLBACK, 'rollback-to': 'previous' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      status: 'completed',
      changed: 'true',
      'task-definition-arn': TD('api:1'),
      'previous-task-definition-arn': TD('api:3'),
      image: `${REPO}@${SAMPLE_DIGESTS['v1.0.0']}`,
    });
    // From the service's deployment history: api:2's deployment rolled back, so it is not in the SUCCESSFUL list.
    expect(run.stdout).toContain(`The service's deployment history: its last completed deployment before revision 3 was to ${TD('api:1')}.`);
    const ops = world.ecs.log.map((e) => e.operation);
    expect(ops.filter((o) => o === 'ecs:DescribeServiceRevisions')).toHaveLength(1);
    expect(ops).not.toContain('ecs:ListTaskDefinitions');
    expect(apiService(world).taskDefinition).toBe(TD('api:1'));
    expect(world.ecs.log.filter((e) => e.operation === 'ecs:RegisterTaskDefinition')).toHaveLength(3);
  });

  test('to previous without ecs:ListServiceDeployments: the completed-rollout tags decide, the rolled-back revision skipped', async () => {
    await history();
    world.ecs.setAllow(['ecs:Describe*', 'ecs:UpdateService', 'ecs:ListTaskDefinitions', 'ecs:ListTasks', 'ecs:TagResource', 'ecr:*']);
    const run = await world.run({ ...ROLLBACK, 'rollback-to': 'previous' });
    expect(run.outputs).toMatchObject({ status: 'completed', 'task-definition-arn': TD('api:1') });
    expect(run.stdout).toContain("The service's deployment history could not be read (AccessDeniedException: the role may not call ecs:ListServiceDeployments)");
    expect(run.stdout).toContain(`Skipping ${TD('api:2')}: no completed rollout recorded for it.`);
    expect(apiService(world).taskDefinition).toBe(TD('api:1'));
  });

  test('to an exact ARN, with the circuit breaker applied as in a deploy', async () => {
    await history();
    const run = await world.run({ ...ROLLBACK, 'rollback-to': TD('api:1'), 'circuit-breaker': 'enable' });
    expect(run.code).toBe(0);
    expect(run.outputs['task-definition-arn']).toBe(TD('api:1'));
    expect(world.ecs.log.filter((e) => e.operation === 'ecs:UpdateService').at(-1)?.params).toMatchObject({
      taskDefinition: TD('api:1'),
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
    });
  });

  test('to the revision already serving: unchanged, exit 0, nothing written', async () => {
    await history();
    const before = world.writes().length;
    const run = await world.run({ ...ROLLBACK, 'rollback-to': 'api:3' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'unchanged', changed: 'false', 'task-definition-arn': TD('api:3') });
    expect(world.writes().length).toBe(before);
  });

  test.each([
    ['api-template:1', 'it is a revision of the template family "api-template"'],
    ['api:99', 'The rollback target "api:99" does not exist'],
    ['other:1', 'it belongs to family "other", but the service runs family "api"'],
    ['api:1', 'it is INACTIVE (deregistered)'],
  ])('refuses %s', async (target, message) => {
    await history();
    world.ecs.seed({ taskDefinitions: [{ taskDefinition: { family: 'other', containerDefinitions: [{ name: 'x', image: 'busybox', memory: 64 }] } }] });
    world.ecs.state.taskDefinitions.get(TD('api:1'))!.status = 'INACTIVE';
    const before = world.writes().length;
    const run = await world.run({ ...ROLLBACK, 'rollback-to': target });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain(message);
    expect(world.writes().length).toBe(before);
  });
});

describe('plan (dry run)', () => {
  test('shows each kind of change against the serving revision and writes nothing', async () => {
    expect((await world.run({ ...DEPLOY, image: `${REPO}:v1.0.0`, environment: 'OLD_KEY=1\nCHANGED=a' })).code).toBe(0);
    const before = world.ecs.log.length;
    const run = await world.run({
      ...DEPLOY,
      'dry-run': 'true',
      environment: 'CHANGED=super-secret-b\nNEW_KEY=visible-nowhere',
      secrets: 'API_TOKEN=arn:aws:secretsmanager:us-east-1:123456789012:secret:api-token-AbCdEf',
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'planned', changed: 'false', 'previous-task-definition-arn': TD('api:1') });
    const plan = run.stdout + run.summary;
    expect(plan).toContain(`~ image (api): ${REPO}@${SAMPLE_DIGESTS['v1.0.0']} -> ${REPO}@${SAMPLE_DIGESTS['v1.1.0']}`);
    expect(plan).toContain('environment keys (api): added NEW_KEY; removed OLD_KEY; changed CHANGED');
    expect(plan).toContain('secret keys (api): added API_TOKEN');
    expect(plan).not.toContain('super-secret-b');
    expect(plan).not.toContain('visible-nowhere');
    expect(run.summary).toContain('Plan (dry run: nothing was written)');
    const writes = world.ecs.log.slice(before).filter((e) => /Register|Deregister|UpdateService|TagResource/.test(e.operation));
    expect(writes).toEqual([]);
  });

  test('a template change shows as a field diff', async () => {
    expect((await world.run(DEPLOY)).code).toBe(0);
    const template = world.ecs.state.taskDefinitions.get(TD('api-template:1'))!;
    world.ecs.seed({ taskDefinitions: [{ taskDefinition: { ...stripDescribed(template.described), memory: '1024' } }] });
    const run = await world.run({ ...DEPLOY, 'dry-run': 'true' });
    expect(run.stdout).toContain('~ memory: "512" -> "1024"');
  });
});

function stripDescribed(described: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...described };
  for (const key of ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy']) delete copy[key];
  return copy;
}

describe('cleanup', () => {
  test('keep-revisions keeps the newest, the serving, the previous, and every other family', async () => {
    world.ecs.seed({ taskDefinitions: [{ taskDefinition: { family: 'api-worker', containerDefinitions: [{ name: 'w', image: 'busybox', memory: 64 }] } }] });
    for (const tag of ['v1.0.0', 'v1.1.0', 'v1.0.0']) expect((await world.run({ ...DEPLOY, image: `${REPO}:${tag}` })).code).toBe(0);
    // api:1..3 exist; the service serves api:3, previously api:2.
    const run = await world.run({ ...DEPLOY, image: `${REPO}:v1.1.0`, 'keep-revisions': '1' });
    expect(run.code).toBe(0);
    expect(run.outputs['task-definition-arn']).toBe(TD('api:4'));
    const status = (arn: string) => world.ecs.state.taskDefinitions.get(arn)?.status;
    expect(status(TD('api:4'))).toBe('ACTIVE'); // serving
    expect(status(TD('api:3'))).toBe('ACTIVE'); // previous
    expect(status(TD('api:2'))).toBe('INACTIVE');
    expect(status(TD('api:1'))).toBe('INACTIVE');
    expect(status(TD('api-template:1'))).toBe('ACTIVE');
    expect(status(TD('api-worker:1'))).toBe('ACTIVE');
    expect(run.summary).toContain(`deregistered \`${TD('api:1')}\``);
    expect(run.stdout).toContain('Cleanup: deregistered 2 old revision(s) of api');
  });
});

describe('GitHub deployments', () => {
  let github: GithubStub;
  beforeEach(async () => {
    github = await startGithubStub();
  });
  afterEach(async () => {
    await github.close();
  });

  test('each run is recorded: in_progress then success, with the revision and image', async () => {
    const run = await world.run(
      { ...DEPLOY, 'github-token': 'ghs_localtesttoken', 'github-environment': 'production' },
      { env: { GITHUB_API_URL: github.url } },
    );
    expect(run.code).toBe(0);
    expect(github.deployments).toHaveLength(1);
    const deployment = github.deployments[0]!;
    expect(deployment.environment).toBe('production');
    expect(deployment.payload).toMatchObject({ taskDefinitionArn: TD('api:1'), image: `${REPO}@${SAMPLE_DIGESTS['v1.1.0']}` });
    expect(deployment.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(github.requests.every((r) => r.authorization?.includes('ghs_localtesttoken'))).toBe(true);
    // The token is handed to the runner to mask, and appears nowhere else.
    expect(run.stdout.split('\n').filter((l) => l.includes('ghs_localtesttoken'))).toEqual(['::add-mask::ghs_localtesttoken']);
    expect(run.summary).not.toContain('ghs_localtesttoken');
  });

  test('a rolled-back deploy is recorded as a failure', async () => {
    world.ecs.setScenario('demo', 'api', { kind: 'crash', whenImageIncludes: 'broken' });
    const run = await world.run(
      { ...DEPLOY, image: BROKEN, 'github-token': 'ghs_localtesttoken', 'github-environment': 'staging' },
      { env: { GITHUB_API_URL: github.url } },
    );
    expect(run.code).toBe(1);
    expect(github.deployments[0]?.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
  });

  test('GitHub failing is a warning, never a failed deploy', async () => {
    github.addFault({ status: 500 });
    const run = await world.run(
      { ...DEPLOY, 'github-token': 'ghs_localtesttoken', 'github-environment': 'production' },
      { env: { GITHUB_API_URL: github.url } },
    );
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('completed');
    expect(run.warnings.join('\n')).toMatch(/GitHub/);
  });

  test('without a token nothing is sent to GitHub', async () => {
    const run = await world.run(DEPLOY, { env: { GITHUB_API_URL: github.url } });
    expect(run.code).toBe(0);
    expect(github.requests).toEqual([]);
  });
});
