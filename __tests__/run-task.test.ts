import { describe, expect, it, test } from '@jest/globals';
import type { Service } from '@aws-sdk/client-ecs';
import { clientTokenFor, mergeTaskTags, runTaskRequest, startedByFor, type OneOffTask } from '../src/core/run-task.js';
import { TAG_KEYS } from '../src/core/tags.js';
import type { Tag } from '../src/core/types.js';

const ACCOUNT = '123456789012';
const REVISION = `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/api:42`;

/** An awsvpc Fargate service, as DescribeServices (include TAGS) returns it. */
const FARGATE: Service = {
  serviceArn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/prod/api`,
  serviceName: 'api',
  clusterArn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/prod`,
  status: 'ACTIVE',
  desiredCount: 3,
  runningCount: 3,
  launchType: 'FARGATE',
  platformVersion: 'LATEST',
  platformFamily: 'Linux',
  taskDefinition: `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/api:41`,
  networkConfiguration: {
    awsvpcConfiguration: {
      subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b2c3d4e5f6071829'],
      securityGroups: ['sg-0c3d4e5f607182930'],
      assignPublicIp: 'DISABLED',
    },
  },
  loadBalancers: [{ targetGroupArn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/api/6d0ecf831eec9f09`, containerName: 'app', containerPort: 8080 }],
  healthCheckGracePeriodSeconds: 60,
  schedulingStrategy: 'REPLICA',
  deploymentController: { type: 'ECS' },
  enableECSManagedTags: false,
  propagateTags: 'SERVICE',
  enableExecuteCommand: true,
  tags: [
    { key: 'team', value: 'payments' },
    { key: 'env', value: 'prod' },
    { key: 'aws:cloudformation:stack-name', value: 'api-prod' },
  ],
};

/** A service on capacity providers (Fargate Spot with an on-demand base), no launch type. */
const CAPACITY: Service = {
  serviceArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/batch/worker`,
  serviceName: 'worker',
  status: 'ACTIVE',
  capacityProviderStrategy: [
    { capacityProvider: 'FARGATE', weight: 1, base: 1 },
    { capacityProvider: 'FARGATE_SPOT', weight: 4, base: 0 },
  ],
  platformVersion: '1.4.0',
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'], securityGroups: ['sg-0123456789abcdef0'], assignPublicIp: 'ENABLED' } },
  propagateTags: 'NONE',
  tags: [{ key: 'team', value: 'data' }],
};

/** An EC2 service in bridge mode, with placement rules and ECS managed tags. */
const EC2: Service = {
  serviceArn: `arn:aws:ecs:eu-central-1:${ACCOUNT}:service/legacy/web`,
  serviceName: 'web',
  status: 'ACTIVE',
  launchType: 'EC2',
  placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ m5.*' }],
  placementStrategy: [
    { type: 'spread', field: 'attribute:ecs.availability-zone' },
    { type: 'binpack', field: 'memory' },
  ],
  propagateTags: 'TASK_DEFINITION',
  enableECSManagedTags: true,
  enableExecuteCommand: true,
  tags: [{ key: 'team', value: 'web' }],
};

const PROVENANCE: Tag[] = [
  { key: TAG_KEYS.commit, value: '3f786850e387550fdab836ed7e6dc881de23001b' },
  { key: TAG_KEYS.repository, value: 'acme/api' },
];

function task(overrides: Partial<OneOffTask> = {}): OneOffTask {
  return {
    cluster: 'prod',
    taskDefinitionArn: REVISION,
    container: 'app',
    command: ['bin/rails', 'db:migrate'],
    startedBy: 'ecs-template-deploy/11850392764',
    tags: PROVENANCE,
    clientToken: 'etd-0123456789abcdef0123456789abcdef',
    ...overrides,
  };
}

describe('runTaskRequest', () => {
  test('awsvpc Fargate: launch type, platform, network; the service tags instead of SERVICE propagation', () => {
    expect(runTaskRequest(FARGATE, task())).toStrictEqual({
      cluster: 'prod',
      taskDefinition: REVISION,
      count: 1,
      startedBy: 'ecs-template-deploy/11850392764',
      clientToken: 'etd-0123456789abcdef0123456789abcdef',
      networkConfiguration: FARGATE.networkConfiguration,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      tags: [{ key: 'team', value: 'payments' }, { key: 'env', value: 'prod' }, ...PROVENANCE],
      overrides: { containerOverrides: [{ name: 'app', command: ['bin/rails', 'db:migrate'] }] },
    });
  });

  test('capacity providers: the strategy, no launch type; NONE propagates nothing', () => {
    const request = runTaskRequest(CAPACITY, task({ cluster: 'batch', container: 'worker', command: ['python', 'manage.py', 'migrate'] }));
    expect(request).toStrictEqual({
      cluster: 'batch',
      taskDefinition: REVISION,
      count: 1,
      startedBy: 'ecs-template-deploy/11850392764',
      clientToken: 'etd-0123456789abcdef0123456789abcdef',
      networkConfiguration: CAPACITY.networkConfiguration,
      capacityProviderStrategy: [
        { capacityProvider: 'FARGATE', weight: 1, base: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 4, base: 0 },
      ],
      platformVersion: '1.4.0',
      tags: PROVENANCE,
      overrides: { containerOverrides: [{ name: 'worker', command: ['python', 'manage.py', 'migrate'] }] },
    });
  });

  test('EC2 bridge: launch type, placement, managed tags and TASK_DEFINITION propagation; no network, no platform', () => {
    expect(runTaskRequest(EC2, task({ cluster: 'legacy', container: 'web' }))).toStrictEqual({
      cluster: 'legacy',
      taskDefinition: REVISION,
      count: 1,
      startedBy: 'ecs-template-deploy/11850392764',
      clientToken: 'etd-0123456789abcdef0123456789abcdef',
      launchType: 'EC2',
      placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ m5.*' }],
      placementStrategy: [
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
        { type: 'binpack', field: 'memory' },
      ],
      enableECSManagedTags: true,
      propagateTags: 'TASK_DEFINITION',
      tags: PROVENANCE,
      overrides: { containerOverrides: [{ name: 'web', command: ['bin/rails', 'db:migrate'] }] },
    });
  });

  test('ECS Exec is never turned on for the one-off task', () => {
    for (const service of [FARGATE, CAPACITY, EC2]) expect(runTaskRequest(service, task())).not.toHaveProperty('enableExecuteCommand');
  });

  const optionalFields: Array<[string, Partial<Service>, Record<string, unknown>]> = [
    ['an empty strategy falls back to the launch type', { launchType: 'FARGATE', capacityProviderStrategy: [] }, { launchType: 'FARGATE' }],
    ['a strategy wins over a launch type', { launchType: 'EC2', capacityProviderStrategy: [{ capacityProvider: 'cp-a', weight: 1 }] }, { capacityProviderStrategy: [{ capacityProvider: 'cp-a', weight: 1 }] }],
    ['neither: the cluster default strategy', {}, {}],
    ['empty placement lists are not sent', { placementConstraints: [], placementStrategy: [] }, {}],
    ['managed tags false is not sent', { enableECSManagedTags: false }, {}],
    ['a network configuration without awsvpc is not sent', { networkConfiguration: {} }, {}],
    ['an empty platform version is not sent', { platformVersion: '' }, {}],
    [
      'awsvpc with the subnets only (the default security group applies)',
      { networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } },
      { networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } },
    ],
    [
      'awsvpc without subnets is copied as it is',
      { networkConfiguration: { awsvpcConfiguration: { subnets: undefined } } },
      { networkConfiguration: { awsvpcConfiguration: { subnets: undefined } } },
    ],
  ];
  it.each(optionalFields)('%s', (_title, service, expected) => {
    const request = runTaskRequest(service as Service, task({ tags: [] }));
    const optional = ['launchType', 'capacityProviderStrategy', 'placementConstraints', 'placementStrategy', 'enableECSManagedTags', 'networkConfiguration', 'platformVersion', 'propagateTags', 'tags'];
    const present = Object.fromEntries(Object.entries(request).filter(([k]) => optional.includes(k)));
    expect(present).toStrictEqual(expected);
  });

  test('the request shares no array or object with the service or the task (a caller may change it)', () => {
    const t = task();
    const request = runTaskRequest(FARGATE, t);
    request.networkConfiguration?.awsvpcConfiguration?.subnets?.push('subnet-x');
    request.overrides?.containerOverrides?.[0]?.command?.push('--trace');
    expect(FARGATE.networkConfiguration?.awsvpcConfiguration?.subnets).toHaveLength(2);
    expect(t.command).toEqual(['bin/rails', 'db:migrate']);
    const ec2 = runTaskRequest(EC2, t);
    ec2.placementStrategy?.push({ type: 'random' });
    (ec2.placementConstraints?.[0] as { expression?: string }).expression = 'changed';
    expect(EC2.placementStrategy).toHaveLength(2);
    expect(EC2.placementConstraints?.[0]?.expression).toBe('attribute:ecs.instance-type =~ m5.*');
    const spot = runTaskRequest(CAPACITY, t);
    (spot.capacityProviderStrategy?.[0] as { weight?: number }).weight = 9;
    expect(CAPACITY.capacityProviderStrategy?.[0]?.weight).toBe(1);
  });

  test('SERVICE propagation: a task tag wins over a service tag of the same key, in its own place', () => {
    const request = runTaskRequest(FARGATE, task({ tags: [{ key: 'env', value: 'migrations' }, ...PROVENANCE] }));
    expect(request.tags).toStrictEqual([{ key: 'team', value: 'payments' }, { key: 'env', value: 'migrations' }, ...PROVENANCE]);
  });

  test('SERVICE propagation: aws: keys (any case) and keyless tags are skipped; a missing value is empty', () => {
    const service: Service = {
      ...FARGATE,
      tags: [{ key: 'AWS:something', value: 'x' }, { value: 'no key' }, { key: '', value: 'empty key' }, { key: 'owner' }],
    };
    expect(runTaskRequest(service, task({ tags: [] })).tags).toStrictEqual([{ key: 'owner', value: '' }]);
  });

  test('SERVICE propagation with no service tags and no task tags: no tags sent', () => {
    expect(runTaskRequest({ ...FARGATE, tags: undefined }, task({ tags: [] }))).not.toHaveProperty('tags');
  });

  test('the service tags only when it propagates SERVICE', () => {
    expect(runTaskRequest({ ...EC2, propagateTags: undefined }, task()).tags).toStrictEqual(PROVENANCE);
  });
});

