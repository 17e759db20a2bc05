// The Terraform side of the loop through the bundled action against the local endpoint: template-only
// redeploys (image: current), the image written to SSM after a completed rollout, and read from it.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { ECSClient, RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { DriftReport } from '../../src/core/drift.js';
import { sampleSeed, SAMPLE_DIGESTS } from '../../tools/local-ecs/sample-seed.js';
import { apiService, BROKEN, DEPLOY, REPO, startWorld, TD, type World } from './world.js';

const template = sampleSeed.taskDefinitions?.[0]?.taskDefinition as Record<string, unknown>;
const api = (template.containerDefinitions as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
const OTEL = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1';
const PARAMETER = '/api/prod/image';

let world: World;
beforeEach(async () => {
  world = await startWorld({ ssmParameters: [{ name: PARAMETER, value: 'public.ecr.aws/nginx/nginx:stable', type: 'String' }] });
});
afterEach(async () => {
  await world.close();
});

/** What Terraform's next apply registers as api-template:2: more memory and a new sidecar. */
function terraformApply(sidecarImage = OTEL, tags: Array<{ key: string; value: string }> = []): void {
  world.ecs.seed({
    taskDefinitions: [
      {
        taskDefinition: {
          ...template,
          memory: '1024',
          containerDefinitions: [api, { name: 'otel', image: sidecarImage, essential: false, memory: 128 }],
        },
        tags,
      },
    ],
  });
}

async function parameter(name = PARAMETER): Promise<{ value?: string; version?: number }> {
  const env = world.ecs.env();
  const ssm = new SSMClient({
    region: env.AWS_REGION,
    endpoint: world.ecs.url,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID as string, secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string },
  });
  const out = await ssm.send(new GetParameterCommand({ Name: name }));
  return { ...(out.Parameter?.Value !== undefined ? { value: out.Parameter.Value } : {}), ...(out.Parameter?.Version !== undefined ? { version: out.Parameter.Version } : {}) };
}

const PINNED_V1 = `${REPO}@${SAMPLE_DIGESTS['v1.0.0']}`;

describe('image: current', () => {
  test('a template change rolls out with exactly the serving images; a container new in the template gets its own; a re-run is unchanged', async () => {
    expect((await world.run({ ...DEPLOY, image: `${REPO}:v1.0.0` })).outputs.status).toBe('completed');
    terraformApply();
    const run = await world.run({ ...DEPLOY, image: 'current', 'container-name': 'api' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'completed', 'task-definition-arn': TD('api:2'), image: PINNED_V1 });
    const registered = world.ecs.state.taskDefinitions.get(TD('api:2'))?.described as { memory: string; containerDefinitions: Array<{ name: string; image: string }> };
    expect(registered.memory).toBe('1024');
    expect(registered.containerDefinitions.map((c) => [c.name, c.image])).toEqual([
      ['api', PINNED_V1],
      ['otel', OTEL],
    ]);
    expect(run.stdout).toContain(`Container api keeps the image it runs: ${PINNED_V1}`);
    expect(run.stdout).toContain(`Container otel is new in the template: it gets the template's image ${OTEL}.`);
    // No ECR lookup of the served image: it is used as served.
    expect(world.ecs.log.filter((e) => e.operation === 'ecr:DescribeImages')).toHaveLength(1);

    const again = await world.run({ ...DEPLOY, image: 'current', 'container-name': 'api' });
    expect(again.outputs).toMatchObject({ status: 'unchanged', 'task-definition-arn': TD('api:2') });
    expect(world.ecs.log.filter((e) => e.operation === 'ecs:RegisterTaskDefinition')).toHaveLength(2);
  });

  test('a new container with the placeholder image the template marks is refused, nothing written', async () => {
    expect((await world.run(DEPLOY)).outputs.status).toBe('completed');
    terraformApply('public.ecr.aws/placeholder/otel:latest', [{ key: 'ecs-template-deploy:placeholder-image', value: 'public.ecr.aws/placeholder/' }]);
    const writes = world.writes().length;
    const run = await world.run({ ...DEPLOY, image: 'current', 'container-name': 'api' });
    expect(run.outputs.status).toBe('error');
    expect(run.errors[0]).toContain('Input "images": container "otel" is new in the template and its image "public.ecr.aws/placeholder/otel:latest" is a placeholder');
    expect(world.writes()).toHaveLength(writes);
  });

  test('a dry run plans the template change', async () => {
    expect((await world.run(DEPLOY)).outputs.status).toBe('completed');
    terraformApply();
    const run = await world.run({ ...DEPLOY, image: 'current', 'container-name': 'api', 'dry-run': 'true' });
    expect(run.outputs.status).toBe('planned');
    expect(run.stdout).toMatch(/memory/);
    expect(run.stdout).toMatch(/otel/);
  });
});

