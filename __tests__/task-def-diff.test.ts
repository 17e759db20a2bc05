import { describe, expect, test } from '@jest/globals';
import { renderTaskDefinition } from '../src/core/render.js';
import { diffTaskDefinitions, isEmptyDiff, normalizeTaskDefinition, type TaskDefinitionDiff } from '../src/core/task-def-diff.js';
import type { ContainerDefinition, DescribedTaskDefinition, TaskDefinitionInput } from '../src/core/types.js';
import { fixtureNames, loadFixture } from './fixtures/load.js';
import { deepClone } from '../src/core/clone.js';

const NAMES = fixtureNames();
const IMAGE_A = `123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${'a'.repeat(64)}`;
const IMAGE_B = `123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${'b'.repeat(64)}`;

type Json = Record<string, unknown>;

function firstEssential(td: { containerDefinitions: ContainerDefinition[] }): string {
  return (td.containerDefinitions.find((c) => c.essential !== false) ?? td.containerDefinitions[0])?.name ?? '';
}

/** A render of the fixture into its deploy family with `image` on its first essential container. */
function render(name: string, image = IMAGE_A): TaskDefinitionInput {
  const { taskDefinition, tags } = loadFixture(name);
  return renderTaskDefinition(taskDefinition, tags, {
    family: taskDefinition.family.replace(/-template$/, ''),
    images: new Map([[firstEssential(taskDefinition), image]]),
    environment: [],
    secrets: [],
    tags: [{ key: 'ecs-template-deploy:commit', value: 'c'.repeat(40) }],
  });
}

/** What DescribeTaskDefinition would print for the revision registered from `rendered`. */
function registered(name: string, rendered: TaskDefinitionInput, revision = 7): DescribedTaskDefinition {
  const template = loadFixture(name).taskDefinition;
  const { tags: _tags, ...body } = deepClone(rendered);
  const arn = String(template.taskDefinitionArn).replace(/task-definition\/.*$/, `task-definition/${rendered.family}:${revision}`);
  return {
    taskDefinitionArn: arn,
    ...body,
    revision,
    status: 'ACTIVE',
    requiresAttributes: template.requiresAttributes,
    compatibilities: template.compatibilities,
    registeredAt: '2025-06-01T12:00:00.000000+00:00',
    registeredBy: 'arn:aws:sts::123456789012:assumed-role/github-deploy/run-42',
  };
}

function containerOf(td: { containerDefinitions: ContainerDefinition[] }, name: string): ContainerDefinition {
  const container = td.containerDefinitions.find((c) => c.name === name);
  if (!container) throw new Error(`no container ${name}`);
  return container;
}

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

/** Every string anywhere in a value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

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