describe('tags: at most 50', () => {
  const tags = (n: number, prefix: string): Tag[] => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: `${i}` }));

  test('over 50: service tags are dropped (the last first), never task tags', () => {
    const request = runTaskRequest({ ...FARGATE, tags: tags(45, 'svc-') }, task({ tags: tags(10, 'own-') }));
    expect(request.tags).toHaveLength(50);
    expect(request.tags?.slice(0, 40)).toStrictEqual(tags(40, 'svc-'));
    expect(request.tags?.slice(40)).toStrictEqual(tags(10, 'own-'));
  });

  test('exactly 50 own tags: no service tag fits', () => {
    expect(runTaskRequest({ ...FARGATE, tags: tags(5, 'svc-') }, task({ tags: tags(50, 'own-') })).tags).toStrictEqual(tags(50, 'own-'));
  });

  test('more than 50 own tags: an error naming the count', () => {
    expect(() => runTaskRequest(EC2, task({ tags: tags(51, 'own-') }))).toThrow('The one-off task would carry 51 tags of its own, over the 50 ECS allows on a task.');
  });

  test('an overridden service tag does not count toward the limit', () => {
    const service = tags(45, 'k');
    const own = tags(10, 'k').map((t) => ({ ...t, value: 'own' }));
    const merged = mergeTaskTags(service, own);
    expect(merged).toHaveLength(45);
    expect(merged.slice(0, 35)).toStrictEqual(tags(45, 'k').slice(10));
    expect(merged.slice(35)).toStrictEqual(own);
  });

  test('a key given twice in the task tags: one tag, the last value, where the key first came', () => {
    expect(mergeTaskTags([], [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'a', value: '3' }])).toStrictEqual([
      { key: 'a', value: '3' },
      { key: 'b', value: '2' },
    ]);
  });

  test('a key given twice in the service tags: the first', () => {
    expect(mergeTaskTags([{ key: 'a', value: '1' }, { key: 'a', value: '2' }], [])).toStrictEqual([{ key: 'a', value: '1' }]);
  });
});