describe('image-parameter and image: ssm:', () => {
  test('written with the pinned image after a completed deploy, left alone by a rolled-back one, written again by a completed rollback', async () => {
    const run = await world.run({ ...DEPLOY, image: `${REPO}:v1.0.0`, 'image-parameter': PARAMETER });
    expect(run.outputs.status).toBe('completed');
    expect(await parameter()).toEqual({ value: PINNED_V1, version: 2 });
    expect(run.stdout).toContain(`SSM parameter ${PARAMETER} now holds ${PINNED_V1} (version 2).`);
    expect(run.summary).toContain(`| Image parameter | \`${PARAMETER}\` = \`${PINNED_V1}\` |`);
    const pinnedV11 = `${REPO}@${SAMPLE_DIGESTS['v1.1.0']}`;
    expect((await world.run({ ...DEPLOY, 'image-parameter': PARAMETER })).outputs.status).toBe('completed');
    expect(await parameter()).toEqual({ value: pinnedV11, version: 3 });

    world.ecs.setScenario('demo', 'api', { kind: 'crash', whenImageIncludes: 'broken' });
    expect((await world.run({ ...DEPLOY, image: BROKEN, 'image-parameter': PARAMETER })).outputs.status).toBe('rolled-back');
    expect(await parameter()).toEqual({ value: pinnedV11, version: 3 });
    expect(world.ecs.log.filter((e) => e.operation === 'ssm:PutParameter')).toHaveLength(2);

    const rollback = await world.run({ cluster: 'demo', service: 'api', 'rollback-to': 'previous', 'image-parameter': PARAMETER, 'poll-seconds': '0.05', 'timeout-minutes': '2' });
    expect(rollback.outputs).toMatchObject({ status: 'completed', 'task-definition-arn': TD('api:1') });
    expect(await parameter()).toEqual({ value: PINNED_V1, version: 4 });
  });

  test('image: ssm: deploys what the parameter names (promotion)', async () => {
    world.ecs.seed({ ssmParameters: [{ name: '/api/staging/image', value: `${REPO}:v1.1.0`, type: 'String' }] });
    const run = await world.run({ ...DEPLOY, image: 'ssm:/api/staging/image' });
    expect(run.outputs).toMatchObject({ status: 'completed', image: `${REPO}@${SAMPLE_DIGESTS['v1.1.0']}` });
    expect(apiService(world).taskDefinition).toBe(TD('api:1'));
  });

  test('image: ssm: of a parameter that does not exist: one line, zero writes', async () => {
    const run = await world.run({ ...DEPLOY, image: 'ssm:/api/missing/image' });
    expect(run.outputs.status).toBe('error');
    expect(run.errors[0]).toMatch(/^The SSM parameter "\/api\/missing\/image" \(image: ssm:\/api\/missing\/image\) does not exist/);
    expect(world.writes()).toEqual([]);
  });

  test('a parameter that does not exist is not created: the step says the rollout completed and fails', async () => {
    const run = await world.run({ ...DEPLOY, 'image-parameter': '/api/other/image' });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'error', changed: 'true' });
    expect(run.errors[0]).toMatch(/^The rollout completed, but the SSM parameter "\/api\/other\/image" was not set to .*it does not exist/);
    expect(run.errors[0]).not.toContain('ECS goes on');
  });
});

