import { describe, expect, test } from '@jest/globals';
import type { ContainerDefinition as SdkContainerDefinition, RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs';
import { InputError } from '../src/core/errors.js';
import { READ_ONLY_FIELDS, mergeTags, renderTaskDefinition, stripReadOnly, upsertByName, type RenderRequest } from '../src/core/render.js';
import type { DescribedTaskDefinition, KeyValuePair, SecretRef, Tag } from '../src/core/types.js';
import { fixtureNames, loadFixture, readFixtureJson } from './fixtures/load.js';
import { deepClone } from '../src/core/clone.js';
import { thrown } from './helpers/errors.js';
import { containerOf } from './helpers/task-definitions.js';

/** What `describe-task-definition` prints and RegisterTaskDefinition refuses, written out apart from src. */
const DESCRIBE_ONLY = ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy'];

/** Every field RegisterTaskDefinition takes; the type makes tsc fail if the SDK gains or loses one. */
const REGISTER_FIELDS: Record<keyof RegisterTaskDefinitionCommandInput, true> = {
  family: true,
  taskRoleArn: true,
  executionRoleArn: true,
  networkMode: true,
  containerDefinitions: true,
  volumes: true,
  placementConstraints: true,
  requiresCompatibilities: true,
  cpu: true,
  memory: true,
  tags: true,
  pidMode: true,
  ipcMode: true,
  proxyConfiguration: true,
  inferenceAccelerators: true,
  ephemeralStorage: true,
  runtimePlatform: true,
  enableFaultInjection: true,
};

/** Every field of a container definition in the SDK model, to check that the fixtures spell fields as ECS does. */
const CONTAINER_FIELDS: Record<keyof SdkContainerDefinition, true> = {
  name: true,
  image: true,
  repositoryCredentials: true,
  cpu: true,
  memory: true,
  memoryReservation: true,
  links: true,
  portMappings: true,
  essential: true,
  restartPolicy: true,
  entryPoint: true,
  command: true,
  environment: true,
  environmentFiles: true,
  mountPoints: true,
  volumesFrom: true,
  linuxParameters: true,
  secrets: true,
  dependsOn: true,
  startTimeout: true,
  stopTimeout: true,
  versionConsistency: true,
  hostname: true,
  user: true,
  workingDirectory: true,
  disableNetworking: true,
  privileged: true,
  readonlyRootFilesystem: true,
  dnsServers: true,
  dnsSearchDomains: true,
  extraHosts: true,
  dockerSecurityOptions: true,
  interactive: true,
  pseudoTerminal: true,
  dockerLabels: true,
  ulimits: true,
  logConfiguration: true,
  healthCheck: true,
  systemControls: true,
  resourceRequirements: true,
  firelensConfiguration: true,
  credentialSpecs: true,
};

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** tsc fails here unless READ_ONLY_FIELDS is exactly the SDK's TaskDefinition fields that RegisterTaskDefinition lacks. */
const readOnlyMatchesSdk: Same<(typeof READ_ONLY_FIELDS)[number], Exclude<keyof TaskDefinition, keyof RegisterTaskDefinitionCommandInput>> = true;

const NEW_IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${'0123456789abcdef'.repeat(4)}`;
const ASKED_TAGS: Tag[] = [
  { key: 'ecs-template-deploy:commit', value: '9fceb02d0ae598e95dc970b74767f19372d61af8' },
  { key: 'ecs-template-deploy:image-tag', value: 'v1.2.3' },
];

/** The container of each fixture that a deploy sets the image of (not always the first one). */
const TARGET: Record<string, string> = {
  'arm64-ephemeral': 'worker',
  'ec2-bridge': 'api',
  'efs-volumes': 'cms',
  'fargate-web': 'web',
  'firelens-xray': 'app',
  'healthcheck-dependson': 'app',
  'proxy-config': 'app',
  secrets: 'billing',
  windows: 'iis',
};

const NAMES = fixtureNames();

type Json = Record<string, unknown>;

function targetOf(name: string): string {
  const target = TARGET[name];
  if (!target) throw new Error(`add fixture ${name} to TARGET`);
  return target;
}

function request(overrides: Partial<RenderRequest> = {}): RenderRequest {
  return { family: 'target', images: new Map(), environment: [], secrets: [], tags: [], ...overrides };
}

function renderFixture(name: string, tags: Tag[] = ASKED_TAGS) {
  const { taskDefinition, tags: templateTags } = loadFixture(name);
  return renderTaskDefinition(taskDefinition, templateTags, {
    family: taskDefinition.family.replace(/-template$/, ''),
    images: new Map([[targetOf(name), NEW_IMAGE]]),
    environment: [],
    secrets: [],
    tags,
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Every leaf of a JSON value by path; empty arrays and objects count as leaves, so that they must survive too. */
function leaves(value: unknown, path = '$', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, []);
    value.forEach((item, i) => leaves(item, `${path}[${i}]`, out));
  } else if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) out.set(path, {});
    for (const [key, item] of entries) leaves(item, `${path}.${key}`, out);
  } else {
    out.set(path, value);
  }
  return out;
}

describe('fixtures', () => {
  test('there are at least 8 described task definitions, one per required case', () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(8);
    for (const required of ['fargate-web', 'ec2-bridge', 'firelens-xray', 'secrets', 'efs-volumes', 'arm64-ephemeral', 'healthcheck-dependson', 'windows']) {
      expect(NAMES).toContain(required);
    }
    expect(Object.keys(TARGET).sort()).toEqual(NAMES);
  });

  test.each(NAMES)('%s looks like `describe-task-definition --include TAGS` output', (name) => {
    const json = readFixtureJson(name);
    expect(Object.keys(json).sort()).toEqual(['tags', 'taskDefinition']);
    const td = json.taskDefinition as Json;
    const family = td.family as string;
    expect(family).toMatch(/-template$/);
    expect(td.taskDefinitionArn).toMatch(new RegExp(`^arn:aws:ecs:[a-z0-9-]+:\\d{12}:task-definition/${family}:${String(td.revision)}$`));
    expect(Number.isInteger(td.revision)).toBe(true);
    expect(td.status).toBe('ACTIVE');
    expect(td.registeredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
    expect(td.registeredBy).toMatch(/^arn:aws:(iam|sts)::\d{12}:/);
    const attributes = td.requiresAttributes as Array<{ name: string }>;
    expect(attributes.length).toBeGreaterThan(0);
    for (const attribute of attributes) expect(attribute.name).toMatch(/^(com\.amazonaws\.)?ecs\.capability\./);
    expect(td.compatibilities).toEqual(expect.arrayContaining(td.requiresCompatibilities as string[]));
    for (const field of Object.keys(td)) {
      expect(DESCRIBE_ONLY.includes(field) || field in REGISTER_FIELDS).toBe(true);
    }
    for (const container of td.containerDefinitions as Json[]) {
      for (const field of Object.keys(container)) expect([name, field, field in CONTAINER_FIELDS]).toEqual([name, field, true]);
      // ECS describes these defaults explicitly.
      expect(typeof container.cpu).toBe('number');
      expect(typeof container.essential).toBe('boolean');
      expect(Array.isArray(container.mountPoints) && Array.isArray(container.volumesFrom)).toBe(true);
      for (const mapping of (container.portMappings as Json[] | undefined) ?? []) {
        expect(mapping.protocol).toMatch(/^(tcp|udp)$/);
        expect(typeof mapping.hostPort).toBe('number');
      }
    }
    for (const tag of json.tags as Tag[]) expect(Object.keys(tag).sort()).toEqual(['key', 'value']);
  });
});

describe('READ_ONLY_FIELDS', () => {
  test('holds exactly the described fields that RegisterTaskDefinition does not take', () => {
    expect(readOnlyMatchesSdk).toBe(true);
    expect([...READ_ONLY_FIELDS].sort()).toEqual([...DESCRIBE_ONLY, 'deleteRequestedAt', 'deregisteredAt'].sort());
    for (const field of READ_ONLY_FIELDS) expect(field in REGISTER_FIELDS).toBe(false);
  });
});

describe('renderTaskDefinition over every fixture', () => {
  test.each(NAMES)('%s: exactly the template minus read-only fields, new family and image, template tags + asked tags', (name) => {
    const rendered = renderFixture(name);

    const raw = readFixtureJson(name);
    const expected = raw.taskDefinition as Json;
    for (const field of DESCRIBE_ONLY) delete expected[field];
    expected.family = (expected.family as string).replace(/-template$/, '');
    const target = (expected.containerDefinitions as Json[]).find((c) => c.name === targetOf(name));
    if (!target) throw new Error('target container missing');
    target.image = NEW_IMAGE;
    expected.tags = [...(raw.tags as Tag[]), ...ASKED_TAGS];

    expect(rendered).toStrictEqual(expected);
    // What goes on the wire: no Date, no undefined, nothing JSON would lose.
    expect(JSON.parse(JSON.stringify(rendered))).toStrictEqual(rendered);
  });

  test.each(NAMES)('%s: the request holds only fields RegisterTaskDefinition accepts', (name) => {
    const rendered = renderFixture(name);
    for (const field of Object.keys(rendered)) expect([field, field in REGISTER_FIELDS]).toEqual([field, true]);
  });

  test.each(NAMES)('%s: every leaf of the template survives; only family and the one image change', (name) => {
    const template = readFixtureJson(name).taskDefinition as Json;
    for (const field of DESCRIBE_ONLY) delete template[field];
    const rendered: Json = { ...renderFixture(name) };
    delete rendered.tags;

    const before = leaves(template);
    const after = leaves(rendered);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const changed = [...before.keys()].filter((path) => JSON.stringify(before.get(path)) !== JSON.stringify(after.get(path)));
    const index = (template.containerDefinitions as Json[]).findIndex((c) => c.name === targetOf(name));
    expect(changed.sort()).toEqual([`$.containerDefinitions[${index}].image`, '$.family'].sort());
  });

  test.each(NAMES)('%s: the template and its tags are not modified', (name) => {
    const { taskDefinition, tags } = loadFixture(name);
    deepFreeze(taskDefinition);
    deepFreeze(tags);
    const rendered = renderTaskDefinition(taskDefinition, tags, {
      family: 'other',
      images: new Map([[targetOf(name), NEW_IMAGE]]),
      overlayContainer: targetOf(name),
      environment: [{ name: 'ADDED', value: 'x' }],
      secrets: [{ name: 'ADDED_SECRET', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/added' }],
      tags: ASKED_TAGS,
    });
    expect(loadFixture(name)).toStrictEqual({ taskDefinition, tags });
    // The render shares no object with the template.
    const target = containerOf(rendered, targetOf(name));
    target.environment?.push({ name: 'LATER', value: 'y' });
    expect(containerOf(taskDefinition, targetOf(name)).environment?.some((e) => e.name === 'LATER') ?? false).toBe(false);
  });

  test.each(NAMES)('%s: empty-string values survive (environment and elsewhere)', (name) => {
    const template = loadFixture(name).taskDefinition;
    const rendered = renderFixture(name);
    const emptyInTemplate = [...leaves(template)].filter(([, v]) => v === '').map(([path]) => path);
    const emptyInRender = [...leaves(rendered)].filter(([, v]) => v === '').map(([path]) => path);
    expect(emptyInRender).toEqual(emptyInTemplate);
  });

  test('the fixtures do carry the values a lossy render would drop', () => {
    const env = containerOf(renderFixture('fargate-web'), 'web').environment;
    expect(env).toContainEqual({ name: 'FEATURE_FLAGS', value: '' });
    expect(env).toContainEqual({ name: 'DATABASE_OPTIONS', value: 'sslmode=require&connect_timeout=5' });
    expect(containerOf(renderFixture('healthcheck-dependson'), 'app').environment).toContainEqual({ name: 'RAILS_LOG_TO_STDOUT', value: '' });

    const arm = renderFixture('arm64-ephemeral');
    expect(arm.ephemeralStorage).toEqual({ sizeInGiB: 50 });
    expect(arm.runtimePlatform).toEqual({ cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' });
    expect(arm.enableFaultInjection).toBe(true);
    expect(arm.pidMode).toBe('task');
    const worker = containerOf(arm, 'worker');
    expect(worker.restartPolicy).toEqual({ enabled: true, ignoredExitCodes: [0, 143], restartAttemptPeriod: 180 });
    expect(worker.versionConsistency).toBe('disabled');
    expect(worker.linuxParameters).toEqual({ capabilities: { add: ['SYS_PTRACE'], drop: ['NET_RAW', 'MKNOD'] }, initProcessEnabled: true });

    const windows = renderFixture('windows');
    expect(windows.runtimePlatform).toEqual({ cpuArchitecture: 'X86_64', operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' });
    expect(containerOf(windows, 'iis').workingDirectory).toBe('C:\\inetpub\\wwwroot');

    const proxy = renderFixture('proxy-config');
    expect(proxy.proxyConfiguration).toMatchObject({ type: 'APPMESH', containerName: 'envoy' });

    const efs = renderFixture('efs-volumes');
    expect(efs.volumes).toContainEqual({
      name: 'uploads',
      efsVolumeConfiguration: {
        fileSystemId: 'fs-0a1b2c3d4e5f67890',
        rootDirectory: '/',
        transitEncryption: 'ENABLED',
        authorizationConfig: { accessPointId: 'fsap-0123456789abcdef0', iam: 'ENABLED' },
      },
    });
    expect(efs.volumes).toContainEqual({ name: 'render-scratch', host: {} });

    const firelens = renderFixture('firelens-xray');
    expect(containerOf(firelens, 'log-router').firelensConfiguration).toMatchObject({ type: 'fluentbit' });
    expect(containerOf(firelens, 'app').logConfiguration).toMatchObject({ logDriver: 'awsfirelens', secretOptions: [{ name: 'apikey' }] });

    const bridge = renderFixture('ec2-bridge');
    expect(bridge.networkMode).toBe('bridge');
    expect(bridge.placementConstraints).toHaveLength(2);
    expect(containerOf(bridge, 'api').ulimits).toHaveLength(2);
    expect(containerOf(bridge, 'redis').command).toContain('');
  });

  test('a field this code does not know, at the top or in a container, is carried over', () => {
    const { taskDefinition, tags } = loadFixture('fargate-web');
    taskDefinition.someFutureSetting = { mode: 'strict', levels: [1, 2] };
    containerOf(taskDefinition, 'web').someFutureContainerSetting = '';
    const rendered = renderTaskDefinition(taskDefinition, tags, request({ images: new Map([['web', NEW_IMAGE]]) }));
    expect(rendered.someFutureSetting).toEqual({ mode: 'strict', levels: [1, 2] });
    expect(containerOf(rendered, 'web').someFutureContainerSetting).toBe('');
  });

  test('read-only fields as the SDK returns them (Date objects, deregistered) are dropped', () => {
    const { taskDefinition } = loadFixture('windows');
    const fromSdk: DescribedTaskDefinition = {
      ...taskDefinition,
      registeredAt: new Date('2024-07-30T18:56:12.447Z'),
      deregisteredAt: new Date('2025-01-02T00:00:00Z'),
      deleteRequestedAt: new Date('2025-01-03T00:00:00Z'),
      status: 'INACTIVE',
    };
    const rendered = renderTaskDefinition(fromSdk, [], request({ images: new Map([['iis', NEW_IMAGE]]) }));
    for (const field of READ_ONLY_FIELDS) expect(field in rendered).toBe(false);
    expect('tags' in rendered).toBe(false);
  });
});

describe('stripReadOnly', () => {
  test('drops read-only fields and embedded tags, keeps the rest, leaves the input alone', () => {
    const { taskDefinition } = loadFixture('secrets');
    const described = { ...taskDefinition, deregisteredAt: '2025-06-01T00:00:00.000000+00:00', tags: [{ key: 'a', value: 'b' }] };
    const snapshot = deepClone(described);
    const stripped = stripReadOnly(described);
    expect(described).toStrictEqual(snapshot);
    const expected: Json = deepClone(described);
    for (const field of [...DESCRIBE_ONLY, 'deregisteredAt', 'tags']) delete expected[field];
    expect(stripped).toStrictEqual(expected);
  });
});

describe('environment and secrets overlays', () => {
  function renderWeb(environment: KeyValuePair[], secrets: SecretRef[] = []) {
    const { taskDefinition, tags } = loadFixture('fargate-web');
    return renderTaskDefinition(taskDefinition, tags, request({ overlayContainer: 'web', environment, secrets }));
  }

  test('existing keys keep their position and take the new value; new keys are appended in order', () => {
    const rendered = renderWeb([
      { name: 'PORT', value: '9090' },
      { name: 'SIGNING_KEYS', value: 'k1=v1=v2' },
      { name: 'FEATURE_FLAGS', value: 'checkout=on,search=off' },
      { name: 'EMPTY_ONE', value: '' },
    ]);
    expect(containerOf(rendered, 'web').environment).toStrictEqual([
      { name: 'NODE_ENV', value: 'production' },
      { name: 'FEATURE_FLAGS', value: 'checkout=on,search=off' },
      { name: 'DATABASE_OPTIONS', value: 'sslmode=require&connect_timeout=5' },
      { name: 'PORT', value: '9090' },
      { name: 'JAVA_TOOL_OPTIONS', value: '-Dfile.encoding=UTF-8 -XX:MaxRAMPercentage=75.0' },
      { name: 'PUBLIC_BASE_URL', value: 'https://shop.example.com/?ref=ecs&lang=en' },
      { name: 'SIGNING_KEYS', value: 'k1=v1=v2' },
      { name: 'EMPTY_ONE', value: '' },
    ]);
  });

  test('an existing value can be set to the empty string', () => {
    const env = containerOf(renderWeb([{ name: 'NODE_ENV', value: '' }]), 'web').environment;
    expect(env?.[0]).toStrictEqual({ name: 'NODE_ENV', value: '' });
    expect(env).toHaveLength(6);
  });

  test('secrets: existing names keep their position, new ones are appended, JSON-key ARNs kept verbatim', () => {
    const { taskDefinition, tags } = loadFixture('secrets');
    const newPassword = 'arn:aws:secretsmanager:us-east-2:123456789012:secret:billing/rds-credentials-V3xQ9a:password:AWSCURRENT:';
    const rendered = renderTaskDefinition(
      taskDefinition,
      tags,
      request({
        overlayContainer: 'billing',
        secrets: [
          { name: 'DB_PASSWORD', valueFrom: newPassword },
          { name: 'SENTRY_DSN', valueFrom: 'arn:aws:ssm:us-east-2:123456789012:parameter/billing/production/sentry-dsn' },
        ],
      }),
    );
    const before = containerOf(taskDefinition, 'billing').secrets ?? [];
    const after = containerOf(rendered, 'billing').secrets ?? [];
    expect(after.map((s) => s.name)).toEqual([...before.map((s) => s.name), 'SENTRY_DSN']);
    expect(after[1]).toStrictEqual({ name: 'DB_PASSWORD', valueFrom: newPassword });
    expect(after[0]?.valueFrom).toBe('arn:aws:secretsmanager:us-east-2:123456789012:secret:billing/rds-credentials-V3xQ9a:username::');
    // The environment is untouched when only secrets are given.
    expect(containerOf(rendered, 'billing').environment).toStrictEqual(containerOf(taskDefinition, 'billing').environment);
  });

  test('overlays only touch the named container, and create the lists where it had none', () => {
    const { taskDefinition, tags } = loadFixture('firelens-xray');
    const rendered = renderTaskDefinition(
      taskDefinition,
      tags,
      request({
        overlayContainer: 'xray-daemon',
        environment: [{ name: 'AWS_REGION', value: 'us-east-1' }],
        secrets: [{ name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/token' }],
      }),
    );
    expect(containerOf(rendered, 'xray-daemon').environment).toStrictEqual([{ name: 'AWS_REGION', value: 'us-east-1' }]);
    expect(containerOf(rendered, 'xray-daemon').secrets).toStrictEqual([{ name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/token' }]);
    expect(containerOf(rendered, 'app')).toStrictEqual(containerOf(taskDefinition, 'app'));
    expect(containerOf(rendered, 'log-router')).toStrictEqual(containerOf(taskDefinition, 'log-router'));
  });

  test('no overlay adds no empty environment or secrets list', () => {
    const rendered = renderFixture('firelens-xray');
    expect('environment' in containerOf(rendered, 'xray-daemon')).toBe(false);
    expect('secrets' in containerOf(rendered, 'app')).toBe(false);
  });

  test('an overlay without a container to put it in is an input error, not a guess', () => {
    const { taskDefinition, tags } = loadFixture('fargate-web');
    const error = thrown(() => renderTaskDefinition(taskDefinition, tags, request({ environment: [{ name: 'A', value: 'b' }] })));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('container-name');
  });

  test('an unknown overlay container names the input and lists the containers', () => {
    const { taskDefinition, tags } = loadFixture('healthcheck-dependson');
    const error = thrown(() =>
      renderTaskDefinition(taskDefinition, tags, request({ overlayContainer: 'web', secrets: [{ name: 'A', valueFrom: 'arn:aws:ssm:us-west-2:123456789012:parameter/a' }] })),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('container-name');
    expect((error as Error).message).toContain('"web"');
    expect((error as Error).message).toContain('migrate, redis, otel-collector, app');
  });
});

describe('images', () => {
  test('an images map sets several containers in one render and leaves the others alone', () => {
    const { taskDefinition, tags } = loadFixture('firelens-xray');
    const xray = 'public.ecr.aws/xray/aws-xray-daemon:3.3.14';
    const rendered = renderTaskDefinition(taskDefinition, tags, request({ images: new Map([['app', NEW_IMAGE], ['xray-daemon', xray]]) }));
    expect(rendered.containerDefinitions.map((c) => [c.name, c.image])).toEqual([
      ['app', NEW_IMAGE],
      ['log-router', 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4'],
      ['xray-daemon', xray],
    ]);
    const { image: _a, ...appRest } = containerOf(rendered, 'app');
    const { image: _b, ...appBefore } = containerOf(taskDefinition, 'app');
    expect(appRest).toStrictEqual(appBefore);
  });

  test('two containers sharing one image can each be set', () => {
    const { taskDefinition, tags } = loadFixture('healthcheck-dependson');
    const rendered = renderTaskDefinition(taskDefinition, tags, request({ images: new Map([['app', NEW_IMAGE], ['migrate', NEW_IMAGE]]) }));
    expect(containerOf(rendered, 'migrate').image).toBe(NEW_IMAGE);
    expect(containerOf(rendered, 'app').image).toBe(NEW_IMAGE);
    expect(containerOf(rendered, 'redis').image).toBe('public.ecr.aws/docker/library/redis:7.4');
  });

  test.each(NAMES)('%s: an unknown container is an InputError naming the input and listing the containers', (name) => {
    const { taskDefinition, tags } = loadFixture(name);
    const error = thrown(() => renderTaskDefinition(taskDefinition, tags, request({ images: new Map([['no-such-container', NEW_IMAGE]]) })));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('images');
    const message = (error as Error).message;
    expect(message).toContain('"no-such-container"');
    for (const container of taskDefinition.containerDefinitions) expect(message).toContain(container.name);
  });
});

describe('tags', () => {
  test('template tags come first, asked tags after; an asked tag replaces a template value in place', () => {
    const { taskDefinition, tags } = loadFixture('fargate-web');
    const rendered = renderTaskDefinition(taskDefinition, tags, request({ tags: [{ key: 'Environment', value: 'staging' }, ...ASKED_TAGS] }));
    expect(rendered.tags).toStrictEqual([
      { key: 'Environment', value: 'staging' },
      { key: 'ManagedBy', value: 'terraform' },
      { key: 'Service', value: 'storefront-web' },
      ...ASKED_TAGS,
    ]);
  });

  test('no tags at all gives no tags field', () => {
    const { taskDefinition } = loadFixture('fargate-web');
    expect('tags' in renderTaskDefinition(taskDefinition, [], request())).toBe(false);
  });

  test('mergeTags: later lists win, first appearance fixes the order, inputs untouched', () => {
    const a = deepFreeze([{ key: 'x', value: '1' }, { key: 'y', value: '2' }]);
    const b = deepFreeze([{ key: 'z', value: '3' }, { key: 'x', value: '4' }]);
    expect(mergeTags(a, b)).toStrictEqual([
      { key: 'x', value: '4' },
      { key: 'y', value: '2' },
      { key: 'z', value: '3' },
    ]);
    expect(mergeTags()).toStrictEqual([]);
    expect(mergeTags([{ key: 'k', value: '' }])).toStrictEqual([{ key: 'k', value: '' }]);
  });
});

describe('upsertByName', () => {
  test.each<[string, KeyValuePair[] | undefined, KeyValuePair[], KeyValuePair[]]>([
    ['absent list', undefined, [{ name: 'A', value: '1' }], [{ name: 'A', value: '1' }]],
    ['empty overlay', [{ name: 'A', value: '1' }], [], [{ name: 'A', value: '1' }]],
    [
      'replace in place and append',
      [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'C', value: '3' }],
      [{ name: 'D', value: '4' }, { name: 'B', value: '' }],
      [{ name: 'A', value: '1' }, { name: 'B', value: '' }, { name: 'C', value: '3' }, { name: 'D', value: '4' }],
    ],
    ['names are case-sensitive', [{ name: 'path', value: 'a' }], [{ name: 'PATH', value: 'b' }], [{ name: 'path', value: 'a' }, { name: 'PATH', value: 'b' }]],
  ])('%s', (_title, existing, overlay, expected) => {
    const frozenExisting = existing && deepFreeze(existing);
    expect(upsertByName(frozenExisting, deepFreeze(overlay))).toStrictEqual(expected);
  });

  test('returns copies, not the entries it was given', () => {
    const existing = [{ name: 'A', value: '1' }];
    const overlay = [{ name: 'B', value: '2' }];
    const out = upsertByName(existing, overlay);
    (out[0] as KeyValuePair).value = 'changed';
    (out[1] as KeyValuePair).value = 'changed';
    expect(existing[0]?.value).toBe('1');
    expect(overlay[0]?.value).toBe('2');
  });
});
