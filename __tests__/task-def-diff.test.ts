import { describe, expect, test } from '@jest/globals';
import { renderTaskDefinition } from '../src/core/render.js';
import { diffTaskDefinitions, isEmptyDiff, lostFields, normalizeTaskDefinition, type TaskDefinitionDiff } from '../src/core/task-def-diff.js';
import type { DescribedTaskDefinition, TaskDefinitionInput } from '../src/core/types.js';
import { fixtureNames, loadFixture } from './fixtures/load.js';
import { deepClone } from '../src/core/clone.js';
import {
  IMAGE_A,
  IMAGE_B,
  containerOf,
  registeredFrom as registered,
  renderFixtureForDeploy as render,
  strings,
} from './helpers/task-definitions.js';

const NAMES = fixtureNames();

type Json = Record<string, unknown>;

/** Removes every empty array and empty object, deeply (what a hand-written or SDK-built definition looks like). */
function withoutEmpties(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpties);
  if (typeof value === 'object' && value !== null) {
    const out: Json = {};
    for (const [key, item] of Object.entries(value)) {
      const cleaned = withoutEmpties(item);
      const empty = Array.isArray(cleaned) ? cleaned.length === 0 : typeof cleaned === 'object' && cleaned !== null && Object.keys(cleaned).length === 0;
      if (!empty) out[key] = cleaned;
    }
    return out;
  }
  return value;
}

