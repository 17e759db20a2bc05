/**
 * The orchestration end to end, in process: run() with the runner protocol (src/runner.ts) mocked, ECS and ECR clients
 * mocked with aws-sdk-client-mock, and a fake clock. Asserts the exact requests sent, their order,
 * the outputs, the one failure message, and that nothing is written when something is wrong.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import 'aws-sdk-client-mock-jest';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { DescribeImagesCommand, ECRClient, ImageNotFoundException } from '@aws-sdk/client-ecr';
import {
  AccessDeniedException,
  DeregisterTaskDefinitionCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  TagResourceCommand,
  UpdateServiceCommand,
  type Deployment,
  type DescribeServicesCommandOutput,
  type Service,
  type ServiceDeployment,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { FakeClock } from './helpers/fake-clock.js';
import type { DescribedTaskDefinition, Tag } from '../src/core/types.js';
import { loadFixture, readFixtureJson } from './fixtures/load.js';

// ---------------------------------------------------------------------------------------------
// The runner protocol (src/runner.ts), captured

const core = {
  inputs: new Map<string, string>(),
  outputs: new Map<string, string>(),
  infos: [] as string[],
  warnings: [] as string[],
  errors: [] as string[],
  failures: [] as string[],
  summaries: [] as string[],
  reset() {
    this.inputs.clear();
    this.outputs.clear();
    for (const list of [this.infos, this.warnings, this.errors, this.failures, this.summaries]) list.length = 0;
  },
  /** Everything the step showed a user: log lines, warnings, the failure, the summary, the outputs. */
  allText(): string {
    return [...this.infos, ...this.warnings, ...this.errors, ...this.failures, ...this.summaries, ...this.outputs.values()].join('\n');
  },
};

jest.unstable_mockModule('../src/runner.js', () => ({
  // Like the real getInput: an input that is not set reads as '', and the value is trimmed.
  getInput: (name: string) => (core.inputs.get(name) ?? '').trim(),
  setOutput: (name: string, value: string) => void core.outputs.set(name, value),
  setFailed: (message: string) => void core.failures.push(message),
  setSecret: () => undefined,
  info: (message: string) => void core.infos.push(message),
  warning: (message: string) => void core.warnings.push(message),
  group: async <T>(title: string, body: () => Promise<T>): Promise<T> => {
    core.infos.push(`::group::${title}`);
    try {
      return await body();
    } finally {
      core.infos.push('::endgroup::');
    }
  },
  appendSummary: async (markdown: string) => void core.summaries.push(`${markdown}\n`),
}));

const { run } = await import('../src/main.js');

// ---------------------------------------------------------------------------------------------
// The world: a service in ap-southeast-2 deployed from the Terraform template `api-template`

const ACCOUNT = '123456789012';
const REGION = 'ap-southeast-2';
const TD = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition`;
const TEMPLATE_ARN = `${TD}/api-template:61`;
const PREVIOUS_ARN = `${TD}/api:41`;
const NEW_ARN = `${TD}/api:42`;
const SERVICE_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/api`;
const SD_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:service-deployment/prod/api/Hq2XyEjKmV0vZ1m3Tn5aB`;
const REPOSITORY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/api`;
const IMAGE = `${REPOSITORY}:v1.2.3`;
const DIGEST = `sha256:${'4e7a'.repeat(16)}`;
const PINNED = `${REPOSITORY}@${DIGEST}`;
const OLD_PINNED = `${REPOSITORY}@sha256:${'0b1c'.repeat(16)}`;
const SHA = '8f4c2a1e9b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39';
const T0 = Date.parse('2025-06-01T12:00:00.000Z');

const ENV: NodeJS.ProcessEnv = {
  AWS_REGION: REGION,
  GITHUB_SHA: SHA,
  GITHUB_REPOSITORY: 'acme/api',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '9876543210',
  GITHUB_RUN_ATTEMPT: '2',
};

/** The provenance tags a deploy of IMAGE from this run adds, written out apart from src. */
const PROVENANCE: Tag[] = [
  { key: 'ecs-template-deploy:commit', value: SHA },
  { key: 'ecs-template-deploy:repository', value: 'acme/api' },
  { key: 'ecs-template-deploy:run-url', value: 'https://github.com/acme/api/actions/runs/9876543210/attempts/2' },
  { key: 'ecs-template-deploy:template', value: TEMPLATE_ARN },
  { key: 'ecs-template-deploy:image-tag', value: 'v1.2.3' },
];

/** Fields of a described task definition that a registration must not carry, written out apart from src. */
const DESCRIBE_ONLY = ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy'];

/** A fixture retargeted to be the `api-template` family (its ARN too). */
function templateFrom(fixture: string, family = 'api-template'): { taskDefinition: DescribedTaskDefinition; tags: Tag[] } {
  const described = loadFixture(fixture);
  described.taskDefinition.family = family;
  described.taskDefinition.taskDefinitionArn = `${TD}/${family}:61`;
  return described;
}

/** The registration a deploy of `image` renders from the arm64-ephemeral fixture, computed from the raw JSON. */
/** The per-attempt token the revision is registered with: run id, attempt, content hash, random. */
const REGISTER_TOKEN = { key: 'ecs-template-deploy:register-token', value: expect.stringMatching(/^9876543210-2-[0-9a-f]{12}-[0-9a-f]{8}$/) };

function expectedRegistration(image = PINNED, extraTags: Tag[] = []): Record<string, unknown> {
  const json = readFixtureJson('arm64-ephemeral') as { taskDefinition: Record<string, unknown>; tags: Tag[] };
  const body = structuredClone(json.taskDefinition);
  for (const field of DESCRIBE_ONLY) delete body[field];
  body.family = 'api';
  (body.containerDefinitions as Array<Record<string, unknown>>)[0]!.image = image;
  body.tags = [...json.tags, ...extraTags, ...PROVENANCE, REGISTER_TOKEN];
  return body;
}

