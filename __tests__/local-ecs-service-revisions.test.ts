// Service revisions of the local ECS endpoint through the real SDK: DescribeServiceRevisions of live and past
// revisions, and a seeded service's deployment history (ListServiceDeployments order, filters, paging;
// DescribeServiceDeployments), up to 10,000 past deployments.
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type { ECSClient, ServiceDeployment, ServiceDeploymentBrief, ServiceDeploymentStatus, ServiceRevision } from '@aws-sdk/client-ecs';
import { sampleSeed, startLocalEcs } from '../tools/local-ecs/index.js';
import type { LocalEcs, Seed, SeedService, SeedServiceDeployment } from '../tools/local-ecs/index.js';
import { SAMPLE_DIGESTS } from '../tools/local-ecs/sample-seed.js';
import { clients, fastRetry, rejection } from './local-ecs-helpers.js';

const ACCOUNT = '123456789012';
const TD = (ref: string): string => `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/${ref}`;
const SERVICE_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/demo/api`;
const CLUSTER_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/demo`;
const REVISION_ARN = /^arn:aws:ecs:us-east-1:123456789012:service-revision\/demo\/api\/\d{19}$/;
const IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/my-app`;
/** The seed's "now" (simulated ms): the tests that compare times pin the clock to it. */
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const HOUR = 3_600_000;

let local: LocalEcs | undefined;
let ecs: ECSClient | undefined;

afterEach(async () => {
  ecs?.destroy();
  await local?.close();
  local = undefined;
  ecs = undefined;
});

/** The endpoint with `seed`, its clock stopped at T0 (advance() moves it), and an ECS client. */
async function start(seed: Seed = sampleSeed): Promise<{ local: LocalEcs; ecs: ECSClient }> {
  local = await startLocalEcs({ seed, now: () => T0 });
  ({ ecs } = clients(local));
  return { local, ecs };
}

/** The sample seed with its api service given `extra` (e.g. a history). */
function seedWith(extra: Partial<SeedService>, more: Partial<Seed> = {}): Seed {
  const api = sampleSeed.services?.[0] as SeedService;
  return { ...sampleSeed, ...more, services: [{ ...api, ...extra }] };
}

/** The sample template registered again `n` times (api-template:2..n+1), with the v1.0.0 and v1.1.0 images alternating. */
function templates(n: number): NonNullable<Seed['taskDefinitions']> {
  const base = sampleSeed.taskDefinitions?.[0] as NonNullable<Seed['taskDefinitions']>[number];
  const container = (base.taskDefinition.containerDefinitions as Array<Record<string, unknown>>)[0] ?? {};
  return [
    base,
    ...Array.from({ length: n }, (_, i) => ({
      taskDefinition: { ...base.taskDefinition, containerDefinitions: [{ ...container, image: `${IMAGE}:${i % 2 === 0 ? 'v1.0.0' : 'v1.1.0'}` }] },
    })),
  ];
}

async function revisions(client: ECSClient, arns: string[]): Promise<{ serviceRevisions: ServiceRevision[]; failures: Array<{ arn?: string; reason?: string }> }> {
  const out = await client.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: arns }));
  return { serviceRevisions: out.serviceRevisions ?? [], failures: out.failures ?? [] };
}

async function describeDeployments(client: ECSClient, arns: string[]): Promise<ServiceDeployment[]> {
  const out: ServiceDeployment[] = [];
  for (let i = 0; i < arns.length; i += 20) {
    const page = await client.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns.slice(i, i + 20) }));
    out.push(...(page.serviceDeployments ?? []));
  }
  return out;
}

/** Every ServiceDeployment of demo/`service`, paged with `maxResults`; the number of calls it took. */
async function listAll(
  client: ECSClient,
  service: string,
  maxResults: number,
  status?: ServiceDeploymentStatus[],
): Promise<{ all: ServiceDeploymentBrief[]; calls: number }> {
  const all: ServiceDeploymentBrief[] = [];
  let nextToken: string | undefined;
  let calls = 0;
  do {
    const page = await client.send(new ListServiceDeploymentsCommand({ cluster: 'demo', service, maxResults, nextToken, ...(status ? { status } : {}) }));
    calls++;
    expect((page.serviceDeployments ?? []).length).toBeLessThanOrEqual(maxResults);
    all.push(...(page.serviceDeployments ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return { all, calls };
}

const seconds = (d: Date | undefined): number => (d ? d.getTime() : Number.NaN);

describe('DescribeServiceRevisions', () => {
  it('describes the seeded service revision: task definition, launch and network settings, resolved images', async () => {
    const { ecs } = await start();
    const svc = (await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['api'] }))).services?.[0];
    const arn = svc?.currentServiceRevisions?.[0]?.arn ?? '';
    expect(arn).toMatch(REVISION_ARN);
    const out = await revisions(ecs, [arn]);
    expect(out.failures).toEqual([]);
    expect(out.serviceRevisions).toEqual([
      {
        serviceRevisionArn: arn,
        serviceArn: SERVICE_ARN,
        clusterArn: CLUSTER_ARN,
        taskDefinition: TD('api-template:1'),
        launchType: 'FARGATE',
        platformVersion: '1.4.0',
        platformFamily: 'DockerLinux',
        loadBalancers: [],
        serviceRegistries: [],
        networkConfiguration: svc?.networkConfiguration,
        containerImages: [{ containerName: 'api', image: 'public.ecr.aws/nginx/nginx:stable', imageDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }],
        guardDutyEnabled: false,
        createdAt: new Date(T0),
      },
    ]);
    // The digest is the one the service's tasks run.
    const task = [...(local?.state.tasks.values() ?? [])][0];
    expect(out.serviceRevisions[0]?.containerImages?.[0]?.imageDigest).toBe(task?.containers[0]?.imageDigest);
    expect(local?.state.serviceRevisions.get(arn)).toMatchObject({ serviceRevisionArn: arn, taskDefinition: TD('api-template:1'), createdAt: T0 });
  });

  it('keeps a revision after its deployment is gone; a rollback mints none; unknown ARNs are MISSING failures', async () => {
    const { local, ecs } = await start();
    const first = (await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['api'] }))).services?.[0]?.currentServiceRevisions?.[0]?.arn ?? '';
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'api-template',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'api', image: `${IMAGE}:v1.1.0` }],
      }),
    );
    const target = registered.taskDefinition?.taskDefinitionArn ?? '';
    local.advance(60);
    const updated = await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', taskDefinition: target }));
    const sd = (await describeDeployments(ecs, [updated.service?.currentServiceDeployment ?? '']))[0];
    const second = sd?.targetServiceRevision?.arn ?? '';
    expect(sd?.sourceServiceRevisions?.map((r) => r.arn)).toEqual([first]);
    local.advance(60);
    // The first deployment is INACTIVE now; its revision is still described.
    expect((await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['api'] }))).services?.[0]?.deployments).toHaveLength(1);
    const unknown = 'arn:aws:ecs:us-east-1:123456789012:service-revision/demo/api/1234567890123456789';
    const out = await revisions(ecs, [second, unknown, first, 'not-an-arn']);
    expect(out.serviceRevisions.map((r) => [r.serviceRevisionArn, r.taskDefinition, r.containerImages?.[0]?.imageDigest, r.createdAt])).toEqual([
      [second, target, SAMPLE_DIGESTS['v1.1.0'], new Date(T0 + 60_000)],
      [first, TD('api-template:1'), expect.stringMatching(/^sha256:/), new Date(T0)],
    ]);
    expect(out.failures).toEqual([
      { arn: unknown, reason: 'MISSING' },
      { arn: 'not-an-arn', reason: 'MISSING' },
    ]);

    // A crash with the circuit breaker rolls back to the first revision: no new revision.
    local.setScenario('demo', 'api', { kind: 'crash' });
    const again = await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', taskDefinition: TD('api-template:1') }));
    local.advance(120);
    const rolledBack = (await describeDeployments(ecs, [again.service?.currentServiceDeployment ?? '']))[0];
    expect(rolledBack?.status).toBe('ROLLBACK_SUCCESSFUL');
    expect(rolledBack?.rollback?.serviceRevisionArn).toBe(second);
    expect(local.state.serviceRevisions.size).toBe(3);
    const third = rolledBack?.targetServiceRevision?.arn ?? '';
    expect((await revisions(ecs, [third])).serviceRevisions[0]?.taskDefinition).toBe(TD('api-template:1'));
  });

  it('records the capacity provider strategy and load balancers the service had; EC2 has no platform version', async () => {
    const loadBalancers = [{ targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/api/0123456789abcdef`, containerName: 'api', containerPort: 8080 }];
    const { ecs } = await start({
      ...sampleSeed,
      services: [
        { ...(sampleSeed.services?.[0] as SeedService), launchType: undefined, capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], loadBalancers },
        { cluster: 'demo', serviceName: 'worker', taskDefinition: 'api-template:1', capacityProviderStrategy: [{ capacityProvider: 'my-asg', weight: 1 }] },
      ],
    });
    const described = await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['api', 'worker'] }));
    expect(described.services?.[0]?.loadBalancers).toEqual(loadBalancers);
    const arns = (described.services ?? []).map((s) => s.currentServiceRevisions?.[0]?.arn ?? '');
    const [api, worker] = (await revisions(ecs, arns)).serviceRevisions;
    expect(api).toMatchObject({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], platformVersion: '1.4.0', loadBalancers });
    expect(api?.launchType).toBeUndefined();
    expect(worker).toMatchObject({ serviceArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/demo/worker`, capacityProviderStrategy: [{ capacityProvider: 'my-asg', weight: 1 }], loadBalancers: [] });
    expect([worker?.platformVersion, worker?.platformFamily]).toEqual([undefined, undefined]);
  });

  it('takes 1 to 20 ARNs, else InvalidParameterException', async () => {
    const { ecs } = await start();
    const arn = (n: number): string => `arn:aws:ecs:us-east-1:${ACCOUNT}:service-revision/demo/api/${String(n).padStart(19, '1')}`;
    for (const list of [[], Array.from({ length: 21 }, (_, i) => arn(i))]) {
      const err = await rejection(ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: list })));
      expect(err.name).toBe('InvalidParameterException');
      expect(err.message).toMatch(/serviceRevisionArns/);
    }
    const twenty = await revisions(ecs, Array.from({ length: 20 }, (_, i) => arn(i)));
    expect(twenty.failures).toHaveLength(20);
  });

  it('is denied outside the IAM allow-list, naming the revision, and takes faults like every operation', async () => {
    const { local } = await start();
    const arn = local.state.service('demo', 'api')?.deployments[0]?.serviceRevisionArn ?? '';
    local.setAllow(['ecs:DescribeServices']);
    const { ecs: client } = clients(local, { retryStrategy: fastRetry(2) });
    const denied = await rejection(client.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [arn] })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain(`perform: ecs:DescribeServiceRevisions on resource: ${arn} because`);
    local.setAllow(null);
    local.setFaults({ throttleRate: 1, operations: ['ecs:DescribeServiceRevisions'] });
    const throttled = await rejection(client.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [arn] })));
    expect(throttled.name).toBe('ThrottlingException');
    expect(local.log.slice(-2).map((e) => [e.operation, e.error])).toEqual([
      ['ecs:DescribeServiceRevisions', 'ThrottlingException'],
      ['ecs:DescribeServiceRevisions', 'ThrottlingException'],
    ]);
    client.destroy();
  });
});

describe('seeded deployment history', () => {
  const history: SeedServiceDeployment[] = [
    { taskDefinition: 'api-template:2', status: 'SUCCESSFUL' },
    { taskDefinition: 'api-template:3', status: 'ROLLBACK_SUCCESSFUL' },
    { taskDefinition: TD('api-template:4'), status: 'SUCCESSFUL' },
    { taskDefinition: 'api-template:5', status: 'STOPPED' },
    { taskDefinition: 'api-template:5', status: 'SUCCESSFUL' },
    { taskDefinition: 'api-template:6', status: 'ROLLBACK_FAILED' },
  ];

  it('lists past deployments newest first after the current one, with revisions that name their task definitions', async () => {
    const { ecs } = await start(seedWith({ history }, { taskDefinitions: templates(5) }));
    const listed = (await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'api' }))).serviceDeployments ?? [];
    expect(listed.map((d) => d.status)).toEqual(['SUCCESSFUL', 'ROLLBACK_FAILED', 'SUCCESSFUL', 'STOPPED', 'SUCCESSFUL', 'ROLLBACK_SUCCESSFUL', 'SUCCESSFUL']);
    expect(listed[0]?.createdAt).toEqual(new Date(T0));
    const past = (await describeDeployments(ecs, listed.map((d) => d.serviceDeploymentArn ?? ''))).slice(1).reverse();
    expect(past).toHaveLength(6);

    // An hour apart, each finished before the next one, all before now.
    past.forEach((sd, i) => {
      expect(seconds(sd.createdAt)).toBe(T0 - (6 - i) * HOUR);
      expect(seconds(sd.startedAt)).toBeGreaterThan(seconds(sd.createdAt));
      expect(seconds(sd.finishedAt)).toBeGreaterThan(seconds(sd.startedAt));
      expect(seconds(sd.finishedAt)).toBeLessThan(seconds(past[i + 1]?.createdAt) || T0);
      expect(sd).toMatchObject({ serviceArn: SERVICE_ARN, clusterArn: CLUSTER_ARN });
    });
    const target = past.map((sd) => sd.targetServiceRevision?.arn ?? '');
    const sources = past.map((sd) => sd.sourceServiceRevisions?.map((r) => r.arn));
    expect(sources).toEqual([[], [target[0]], [target[0]], [target[2]], [target[2], target[3]], [target[4]]]);
    const byArn = new Map((await revisions(ecs, target)).serviceRevisions.map((r) => [r.serviceRevisionArn, r]));
    expect(target.map((arn) => byArn.get(arn)?.taskDefinition)).toEqual(['2', '3', '4', '5', '5', '6'].map((r) => TD(`api-template:${r}`)));
    expect(target.map((arn) => byArn.get(arn)?.containerImages?.[0]?.imageDigest)).toEqual([
      SAMPLE_DIGESTS['v1.0.0'], SAMPLE_DIGESTS['v1.1.0'], SAMPLE_DIGESTS['v1.0.0'], SAMPLE_DIGESTS['v1.1.0'], SAMPLE_DIGESTS['v1.1.0'], SAMPLE_DIGESTS['v1.0.0'],
    ]);
    expect(seconds(byArn.get(target[3] ?? '')?.createdAt)).toBe(T0 - 3 * HOUR);

    // How each ended (the sample service has the circuit breaker with rollback on).
    expect(past[0]).toMatchObject({ status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP', deploymentCircuitBreaker: { status: 'MONITORING_COMPLETE', failureCount: 0, threshold: 3 } });
    expect(past[1]).toMatchObject({
      status: 'ROLLBACK_SUCCESSFUL',
      statusReason: 'Service deployment rolled back because the circuit breaker threshold was reached.',
      rollback: { reason: 'Circuit breaker triggered during the service deployment.', serviceRevisionArn: target[0] },
      deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
    });
    expect(seconds(past[1]?.rollback?.startedAt)).toBeGreaterThan(seconds(past[1]?.startedAt));
    expect(past[3]).toMatchObject({ status: 'STOPPED', stoppedAt: past[3]?.finishedAt });
    expect(past[5]).toMatchObject({ status: 'ROLLBACK_FAILED', rollback: { serviceRevisionArn: target[4] } });
    expect(past.every((sd) => sd.targetServiceRevision?.requestedTaskCount === 0)).toBe(true);

    // The current deployment goes from where the history ended (a failed rollback leaves both running).
    const current = (await describeDeployments(ecs, [listed[0]?.serviceDeploymentArn ?? '']))[0];
    expect(current?.sourceServiceRevisions?.map((r) => r.arn)).toEqual([target[4], target[5]]);
    expect((await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['api'] }))).services?.[0]?.createdAt).toEqual(new Date(T0 - 6 * HOUR));
  });

  it('filters by status and createdAt, pages with maxResults up to 100', async () => {
    const { ecs } = await start(seedWith({ history }, { taskDefinitions: templates(5) }));
    const successful = await listAll(ecs, 'api', 2, ['SUCCESSFUL']);
    expect(successful.all.map((d) => d.status)).toEqual(['SUCCESSFUL', 'SUCCESSFUL', 'SUCCESSFUL', 'SUCCESSFUL']);
    expect(successful.calls).toBe(2);
    const failed = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'api', status: ['STOPPED', 'ROLLBACK_FAILED'] }));
    expect(failed.serviceDeployments?.map((d) => d.status)).toEqual(['ROLLBACK_FAILED', 'STOPPED']);
    const window = await ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'api', createdAt: { after: new Date(T0 - 4.5 * HOUR), before: new Date(T0 - 1.5 * HOUR) } }),
    );
    expect(window.serviceDeployments?.map((d) => seconds(d.createdAt))).toEqual([T0 - 2 * HOUR, T0 - 3 * HOUR, T0 - 4 * HOUR]);
    for (const maxResults of [0, 101]) {
      const err = await rejection(ecs.send(new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'api', maxResults })));
      expect(err.name).toBe('InvalidParameterException');
    }
  });

  it('takes createdAt as ISO 8601 or epoch ms and spreads the entries without one between them', async () => {
    const dated: SeedServiceDeployment[] = [
      { taskDefinition: 'api-template:1', status: 'SUCCESSFUL' },
      { taskDefinition: 'api-template:1', status: 'SUCCESSFUL', createdAt: '2026-02-01T00:00:00Z' },
      { taskDefinition: 'api-template:1', status: 'SUCCESSFUL' },
      { taskDefinition: 'api-template:1', status: 'SUCCESSFUL' },
      { taskDefinition: 'api-template:1', status: 'SUCCESSFUL', createdAt: Date.parse('2026-02-01T00:30:00Z') },
      { taskDefinition: 'api-template:1', status: 'SUCCESSFUL' },
    ];
    const { ecs } = await start(seedWith({ history: dated }));
    const listed = (await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'api' }))).serviceDeployments ?? [];
    const feb = Date.parse('2026-02-01T00:00:00Z');
    expect(listed.map((d) => seconds(d.createdAt)).reverse()).toEqual([feb - HOUR, feb, feb + 600_000, feb + 1_200_000, feb + 1_800_000, T0 - HOUR, T0]);
    // A deployment takes at most 5 minutes, half the gap when the next one comes sooner.
    const sd = listed.reverse();
    expect(seconds(sd[1]?.finishedAt) - seconds(sd[1]?.createdAt)).toBe(300_000);
    expect(seconds(sd[5]?.finishedAt) - seconds(sd[5]?.createdAt)).toBe(300_000);
  });

  it('refuses a history the seed cannot honour', async () => {
    const cases: Array<[SeedServiceDeployment[], RegExp]> = [
      [[{ taskDefinition: 'api-template:9', status: 'SUCCESSFUL' }], /history\[0\] uses unknown task definition api-template:9/],
      [[{ taskDefinition: 'api-template:1', status: 'IN_PROGRESS' as 'SUCCESSFUL' }], /history\[0\]\.status must be one of SUCCESSFUL, ROLLBACK_SUCCESSFUL, STOPPED, ROLLBACK_FAILED/],
      [[{ taskDefinition: 'api-template:1', status: 'STOPPED' }, { taskDefinition: 'api-template:1', status: 'ROLLBACK_SUCCESSFUL' }], /history\[1\] is ROLLBACK_SUCCESSFUL, but no earlier deployment is SUCCESSFUL/],
      [[{ taskDefinition: 'api-template:1', status: 'SUCCESSFUL', createdAt: T0 }], /history\[0\]\.createdAt must be before the seed's now/],
      [
        [
          { taskDefinition: 'api-template:1', status: 'SUCCESSFUL', createdAt: T0 - HOUR },
          { taskDefinition: 'api-template:1', status: 'SUCCESSFUL', createdAt: T0 - 2 * HOUR },
        ],
        /history\[1\]\.createdAt must be after the createdAt of the entries before it/,
      ],
      [[{ taskDefinition: 'api-template:1', status: 'SUCCESSFUL', createdAt: 'yesterday' }], /history\[0\]: createdAt is not an ISO 8601 date or epoch milliseconds/],
    ];
    for (const [entries, message] of cases) {
      await expect(startLocalEcs({ seed: seedWith({ history: entries }), now: () => T0 })).rejects.toThrow(message);
    }
  });

  it('seeds 10,000 past deployments in well under a second and pages through all of them', async () => {
    const big: SeedServiceDeployment[] = Array.from({ length: 10_000 }, (_, i) => ({
      taskDefinition: `api-template:${2 + (i % 5)}`,
      status: i % 10 === 9 ? 'ROLLBACK_SUCCESSFUL' : i % 25 === 12 ? 'STOPPED' : 'SUCCESSFUL',
    }));
    const { local, ecs } = await start(seedWith({}, { taskDefinitions: templates(5) }));
    const started = performance.now();
    local.seed({ services: [{ cluster: 'demo', serviceName: 'big', taskDefinition: 'api-template:6', desiredCount: 2, history: big }] });
    const tookMs = performance.now() - started;
    expect(tookMs).toBeLessThan(500);
    // The api service's own deployment and revision, and the big one's 10,000 past and current one.
    expect(local.state.serviceDeployments.size).toBe(1 + 10_001);
    expect(local.state.serviceRevisions.size).toBe(1 + 10_001);

    const { all, calls } = await listAll(ecs, 'big', 100);
    expect([all.length, calls]).toEqual([10_001, 101]);
    const created = all.map((d) => seconds(d.createdAt));
    expect(created.every((t, i) => i === 0 || t < (created[i - 1] ?? 0))).toBe(true);
    expect(new Set(all.map((d) => d.serviceDeploymentArn)).size).toBe(10_001);
    expect(all.filter((d) => d.status === 'ROLLBACK_SUCCESSFUL')).toHaveLength(1000);

    // The oldest: created 10,000 hours before now, from no earlier revision.
    const oldest = (await describeDeployments(ecs, [all.at(-1)?.serviceDeploymentArn ?? '']))[0];
    expect(oldest?.sourceServiceRevisions).toEqual([]);
    expect(local.now() - seconds(oldest?.createdAt)).toBeGreaterThanOrEqual(10_000 * HOUR);
    // One page of SUCCESSFUL deployments and their revisions, as the rollback plan reads them.
    const page = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'big', status: ['SUCCESSFUL'], maxResults: 20 }));
    const described = await revisions(ecs, (page.serviceDeployments ?? []).map((d) => d.targetServiceRevisionArn ?? ''));
    expect([described.serviceRevisions.length, described.failures.length]).toEqual([20, 0]);
    expect(described.serviceRevisions[0]?.taskDefinition).toBe(TD('api-template:6'));
  });
});