/** The same object with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
  }
  return value;
}

describe('isEmptyDiff(diffTaskDefinitions): a render equal to the serving revision is the same', () => {
  test.each(NAMES)('%s: as registered and described by ECS', (name) => {
    const rendered = render(name);
    const current = registered(name, rendered);
    expect(isEmptyDiff(diffTaskDefinitions(current, rendered))).toBe(true);
    expect(isEmptyDiff(diffTaskDefinitions(current, rendered))).toBe(true);
  });

  test.each(NAMES)('%s: environment and secrets in another order', (name) => {
    const rendered = render(name);
    const current = registered(name, rendered);
    for (const c of current.containerDefinitions) {
      c.environment?.reverse();
      c.secrets?.reverse();
    }
    expect(isEmptyDiff(diffTaskDefinitions(current, rendered))).toBe(true);
  });

  test.each(NAMES)('%s: empty arrays and objects absent on one side, nulls on the other', (name) => {
    const rendered = withoutEmpties(render(name)) as TaskDefinitionInput;
    const current = registered(name, render(name));
    current.proxyConfiguration ??= null;
    current.inferenceAccelerators = [];
    for (const c of current.containerDefinitions) {
      c.environment ??= [];
      c.dockerLabels ??= {};
      c.hostname ??= null;
    }
    expect(isEmptyDiff(diffTaskDefinitions(current, rendered))).toBe(true);
    expect(isEmptyDiff(diffTaskDefinitions(rendered, current))).toBe(true);
  });

  test.each(NAMES)('%s: essential omitted where true, container cpu omitted where 0', (name) => {
    const rendered = render(name);
    const current = registered(name, rendered);
    for (const c of rendered.containerDefinitions) {
      if (c.essential === true) delete c.essential;
      if (c.cpu === 0) delete c.cpu;
    }
    expect(isEmptyDiff(diffTaskDefinitions(current, rendered))).toBe(true);
  });

  test.each(NAMES)('%s: keys in another order, containers in another order, other tags', (name) => {
    const rendered = render(name);
    const current = reversedKeys(registered(name, rendered)) as DescribedTaskDefinition;
    current.containerDefinitions.reverse();
    rendered.tags = [{ key: 'something', value: 'else' }];
    expect(isEmptyDiff(diffTaskDefinitions(current, rendered))).toBe(true);
  });

  test('requiresCompatibilities order does not matter', () => {
    const rendered = render('ec2-bridge');
    rendered.requiresCompatibilities = ['EC2', 'EXTERNAL'];
    const current = registered('ec2-bridge', rendered);
    current.requiresCompatibilities = ['EXTERNAL', 'EC2'];
    expect(isEmptyDiff(diffTaskDefinitions(current, rendered))).toBe(true);
  });
});

type Mutation = (td: TaskDefinitionInput) => void;

const DIFFERENT: Array<[string, string, Mutation]> = [
  ['fargate-web', 'image', (td) => void (containerOf(td, 'web').image = IMAGE_B)],
  ['fargate-web', 'an environment value', (td) => void (containerOf(td, 'web').environment![0]!.value = 'staging')],
  ['fargate-web', 'an empty environment value set', (td) => void (containerOf(td, 'web').environment![1]!.value = 'x')],
  ['fargate-web', 'an environment key added', (td) => void containerOf(td, 'web').environment!.push({ name: 'NEW', value: '' })],
  ['fargate-web', 'an environment key removed', (td) => void containerOf(td, 'web').environment!.pop()],
  ['fargate-web', 'task cpu', (td) => void (td.cpu = '1024')],
  ['fargate-web', 'task memory', (td) => void (td.memory = '2048')],
  ['fargate-web', 'a container port', (td) => void ((containerOf(td, 'web').portMappings as Json[])[0]!.containerPort = 8081)],
  ['fargate-web', 'the task role', (td) => void (td.taskRoleArn = 'arn:aws:iam::123456789012:role/other')],
  ['fargate-web', 'a log option', (td) => void ((containerOf(td, 'web').logConfiguration as { options: Json }).options['mode'] = 'blocking')],
  ['fargate-web', 'a docker label', (td) => void ((containerOf(td, 'web').dockerLabels as Json)['com.example.team'] = 'search')],
  ['fargate-web', 'readonlyRootFilesystem false -> true', (td) => void (containerOf(td, 'web').readonlyRootFilesystem = true)],
  ['ec2-bridge', 'a container cpu', (td) => void (containerOf(td, 'redis').cpu = 256)],
  ['ec2-bridge', 'a placement constraint', (td) => void (td.placementConstraints as Json[]).pop()],
  ['ec2-bridge', 'a ulimit', (td) => void ((containerOf(td, 'api').ulimits as Json[])[0]!.softLimit = 1024)],
  ['secrets', 'a secret valueFrom', (td) => void (containerOf(td, 'billing').secrets![1]!.valueFrom += 'x')],
  ['secrets', 'a secret added', (td) => void containerOf(td, 'billing').secrets!.push({ name: 'X', valueFrom: 'arn:aws:ssm:us-east-2:123456789012:parameter/x' })],
  ['efs-volumes', 'an EFS access point', (td) => void (((td.volumes as Json[])[0]!.efsVolumeConfiguration as Json).authorizationConfig = { iam: 'ENABLED' })],
  ['efs-volumes', 'a volume removed', (td) => void (td.volumes as Json[]).pop()],
  ['efs-volumes', 'essential false -> true', (td) => void (containerOf(td, 'thumbnailer').essential = true)],
  ['arm64-ephemeral', 'ephemeral storage', (td) => void (td.ephemeralStorage = { sizeInGiB: 100 })],
  ['arm64-ephemeral', 'fault injection', (td) => void (td.enableFaultInjection = false)],
  ['arm64-ephemeral', 'the restart policy', (td) => void ((containerOf(td, 'worker').restartPolicy as Json).restartAttemptPeriod = 60)],
  ['arm64-ephemeral', 'the CPU architecture', (td) => void (td.runtimePlatform = { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' })],
  ['healthcheck-dependson', 'a health check interval', (td) => void ((containerOf(td, 'app').healthCheck as Json).interval = 30)],
  ['healthcheck-dependson', 'a dependsOn condition', (td) => void ((containerOf(td, 'app').dependsOn as Json[])[0]!.condition = 'COMPLETE')],
  ['firelens-xray', 'a firelens option', (td) => void ((containerOf(td, 'log-router').firelensConfiguration as { options: Json }).options['enable-ecs-log-metadata'] = 'false')],
  ['firelens-xray', 'a container removed', (td) => void td.containerDefinitions.pop()],
  ['proxy-config', 'a proxy property', (td) => void ((td.proxyConfiguration as { properties: Json[] }).properties[3]!.value = '9081')],
  ['windows', 'the operating system family', (td) => void ((td.runtimePlatform as Json).operatingSystemFamily = 'WINDOWS_SERVER_2019_CORE')],
];

describe('isEmptyDiff(diffTaskDefinitions): any real change differs', () => {
  test.each(DIFFERENT)('%s: %s', (name, _what, mutate) => {
    const current = registered(name, render(name));
    const rendered = render(name);
    mutate(rendered);
    expect(isEmptyDiff(diffTaskDefinitions(current, rendered))).toBe(false);
    expect(isEmptyDiff(diffTaskDefinitions(current, rendered))).toBe(false);
  });
});

function expectNoneOf(diff: TaskDefinitionDiff, values: string[]): void {
  const json = JSON.stringify(diff);
  for (const value of values) expect([value, json.includes(value)]).toEqual([value, false]);
}

describe('diffTaskDefinitions', () => {
  test('images: before and after per container', () => {
    const current = registered('fargate-web', render('fargate-web', IMAGE_A));
    const diff = diffTaskDefinitions(current, render('fargate-web', IMAGE_B));
    expect(diff).toStrictEqual({ images: [{ container: 'web', before: IMAGE_A, after: IMAGE_B }], environment: [], secrets: [], other: [] });
  });

  test('environment: keys added, removed and changed, never a value', () => {
    const current = registered('fargate-web', render('fargate-web'));
    const rendered = render('fargate-web');
    const env = containerOf(rendered, 'web').environment!;
    env.splice(3, 1); // PORT removed
    env[2]!.value = 'sslmode=verify-full&connect_timeout=10'; // DATABASE_OPTIONS changed
    env[1]!.value = 'turned-on-flag-value'; // FEATURE_FLAGS changed from ''
    env.push({ name: 'NEW_KEY', value: 'new=value=with=equals' });
    const diff = diffTaskDefinitions(current, rendered);
    expect(diff).toStrictEqual({
      images: [],
      environment: [{ container: 'web', added: ['NEW_KEY'], removed: ['PORT'], changed: ['DATABASE_OPTIONS', 'FEATURE_FLAGS'].sort() }],
      secrets: [],
      other: [],
    });
    const values = [...strings(containerOf(current, 'web').environment), ...strings(env)].filter(
      (v) => v.length > 3 && !['NEW_KEY', 'PORT', 'DATABASE_OPTIONS', 'FEATURE_FLAGS', 'NODE_ENV', 'JAVA_TOOL_OPTIONS', 'PUBLIC_BASE_URL'].includes(v),
    );
    expect(values.length).toBeGreaterThan(4);
    expectNoneOf(diff, values);
  });

  test('secrets: keys only, never a valueFrom', () => {
    const current = registered('secrets', render('secrets'));
    const rendered = render('secrets');
    const secrets = containerOf(rendered, 'billing').secrets!;
    secrets[1]!.valueFrom = 'arn:aws:secretsmanager:us-east-2:123456789012:secret:billing/rds-credentials-V3xQ9a:password:AWSPREVIOUS:';
    secrets.splice(2, 1);
    secrets.push({ name: 'SENTRY_DSN', valueFrom: 'arn:aws:ssm:us-east-2:123456789012:parameter/billing/sentry-dsn' });
    const diff = diffTaskDefinitions(current, rendered);
    expect(diff.secrets).toStrictEqual([{ container: 'billing', added: ['SENTRY_DSN'], removed: ['STRIPE_API_KEY'], changed: ['DB_PASSWORD'] }]);
    expect(diff.other).toStrictEqual([]);
    expectNoneOf(diff, [...strings(containerOf(current, 'billing').secrets), ...strings(secrets)].filter((v) => v.startsWith('arn:')));
  });

  test('a container added or removed does not carry its environment or secret values into the diff', () => {
    const { taskDefinition, tags } = loadFixture('fargate-web');
    const withSidecar = deepClone(taskDefinition);
    withSidecar.containerDefinitions.push({
      name: 'token-refresher',
      image: 'public.ecr.aws/acme/token-refresher:1.0.0',
      essential: false,
      environment: [{ name: 'REFRESH_PASSWORD', value: 'hunter2-plaintext-password' }],
      secrets: [{ name: 'API_TOKEN', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/private-token-path' }],
    });
    const request = { family: 'storefront-web', images: new Map<string, string>(), environment: [], secrets: [], tags: [] };
    const without = renderTaskDefinition(taskDefinition, tags, request);
    const withIt = renderTaskDefinition(withSidecar, tags, request);

    for (const diff of [diffTaskDefinitions(registered('fargate-web', without), withIt), diffTaskDefinitions(registered('fargate-web', withIt), without)]) {
      expect(isEmptyDiff(diff)).toBe(false);
      expectNoneOf(diff, ['hunter2-plaintext-password', 'private-token-path']);
      expect(diff.other.map((c) => c.path)).toContain('containerDefinitions[token-refresher]');
    }
    const added = diffTaskDefinitions(registered('fargate-web', without), withIt);
    expect(added.environment).toStrictEqual([{ container: 'token-refresher', added: ['REFRESH_PASSWORD'], removed: [], changed: [] }]);
    expect(added.secrets).toStrictEqual([{ container: 'token-refresher', added: ['API_TOKEN'], removed: [], changed: [] }]);
    expect(added.images).toStrictEqual([{ container: 'token-refresher', after: 'public.ecr.aws/acme/token-refresher:1.0.0' }]);
    const removed = diffTaskDefinitions(registered('fargate-web', withIt), without);
    expect(removed.environment).toStrictEqual([{ container: 'token-refresher', added: [], removed: ['REFRESH_PASSWORD'], changed: [] }]);
    expect(removed.images).toStrictEqual([{ container: 'token-refresher', before: 'public.ecr.aws/acme/token-refresher:1.0.0' }]);
  });

  test.each<[string, string, Mutation, Array<{ path: string; before?: unknown; after?: unknown }>]>([
    ['fargate-web', 'task cpu', (td) => void (td.cpu = '1024'), [{ path: 'cpu', before: '512', after: '1024' }]],
    [
      'fargate-web',
      'a container port',
      (td) => void ((containerOf(td, 'web').portMappings as Json[])[0]!.containerPort = 8081),
      [{ path: 'containerDefinitions[web].portMappings[0].containerPort', before: 8080, after: 8081 }],
    ],
    [
      'fargate-web',
      'a port mapping added',
      (td) => void (containerOf(td, 'web').portMappings as Json[]).push({ containerPort: 9090, hostPort: 9090, protocol: 'tcp' }),
      [
        {
          path: 'containerDefinitions[web].portMappings',
          before: [{ appProtocol: 'http', containerPort: 8080, hostPort: 8080, name: 'web-8080-tcp', protocol: 'tcp' }],
          after: [
            { appProtocol: 'http', containerPort: 8080, hostPort: 8080, name: 'web-8080-tcp', protocol: 'tcp' },
            { containerPort: 9090, hostPort: 9090, protocol: 'tcp' },
          ],
        },
      ],
    ],
    [
      'healthcheck-dependson',
      'a health check interval',
      (td) => void ((containerOf(td, 'app').healthCheck as Json).interval = 30),
      [{ path: 'containerDefinitions[app].healthCheck.interval', before: 15, after: 30 }],
    ],
    [
      'efs-volumes',
      'an EFS root directory',
      (td) => void (((td.volumes as Json[])[1]!.efsVolumeConfiguration as Json).rootDirectory = '/cms/config-v2'),
      [{ path: 'volumes[shared-config].efsVolumeConfiguration.rootDirectory', before: '/cms/config', after: '/cms/config-v2' }],
    ],
    [
      'efs-volumes',
      'a volume removed and one added',
      (td) => void (td.volumes = [...(td.volumes as Json[]).filter((v) => v.name !== 'render-scratch'), { name: 'cache', host: {} }]),
      [{ path: 'volumes[render-scratch]', before: { name: 'render-scratch' } }, { path: 'volumes[cache]', after: { name: 'cache' } }],
    ],
    [
      'arm64-ephemeral',
      'ephemeral storage and fault injection',
      (td) => {
        td.ephemeralStorage = { sizeInGiB: 100 };
        td.enableFaultInjection = false;
      },
      [
        { path: 'enableFaultInjection', before: true, after: false },
        { path: 'ephemeralStorage.sizeInGiB', before: 50, after: 100 },
      ],
    ],
    [
      'ec2-bridge',
      'a memory reservation',
      (td) => void (containerOf(td, 'api').memoryReservation = 1024),
      [{ path: 'containerDefinitions[api].memoryReservation', before: 768, after: 1024 }],
    ],
  ])('%s, other fields: %s', (name, _what, mutate, expected) => {
    const current = registered(name, render(name));
    const rendered = render(name);
    mutate(rendered);
    const diff = diffTaskDefinitions(current, rendered);
    expect(diff.images).toStrictEqual([]);
    expect(diff.environment).toStrictEqual([]);
    expect(diff.secrets).toStrictEqual([]);
    expect([...diff.other].sort((a, b) => a.path.localeCompare(b.path))).toStrictEqual([...expected].sort((a, b) => a.path.localeCompare(b.path)));
  });

  test('a change of image, environment and cpu at once lands in the right sections', () => {
    const current = registered('healthcheck-dependson', render('healthcheck-dependson'));
    const rendered = render('healthcheck-dependson', IMAGE_B);
    containerOf(rendered, 'migrate').environment!.push({ name: 'DRY_RUN', value: '1' });
    containerOf(rendered, 'redis').cpu = 256;
    const diff = diffTaskDefinitions(current, rendered);
    expect(diff.images).toStrictEqual([{ container: 'redis', before: IMAGE_A, after: IMAGE_B }]);
    expect(diff.environment).toStrictEqual([{ container: 'migrate', added: ['DRY_RUN'], removed: [], changed: [] }]);
    expect(diff.other).toStrictEqual([{ path: 'containerDefinitions[redis].cpu', before: 128, after: 256 }]);
  });
});

describe('normalizeTaskDefinition', () => {
  test.each(NAMES)('%s: no read-only field, no tags, no empty list, no null; environments sorted by name', (name) => {
    const normal = normalizeTaskDefinition(registered(name, render(name)));
    for (const field of ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy', 'tags']) {
      expect(field in normal).toBe(false);
    }
    const json = JSON.stringify(normal);
    expect(json).not.toContain('[]');
    expect(json).not.toContain('{}');
    expect(json).not.toContain('null');
    for (const c of normal.containerDefinitions as Array<{ environment?: Array<{ name: string }>; essential: boolean }>) {
      const names = (c.environment ?? []).map((e) => e.name);
      expect(names).toEqual([...names].sort());
      expect(typeof c.essential).toBe('boolean');
    }
  });

  test('keeps empty strings, zeros and false', () => {
    const normal = normalizeTaskDefinition(render('ec2-bridge'));
    const redis = (normal.containerDefinitions as Json[]).find((c) => c.name === 'redis') as Json;
    expect(redis.command).toEqual(['redis-server', '--save', '', '--appendonly', 'no']);
    const api = (normal.containerDefinitions as Json[]).find((c) => c.name === 'api') as Json;
    expect(api.ulimits).toContainEqual({ hardLimit: 0, name: 'core', softLimit: 0 });
    expect((api.mountPoints as Json[])[0]).toEqual({ containerPath: '/var/log/legacy-api', readOnly: false, sourceVolume: 'app-logs' });
  });

  test('does not modify its input', () => {
    const rendered = render('firelens-xray');
    const snapshot = deepClone(rendered);
    normalizeTaskDefinition(rendered);
    diffTaskDefinitions(rendered, render('firelens-xray', IMAGE_B));
    expect(rendered).toStrictEqual(snapshot);
  });
});

/** A small task definition written out, for cases the fixtures do not hold. */
function minimal(extra: Json = {}): TaskDefinitionInput {
  return { family: 'api', containerDefinitions: [{ name: 'api', image: IMAGE_A, essential: true }], ...extra };
}