/** A registration as DescribeTaskDefinition/RegisterTaskDefinition return it. */
function asDescribed(body: Record<string, unknown>, arn: string): { taskDefinition: DescribedTaskDefinition; tags: Tag[] } {
  const { tags: given, ...untagged } = body as Record<string, unknown> & { tags?: Tag[] };
  const rest = structuredClone(untagged);
  const tags = given?.filter((t) => (t as unknown) !== REGISTER_TOKEN);
  return {
    taskDefinition: {
      ...(rest as DescribedTaskDefinition),
      taskDefinitionArn: arn,
      revision: Number(arn.split(':').pop()),
      status: 'ACTIVE',
      compatibilities: ['EC2', 'FARGATE'],
      requiresAttributes: [{ name: 'ecs.capability.task-eni' }, { name: 'com.amazonaws.ecs.capability.ecr-auth' }],
      registeredAt: new Date(T0 - 86_400_000),
      registeredBy: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/gha`,
    },
    tags: tags ?? [],
  };
}

/** What the service serves before the step: an earlier deploy of another image (with its own provenance). */
function previousRevision(image = OLD_PINNED) {
  const body = expectedRegistration(image);
  body.tags = [
    ...(body.tags as Tag[]).filter((t) => !t.key.startsWith('ecs-template-deploy:')),
    { key: 'ecs-template-deploy:commit', value: '1111111111111111111111111111111111111111' },
    { key: 'ecs-template-deploy:image-tag', value: 'v1.2.2' },
  ];
  return asDescribed(body, PREVIOUS_ARN);
}

const DEPLOYMENT_CONFIGURATION = {
  maximumPercent: 200,
  minimumHealthyPercent: 100,
  strategy: 'ROLLING' as const,
  deploymentCircuitBreaker: { enable: false, rollback: false },
  alarms: { alarmNames: ['api-legacy-alarm'], enable: false, rollback: false },
};

function serviceBefore(overrides: Partial<Service> = {}): Service {
  return {
    serviceName: 'api',
    serviceArn: SERVICE_ARN,
    clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`,
    status: 'ACTIVE',
    desiredCount: 3,
    runningCount: 3,
    pendingCount: 0,
    launchType: 'FARGATE',
    taskDefinition: PREVIOUS_ARN,
    deploymentController: { type: 'ECS' },
    deploymentConfiguration: structuredClone(DEPLOYMENT_CONFIGURATION),
    deployments: [
      {
        id: 'ecs-svc/1111111111111111111',
        status: 'PRIMARY',
        taskDefinition: PREVIOUS_ARN,
        desiredCount: 3,
        runningCount: 3,
        pendingCount: 0,
        failedTasks: 0,
        rolloutState: 'COMPLETED',
        rolloutStateReason: 'ECS deployment ecs-svc/1111111111111111111 completed.',
        createdAt: new Date(T0 - 86_400_000),
      },
    ],
    events: [{ id: 'ev-old', createdAt: new Date(T0 - 3_600_000), message: '(service api) has reached a steady state.' }],
    ...overrides,
  };
}

const NEW_DEPLOYMENT_ID = 'ecs-svc/2222222222222222222';

function ourDeployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: NEW_DEPLOYMENT_ID,
    status: 'PRIMARY',
    taskDefinition: NEW_ARN,
    desiredCount: 3,
    runningCount: 0,
    pendingCount: 3,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: 'ECS deployment ecs-svc/2222222222222222222 in progress.',
    createdAt: new Date(T0 + 1000),
    ...overrides,
  };
}

/** The service as DescribeServices shows it during and after the rollout. */
function serviceDuring(deployments: Deployment[], events: Array<{ id: string; at: number; message: string }> = []): Service {
  const before = serviceBefore();
  return {
    ...before,
    taskDefinition: deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? NEW_ARN,
    deployments,
    events: [...events.map((e) => ({ id: e.id, createdAt: new Date(e.at), message: e.message })).reverse(), ...(before.events ?? [])],
  };
}

// ---------------------------------------------------------------------------------------------
// Mocked clients and a fake clock

const ecs = new ECSClient({ region: REGION });
const ecsMock = mockClient(ecs);
const ecr = new ECRClient({ region: REGION });
const ecrMock = mockClient(ecr);
const ecrRegions: string[] = [];
const logs = new CloudWatchLogsClient({ region: REGION });
const logsMock = mockClient(logs);
const logRegions: string[] = [];
const ssm = new SSMClient({ region: REGION });
const ssmMock = mockClient(ssm);
/** Every request, in order, across both clients: "DescribeTaskDefinition api-template", ... */
const sequence: string[] = [];

let clock: FakeClock;

/** Commands that change something in AWS. */
const WRITES = new Set(['RegisterTaskDefinitionCommand', 'UpdateServiceCommand', 'TagResourceCommand', 'UntagResourceCommand', 'DeregisterTaskDefinitionCommand', 'DeleteTaskDefinitionsCommand', 'CreateServiceCommand']);

function ecsCommandNames(): string[] {
  return ecsMock.calls().map((call) => (call.args[0] as object).constructor.name);
}

function expectNoWrites(): void {
  const names = ecsCommandNames();
  expect(names.filter((n) => WRITES.has(n))).toEqual([]);
  for (const name of names) expect(name).toMatch(/^(Describe|List)/);
}

interface World {
  service?: Service;
  template?: { taskDefinition: DescribedTaskDefinition; tags: Tag[] };
  previous?: { taskDefinition: DescribedTaskDefinition; tags: Tag[] };
  /** What ECS keeps of a registration (default: all of it). */
  register?: (input: Record<string, unknown>) => Record<string, unknown>;
}

/** Wires the mocks: the service, the template, the serving revision, ECR, register and update. */
function world(w: World = {}): void {
  const template = w.template ?? templateFrom('arm64-ephemeral');
  const previous = w.previous ?? previousRevision();
  const service = w.service ?? serviceBefore();
  ecsMock.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => {
    sequence.push(`DescribeServices ${input.services.join(',')}`);
    return { services: [structuredClone(service)], failures: [] };
  });
  ecsMock.on(DescribeTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => {
    sequence.push(`DescribeTaskDefinition ${input.taskDefinition}`);
    const ref = input.taskDefinition;
    const found = [template, previous].find((d) => ref === d.taskDefinition.taskDefinitionArn || ref === d.taskDefinition.family);
    if (!found) throw Object.assign(new Error('Unable to describe task definition.'), { name: 'ClientException' });
    return structuredClone(found);
  });
  ecrMock.on(DescribeImagesCommand).callsFake((input: { imageIds: Array<{ imageTag: string }> }) => {
    sequence.push(`ecr:DescribeImages ${input.imageIds[0]?.imageTag}`);
    return { imageDetails: [{ registryId: ACCOUNT, repositoryName: 'api', imageDigest: DIGEST, imageTags: ['v1.2.3'] }] };
  });
  ecsMock.on(RegisterTaskDefinitionCommand).callsFake((input: Record<string, unknown>) => {
    sequence.push(`RegisterTaskDefinition ${String(input.family)}`);
    return asDescribed(w.register ? w.register(structuredClone(input)) : input, NEW_ARN);
  });
  ecsMock.on(UpdateServiceCommand).callsFake((input: UpdateServiceCommandInput) => {
    sequence.push(`UpdateService ${input.taskDefinition}`);
    const before = serviceBefore();
    return {
      service: {
        ...before,
        taskDefinition: input.taskDefinition,
        deploymentConfiguration: input.deploymentConfiguration,
        deployments: [ourDeployment({ taskDefinition: input.taskDefinition }), { ...before.deployments![0], status: 'ACTIVE' }],
        currentServiceDeployment: SD_ARN,
      },
    };
  });
  ecsMock.on(DeregisterTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => {
    sequence.push(`DeregisterTaskDefinition ${input.taskDefinition}`);
    return { taskDefinition: { taskDefinitionArn: input.taskDefinition, status: 'INACTIVE' } };
  });
  ecsMock.on(TagResourceCommand).callsFake((input: { resourceArn: string }) => {
    sequence.push(`TagResource ${input.resourceArn}`);
    return {};
  });
}

function inputs(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) core.inputs.set(name, value);
}

const DEPLOY_INPUTS = { cluster: 'prod', service: 'api', template: 'api-template', image: IMAGE, wait: 'false' };

async function runStep(env: NodeJS.ProcessEnv = ENV): Promise<void> {
  const controller = new AbortController();
  await run({
    ecs,
    ecrFor: (region) => {
      ecrRegions.push(region);
      return ecr;
    },
    logsFor: (region) => {
      logRegions.push(region);
      return logs;
    },
    ssm,
    clock,
    env,
    signal: controller.signal,
  });
}

