// The local ECS/ECR endpoint through the real SDK: task definitions, services, tags, ECR, errors.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import type { ECRClient } from '@aws-sdk/client-ecr';
import {
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeClustersCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type { ECSClient, RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs';
import { sampleSeed, startLocalEcs } from '../tools/local-ecs/index.js';
import type { LocalEcs } from '../tools/local-ecs/index.js';
import { SAMPLE_DIGESTS } from '../tools/local-ecs/sample-seed.js';
import { clients, rejection } from './local-ecs-helpers.js';

const ACCOUNT = '123456789012';
const TD_ARN = (ref: string): string => `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/${ref}`;

/** A described task definition turned back into RegisterTaskDefinition input. */
function toInput(td: TaskDefinition, family: string): RegisterTaskDefinitionCommandInput {
  const {
    taskDefinitionArn: _arn,
    revision: _revision,
    status: _status,
    requiresAttributes: _attributes,
    compatibilities: _compatibilities,
    registeredAt: _registeredAt,
    registeredBy: _registeredBy,
    deregisteredAt: _deregisteredAt,
    ...rest
  } = td;
  return { ...rest, family } as RegisterTaskDefinitionCommandInput;
}

let local: LocalEcs;
let ecs: ECSClient;
let ecr: ECRClient;

beforeAll(async () => {
  local = await startLocalEcs({
    seed: {
      ...sampleSeed,
      services: [
        ...(sampleSeed.services ?? []),
        { cluster: 'demo', serviceName: 'old', taskDefinition: 'api-template:1', status: 'DRAINING' },
        { cluster: 'demo', serviceName: 'bluegreen', taskDefinition: 'api-template:1', deploymentController: 'CODE_DEPLOY' },
      ],
    },
  });
  ({ ecs, ecr } = clients(local));
});

afterAll(async () => {
  ecs.destroy();
  ecr.destroy();
  await local.close();
});

describe('task definitions', () => {
  it('registers per-family revisions and describes them the way ECS does', async () => {
    const template = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api-template', include: ['TAGS'] }));
    expect(template.taskDefinition?.taskDefinitionArn).toBe(TD_ARN('api-template:1'));
    expect(template.tags).toEqual([
      { key: 'ManagedBy', value: 'terraform' },
      { key: 'Service', value: 'api' },
    ]);
    const templateTd = template.taskDefinition as TaskDefinition;

    const input = toInput(templateTd, 'api');
    const first = await ecs.send(new RegisterTaskDefinitionCommand({ ...input, tags: [{ key: 'deployed-by', value: 'test' }] }));
    const second = await ecs.send(new RegisterTaskDefinitionCommand(input));
    expect(first.taskDefinition?.revision).toBe(1);
    expect(first.taskDefinition?.taskDefinitionArn).toBe(TD_ARN('api:1'));
    expect(first.tags).toEqual([{ key: 'deployed-by', value: 'test' }]);
    expect(second.taskDefinition?.revision).toBe(2);

    const td = second.taskDefinition as TaskDefinition;
    expect(td.status).toBe('ACTIVE');
    expect(td.registeredAt).toBeInstanceOf(Date);
    expect(td.registeredBy).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/gha`);
    expect(td.compatibilities).toEqual(['EC2', 'FARGATE']);
    expect(td.requiresAttributes).toEqual(
      expect.arrayContaining([
        { name: 'ecs.capability.task-eni' },
        { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' },
        { name: 'ecs.capability.secrets.ssm.environment-variables' },
      ]),
    );
    // What was registered comes back losslessly, read-only fields aside.
    expect(toInput(td, 'api-template')).toEqual(toInput(templateTd, 'api-template'));

    const latest = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api' }));
    expect(latest.taskDefinition?.revision).toBe(2);
    expect(latest.tags).toBeUndefined();
    const byArn = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: TD_ARN('api:1'), include: ['TAGS'] }));
    expect(byArn.taskDefinition?.revision).toBe(1);
    expect(byArn.tags).toEqual([{ key: 'deployed-by', value: 'test' }]);
  });

  it('fills in the defaults ECS adds and keeps empty strings', async () => {
    const out = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'defaults',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '0.5 vCPU',
        memory: '1 GB',
        containerDefinitions: [
          { name: 'web', image: 'nginx', portMappings: [{ containerPort: 80 }], environment: [{ name: 'EMPTY', value: '' }] },
        ],
      }),
    );
    const td = out.taskDefinition as TaskDefinition;
    expect(td.cpu).toBe('512');
    expect(td.memory).toBe('1024');
    expect(td.volumes).toEqual([]);
    expect(td.placementConstraints).toEqual([]);
    expect(td.containerDefinitions?.[0]).toEqual({
      name: 'web',
      image: 'nginx',
      cpu: 0,
      portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
      essential: true,
      environment: [{ name: 'EMPTY', value: '' }],
      mountPoints: [],
      volumesFrom: [],
      systemControls: [],
    });
  });

  it('rejects invalid registrations with ClientException', async () => {
    const bad = async (input: Partial<RegisterTaskDefinitionCommandInput>): Promise<string> => {
      const err = await rejection(
        ecs.send(
          new RegisterTaskDefinitionCommand({
            family: 'ok',
            containerDefinitions: [{ name: 'c', image: 'nginx', memory: 128 }],
            ...input,
          } as RegisterTaskDefinitionCommandInput),
        ),
      );
      expect(err.name).toBe('ClientException');
      return err.message;
    };
    expect(await bad({ family: 'bad family!' })).toBe('Family contains invalid characters.');
    expect(await bad({ family: '' })).toBe('Family can not be blank.');
    expect(await bad({ containerDefinitions: [] })).toBe('Container list cannot be empty.');
    const containers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i + 1}`, image: 'nginx', memory: 128 }));
    expect(await bad({ containerDefinitions: containers(11) })).toMatch(/^Too many containers: .* at most 10 .* has 11\.$/);
    const ten = await ecs.send(new RegisterTaskDefinitionCommand({ family: 'ten', containerDefinitions: containers(10) }));
    expect(ten.taskDefinition?.containerDefinitions).toHaveLength(10);
    // Out of the way of the listing test below, which expects the families it seeded.
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'ten:1' }));
    expect(await bad({ containerDefinitions: [{ name: 'c', memory: 128 }] })).toBe('Container.image should not be null or empty.');
    expect(await bad({ containerDefinitions: [{ name: 'c', image: 'nginx' }] })).toMatch(/At least one of 'memory' or 'memoryReservation'/);
    expect(await bad({ requiresCompatibilities: ['FARGATE'], networkMode: 'bridge', cpu: '256', memory: '512' })).toMatch(
      /^Fargate only supports network mode/,
    );
  });

  it('lists revisions with a family filter, status, sort order and paging', async () => {
    for (const family of ['zeta', 'alpha', 'alpha', 'alpha']) {
      await ecs.send(new RegisterTaskDefinitionCommand({ family, containerDefinitions: [{ name: 'c', image: 'busybox', memory: 64 }] }));
    }
    const all = await ecs.send(new ListTaskDefinitionsCommand({}));
    const families = (all.taskDefinitionArns ?? []).map((a) => a.split('/')[1]);
    // By family (code point order), then by revision number.
    expect(families).toEqual(['alpha:1', 'alpha:2', 'alpha:3', 'api:1', 'api:2', 'api-template:1', 'defaults:1', 'zeta:1']);

    const pages: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'alpha', sort: 'DESC', maxResults: 2, nextToken }));
      expect((page.taskDefinitionArns ?? []).length).toBeLessThanOrEqual(2);
      pages.push(...(page.taskDefinitionArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pages).toEqual([TD_ARN('alpha:3'), TD_ARN('alpha:2'), TD_ARN('alpha:1')]);
  });

  it('deregisters a revision: INACTIVE, deregisteredAt, no longer listed or deployable', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'gone', containerDefinitions: [{ name: 'c', image: 'busybox', memory: 64 }] }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'gone', containerDefinitions: [{ name: 'c', image: 'busybox', memory: 64 }] }));
    const out = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'gone:2' }));
    expect(out.taskDefinition?.status).toBe('INACTIVE');
    expect(out.taskDefinition?.deregisteredAt).toBeInstanceOf(Date);

    const active = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'gone' }));
    expect(active.taskDefinitionArns).toEqual([TD_ARN('gone:1')]);
    const inactive = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'gone', status: 'INACTIVE' }));
    expect(inactive.taskDefinitionArns).toEqual([TD_ARN('gone:2')]);
    const latest = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'gone' }));
    expect(latest.taskDefinition?.revision).toBe(1);

    const err = await rejection(ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', taskDefinition: 'gone:2' })));
    expect([err.name, err.message]).toEqual(['ClientException', 'TaskDefinition is inactive']);
  });

  it('tags task definitions: TagResource merges by key, DescribeTaskDefinition include TAGS reads them back', async () => {
    const resourceArn = TD_ARN('api-template:1');
    const before = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: resourceArn, include: ['TAGS'] }));
    expect(before.tags).toEqual([
      { key: 'ManagedBy', value: 'terraform' },
      { key: 'Service', value: 'api' },
    ]);
    await ecs.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'env', value: 'prod' }, { key: 'Service', value: 'api-v2' }] }));
    const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: resourceArn, include: ['TAGS'] }));
    expect(out.tags).toEqual([
      { key: 'ManagedBy', value: 'terraform' },
      { key: 'Service', value: 'api-v2' },
      { key: 'env', value: 'prod' },
    ]);
    const untagged = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: resourceArn }));
    expect(untagged.tags).toBeUndefined();
    const err = await rejection(ecs.send(new TagResourceCommand({ resourceArn: TD_ARN('nope:1'), tags: [{ key: 'k', value: 'v' }] })));
    expect(err.name).toBe('ResourceNotFoundException');
  });
});

