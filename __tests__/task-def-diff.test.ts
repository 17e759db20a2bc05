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
      'a host port (a port mapping is known by its container port and protocol)',
      (td) => void ((containerOf(td, 'web').portMappings as Json[])[0]!.hostPort = 8081),
      [{ path: 'containerDefinitions[web].portMappings[8080/tcp].hostPort', before: 8080, after: 8081 }],
    ],
    [
      'fargate-web',
      'a container port: another port mapping',
      (td) => void ((containerOf(td, 'web').portMappings as Json[])[0]!.containerPort = 8081),
      [
        {
          path: 'containerDefinitions[web].portMappings[8080/tcp]',
          before: { appProtocol: 'http', containerPort: 8080, hostPort: 8080, name: 'web-8080-tcp', protocol: 'tcp' },
        },
        {
          path: 'containerDefinitions[web].portMappings[8081/tcp]',
          after: { appProtocol: 'http', containerPort: 8081, hostPort: 8080, name: 'web-8080-tcp', protocol: 'tcp' },
        },
      ],
    ],
    [
      'fargate-web',
      'a port mapping added',
      (td) => void (containerOf(td, 'web').portMappings as Json[]).push({ containerPort: 9090, hostPort: 9090, protocol: 'tcp' }),
      [{ path: 'containerDefinitions[web].portMappings[9090/tcp]', after: { containerPort: 9090, hostPort: 9090, protocol: 'tcp' } }],
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

  test('inferenceAccelerators (no "name"): a change in any entry is seen, by deviceName', () => {
    const two = (first: string) => ({
      inferenceAccelerators: [
        { deviceName: 'device-1', deviceType: first },
        { deviceName: 'device-2', deviceType: 'eia2.large' },
      ],
    });
    const diff = diffTaskDefinitions(minimal(two('eia2.medium')), minimal(two('eia2.xlarge')));
    expect(isEmptyDiff(diff)).toBe(false);
    expect(diff.other).toStrictEqual([{ path: 'inferenceAccelerators[device-1].deviceType', before: 'eia2.medium', after: 'eia2.xlarge' }]);
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

describe('lists keyed by their real identity', () => {
  type Put = (td: TaskDefinitionInput, list: Json[]) => void;
  /** Puts the list at a dotted place: at the top, or in the first container (`api`) with `c.`. */
  const at =
    (place: string): Put =>
    (td, list) => {
      const fields = place.split('.');
      let node: Json = td;
      if (fields[0] === 'c') {
        node = td.containerDefinitions[0] as Json;
        fields.shift();
      }
      for (const field of fields.slice(0, -1)) node = (node[field] ??= {}) as Json;
      node[fields[fields.length - 1]!] = list;
    };

  interface KeyedCase {
    /** The identity fields: without them an entry cannot be keyed. */
    identity: string[];
    /** The fields two entries share to have the same identity (the identity fields unless said). */
    twin?: string[];
    put: Put;
    entries: Json[];
    /** Changes an entry other than the first. */
    change: (list: Json[]) => void;
    expected: Partial<TaskDefinitionDiff>;
    /** What a change of the first entry shows once the entries lack their identity (compared by position). */
    positional: Partial<TaskDefinitionDiff>;
  }

  const api = 'containerDefinitions[api]';
  const CASES: Record<string, KeyedCase> = {
    'containerDefinitions by name': {
      identity: ['name'],
      put: (td, list) => void (td.containerDefinitions = list as TaskDefinitionInput['containerDefinitions']),
      entries: [
        { name: 'api', image: IMAGE_A, essential: true, memory: 512 },
        { name: 'worker', image: IMAGE_A, essential: true, memory: 256 },
      ],
      change: (list) => void (list[1]!.memory = 1024),
      expected: { other: [{ path: 'containerDefinitions[worker].memory', before: 256, after: 1024 }] },
      positional: { other: [{ path: 'containerDefinitions[#0].probe', after: 'x' }] },
    },
    'volumes by name': {
      identity: ['name'],
      put: at('volumes'),
      entries: [
        { name: 'data', host: { sourcePath: '/data' } },
        { name: 'cache', host: { sourcePath: '/cache' } },
      ],
      change: (list) => void ((list[1]!.host as Json).sourcePath = '/var/cache'),
      expected: { other: [{ path: 'volumes[cache].host.sourcePath', before: '/cache', after: '/var/cache' }] },
      positional: { other: [{ path: 'volumes[0].probe', after: 'x' }] },
    },
    'inferenceAccelerators by deviceName': {
      identity: ['deviceName'],
      put: at('inferenceAccelerators'),
      entries: [
        { deviceName: 'device_1', deviceType: 'eia2.medium' },
        { deviceName: 'device_2', deviceType: 'eia2.large' },
      ],
      change: (list) => void (list[1]!.deviceType = 'eia2.xlarge'),
      expected: { other: [{ path: 'inferenceAccelerators[device_2].deviceType', before: 'eia2.large', after: 'eia2.xlarge' }] },
      positional: { other: [{ path: 'inferenceAccelerators[0].probe', after: 'x' }] },
    },
    'placementConstraints by type and expression': {
      identity: ['type'],
      twin: ['type', 'expression'],
      put: at('placementConstraints'),
      entries: [
        { type: 'memberOf', expression: 'attribute:ecs.instance-type =~ g5.*' },
        { type: 'memberOf', expression: 'attribute:ecs.os-type == linux' },
      ],
      change: (list) => void (list[1]!.expression = 'attribute:ecs.os-type == windows'),
      expected: {
        other: [
          { path: 'placementConstraints[memberOf:attribute:ecs.os-type == linux]', before: { expression: 'attribute:ecs.os-type == linux', type: 'memberOf' } },
          { path: 'placementConstraints[memberOf:attribute:ecs.os-type == windows]', after: { expression: 'attribute:ecs.os-type == windows', type: 'memberOf' } },
        ],
      },
      positional: { other: [{ path: 'placementConstraints[0].probe', after: 'x' }] },
    },
    'proxyConfiguration.properties by name': {
      identity: ['name'],
      put: at('proxyConfiguration.properties'),
      entries: [
        { name: 'IgnoredUID', value: '1337' },
        { name: 'ProxyIngressPort', value: '15000' },
      ],
      change: (list) => void (list[1]!.value = '15010'),
      expected: { other: [{ path: 'proxyConfiguration.properties[ProxyIngressPort].value', before: '15000', after: '15010' }] },
      positional: { other: [{ path: 'proxyConfiguration.properties[0].probe', after: 'x' }] },
    },
    'environment by name (keys only)': {
      identity: ['name'],
      put: at('c.environment'),
      entries: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
      change: (list) => void (list[1]!.value = '3'),
      expected: { environment: [{ container: 'api', added: [], removed: [], changed: ['B'] }] },
      positional: { environment: [{ container: 'api', added: [], removed: [], changed: ['#0'] }] },
    },
    'secrets by name (keys only)': {
      identity: ['name'],
      put: at('c.secrets'),
      entries: [
        { name: 'A', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/a' },
        { name: 'B', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/b' },
      ],
      change: (list) => void (list[1]!.valueFrom = 'arn:aws:ssm:us-east-1:123456789012:parameter/c'),
      expected: { secrets: [{ container: 'api', added: [], removed: [], changed: ['B'] }] },
      positional: { secrets: [{ container: 'api', added: [], removed: [], changed: ['#0'] }] },
    },
    'ulimits by name': {
      identity: ['name'],
      put: at('c.ulimits'),
      entries: [
        { name: 'core', softLimit: 0, hardLimit: 0 },
        { name: 'nofile', softLimit: 1024, hardLimit: 4096 },
      ],
      change: (list) => void (list[1]!.softLimit = 2048),
      expected: { other: [{ path: `${api}.ulimits[nofile].softLimit`, before: 1024, after: 2048 }] },
      positional: { other: [{ path: `${api}.ulimits[0].probe`, after: 'x' }] },
    },
    'portMappings by container port and protocol': {
      identity: ['containerPort', 'containerPortRange'],
      twin: ['containerPort', 'containerPortRange', 'protocol'],
      put: at('c.portMappings'),
      entries: [
        { containerPort: 53, hostPort: 53, protocol: 'tcp' },
        { containerPort: 53, hostPort: 53, protocol: 'udp' },
      ],
      change: (list) => void (list[1]!.hostPort = 5353),
      expected: { other: [{ path: `${api}.portMappings[53/udp].hostPort`, before: 53, after: 5353 }] },
      positional: { other: [{ path: `${api}.portMappings[0].probe`, after: 'x' }] },
    },
    'portMappings by container port range and protocol': {
      identity: ['containerPort', 'containerPortRange'],
      twin: ['containerPort', 'containerPortRange', 'protocol'],
      put: at('c.portMappings'),
      entries: [
        { containerPort: 8080, hostPort: 8080, protocol: 'tcp', name: 'http', appProtocol: 'http' },
        { containerPortRange: '7000-7099', protocol: 'udp' },
      ],
      change: (list) => void (list[1]!.containerPortRange = '7000-7199'),
      expected: {
        other: [
          { path: `${api}.portMappings[7000-7099/udp]`, before: { containerPortRange: '7000-7099', protocol: 'udp' } },
          { path: `${api}.portMappings[7000-7199/udp]`, after: { containerPortRange: '7000-7199', protocol: 'udp' } },
        ],
      },
      positional: { other: [{ path: `${api}.portMappings[0].probe`, after: 'x' }] },
    },
    'mountPoints by containerPath': {
      identity: ['containerPath'],
      put: at('c.mountPoints'),
      entries: [
        { sourceVolume: 'data', containerPath: '/data', readOnly: false },
        { sourceVolume: 'cache', containerPath: '/cache', readOnly: false },
      ],
      change: (list) => void (list[1]!.readOnly = true),
      expected: { other: [{ path: `${api}.mountPoints[/cache].readOnly`, before: false, after: true }] },
      positional: { other: [{ path: `${api}.mountPoints[0].probe`, after: 'x' }] },
    },
    'volumesFrom by sourceContainer': {
      identity: ['sourceContainer'],
      put: at('c.volumesFrom'),
      entries: [
        { sourceContainer: 'init', readOnly: true },
        { sourceContainer: 'assets', readOnly: false },
      ],
      change: (list) => void (list[1]!.readOnly = true),
      expected: { other: [{ path: `${api}.volumesFrom[assets].readOnly`, before: false, after: true }] },
      positional: { other: [{ path: `${api}.volumesFrom[0].probe`, after: 'x' }] },
    },
    'dependsOn by containerName': {
      identity: ['containerName'],
      put: at('c.dependsOn'),
      entries: [
        { containerName: 'migrate', condition: 'SUCCESS' },
        { containerName: 'envoy', condition: 'START' },
      ],
      change: (list) => void (list[1]!.condition = 'HEALTHY'),
      expected: { other: [{ path: `${api}.dependsOn[envoy].condition`, before: 'START', after: 'HEALTHY' }] },
      positional: { other: [{ path: `${api}.dependsOn[0].probe`, after: 'x' }] },
    },
    'extraHosts by hostname': {
      identity: ['hostname'],
      put: at('c.extraHosts'),
      entries: [
        { hostname: 'db.internal', ipAddress: '10.0.0.5' },
        { hostname: 'cache.internal', ipAddress: '10.0.0.6' },
      ],
      change: (list) => void (list[1]!.ipAddress = '10.0.0.7'),
      expected: { other: [{ path: `${api}.extraHosts[cache.internal].ipAddress`, before: '10.0.0.6', after: '10.0.0.7' }] },
      positional: { other: [{ path: `${api}.extraHosts[0].probe`, after: 'x' }] },
    },
    'systemControls by namespace': {
      identity: ['namespace'],
      put: at('c.systemControls'),
      entries: [
        { namespace: 'net.core.somaxconn', value: '1024' },
        { namespace: 'net.ipv4.tcp_keepalive_time', value: '600' },
      ],
      change: (list) => void (list[1]!.value = '300'),
      expected: { other: [{ path: `${api}.systemControls[net.ipv4.tcp_keepalive_time].value`, before: '600', after: '300' }] },
      positional: { other: [{ path: `${api}.systemControls[0].probe`, after: 'x' }] },
    },
    'resourceRequirements by type (and an accelerator by its device)': {
      identity: ['type'],
      twin: ['type', 'value'],
      put: at('c.resourceRequirements'),
      entries: [
        { type: 'InferenceAccelerator', value: 'device_1' },
        { type: 'GPU', value: '1' },
      ],
      change: (list) => void (list[1]!.value = '2'),
      expected: { other: [{ path: `${api}.resourceRequirements[GPU].value`, before: '1', after: '2' }] },
      positional: { other: [{ path: `${api}.resourceRequirements[0].probe`, after: 'x' }] },
    },
    'logConfiguration.secretOptions by name': {
      identity: ['name'],
      put: at('c.logConfiguration.secretOptions'),
      entries: [
        { name: 'apikey', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/apikey' },
        { name: 'token', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/token' },
      ],
      change: (list) => void (list[1]!.valueFrom = 'arn:aws:ssm:us-east-1:123456789012:parameter/token-v2'),
      expected: {
        other: [
          {
            path: `${api}.logConfiguration.secretOptions[token].valueFrom`,
            before: 'arn:aws:ssm:us-east-1:123456789012:parameter/token',
            after: 'arn:aws:ssm:us-east-1:123456789012:parameter/token-v2',
          },
        ],
      },
      positional: { other: [{ path: `${api}.logConfiguration.secretOptions[0].probe`, after: 'x' }] },
    },
    'linuxParameters.devices by containerPath (default: hostPath)': {
      identity: ['containerPath', 'hostPath'],
      put: at('c.linuxParameters.devices'),
      entries: [
        { hostPath: '/dev/fuse', permissions: ['read', 'write'] },
        { hostPath: '/dev/nvidia0', containerPath: '/dev/gpu0', permissions: ['read'] },
      ],
      change: (list) => void (list[1]!.hostPath = '/dev/nvidia1'),
      expected: { other: [{ path: `${api}.linuxParameters.devices[/dev/gpu0].hostPath`, before: '/dev/nvidia0', after: '/dev/nvidia1' }] },
      positional: { other: [{ path: `${api}.linuxParameters.devices[0].probe`, after: 'x' }] },
    },
    'linuxParameters.tmpfs by containerPath': {
      identity: ['containerPath'],
      put: at('c.linuxParameters.tmpfs'),
      entries: [
        { containerPath: '/tmp', size: 64 },
        { containerPath: '/run', size: 32 },
      ],
      change: (list) => void (list[1]!.size = 64),
      expected: { other: [{ path: `${api}.linuxParameters.tmpfs[/run].size`, before: 32, after: 64 }] },
      positional: { other: [{ path: `${api}.linuxParameters.tmpfs[0].probe`, after: 'x' }] },
    },
  };

  const build = (c: KeyedCase, list: Json[]) => {
    const td = minimal();
    c.put(td, deepClone(list));
    return td;
  };
  const withoutIdentity = (c: KeyedCase) => c.entries.map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !c.identity.includes(k))));
  const diffOf = (parts: Partial<TaskDefinitionDiff>): TaskDefinitionDiff => ({ images: [], environment: [], secrets: [], other: [], ...parts });

  test.each(Object.entries(CASES))('%s: another order is the same', (_what, c) => {
    expect(diffTaskDefinitions(build(c, c.entries), build(c, [...c.entries].reverse()))).toStrictEqual(diffOf({}));
  });

  test.each(Object.entries(CASES))('%s: a change of an entry other than the first is seen, named by identity', (_what, c) => {
    const changed = deepClone(c.entries);
    c.change(changed);
    expect(diffTaskDefinitions(build(c, c.entries), build(c, changed))).toStrictEqual(diffOf(c.expected));
    // ... in another order as well.
    expect(diffTaskDefinitions(build(c, [...c.entries].reverse()), build(c, changed))).toStrictEqual(diffOf(c.expected));
  });

  test.each(Object.entries(CASES))('%s: an entry removed is named by identity', (_what, c) => {
    const diff = diffTaskDefinitions(build(c, c.entries), build(c, c.entries.slice(0, 1)));
    expect(isEmptyDiff(diff)).toBe(false);
    for (const change of diff.other) expect(change.path).not.toMatch(/\[\d+\]/);
  });

  test.each(Object.entries(CASES))('%s: entries without their identity are compared by position, never merged', (_what, c) => {
    const malformed = withoutIdentity(c);
    expect(new Set(malformed.map((e) => JSON.stringify(e))).size).toBe(malformed.length);
    expect(isEmptyDiff(diffTaskDefinitions(build(c, malformed), build(c, malformed)))).toBe(true);
    // By position: another order differs, and a change of the first entry is seen there.
    expect(isEmptyDiff(diffTaskDefinitions(build(c, malformed), build(c, [...malformed].reverse())))).toBe(false);
    const probed = deepClone(malformed);
    probed[0]!.probe = 'x';
    expect(diffTaskDefinitions(build(c, malformed), build(c, probed))).toStrictEqual(diffOf(c.positional));
  });

  test.each(Object.entries(CASES))('%s: entries sharing an identity are compared by position, never merged', (_what, c) => {
    const twins = deepClone(c.entries);
    for (const field of c.twin ?? c.identity) {
      if (field in twins[0]!) twins[1]![field] = twins[0]![field];
      else delete twins[1]![field];
    }
    const probed = deepClone(twins);
    probed[0]!.probe = 'x';
    expect(isEmptyDiff(diffTaskDefinitions(build(c, twins), build(c, probed)))).toBe(false);
    const last = deepClone(twins);
    last[1]!.probe = 'x';
    expect(isEmptyDiff(diffTaskDefinitions(build(c, twins), build(c, last)))).toBe(false);
  });

  test('the issue: two accelerators, the first one changed, is seen and named', () => {
    const two = (first: string) => minimal({ inferenceAccelerators: [{ deviceName: 'device_1', deviceType: first }, { deviceName: 'device_2', deviceType: 'eia2.large' }] });
    const diff = diffTaskDefinitions(two('eia2.medium'), two('eia2.large'));
    expect(diff.other).toStrictEqual([{ path: 'inferenceAccelerators[device_1].deviceType', before: 'eia2.medium', after: 'eia2.large' }]);
  });

  test('two accelerators a container uses: another order is the same, another device differs', () => {
    const uses = (...devices: string[]) => {
      const td = minimal();
      td.containerDefinitions[0]!.resourceRequirements = devices.map((value) => ({ type: 'InferenceAccelerator', value }));
      return td;
    };
    expect(isEmptyDiff(diffTaskDefinitions(uses('device_1', 'device_2'), uses('device_2', 'device_1')))).toBe(true);
    expect(diffTaskDefinitions(uses('device_1', 'device_2'), uses('device_1', 'device_3')).other.map((c) => c.path)).toEqual([
      `${api}.resourceRequirements[InferenceAccelerator:device_2]`,
      `${api}.resourceRequirements[InferenceAccelerator:device_3]`,
    ]);
  });

  test('a port mapping without a protocol is the tcp one; ECS filling the protocol in is not a loss', () => {
    const ports = (mapping: Json) => {
      const td = minimal();
      td.containerDefinitions[0]!.portMappings = [mapping, { containerPort: 53, protocol: 'udp' }];
      return td;
    };
    const sent = ports({ containerPort: 8080 });
    const described = ports({ containerPort: 8080, protocol: 'tcp' }) as DescribedTaskDefinition;
    expect(diffTaskDefinitions(sent, described).other).toStrictEqual([{ path: `${api}.portMappings[8080/tcp].protocol`, after: 'tcp' }]);
    expect(lostFields(sent, described)).toEqual([]);
  });

  test('an entry ECS adds to a keyed list is not a loss; one it drops is, by identity', () => {
    const limits = (...names: string[]) => {
      const td = minimal();
      td.containerDefinitions[0]!.ulimits = names.map((name) => ({ name, softLimit: 1024, hardLimit: 1024 }));
      return td;
    };
    expect(lostFields(limits('nofile'), limits('nofile', 'nproc') as DescribedTaskDefinition)).toEqual([]);
    expect(lostFields(limits('nofile', 'nproc'), limits('nproc') as DescribedTaskDefinition)).toEqual([`${api}.ulimits[nofile]`]);
  });

  test('containers sharing a name are compared by position: a change of either is seen', () => {
    const twins = (memory: number) =>
      minimal({
        containerDefinitions: [
          { name: 'api', image: IMAGE_A, memory },
          { name: 'api', image: IMAGE_A, memory: 256 },
        ],
      });
    const diff = diffTaskDefinitions(twins(512), twins(1024));
    expect(diff.other).toStrictEqual([{ path: 'containerDefinitions[api#0].memory', before: 512, after: 1024 }]);
  });

  test('environment variables sharing a name are compared by position, by key only', () => {
    const env = (first: string) => {
      const td = minimal();
      td.containerDefinitions[0]!.environment = [
        { name: 'A', value: first },
        { name: 'A', value: 'second' },
      ];
      return td;
    };
    const diff = diffTaskDefinitions(env('value-one'), env('value-two'));
    expect(diff.environment).toStrictEqual([{ container: 'api', added: [], removed: [], changed: ['A#0'] }]);
    expect(JSON.stringify(diff)).not.toMatch(/value-(one|two)/);
    expect(lostFields(env('value-one'), env('value-two') as DescribedTaskDefinition)).toEqual(['containerDefinitions[api].environment[A#0]']);
  });

  test('a container that is not an object is compared as it is', () => {
    const odd = (entry: unknown) => minimal({ containerDefinitions: [entry] });
    expect(isEmptyDiff(diffTaskDefinitions(odd('api'), odd('api')))).toBe(true);
    expect(diffTaskDefinitions(odd('api'), odd('worker')).other).toStrictEqual([{ path: 'containerDefinitions[#0]', before: 'api', after: 'worker' }]);
  });
});

describe('sets and ordered lists', () => {
  type Put = (td: TaskDefinitionInput, list: unknown[]) => void;
  const inApi =
    (...fields: string[]): Put =>
    (td, list) => {
      let node = td.containerDefinitions[0] as Json;
      for (const field of fields.slice(0, -1)) node = (node[field] ??= {}) as Json;
      node[fields[fields.length - 1]!] = list;
    };
  const build = (put: Put, list: unknown[]) => {
    const td = minimal();
    put(td, deepClone(list));
    return td;
  };

  const SETS: Array<[string, Put, unknown[], unknown[]]> = [
    ['requiresCompatibilities', (td, list) => void (td.requiresCompatibilities = list), ['EC2', 'EXTERNAL'], ['EC2', 'FARGATE']],
    ['links', inApi('links'), ['db:db', 'cache:cache'], ['db:db', 'cache:redis']],
    ['credentialSpecs', inApi('credentialSpecs'), ['credentialspec:arn:aws:s3:::specs/a.json', 'credentialspec:arn:aws:s3:::specs/b.json'], ['credentialspec:arn:aws:s3:::specs/a.json']],
    ['restartPolicy.ignoredExitCodes', inApi('restartPolicy', 'ignoredExitCodes'), [0, 143], [0, 137]],
    ['linuxParameters.capabilities.add', inApi('linuxParameters', 'capabilities', 'add'), ['SYS_PTRACE', 'NET_ADMIN'], ['SYS_PTRACE']],
    ['linuxParameters.capabilities.drop', inApi('linuxParameters', 'capabilities', 'drop'), ['NET_RAW', 'MKNOD'], ['NET_RAW', 'CHOWN']],
    [
      'linuxParameters.devices[].permissions',
      (td, list) => inApi('linuxParameters', 'devices')(td, [{ hostPath: '/dev/fuse', permissions: list }]),
      ['read', 'write', 'mknod'],
      ['read', 'write'],
    ],
  ];

  test.each(SETS)('%s (a set): another order is the same, another set differs', (_what, put, values, others) => {
    expect(isEmptyDiff(diffTaskDefinitions(build(put, values), build(put, [...values].reverse())))).toBe(true);
    expect(isEmptyDiff(diffTaskDefinitions(build(put, values), build(put, others)))).toBe(false);
    expect(isEmptyDiff(diffTaskDefinitions(build(put, values), build(put, [...values, values[0]])))).toBe(false);
  });

  test('a set holding something other than plain values is compared in order', () => {
    const put = inApi('links');
    expect(isEmptyDiff(diffTaskDefinitions(build(put, [['a'], ['b']]), build(put, [['b'], ['a']])))).toBe(false);
  });

  const ORDERED: Array<[string, Put, unknown[]]> = [
    ['command', inApi('command'), ['serve', '--port=80']],
    ['entryPoint', inApi('entryPoint'), ['/usr/bin/tini', '--']],
    ['healthCheck.command', inApi('healthCheck', 'command'), ['CMD-SHELL', 'curl -f http://localhost/ || exit 1']],
    ['dnsServers (resolver order)', inApi('dnsServers'), ['10.0.0.2', '1.1.1.1']],
    ['dnsSearchDomains (search order)', inApi('dnsSearchDomains'), ['svc.internal', 'internal']],
    [
      'environmentFiles (read from the top down: a later file wins)',
      inApi('environmentFiles'),
      [
        { type: 's3', value: 'arn:aws:s3:::config/defaults.env' },
        { type: 's3', value: 'arn:aws:s3:::config/production.env' },
      ],
    ],
    ['dockerSecurityOptions', inApi('dockerSecurityOptions'), ['no-new-privileges', 'apparmor:docker-default']],
    ['linuxParameters.tmpfs[].mountOptions', (td, list) => inApi('linuxParameters', 'tmpfs')(td, [{ containerPath: '/tmp', size: 64, mountOptions: list }]), ['exec', 'noexec']],
    ['a list this code does not know', inApi('someFutureList'), ['a', 'b']],
  ];

  test.each(ORDERED)('%s (ordered): another order differs, by position', (_what, put, values) => {
    const diff = diffTaskDefinitions(build(put, values), build(put, [...values].reverse()));
    expect(isEmptyDiff(diff)).toBe(false);
    for (const change of diff.other) expect(change.path).toMatch(/\[[01]\]/);
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
    expect(lostFields(sent, described)).toEqual(['inferenceAccelerators[device-1]']);
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