function registered(): Record<string, unknown> {
  const calls = ecsMock.commandCalls(RegisterTaskDefinitionCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input as unknown as Record<string, unknown>;
}

function updated(): UpdateServiceCommandInput {
  const calls = ecsMock.commandCalls(UpdateServiceCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input;
}

function outputs(): Record<string, string> {
  return Object.fromEntries(core.outputs);
}

const savedSummary = process.env.GITHUB_STEP_SUMMARY;
beforeAll(() => {
  // finish() writes the job summary only where GitHub gives a summary file; the mock captures it.
  process.env.GITHUB_STEP_SUMMARY = '/dev/null';
});
afterAll(() => {
  if (savedSummary === undefined) delete process.env.GITHUB_STEP_SUMMARY;
  else process.env.GITHUB_STEP_SUMMARY = savedSummary;
});

beforeEach(() => {
  core.reset();
  ecsMock.reset();
  ecrMock.reset();
  ecrRegions.length = 0;
  logsMock.reset();
  logsMock.on(GetLogEventsCommand).resolves({ events: [] });
  logRegions.length = 0;
  ssmMock.reset();
  sequence.length = 0;
  clock = new FakeClock(T0);
});

// ---------------------------------------------------------------------------------------------

describe('a deploy without waiting', () => {
  test('reads, pins the image, registers the template render into "api" and points the service at it', async () => {
    world();
    inputs(DEPLOY_INPUTS);
    await runStep();

    expect(core.failures).toEqual([]);
    expect(sequence).toEqual([
      'DescribeServices api',
      'DescribeTaskDefinition api-template',
      'DescribeTaskDefinition api',
      'ecr:DescribeImages v1.2.3',
      'RegisterTaskDefinition api',
      `UpdateService ${NEW_ARN}`,
    ]);
    expect(ecsMock).toHaveReceivedCommandWith(DescribeServicesCommand, { cluster: 'prod', services: ['api'] });
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand).map((c) => c.args[0].input)).toEqual([
      { taskDefinition: 'api-template', include: ['TAGS'] },
      { taskDefinition: 'api', include: ['TAGS'] },
    ]);
    expect(ecrRegions).toEqual([REGION]);
    expect(ecrMock.commandCalls(DescribeImagesCommand).map((c) => c.args[0].input)).toEqual([
      { registryId: ACCOUNT, repositoryName: 'api', imageIds: [{ imageTag: 'v1.2.3' }] },
    ]);

    // The template minus its read-only fields, family "api", the image pinned, template tags + provenance.
    expect(registered()).toEqual(expectedRegistration());
    expect(registered().ephemeralStorage).toEqual({ sizeInGiB: 50 });
    expect(registered().enableFaultInjection).toBe(true);

    expect(updated()).toEqual({
      cluster: 'prod',
      service: 'api',
      taskDefinition: NEW_ARN,
      deploymentConfiguration: { ...DEPLOYMENT_CONFIGURATION, deploymentCircuitBreaker: { enable: true, rollback: true } },
    });
    expect(outputs()).toEqual({
      'task-definition-arn': NEW_ARN,
      'previous-task-definition-arn': PREVIOUS_ARN,
      image: PINNED,
      'deployment-id': NEW_DEPLOYMENT_ID,
      changed: 'true',
      'pre-deploy-task-arn': '',
      'pre-deploy-exit-code': '',
      drift: '',
      drifted: '',
      services: '',
      schedules: '',
      'service-deployment-arn': SD_ARN,
      'hook-id': '',
      'hook-stage': '',
      'hook-expires-at': '',
      'hook-timeout-action': '',
      status: 'started',
    });
    expect(core.summaries).toHaveLength(1);
    expect(core.summaries[0]).toContain(NEW_ARN);
    expect(core.summaries[0]).toContain(PREVIOUS_ARN);
    expect(core.summaries[0]).toContain('started');
  });

  test.each<[string, Record<string, string>, object]>([
    ['circuit-breaker rollback (default)', {}, { deploymentCircuitBreaker: { enable: true, rollback: true } }],
    ['circuit-breaker enable', { 'circuit-breaker': 'enable' }, { deploymentCircuitBreaker: { enable: true, rollback: false } }],
    ['circuit-breaker keep', { 'circuit-breaker': 'keep' }, {}],
    [
      'alarms',
      { alarms: 'api-5xx,\napi-p99-latency' },
      { deploymentCircuitBreaker: { enable: true, rollback: true }, alarms: { alarmNames: ['api-5xx', 'api-p99-latency'], enable: true, rollback: true } },
    ],
    [
      'keep with alarms',
      { 'circuit-breaker': 'keep', alarms: 'api-5xx' },
      { alarms: { alarmNames: ['api-5xx'], enable: true, rollback: true } },
    ],
  ])('UpdateService deploymentConfiguration: %s; the other settings are kept', async (_name, extra, changes) => {
    world();
    inputs({ ...DEPLOY_INPUTS, ...extra });
    await runStep();
    expect(core.failures).toEqual([]);
    expect(updated().deploymentConfiguration).toEqual({ ...DEPLOYMENT_CONFIGURATION, ...changes });
  });

  test('desired-count and force-new-deployment go into UpdateService', async () => {
    world();
    inputs({ ...DEPLOY_INPUTS, 'desired-count': '5', 'force-new-deployment': 'true' });
    await runStep();
    expect(updated()).toMatchObject({ taskDefinition: NEW_ARN, desiredCount: 5, forceNewDeployment: true });
  });

  test('tags input lands between the template tags and the provenance tags', async () => {
    world();
    inputs({ ...DEPLOY_INPUTS, tags: 'Team=media\nCostCenter=cc-4711' });
    await runStep();
    expect(registered().tags).toEqual(expectedRegistration(PINNED, [
      { key: 'Team', value: 'media' },
      { key: 'CostCenter', value: 'cc-4711' },
    ]).tags);
  });

  test("the template's stale provenance tags are not passed on", async () => {
    const template = templateFrom('arm64-ephemeral');
    template.tags.push({ key: 'ecs-template-deploy:rollout-completed', value: '2025-01-01T00:00:00.000Z' });
    world({ template });
    inputs(DEPLOY_INPUTS);
    await runStep();
    expect(registered().tags).toEqual(expectedRegistration().tags);
  });

  test('the first deploy after the Terraform bootstrap: the service serves the template, described once', async () => {
    world({ service: serviceBefore({ taskDefinition: TEMPLATE_ARN }) });
    inputs(DEPLOY_INPUTS);
    await runStep();
    expect(sequence).toEqual([
      'DescribeServices api',
      'DescribeTaskDefinition api-template',
      // Read ahead in the same wave: the newest revision of the deploy family (none yet, here).
      'DescribeTaskDefinition api',
      'ecr:DescribeImages v1.2.3',
      'RegisterTaskDefinition api',
      `UpdateService ${NEW_ARN}`,
    ]);
    expect(outputs()['previous-task-definition-arn']).toBe(TEMPLATE_ARN);
    expect(outputs().status).toBe('started');
  });

  test('pin-image-digest false: no ECR call, the image is registered as given and its tag recorded', async () => {
    world();
    inputs({ ...DEPLOY_INPUTS, 'pin-image-digest': 'false' });
    await runStep();
    expect(ecrRegions).toEqual([]);
    expect(ecrMock.calls()).toHaveLength(0);
    expect(registered()).toEqual(expectedRegistration(IMAGE));
    expect(outputs().image).toBe(IMAGE);
  });

  test('an image outside ECR is used as given, and one given by digest is not looked up', async () => {
    world();
    inputs({ ...DEPLOY_INPUTS, image: 'ghcr.io/acme/api:v1.2.3' });
    await runStep();
    expect(ecrMock.calls()).toHaveLength(0);
    expect(registered()).toEqual(expectedRegistration('ghcr.io/acme/api:v1.2.3'));

    core.reset();
    ecsMock.resetHistory();
    inputs({ ...DEPLOY_INPUTS, image: PINNED });
    await runStep();
    expect(ecrMock.calls()).toHaveLength(0);
    const body = expectedRegistration(PINNED);
    body.tags = (body.tags as Tag[]).filter((t) => t.key !== 'ecs-template-deploy:image-tag');
    expect(registered()).toEqual(body);
  });

  test('an ECR image in another region is resolved with a client for that region', async () => {
    world();
    const image = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/api:v1.2.3`;
    inputs({ ...DEPLOY_INPUTS, image });
    await runStep();
    expect(ecrRegions).toEqual(['us-east-1']);
    expect(outputs().image).toBe(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/api@${DIGEST}`);
  });
});