describe('services and errors', () => {
  it('describes services, with failures MISSING for unknown ones', async () => {
    const out = await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['api', 'nope'], include: ['TAGS'] }));
    const svc = out.services?.[0];
    expect(svc?.serviceArn).toBe(`arn:aws:ecs:us-east-1:${ACCOUNT}:service/demo/api`);
    expect(svc?.clusterArn).toBe(`arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/demo`);
    expect(svc?.status).toBe('ACTIVE');
    expect(svc?.taskDefinition).toBe(TD_ARN('api-template:1'));
    expect(svc?.runningCount).toBe(2);
    expect(svc?.deploymentController).toEqual({ type: 'ECS' });
    expect(svc?.deployments).toHaveLength(1);
    expect(svc?.deployments?.[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'COMPLETED', runningCount: 2 });
    expect(svc?.deployments?.[0]?.id).toMatch(/^ecs-svc\/\d{19}$/);
    expect(svc?.events?.[0]?.message).toBe('(service api) has reached a steady state.');
    expect(svc?.currentServiceDeployment).toMatch(/^arn:aws:ecs:us-east-1:123456789012:service-deployment\/demo\/api\/\w+$/);
    expect(svc?.tags).toEqual([
      { key: 'Service', value: 'api' },
      { key: 'Team', value: 'platform' },
    ]);
    expect(svc?.propagateTags).toBe('SERVICE');
    expect(svc?.enableECSManagedTags).toBe(false);
    expect(svc?.placementConstraints).toEqual([]);
    expect(svc?.networkConfiguration).toEqual({
      awsvpcConfiguration: {
        subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
        securityGroups: ['sg-0a1b2c3d4e5f60003'],
        assignPublicIp: 'DISABLED',
      },
    });
    expect(out.failures).toEqual([{ arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/demo/nope`, reason: 'MISSING' }]);

    const byArn = await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: [svc?.serviceArn ?? ''] }));
    expect(byArn.services?.[0]?.serviceName).toBe('api');
  });

  it('answers UnknownOperationException for an operation outside the action\'s set', async () => {
    const err = await rejection(ecs.send(new DescribeClustersCommand({ clusters: ['demo'] })));
    expect([err.name, err.message]).toEqual(['UnknownOperationException', 'Unknown operation ecs:DescribeClusters']);
    expect(local.log.at(-1)).toMatchObject({ operation: 'ecs:DescribeClusters', status: 400, error: 'UnknownOperationException' });
  });

  it('answers each error with the code the SDK names', async () => {
    const cases: Array<[Promise<unknown>, string, string | RegExp]> = [
      [ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'nope', forceNewDeployment: true })), 'ServiceNotFoundException', 'Service not found.'],
      [ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'old', forceNewDeployment: true })), 'ServiceNotActiveException', 'Service was not ACTIVE.'],
      [ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['api'] })), 'ClusterNotFoundException', 'Cluster not found.'],
      [ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', taskDefinition: 'nope:1' })), 'ClientException', 'TaskDefinition not found.'],
      [ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope' })), 'ClientException', 'Unable to describe task definition.'],
      [
        ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'bluegreen', taskDefinition: 'defaults:1' })),
        'InvalidParameterException',
        /CODE_DEPLOY deployment controller/,
      ],
      [ecs.send(new ListTaskDefinitionsCommand({ maxResults: 1000 })), 'InvalidParameterException', /maxResults/],
    ];
    for (const [call, name, message] of cases) {
      const err = await rejection(call);
      expect(err.name).toBe(name);
      if (typeof message === 'string') expect(err.message).toBe(message);
      else expect(err.message).toMatch(message);
    }
  });
});

describe('ECR', () => {
  it('resolves a tag to its digest and a digest to its tags', async () => {
    const byTag = await ecr.send(new DescribeImagesCommand({ repositoryName: 'my-app', registryId: ACCOUNT, imageIds: [{ imageTag: 'v1.1.0' }] }));
    expect(byTag.imageDetails).toHaveLength(1);
    expect(byTag.imageDetails?.[0]).toMatchObject({
      registryId: ACCOUNT,
      repositoryName: 'my-app',
      imageDigest: SAMPLE_DIGESTS['v1.1.0'],
      imageTags: ['v1.1.0'],
    });
    expect(byTag.imageDetails?.[0]?.imagePushedAt).toBeInstanceOf(Date);
    const byDigest = await ecr.send(new DescribeImagesCommand({ repositoryName: 'my-app', imageIds: [{ imageDigest: SAMPLE_DIGESTS['v1.0.0'] }] }));
    expect(byDigest.imageDetails?.[0]?.imageTags).toEqual(['v1.0.0']);
    const all = await ecr.send(new DescribeImagesCommand({ repositoryName: 'my-app' }));
    expect(all.imageDetails).toHaveLength(2);
  });

  it('answers ImageNotFoundException and RepositoryNotFoundException in AWS wording', async () => {
    const image = await rejection(ecr.send(new DescribeImagesCommand({ repositoryName: 'my-app', imageIds: [{ imageTag: 'v9' }] })));
    expect(image.name).toBe('ImageNotFoundException');
    expect(image.message).toBe(
      "The image with imageId {imageDigest:'null', imageTag:'v9'} does not exist within the repository with name 'my-app' in the registry with id '123456789012'",
    );
    const repo = await rejection(ecr.send(new DescribeImagesCommand({ repositoryName: 'nope', imageIds: [{ imageTag: 'v1' }] })));
    expect(repo.name).toBe('RepositoryNotFoundException');
    expect(repo.message).toBe("The repository with name 'nope' does not exist in the registry with id '123456789012'");
  });
});