describe('startedByFor', () => {
  it.each<[string | undefined, string]>([
    [undefined, 'ecs-template-deploy'],
    ['', 'ecs-template-deploy'],
    ['11850392764', 'ecs-template-deploy/11850392764'],
    ['4242', 'ecs-template-deploy/4242'],
    ['run 42!', 'ecs-template-deploy/run42'],
    ['a_b-c/d', 'ecs-template-deploy/a_b-c/d'],
    ['!!!', 'ecs-template-deploy'],
    ['12345678901234567890', 'ecs-template-deploy/1234567890123456'],
  ])('%j → %s', (runId, startedBy) => {
    const value = startedByFor(runId);
    expect(value).toBe(startedBy);
    expect(value).toMatch(/^[A-Za-z0-9_/-]{1,36}$/);
  });
});

describe('clientTokenFor', () => {
  const parts = ['11850392764', '2', REVISION, '9f86d081884c7d65'];

  test('at most 64 ASCII characters 33-126', () => {
    for (const p of [parts, [], [''], ['é', '🚀', '\u0000'], ['x'.repeat(10_000)]]) expect(clientTokenFor(p)).toMatch(/^[\x21-\x7e]{1,64}$/);
  });

  test('stable for the same parts', () => {
    expect(clientTokenFor([...parts])).toBe(clientTokenFor(parts));
    expect(clientTokenFor(['a', 'b'])).toBe(clientTokenFor(['a', 'b']));
  });

  test('a known value: a retried step built by another version of this code sends the same token', () => {
    expect(clientTokenFor(['1', '1', REVISION])).toBe('etd-0c1ef252df0532bbb6a14d748ce487c1');
  });

  it.each<[string[], string[]]>([
    [['ab', 'c'], ['a', 'bc']],
    [['a|b'], ['a', 'b']],
    [['1', '1'], ['1', '2']],
    [['12', '1'], ['1', '21']],
    [[''], []],
    [['', ''], ['']],
    [['x'], ['X']],
    [['\u0100'], ['\u0001']],
  ])('%j and %j differ', (a, b) => {
    expect(clientTokenFor(a)).not.toBe(clientTokenFor(b));
  });

  test('no collisions over many near-identical inputs', () => {
    const seen = new Set<string>();
    for (let attempt = 1; attempt <= 50; attempt++) for (let rev = 1; rev <= 200; rev++) seen.add(clientTokenFor(['11850392764', `${attempt}`, `${REVISION.slice(0, -2)}${rev}`]));
    expect(seen.size).toBe(50 * 200);
  });
});