describe('several containers', () => {
  const ECR_USW2 = `${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/checkout`;
  const IMAGES = [`app=${ECR_USW2}:v1.2.3`, `migrate=${ECR_USW2}:v1.2.3`, 'otel-collector=public.ecr.aws/aws-observability/aws-otel-collector:v0.44.0'].join('\n');

  test('images sets each named container, pins each ECR tag, tags each image tag; overlays go to container-name only', async () => {
    world({ template: templateFrom('healthcheck-dependson') });
    inputs({ ...DEPLOY_INPUTS, image: '', images: IMAGES, 'container-name': 'app', environment: 'RELEASE=v1.2.3' });
    await runStep();
    expect(core.failures).toEqual([]);

    const json = readFixtureJson('healthcheck-dependson') as { taskDefinition: Record<string, unknown>; tags: Tag[] };
    const body = structuredClone(json.taskDefinition);
    for (const field of DESCRIBE_ONLY) delete body[field];
    body.family = 'api';
    const containers = body.containerDefinitions as Array<{ name: string; image: string; environment?: Array<{ name: string; value: string }> }>;
    const byName = (name: string) => containers.find((c) => c.name === name)!;
    byName('app').image = `${ECR_USW2}@${DIGEST}`;
    byName('migrate').image = `${ECR_USW2}@${DIGEST}`;
    byName('otel-collector').image = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.44.0';
    byName('app').environment!.push({ name: 'RELEASE', value: 'v1.2.3' });
    body.tags = [
      ...json.tags,
      ...PROVENANCE.filter((t) => t.key !== 'ecs-template-deploy:image-tag'),
      { key: 'ecs-template-deploy:image-tag/app', value: 'v1.2.3' },
      { key: 'ecs-template-deploy:image-tag/migrate', value: 'v1.2.3' },
      { key: 'ecs-template-deploy:image-tag/otel-collector', value: 'v0.44.0' },
      REGISTER_TOKEN,
    ];
    expect(registered()).toEqual(body);
    expect(byName('redis').image).toBe('public.ecr.aws/docker/library/redis:7.4');
    // One DescribeImages per repository, for every tag of it the inputs name.
    expect(ecrRegions).toEqual(['us-west-2']);
    expect(ecrMock.commandCalls(DescribeImagesCommand).map((c) => c.args[0].input)).toEqual([
      { registryId: ACCOUNT, repositoryName: 'checkout', imageIds: [{ imageTag: 'v1.2.3' }] },
    ]);
    expect(outputs().image).toBe(`${ECR_USW2}@${DIGEST}`);
  });

  test('environment without container-name in a multi-container template fails before any write', async () => {
    world({ template: templateFrom('healthcheck-dependson') });
    inputs({ ...DEPLOY_INPUTS, image: '', images: IMAGES, environment: 'RELEASE=v1.2.3' });
    await runStep();
    expect(core.failures).toEqual([
      'Input "container-name": is required to place "environment" and "secrets": the template has several containers (migrate, redis, otel-collector, app)',
    ]);
    // The digests were read ahead, with the template: reads only.
    expect(ecrMock.calls()).toHaveLength(1);
    expectNoWrites();
  });
});

describe('an unchanged re-run', () => {
  /** The service already serves exactly what this step renders (from another commit's run). */
  const sameAsRender = () => {
    const described = asDescribed(expectedRegistration(), PREVIOUS_ARN);
    described.tags = [{ key: 'ecs-template-deploy:commit', value: '2222222222222222222222222222222222222222' }];
    return described;
  };

  test('registers nothing and updates nothing: status unchanged, changed false', async () => {
    world({ previous: sameAsRender() });
    inputs(DEPLOY_INPUTS);
    await runStep();
    expect(core.failures).toEqual([]);
    expect(sequence).toEqual([
      'DescribeServices api',
      'DescribeTaskDefinition api-template',
      'DescribeTaskDefinition api',
      'ecr:DescribeImages v1.2.3',
    ]);
    expectNoWrites();
    expect(outputs()).toEqual({
      'task-definition-arn': PREVIOUS_ARN,
      'previous-task-definition-arn': PREVIOUS_ARN,
      image: PINNED,
      'deployment-id': '',
      changed: 'false',
      'pre-deploy-task-arn': '',
      'pre-deploy-exit-code': '',
      drift: '',
      drifted: '',
      services: '',
      schedules: '',
      'service-deployment-arn': '',
      'hook-id': '',
      'hook-stage': '',
      'hook-expires-at': '',
      'hook-timeout-action': '',
      status: 'unchanged',
    });
  });

  test('force-new-deployment: UpdateService with the SAME revision and forceNewDeployment, nothing registered', async () => {
    world({ previous: sameAsRender() });
    inputs({ ...DEPLOY_INPUTS, 'force-new-deployment': 'true' });
    await runStep();
    expect(core.failures).toEqual([]);
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
    expect(updated()).toEqual({
      cluster: 'prod',
      service: 'api',
      taskDefinition: PREVIOUS_ARN,
      deploymentConfiguration: { ...DEPLOYMENT_CONFIGURATION, deploymentCircuitBreaker: { enable: true, rollback: true } },
      forceNewDeployment: true,
    });
    expect(outputs()).toMatchObject({ 'task-definition-arn': PREVIOUS_ARN, changed: 'true', status: 'started', 'deployment-id': NEW_DEPLOYMENT_ID });
  });

  test('a new desired-count alone updates the service with the same revision', async () => {
    world({ previous: sameAsRender() });
    inputs({ ...DEPLOY_INPUTS, 'desired-count': '6' });
    await runStep();
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
    expect(updated()).toMatchObject({ taskDefinition: PREVIOUS_ARN, desiredCount: 6 });
    expect(updated().forceNewDeployment).toBeUndefined();
  });

  test('the desired-count the service already has changes nothing', async () => {
    world({ previous: sameAsRender() });
    inputs({ ...DEPLOY_INPUTS, 'desired-count': '3' });
    await runStep();
    expectNoWrites();
    expect(outputs().status).toBe('unchanged');
  });
});