describe('drift-check', () => {
  const DRIFT = { cluster: 'demo', service: 'api', template: 'api-template', 'drift-check': 'true' };
  function ecsClient(): ECSClient {
    const env = world.ecs.env();
    return new ECSClient({
      region: env.AWS_REGION,
      endpoint: world.ecs.url,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID as string, secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string },
    });
  }
  const report = (run: { outputs: Record<string, string> }) => JSON.parse(run.outputs.drift ?? 'null') as DriftReport;

  test('right after a deploy nothing has drifted: checked, drifted false, and not one write', async () => {
    expect((await world.run(DEPLOY)).outputs.status).toBe('completed');
    const writes = world.writes().length;
    const run = await world.run(DRIFT);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'checked', drifted: 'false', 'task-definition-arn': TD('api:1') });
    const r = report(run);
    expect([r.templateAhead.drifted, r.changedOutside.drifted, r.serviceSettings.drifted]).toEqual([false, false, false]);
    expect(r.serviceSettings.checked).toContain('deploymentCircuitBreaker.rollback');
    expect(run.stdout).toContain('Drift 1/3, template ahead: no:');
    expect(run.stdout).toContain('Drift 2/3, changed outside the action: no:');
    expect(run.stdout).toContain('Drift 3/3, service settings: no:');
    expect(run.summary).toContain('Drift: template ahead');
    expect(run.summary).toContain(`| Serving revision | \`${TD('api:1')}\` |`);
    expect(world.writes()).toHaveLength(writes);
  });

  test('a terraform apply puts the template ahead, with the field-level diff; image: current then clears it', async () => {
    expect((await world.run(DEPLOY)).outputs.status).toBe('completed');
    terraformApply();
    const run = await world.run(DRIFT);
    expect(run.outputs).toMatchObject({ status: 'checked', drifted: 'true' });
    const r = report(run);
    expect(r.templateAhead).toMatchObject({ drifted: true, recorded: TD('api-template:1'), latest: TD('api-template:2') });
    expect(r.templateAhead.changes.join('\n')).toMatch(/memory/);
    expect(r.templateAhead.changes.join('\n')).toMatch(/otel/);
    expect(r.changedOutside.drifted).toBe(false);
    expect(run.stdout).toContain('Drift 1/3, template ahead: yes:');

    expect((await world.run({ ...DEPLOY, image: 'current', 'container-name': 'api' })).outputs.status).toBe('completed');
    expect((await world.run(DRIFT)).outputs).toMatchObject({ status: 'checked', drifted: 'false' });
  });

  test('fail-on-drift: a revision pointed at by hand is drifted, exit 1, and still no write', async () => {
    expect((await world.run(DEPLOY)).outputs.status).toBe('completed');
    const ecs = ecsClient();
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'api-hotfix', containerDefinitions: [{ name: 'api', image: `${REPO}:hotfix`, memory: 512, essential: true }] }),
    );
    await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', taskDefinition: registered.taskDefinition?.taskDefinitionArn as string }));
    const writes = world.writes().length;
    const run = await world.run({ ...DRIFT, 'fail-on-drift': 'true' });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'drifted', drifted: 'true', 'task-definition-arn': TD('api-hotfix:1') });
    expect(report(run).changedOutside).toMatchObject({ drifted: true, registeredByAction: false, family: 'api-hotfix' });
    expect(run.errors[0]).toMatch(/drift/i);
    expect(world.writes()).toHaveLength(writes);
  });

  test('a revision changed and registered into the deploy family by hand is seen field by field', async () => {
    expect((await world.run(DEPLOY)).outputs.status).toBe('completed');
    const ecs = ecsClient();
    const serving = world.ecs.state.taskDefinitions.get(TD('api:1'));
    const tags = (serving?.tags ?? []) as Array<{ key: string; value: string }>;
    const described = serving?.described as { containerDefinitions: Array<Record<string, unknown>> } & Record<string, unknown>;
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'api',
        containerDefinitions: described.containerDefinitions.map((c) => ({ ...c, cpu: 999 })) as never,
        ...(described.cpu ? { cpu: described.cpu as string } : {}),
        ...(described.memory ? { memory: described.memory as string } : {}),
        ...(described.networkMode ? { networkMode: described.networkMode as 'awsvpc' } : {}),
        ...(described.requiresCompatibilities ? { requiresCompatibilities: described.requiresCompatibilities as ['FARGATE'] } : {}),
        ...(described.executionRoleArn ? { executionRoleArn: described.executionRoleArn as string } : {}),
        ...(described.taskRoleArn ? { taskRoleArn: described.taskRoleArn as string } : {}),
        tags,
      }),
    );
    await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', taskDefinition: registered.taskDefinition?.taskDefinitionArn as string }));
    const run = await world.run(DRIFT);
    expect(run.outputs).toMatchObject({ status: 'checked', drifted: 'true' });
    const r = report(run);
    expect(r.changedOutside).toMatchObject({ drifted: true, registeredByAction: true });
    expect(r.changedOutside.changes.join('\n')).toMatch(/cpu/);
    expect(run.stdout).toContain('Drift 2/3, changed outside the action: yes:');
  });

  test('a circuit breaker switched off by hand is a settings drift', async () => {
    expect((await world.run(DEPLOY)).outputs.status).toBe('completed');
    await ecsClient().send(
      new UpdateServiceCommand({ cluster: 'demo', service: 'api', deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } } }),
    );
    const run = await world.run({ ...DRIFT, 'fail-on-drift': 'true' });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'drifted', drifted: 'true' });
    const r = report(run);
    expect(r.serviceSettings.changes).toEqual(
      expect.arrayContaining([{ setting: 'deploymentCircuitBreaker.rollback', expected: true, actual: false }]),
    );
    expect([r.templateAhead.drifted, r.changedOutside.drifted]).toEqual([false, false]);
  });

  test('drift-check with a write input is refused before any call', async () => {
    const run = await world.run({ ...DRIFT, image: `${REPO}:v1.1.0` });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('error');
    expect(run.errors[0]).toMatch(/drift-check/);
    expect(world.ecs.log).toEqual([]);
  });
});
