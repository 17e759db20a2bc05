// The Terraform side of the loop through the bundled action against the local endpoint: template-only
// redeploys (image: current), the image written to SSM after a completed rollout, and read from it.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
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