describe('bad inputs: one line, nothing written', () => {
  test.each<[string, Record<string, string>, string]>([
    ['cluster missing', { cluster: '' }, 'Input "cluster": is required (expected a cluster name or ARN)'],
    ['bad timeout-minutes', { 'timeout-minutes': '30m' }, 'Input "timeout-minutes": "30m" is not valid (expected a number from 0.01 to 360)'],
    ['bad circuit-breaker', { 'circuit-breaker': 'on' }, 'Input "circuit-breaker": "on" is not valid (expected one of: rollback, enable, keep)'],
    ['duplicate environment key', { environment: 'A=s3cret-one\nA=s3cret-two' }, 'Input "environment": key "A" is given twice (lines 1 and 2)'],
  ])('%s: no AWS call at all', async (_name, extra, message) => {
    world();
    inputs({ ...DEPLOY_INPUTS, ...extra });
    await runStep();
    expect(core.failures).toEqual([message]);
    expect(ecsMock.calls()).toHaveLength(0);
    expect(ecrRegions).toEqual([]);
    expect(core.allText()).not.toContain('s3cret');
  });

  test.each<[string, World, Record<string, string>, string]>([
    [
      'several containers and no container-name',
      { template: templateFrom('firelens-xray') },
      {},
      'Input "container-name": is required to place "image": the template has several containers (app, log-router, xray-daemon)',
    ],
    [
      'a container-name the template lacks',
      {},
      { 'container-name': 'web' },
      'Input "container-name": "web" is not a container of the template (its containers: worker)',
    ],
    [
      'images for a container the template lacks',
      {},
      { image: '', images: `worker=${IMAGE}\nsidecar=public.ecr.aws/nginx/nginx:stable` },
      'Input "images": container "sidecar" is not in the template (its containers: worker)',
    ],
    [
      'a template family without "-template" and no family',
      { template: templateFrom('arm64-ephemeral', 'api-base') },
      { template: 'api-base' },
      'Input "family": is required because the template family "api-base" does not end in "-template" (expected the family to register deploys into)',
    ],
    [
      'family equal to the template family',
      {},
      { family: 'api-template' },
      'Input "family": must differ from the template family "api-template" (the template is never registered into)',
    ],
  ])('%s (known only after reading the template)', async (_name, w, extra, message) => {
    world(w);
    inputs({ ...DEPLOY_INPUTS, ...extra });
    await runStep();
    expect(core.failures).toEqual([message]);
    expectNoWrites();
    expect(outputs()).toMatchObject({ status: 'error', changed: 'false', 'task-definition-arn': '', 'deployment-id': '' });
  });

  test('more tags than ECS allows (template + inputs + provenance) fails before any write', async () => {
    world();
    const tags = Array.from({ length: 44 }, (_, i) => `Key${i}=v${i}`).join('\n');
    inputs({ ...DEPLOY_INPUTS, tags });
    await runStep();
    expect(core.failures).toEqual([
      'Input "tags": the revision would carry 51 tags (2 from the template, 44 from the "tags" input, 5 provenance tags), and this action adds 2 more of its own (ecs-template-deploy:register-token, ecs-template-deploy:rollout-completed); ECS allows 50 per revision. Remove at least 3 tags from the "tags" input or from the template\'s tags in Terraform',
    ]);
    expectNoWrites();
  });

  test('concurrent-deployment fail with another deployment in progress', async () => {
    const before = serviceBefore();
    world({
      service: serviceBefore({
        deployments: [
          { ...before.deployments![0], id: 'ecs-svc/3333', rolloutState: 'IN_PROGRESS', taskDefinition: `${TD}/api:40` },
          { ...before.deployments![0], status: 'ACTIVE' },
        ],
      }),
    });
    inputs({ ...DEPLOY_INPUTS, 'concurrent-deployment': 'fail' });
    await runStep();
    expect(core.failures).toHaveLength(1);
    expect(core.failures[0]).toMatch(/^Input "concurrent-deployment": is "fail" and another deployment of the service is in progress: ecs-svc\/3333 /);
    expect(core.failures[0]).toContain('Nothing was changed.');
    expectNoWrites();
  });
});

describe('services this action refuses', () => {
  test.each<[string, Partial<Service>, string]>([
    ['DRAINING', { status: 'DRAINING' }, 'Service "api" in cluster "prod" is DRAINING; only an ACTIVE service can be deployed.'],
    [
      'CODE_DEPLOY controller',
      { deploymentController: { type: 'CODE_DEPLOY' } },
      'Service "api" uses the CODE_DEPLOY deployment controller; this action deploys only services with the ECS deployment controller. For blue/green, move the service to the ECS controller with deployment_configuration strategy BLUE_GREEN (or LINEAR, CANARY) and a PAUSE lifecycle hook where a person approves: this action follows those stages, pauses and resumes (README: Blue/green with an approval).',
    ],
    [
      'EXTERNAL controller',
      { deploymentController: { type: 'EXTERNAL' } },
      'Service "api" uses the EXTERNAL deployment controller; this action deploys only services with the ECS deployment controller (an EXTERNAL controller manages its own task sets).',
    ],
  ])('%s: refused after the first wave of reads, nothing written', async (_name, overrides, message) => {
    world({ service: serviceBefore(overrides) });
    inputs(DEPLOY_INPUTS);
    await runStep();
    expect(core.failures).toEqual([message]);
    // The reads of the first wave go out together; the refusal comes before any other.
    expect(sequence).toEqual(['DescribeServices api', 'DescribeTaskDefinition api-template', 'DescribeTaskDefinition api', 'ecr:DescribeImages v1.2.3']);
    expect(outputs()).toMatchObject({ status: 'error', changed: 'false' });
  });

  test('a missing service (failures MISSING) is a clear error', async () => {
    world();
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [],
      failures: [{ arn: SERVICE_ARN, reason: 'MISSING' }],
    } as Partial<DescribeServicesCommandOutput>);
    inputs(DEPLOY_INPUTS);
    await runStep();
    expect(core.failures).toEqual(['Service "api" was not found in cluster "prod" (MISSING). Check the "service", "cluster" and "region" inputs.']);
    expectNoWrites();
  });
});