describe('isEmptyDiff', () => {
  const change = { container: 'api', added: ['A'], removed: [], changed: [] };
  test.each<[string, Partial<TaskDefinitionDiff>, boolean]>([
    ['nothing', {}, true],
    ['an image', { images: [{ container: 'api', before: IMAGE_A, after: IMAGE_B }] }, false],
    ['environment keys', { environment: [change] }, false],
    ['secret keys', { secrets: [change] }, false],
    ['another field', { other: [{ path: 'cpu', before: '256', after: '512' }] }, false],
  ])('%s -> %s', (_what, parts, empty) => {
    expect(isEmptyDiff({ images: [], environment: [], secrets: [], other: [], ...parts })).toBe(empty);
  });
});

describe('keyed and unordered lists', () => {
  test('volumes in another order are the same; a volume is then compared by its name', () => {
    const current = registered('efs-volumes', render('efs-volumes'));
    const rendered = render('efs-volumes');
    (rendered.volumes as Json[]).reverse();
    expect(isEmptyDiff(diffTaskDefinitions(current, rendered))).toBe(true);
    ((rendered.volumes as Json[]).find((v) => v.name === 'uploads')!.efsVolumeConfiguration as Json).transitEncryption = 'DISABLED';
    expect(diffTaskDefinitions(current, rendered).other).toStrictEqual([
      { path: 'volumes[uploads].efsVolumeConfiguration.transitEncryption', before: 'ENABLED', after: 'DISABLED' },
    ]);
  });

  test('requiresCompatibilities: another order is the same, another set differs (shown sorted)', () => {
    const current = minimal({ requiresCompatibilities: ['FARGATE', 'EC2'] });
    expect(isEmptyDiff(diffTaskDefinitions(current, minimal({ requiresCompatibilities: ['EC2', 'FARGATE'] })))).toBe(true);
    expect(diffTaskDefinitions(current, minimal({ requiresCompatibilities: ['FARGATE'] })).other).toStrictEqual([
      { path: 'requiresCompatibilities', before: ['EC2', 'FARGATE'], after: ['FARGATE'] },
    ]);
    expect(diffTaskDefinitions(minimal({ requiresCompatibilities: ['FARGATE'] }), minimal({ requiresCompatibilities: ['EC2'] })).other).toStrictEqual([
      { path: 'requiresCompatibilities[0]', before: 'FARGATE', after: 'EC2' },
    ]);
  });

  test('a list whose order means something is compared in order', () => {
    const current = registered('ec2-bridge', render('ec2-bridge'));
    const rendered = render('ec2-bridge');
    const redis = containerOf(rendered, 'redis');
    redis.command = [...(redis.command as string[])].reverse();
    expect(diffTaskDefinitions(current, rendered).other.map((c) => c.path)).toEqual(
      expect.arrayContaining(['containerDefinitions[redis].command[0]']),
    );
  });

  test('inferenceAccelerators (no "name"): a change in any entry is seen, by position', () => {
    const two = (first: string) => ({
      inferenceAccelerators: [
        { deviceName: 'device-1', deviceType: first },
        { deviceName: 'device-2', deviceType: 'eia2.large' },
      ],
    });
    const diff = diffTaskDefinitions(minimal(two('eia2.medium')), minimal(two('eia2.xlarge')));
    expect(isEmptyDiff(diff)).toBe(false);
    expect(diff.other).toStrictEqual([{ path: 'inferenceAccelerators[0].deviceType', before: 'eia2.medium', after: 'eia2.xlarge' }]);
    expect(isEmptyDiff(diffTaskDefinitions(minimal(two('eia2.medium')), minimal(two('eia2.medium'))))).toBe(true);
  });

  test('containers are matched by name: a rename is one container removed and one added', () => {
    const current = minimal();
    const rendered = minimal();
    rendered.containerDefinitions[0]!.name = 'api-v2';
    const diff = diffTaskDefinitions(current, rendered);
    expect(diff.images).toStrictEqual([
      { container: 'api', before: IMAGE_A },
      { container: 'api-v2', after: IMAGE_A },
    ]);
    expect(diff.other).toStrictEqual([
      { path: 'containerDefinitions[api]', before: { essential: true, name: 'api' } },
      { path: 'containerDefinitions[api-v2]', after: { essential: true, name: 'api-v2' } },
    ]);
  });
});