describe('failures while deploying', () => {
  test('a missing ECR tag fails before anything is written', async () => {
    world();
    ecrMock.on(DescribeImagesCommand).rejects(
      new ImageNotFoundException({ $metadata: {}, message: "The image with imageId {imageTag:'v1.2.3'} does not exist within the repository with name 'api'" }),
    );
    inputs(DEPLOY_INPUTS);
    await runStep();
    expect(core.failures).toEqual([
      `Image tag "v1.2.3" was not found in ECR repository "api" (registry ${ACCOUNT}). Push the image before deploying, or check the "image" input.`,
    ]);
    expectNoWrites();
    expect(outputs()).toMatchObject({ status: 'error', changed: 'false' });
  });

  test('UpdateService failing after the register names the registered ARN and says the service was not changed', async () => {
    world();
    ecsMock.on(UpdateServiceCommand).rejects(
      new AccessDeniedException({
        $metadata: {},
        message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/deploy/gha is not authorized to perform: ecs:UpdateService on resource: ${SERVICE_ARN}`,
      }),
    );
    inputs(DEPLOY_INPUTS);
    await runStep();
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1);
    expect(ecsMock.commandCalls(DeregisterTaskDefinitionCommand)).toHaveLength(0);
    expect(core.failures).toHaveLength(1);
    const message = core.failures[0]!;
    expect(message).toMatch(/^Updating service "api" failed \(AccessDeniedException: /);
    expect(message).toContain('the IAM permission "ecs:UpdateService"');
    expect(message).toContain(`The revision ${NEW_ARN} was registered, but the service was not changed: it still serves ${PREVIOUS_ARN}.`);
    expect(message).not.toContain('\n');
    // task-definition-arn is the revision the service was pointed at: none.
    expect(outputs()).toMatchObject({ status: 'error', changed: 'false', 'task-definition-arn': '', 'previous-task-definition-arn': PREVIOUS_ARN });
  });

  test('a registered revision that lost a field is deregistered and the step fails without touching the service', async () => {
    world({
      register: (input) => {
        delete input.ephemeralStorage;
        return input;
      },
    });
    inputs(DEPLOY_INPUTS);
    await runStep();
    expect(sequence.slice(-2)).toEqual(['RegisterTaskDefinition api', `DeregisterTaskDefinition ${NEW_ARN}`]);
    expect(ecsMock).toHaveReceivedCommandWith(DeregisterTaskDefinitionCommand, { taskDefinition: NEW_ARN });
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
    expect(core.failures).toHaveLength(1);
    expect(core.failures[0]).toContain(`The registered revision ${NEW_ARN} lost fields of the template (ephemeralStorage)`);
    expect(core.failures[0]).toContain('it was deregistered and the service was not changed');
    expect(outputs()).toMatchObject({ status: 'error', changed: 'false' });
  });
});

describe('overlay values never reach the log, the failure or the summary', () => {
  const PASSWORD = 'Sup3r-s3cret=value==';
  const SECRET_SOURCE = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/api/token-AbCdEf`;
  const overlays = {
    environment: `# database\nDB_PASSWORD=${PASSWORD}\nFEATURE_FLAGS=`,
    secrets: `API_TOKEN=${SECRET_SOURCE}`,
  };

  function expectOnlyKeys(): void {
    const text = core.allText();
    expect(text).not.toContain('Sup3r');
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('prod/api/token');
  }

  test('a successful deploy registers the values and shows only the keys', async () => {
    world();
    inputs({ ...DEPLOY_INPUTS, ...overlays });
    await runStep();
    expect(core.failures).toEqual([]);
    const container = (registered().containerDefinitions as Array<Record<string, unknown>>)[0]!;
    expect(container.environment).toEqual([
      { name: 'SCRATCH_DIR', value: '/scratch' },
      { name: 'QUEUE_URL', value: 'https://sqs.ap-southeast-2.amazonaws.com/123456789012/media-transcode' },
      { name: 'OTEL_RESOURCE_ATTRIBUTES', value: 'service.name=media-worker,deployment.environment=production' },
      { name: 'DB_PASSWORD', value: PASSWORD },
      { name: 'FEATURE_FLAGS', value: '' },
    ]);
    expect(container.secrets).toEqual([{ name: 'API_TOKEN', valueFrom: SECRET_SOURCE }]);
    expectOnlyKeys();
    expect(core.infos.join('\n')).toContain('DB_PASSWORD');
    expect(core.summaries[0]).toContain('DB_PASSWORD');
    expect(core.summaries[0]).toContain('API_TOKEN');
  });

  test('a registration that lost an overlay value names the key only', async () => {
    world({
      register: (input) => {
        const container = (input.containerDefinitions as Array<{ environment: Array<{ name: string; value: string }> }>)[0]!;
        container.environment = container.environment.map((e) => (e.name === 'DB_PASSWORD' ? { ...e, value: 'Sup3r-s3cret-truncated' } : e));
        return input;
      },
    });
    inputs({ ...DEPLOY_INPUTS, ...overlays });
    await runStep();
    expect(core.failures).toHaveLength(1);
    expect(core.failures[0]).toContain('containerDefinitions[worker].environment[DB_PASSWORD]');
    expectOnlyKeys();
  });

  test('a rollout rolled back by ECS: events, stopped tasks and the failure show no value', async () => {
    world();
    rollout('rolled-back');
    inputs({ ...DEPLOY_INPUTS, ...overlays, wait: 'true', 'poll-seconds': '5' });
    await runStep();
    expect(core.failures).toHaveLength(1);
    expectOnlyKeys();
  });
});

// ---------------------------------------------------------------------------------------------
// Waiting for the rollout

const STOPPED_TASK = `arn:aws:ecs:${REGION}:${ACCOUNT}:task/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0`;

/** DescribeServices and DescribeServiceDeployments answers after the update, in order. */
function rollout(outcome: 'completed' | 'rolled-back' | 'stuck'): void {
  const previous = serviceBefore().deployments![0]!;
  const start = { id: 'ev-1', at: T0 + 2000, message: `(service api) has started 3 tasks: (task a) (task b) (task c).` };
  let services: Service[];
  let deployments: ServiceDeployment[];
  const sd = (status: ServiceDeployment['status'], extra: Partial<ServiceDeployment> = {}): ServiceDeployment => ({
    serviceDeploymentArn: SD_ARN,
    serviceArn: SERVICE_ARN,
    status,
    targetServiceRevision: { arn: `${SERVICE_ARN}/rev-42`, requestedTaskCount: 3, runningTaskCount: status === 'SUCCESSFUL' ? 3 : 1, pendingTaskCount: 0 },
    ...extra,
  });
  if (outcome === 'completed') {
    services = [
      serviceDuring([ourDeployment({ runningCount: 1, pendingCount: 2 }), { ...previous, status: 'ACTIVE' }], [start]),
      serviceDuring([ourDeployment({ runningCount: 3, pendingCount: 0, rolloutState: 'COMPLETED', rolloutStateReason: 'ECS deployment completed.' })], [
        start,
        { id: 'ev-2', at: T0 + 6000, message: '(service api) has reached a steady state.' },
      ]),
    ];
    deployments = [sd('IN_PROGRESS'), sd('SUCCESSFUL')];
  } else if (outcome === 'rolled-back') {
    const breaker = { status: 'TRIGGERED' as const, failureCount: 3, threshold: 3 };
    const rollbackInfo = { reason: 'Service deployment rolled back because the circuit breaker threshold was exceeded.', startedAt: new Date(T0 + 4000), serviceRevisionArn: `${SERVICE_ARN}/rev-41` };
    services = [
      serviceDuring(
        [{ ...previous, id: 'ecs-svc/4444', status: 'PRIMARY', rolloutState: 'IN_PROGRESS', rolloutStateReason: 'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1111111111111111111.' }, ourDeployment({ status: 'ACTIVE', rolloutState: 'FAILED', failedTasks: 3, runningCount: 0, rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' })],
        [start, { id: 'ev-3', at: T0 + 4000, message: '(service api) deployment ecs-svc/2222222222222222222 deployment failed: tasks failed to start.' }],
      ),
      serviceDuring([{ ...previous, id: 'ecs-svc/4444', status: 'PRIMARY', rolloutState: 'COMPLETED' }], [start]),
    ];
    deployments = [
      sd('ROLLBACK_IN_PROGRESS', { deploymentCircuitBreaker: breaker, rollback: rollbackInfo }),
      sd('ROLLBACK_SUCCESSFUL', { deploymentCircuitBreaker: breaker, rollback: rollbackInfo }),
    ];
  } else {
    services = [serviceDuring([ourDeployment(), { ...previous, status: 'ACTIVE' }], [start])];
    deployments = [sd('IN_PROGRESS')];
  }

  let servicePolls = 0;
  ecsMock.on(DescribeServicesCommand).callsFake(() => {
    sequence.push('DescribeServices api');
    // The first call is the plan's; the service changes only once UpdateService was sent.
    if (ecsMock.commandCalls(UpdateServiceCommand).length === 0) return { services: [serviceBefore()], failures: [] };
    const answer = services[Math.min(servicePolls++, services.length - 1)];
    return { services: [answer], failures: [] };
  });
  let deploymentPolls = 0;
  ecsMock.on(DescribeServiceDeploymentsCommand).callsFake(() => {
    sequence.push('DescribeServiceDeployments');
    return { serviceDeployments: [deployments[Math.min(deploymentPolls++, deployments.length - 1)]] };
  });
  ecsMock.on(ListServiceDeploymentsCommand).resolves({ serviceDeployments: [{ serviceDeploymentArn: SD_ARN, status: 'IN_PROGRESS', createdAt: new Date(T0 + 1000) }] });
  ecsMock.on(ListTasksCommand).resolves({ taskArns: [STOPPED_TASK] });
  ecsMock.on(DescribeTasksCommand).resolves({
    tasks: [
      {
        taskArn: STOPPED_TASK,
        taskDefinitionArn: NEW_ARN,
        startedBy: NEW_DEPLOYMENT_ID,
        lastStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        createdAt: new Date(T0 + 1500),
        stoppedAt: new Date(T0 + 3500),
        containers: [{ name: 'worker', exitCode: 1, reason: 'OutOfMemoryError: Container killed due to memory usage' }],
      },
    ],
  });
}

describe('a deploy that waits for the rollout', () => {
  const WAIT_INPUTS = { ...DEPLOY_INPUTS, wait: 'true', 'poll-seconds': '5', 'timeout-minutes': '10' };

  test('a completed rollout: status completed, the revision tagged rollout-completed, no real sleep', async () => {
    world();
    rollout('completed');
    inputs(WAIT_INPUTS);
    await runStep();

    expect(core.failures).toEqual([]);
    expect(outputs()).toEqual({
      'task-definition-arn': NEW_ARN,
      'previous-task-definition-arn': PREVIOUS_ARN,
      image: PINNED,
      'deployment-id': NEW_DEPLOYMENT_ID,
      changed: 'true',
      'pre-deploy-task-arn': '',
      'pre-deploy-exit-code': '',
      drift: '',
      drifted: '',
      services: '',
      schedules: '',
      'service-deployment-arn': SD_ARN,
      'hook-id': '',
      'hook-stage': '',
      'hook-expires-at': '',
      'hook-timeout-action': '',
      status: 'completed',
    });
    expect(ecsMock).toHaveReceivedCommandWith(DescribeServiceDeploymentsCommand, { serviceDeploymentArns: [SD_ARN] });
    const tagCalls = ecsMock.commandCalls(TagResourceCommand);
    expect(tagCalls).toHaveLength(1);
    const tagInput = tagCalls[0]!.args[0].input;
    expect(tagInput.resourceArn).toBe(NEW_ARN);
    expect(tagInput.tags).toEqual([{ key: 'ecs-template-deploy:rollout-completed', value: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) }]);
    // Register, update, poll twice with one sleep of poll-seconds between, then tag.
    expect(sequence.filter((s) => !s.startsWith('Describe') && !s.startsWith('ecr:'))).toEqual([
      'RegisterTaskDefinition api',
      `UpdateService ${NEW_ARN}`,
      `TagResource ${NEW_ARN}`,
    ]);
    expect(clock.sleeps).toEqual([5000]);
    expect(ecsMock.commandCalls(DescribeServiceDeploymentsCommand)).toHaveLength(2);
    const log = core.infos.join('\n');
    expect(log).toContain('has started 3 tasks');
    expect(log).toContain('has reached a steady state');
    expect(log).not.toContain('ev-old');
    expect(core.summaries[0]).toContain('completed');
  });

  test('a circuit-breaker rollback: status rolled-back, the step fails with the reason and the stopped tasks; never completed', async () => {
    world();
    rollout('rolled-back');
    inputs(WAIT_INPUTS);
    await runStep();

    expect(outputs()).toMatchObject({ status: 'rolled-back', changed: 'true', 'task-definition-arn': NEW_ARN, 'previous-task-definition-arn': PREVIOUS_ARN });
    expect(core.failures).toHaveLength(1);
    const message = core.failures[0]!;
    expect(message).toContain(`ECS rolled the deployment of ${NEW_ARN} back to ${PREVIOUS_ARN}`);
    expect(message).toMatch(/circuit breaker/);
    expect(message).toContain('the rollback completed');
    expect(ecsMock.commandCalls(TagResourceCommand)).toHaveLength(0);
    expect(core.infos.join('\n')).toContain('task 0f1e2d3c4b5a69788796a5b4c3d2e1f0: Essential container in task exited; container worker exit 1 (OutOfMemoryError');
    expect(core.infos.join('\n')).toContain('deployment failed: tasks failed to start');
    expect(core.infos.join('\n')).not.toMatch(/status=completed/);
    expect(core.summaries[0]).toContain('rolled-back');
    expect(core.summaries[0]).toContain('Essential container in task exited');
  });

  test('a rollout that does not end in time: status timed-out after exactly the timeout of fake time', async () => {
    world();
    rollout('stuck');
    inputs({ ...WAIT_INPUTS, 'timeout-minutes': '0.5', 'poll-seconds': '10' });
    await runStep();
    expect(outputs()).toMatchObject({ status: 'timed-out', changed: 'true' });
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(30_000);
    expect(core.failures).toHaveLength(1);
    expect(core.failures[0]).toContain(`The rollout of ${NEW_ARN} did not finish within 0.5 minutes`);
    expect(core.failures[0]).toContain(PREVIOUS_ARN);
    expect(ecsMock.commandCalls(TagResourceCommand)).toHaveLength(0);
  });
});

describe('a deploy with a pre-deploy task', () => {
  const TASK_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:task/prod/5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b`;
  const PRE = { ...DEPLOY_INPUTS, 'pre-deploy-command': '["bin/migrate", "--to", "latest"]', 'poll-seconds': '3' };

  function task(exitCode: number | undefined): void {
    ecsMock.on(RunTaskCommand).callsFake((input: { taskDefinition: string }) => {
      sequence.push(`RunTask ${input.taskDefinition}`);
      return { tasks: [{ taskArn: TASK_ARN, lastStatus: 'PROVISIONING', containers: [{ name: 'worker', lastStatus: 'PENDING' }] }], failures: [] };
    });
    ecsMock.on(DescribeTasksCommand).callsFake(() => {
      sequence.push('DescribeTasks');
      const container = { name: 'worker', lastStatus: 'STOPPED', ...(exitCode !== undefined ? { exitCode } : {}) };
      return { tasks: [{ taskArn: TASK_ARN, lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited', containers: [container] }], failures: [] };
    });
  }

  test('exit 0: after registering, one task of the new revision runs; then UpdateService', async () => {
    world();
    task(0);
    inputs(PRE);
    await runStep();
    expect(core.failures).toEqual([]);
    expect(sequence).toEqual([
      'DescribeServices api',
      'DescribeTaskDefinition api-template',
      'DescribeTaskDefinition api',
      'ecr:DescribeImages v1.2.3',
      'RegisterTaskDefinition api',
      `RunTask ${NEW_ARN}`,
      'DescribeTasks',
      `UpdateService ${NEW_ARN}`,
    ]);
    // The service is read with its tags, for a task that carries them.
    expect(ecsMock).toHaveReceivedCommandWith(DescribeServicesCommand, { cluster: 'prod', services: ['api'], include: ['TAGS'] });
    expect(ecsMock.commandCalls(RunTaskCommand)[0]!.args[0].input).toMatchObject({
      cluster: 'prod',
      taskDefinition: NEW_ARN,
      launchType: 'FARGATE',
      startedBy: 'ecs-template-deploy/9876543210',
      overrides: { containerOverrides: [{ name: 'worker', command: ['bin/migrate', '--to', 'latest'] }] },
      tags: PROVENANCE,
    });
    expect(outputs()).toMatchObject({ status: 'started', 'pre-deploy-task-arn': TASK_ARN, 'pre-deploy-exit-code': '0' });
    expect(clock.sleeps).toEqual([3000]);
  });

  test('a non-zero exit: the service is not updated, pre-deploy-failed, the log tail read from the awslogs stream', async () => {
    world();
    task(1);
    logsMock.on(GetLogEventsCommand).resolves({ events: [{ message: 'migration 7 failed' }] });
    inputs(PRE);
    await runStep();
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
    expect(outputs()).toMatchObject({ status: 'pre-deploy-failed', changed: 'false', 'task-definition-arn': '', 'pre-deploy-exit-code': '1' });
    expect(core.failures).toHaveLength(1);
    expect(core.failures[0]).toContain(`The pre-deploy task ${TASK_ARN} failed: container worker exited with code 1`);
    expect(core.failures[0]).toContain(`the revision ${NEW_ARN} was registered and never served`);
    expect(logsMock.commandCalls(GetLogEventsCommand)[0]!.args[0].input).toMatchObject({
      logGroupName: '/ecs/media-worker',
      logStreamName: 'worker/worker/5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b',
    });
    expect(logRegions).toEqual([REGION]);
    expect(core.infos).toContain('migration 7 failed');
    expect(core.summaries[0]).toContain('#### Container logs');
  });

  test('an unchanged re-run runs no task', async () => {
    const same = asDescribed(expectedRegistration(), PREVIOUS_ARN);
    same.tags = [{ key: 'ecs-template-deploy:commit', value: '2222222222222222222222222222222222222222' }];
    world({ previous: same });
    task(0);
    inputs(PRE);
    await runStep();
    expect(outputs().status).toBe('unchanged');
    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(0);
  });

  test('dry-run: the RunTask request it would send is shown; nothing is sent', async () => {
    world();
    task(0);
    inputs({ ...PRE, 'dry-run': 'true' });
    await runStep();
    expectNoWrites();
    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(0);
    const log = core.infos.join('\n');
    expect(log).toContain('Pre-deploy task (dry run: not started)');
    expect(log).toContain('"taskDefinition": "(the next revision of api)"');
    expect(log).toContain('"--to",');
    expect(core.summaries[0]).toContain('#### Pre-deploy task (dry run: not started)');
  });

  test('pre-deploy-container that the template does not have: one line, nothing written', async () => {
    world();
    inputs({ ...PRE, 'pre-deploy-container': 'migrator' });
    await runStep();
    expectNoWrites();
    expect(outputs().status).toBe('error');
    expect(core.failures[0]).toMatch(/^Input "pre-deploy-container": /);
  });
});

describe('image: current, image: ssm:, image-parameter', () => {
  test('image: current with a template change: the serving image is kept as served, no ECR call, the change registered', async () => {
    const template = templateFrom('arm64-ephemeral');
    template.taskDefinition.memory = '8192';
    world({ template });
    inputs({ ...DEPLOY_INPUTS, image: 'current' });
    await runStep();
    expect(core.failures).toEqual([]);
    expect(ecrMock.calls()).toHaveLength(0);
    const body = registered() as { memory: string; containerDefinitions: Array<{ image: string }> };
    expect(body.memory).toBe('8192');
    expect(body.containerDefinitions[0]!.image).toBe(OLD_PINNED);
    expect(outputs()).toMatchObject({ status: 'started', image: OLD_PINNED });
    expect(core.infos).toContain(`Container worker keeps the image it runs: ${OLD_PINNED}`);
  });

  test('image: current with nothing changed in the template: unchanged, nothing written', async () => {
    world();
    inputs({ ...DEPLOY_INPUTS, image: 'current' });
    await runStep();
    expect(outputs().status).toBe('unchanged');
    expectNoWrites();
  });

  test('image: current refuses a container new in the template whose image is the marked placeholder', async () => {
    const template = templateFrom('arm64-ephemeral');
    template.taskDefinition.containerDefinitions.push({ name: 'sidecar', image: 'public.ecr.aws/placeholder/app:latest', essential: false });
    template.tags.push({ key: 'ecs-template-deploy:placeholder-image', value: 'public.ecr.aws/placeholder/' });
    world({ template });
    inputs({ ...DEPLOY_INPUTS, image: 'current', 'container-name': 'worker' });
    await runStep();
    expect(outputs().status).toBe('error');
    expect(core.failures[0]).toMatch(/^Input "images": container "sidecar" is new in the template and its image "public.ecr.aws\/placeholder\/app:latest" is a placeholder/);
    expectNoWrites();
  });

  test('image: ssm: reads the image from the parameter and pins it', async () => {
    world();
    ssmMock.on(GetParameterCommand).resolves({ Parameter: { Name: '/api/staging/image', Type: 'String', Value: ` ${IMAGE}\n` } });
    inputs({ ...DEPLOY_INPUTS, image: 'ssm:/api/staging/image' });
    await runStep();
    expect(ssmMock.commandCalls(GetParameterCommand)[0]!.args[0].input).toEqual({ Name: '/api/staging/image', WithDecryption: true });
    expect(outputs()).toMatchObject({ status: 'started', image: PINNED });
  });

  test.each([
    ['missing', () => ssmMock.on(GetParameterCommand).rejects(new ParameterNotFound({ message: '', $metadata: { httpStatusCode: 400 } })), /does not exist/],
    ['not an image', () => ssmMock.on(GetParameterCommand).resolves({ Parameter: { Value: 'not an image!' } }), /holds "not an image!", which is not an image/],
  ])('image: ssm: with the parameter %s: one line, nothing written', async (_label, arrange, message) => {
    world();
    arrange();
    inputs({ ...DEPLOY_INPUTS, image: 'ssm:/api/staging/image' });
    await runStep();
    expect(outputs().status).toBe('error');
    expect(core.failures[0]).toMatch(message);
    expect(core.failures[0]).not.toContain('\n');
    expectNoWrites();
  });
});