describe('a container only on one side', () => {
  const sidecar = {
    name: 'envoy',
    image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod',
    essential: false,
    memoryReservation: 64,
    environment: [{ name: 'APPMESH_RESOURCE_ARN', value: 'mesh/storefront/virtualNode/web' }],
    secrets: [{ name: 'ENVOY_ADMIN_TOKEN', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/envoy-admin' }],
  };

  test('added: its image, its keys, and the rest of it (without image, environment or secrets) as one field', () => {
    const diff = diffTaskDefinitions(minimal(), minimal({ containerDefinitions: [...minimal().containerDefinitions, sidecar] }));
    expect(diff).toStrictEqual({
      images: [{ container: 'envoy', after: sidecar.image }],
      environment: [{ container: 'envoy', added: ['APPMESH_RESOURCE_ARN'], removed: [], changed: [] }],
      secrets: [{ container: 'envoy', added: ['ENVOY_ADMIN_TOKEN'], removed: [], changed: [] }],
      other: [{ path: 'containerDefinitions[envoy]', after: { essential: false, memoryReservation: 64, name: 'envoy' } }],
    });
  });

  test('removed: the same, as before', () => {
    const diff = diffTaskDefinitions(minimal({ containerDefinitions: [...minimal().containerDefinitions, sidecar] }), minimal());
    expect(diff).toStrictEqual({
      images: [{ container: 'envoy', before: sidecar.image }],
      environment: [{ container: 'envoy', added: [], removed: ['APPMESH_RESOURCE_ARN'], changed: [] }],
      secrets: [{ container: 'envoy', added: [], removed: ['ENVOY_ADMIN_TOKEN'], changed: [] }],
      other: [{ path: 'containerDefinitions[envoy]', before: { essential: false, memoryReservation: 64, name: 'envoy' } }],
    });
  });

  test('a container without an image on either side gives no image change', () => {
    const noImage = { name: 'init', essential: false };
    const diff = diffTaskDefinitions(minimal(), minimal({ containerDefinitions: [...minimal().containerDefinitions, noImage] }));
    expect(diff.images).toStrictEqual([]);
    expect(diff.other).toStrictEqual([{ path: 'containerDefinitions[init]', after: { essential: false, name: 'init' } }]);
  });
});

describe('normalizeTaskDefinition: edge shapes', () => {
  test('no containerDefinitions at all', () => {
    expect(normalizeTaskDefinition({ family: 'api' } as TaskDefinitionInput)).toStrictEqual({ family: 'api' });
  });

  test('nothing left after normalising is an empty object', () => {
    expect(normalizeTaskDefinition({ containerDefinitions: [], volumes: [], tags: [] } as unknown as TaskDefinitionInput)).toStrictEqual({});
  });

  test('essential false and a container cpu other than 0 are kept', () => {
    const normal = normalizeTaskDefinition(minimal({ containerDefinitions: [{ name: 'a', essential: false, cpu: 10 }] }));
    expect(normal.containerDefinitions).toStrictEqual([{ cpu: 10, essential: false, name: 'a' }]);
  });
});

type Keep = (described: DescribedTaskDefinition) => void;

/** What ECS keeps of a registration: `keep` changes the described copy of what was sent. */
function kept(name: string, keep: Keep): { sent: TaskDefinitionInput; described: DescribedTaskDefinition } {
  const sent = render(name);
  const described = registered(name, sent);
  keep(described);
  return { sent, described };
}

describe('lostFields: what the registered revision does not hold as sent', () => {
  test.each(NAMES)('%s: all of it kept, nothing lost', (name) => {
    const { sent, described } = kept(name, () => {});
    expect(lostFields(sent, described)).toEqual([]);
  });

  test.each<[string, string, Keep]>([
    [
      'fargate-web',
      'defaults ECS fills in: empty lists, nulls, essential, cpu 0, a port default',
      (td) => {
        const web = containerOf(td, 'web');
        web.mountPoints = [];
        web.volumesFrom = [];
        web.cpu = 0;
        web.essential = true;
        web.hostname = null;
        (web.portMappings as Json[])[0]!.containerPortRange = undefined;
        td.inferenceAccelerators = [];
      },
    ],
    [
      'fargate-web',
      'a field ECS adds on its own, at the top and in a container',
      (td) => {
        td.pidMode = 'task';
        containerOf(td, 'web').versionConsistency = 'enabled';
      },
    ],
    ['fargate-web', 'an environment key ECS adds', (td) => void containerOf(td, 'web').environment!.push({ name: 'ECS_ADDED', value: '1' })],
  ])('%s: %s is not a loss', (name, _what, keep) => {
    const { sent, described } = kept(name, keep);
    expect(lostFields(sent, described)).toEqual([]);
  });

  test.each<[string, string, Keep, string[]]>([
    ['fargate-web', 'the image', (td) => void (containerOf(td, 'web').image = IMAGE_B), ['containerDefinitions[web].image']],
    ['fargate-web', 'a top-level field dropped', (td) => void delete td.taskRoleArn, ['taskRoleArn']],
    ['fargate-web', 'a top-level field changed', (td) => void (td.cpu = '1024'), ['cpu']],
    ['arm64-ephemeral', 'a whole object dropped', (td) => void delete td.ephemeralStorage, ['ephemeralStorage']],
    [
      'healthcheck-dependson',
      'a nested field dropped',
      (td) => void delete (containerOf(td, 'app').healthCheck as Json).startPeriod,
      ['containerDefinitions[app].healthCheck.startPeriod'],
    ],
    [
      'fargate-web',
      'an environment key dropped and one changed',
      (td) => {
        const web = containerOf(td, 'web');
        web.environment = web.environment!.filter((e) => e.name !== 'PORT').map((e) => (e.name === 'NODE_ENV' ? { ...e, value: 'development' } : e));
      },
      ['containerDefinitions[web].environment[PORT]', 'containerDefinitions[web].environment[NODE_ENV]'],
    ],
    [
      'secrets',
      'a secret dropped',
      (td) => void containerOf(td, 'billing').secrets!.splice(0, 1),
      [`containerDefinitions[billing].secrets[${containerOf(render('secrets'), 'billing').secrets![0]!.name}]`],
    ],
    ['efs-volumes', 'a volume dropped', (td) => void (td.volumes = (td.volumes as Json[]).filter((v) => v.name !== 'shared-config')), ['volumes[shared-config]']],
    [
      'healthcheck-dependson',
      'a port mapping dropped',
      (td) => void (containerOf(td, 'app').portMappings = []),
      ['containerDefinitions[app].portMappings'],
    ],
    [
      'firelens-xray',
      'a container dropped',
      (td) => void (td.containerDefinitions = td.containerDefinitions.filter((c) => c.name !== 'xray-daemon')),
      ['containerDefinitions[xray-daemon].image', 'containerDefinitions[xray-daemon]'],
    ],
  ])('%s: %s', (name, _what, keep, expected) => {
    const { sent, described } = kept(name, keep);
    expect([...lostFields(sent, described)].sort()).toEqual([...expected].sort());
  });

  test('a dropped inference accelerator is a loss', () => {
    const sent = minimal({
      inferenceAccelerators: [
        { deviceName: 'device-1', deviceType: 'eia2.medium' },
        { deviceName: 'device-2', deviceType: 'eia2.large' },
      ],
    });
    const described = { ...deepClone(sent), inferenceAccelerators: [{ deviceName: 'device-2', deviceType: 'eia2.large' }] } as DescribedTaskDefinition;
    expect(lostFields(sent, described)).toEqual(['inferenceAccelerators']);
  });

  test('lost environment values are named by key only', () => {
    const { sent, described } = kept('fargate-web', (td) => {
      containerOf(td, 'web').environment = [];
    });
    const lost = lostFields(sent, described);
    expect(lost.length).toBe(containerOf(sent, 'web').environment!.length);
    for (const e of containerOf(sent, 'web').environment!) {
      expect(lost).toContain(`containerDefinitions[web].environment[${e.name}]`);
      if (e.value.length > 0) expect(lost.join('\n')).not.toContain(e.value);
    }
  });
});
