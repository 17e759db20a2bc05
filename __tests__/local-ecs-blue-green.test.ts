// ECS-native BLUE_GREEN, LINEAR and CANARY deployments of the local ECS endpoint: lifecycle stages,
// traffic weights, PAUSE hooks, ContinueServiceDeployment and StopServiceDeployment, through the real
// SDK client, driven by skipping simulated time.
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type { ECSClient, Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import { sampleSeed, startLocalEcs } from '../tools/local-ecs/index.js';
import type { LocalEcs, Scenario, Seed } from '../tools/local-ecs/index.js';
import { clients, rejection } from './local-ecs-helpers.js';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-app';
const PAUSE_ID = /^ecs-pause-[A-Za-z0-9_]{41}$/;
/** A frozen real clock: simulated time moves only by advance(). */
const REAL_NOW = Date.UTC(2025, 5, 1);

let local: LocalEcs;
let ecs: ECSClient;

afterEach(async () => {
  ecs?.destroy();
  await local?.close();
});

/** The sample seed with the `api` service's deploymentConfiguration extended by `config`. */
function seedWith(config: Record<string, unknown>, scenario?: Scenario): Seed {
  const seed = structuredClone(sampleSeed);
  const svc = seed.services?.[0];
  if (!svc) throw new Error('sample seed has no service');
  svc.deploymentConfiguration = { ...svc.deploymentConfiguration, ...config };
  if (scenario) svc.scenario = scenario;
  return seed;
}

async function start(config: Record<string, unknown> | undefined, scenario?: Scenario): Promise<void> {
  local = await startLocalEcs({ seed: config ? seedWith(config, scenario) : sampleSeed, now: () => REAL_NOW });
  ({ ecs } = clients(local));
}

/** Registers a revision of `api` with the given image tag and returns its ARN. */
async function revision(tag: string): Promise<string> {
  const out = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'api',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'api', image: `${IMAGE}:${tag}` }],
    }),
  );
  return out.taskDefinition?.taskDefinitionArn ?? '';
}

async function service(): Promise<Service> {
  const out = await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['api'] }));
  return out.services?.[0] as Service;
}

async function describe1(arn: string): Promise<ServiceDeployment> {
  const out = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
  return out.serviceDeployments?.[0] as ServiceDeployment;
}

/** Deploys a new revision; answers the new ServiceDeployment's ARN and the previous task definition. */
async function deploy(tag = 'v1.1.0'): Promise<{ sdArn: string; previous: string; target: string }> {
  const previous = (await service()).taskDefinition ?? '';
  const target = await revision(tag);
  const out = await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', taskDefinition: target }));
  return { sdArn: out.service?.currentServiceDeployment ?? '', previous, target };
}

type Point = [stage: string | undefined, production: number | undefined, test: number | undefined];

const point = (sd: ServiceDeployment): Point => [
  sd.lifecycleStage,
  sd.targetServiceRevision?.requestedProductionTrafficWeight,
  sd.targetServiceRevision?.requestedTestTrafficWeight,
];

/**
 * Advances `stepSeconds` at a time until the deployment leaves IN_PROGRESS (or `maxSeconds` pass),
 * and answers each distinct [stage, production weight, test weight] with the second it was first seen.
 */
async function walk(sdArn: string, stepSeconds: number, maxSeconds: number): Promise<{ points: Point[]; at: number[]; last: ServiceDeployment }> {
  const points: Point[] = [];
  const at: number[] = [];
  let last = await describe1(sdArn);
  for (let t = 0; t <= maxSeconds; t += stepSeconds) {
    const p = point(last);
    if (JSON.stringify(points.at(-1)) !== JSON.stringify(p)) {
      points.push(p);
      at.push(t);
    }
    if (last.status !== 'IN_PROGRESS') break;
    local.advance(stepSeconds);
    last = await describe1(sdArn);
  }
  return { points, at, last };
}

/** Advances until the deployment holds at `stage` with a hook awaiting action; answers that hook. */
async function untilPaused(sdArn: string, stage: string, maxSeconds = 600): Promise<{ hookId: string; sd: ServiceDeployment }> {
  for (let t = 0; t <= maxSeconds; t++) {
    const sd = await describe1(sdArn);
    const hook = sd.lifecycleHookDetails?.find((h) => h.status === 'AWAITING_ACTION');
    if (sd.lifecycleStage === stage && hook?.hookId) return { hookId: hook.hookId, sd };
    local.advance(1);
  }
  throw new Error(`never paused at ${stage}`);
}

function continueHook(serviceDeploymentArn: string, hookId: string, action?: 'CONTINUE' | 'ROLLBACK'): Promise<unknown> {
  return ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn, hookId, ...(action ? { action } : {}) }));
}

const pauseAt = (stage: string, timeoutConfiguration?: { timeoutInMinutes?: number; action?: 'ROLLBACK' | 'CONTINUE' }) => ({
  targetType: 'PAUSE',
  lifecycleStages: [stage],
  ...(timeoutConfiguration ? { timeoutConfiguration } : {}),
});

describe('BLUE_GREEN', () => {
  it('walks every lifecycle stage, shifting test then production traffic, to SUCCESSFUL', async () => {
    await start({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 });
    const { sdArn, previous, target } = await deploy();

    const during = await service();
    expect(during.deploymentConfiguration).toMatchObject({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 });
    expect(during.deployments?.map((d) => [d.status, d.rolloutState, d.taskDefinition])).toEqual([
      ['PRIMARY', 'IN_PROGRESS', target],
      ['ACTIVE', 'COMPLETED', previous],
    ]);
    const first = await describe1(sdArn);
    expect(first.deploymentConfiguration).toMatchObject({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 });
    expect(first.lifecycleHookDetails).toEqual([]);
    expect(first.sourceServiceRevisions?.[0]).toMatchObject({ requestedProductionTrafficWeight: 100, requestedTestTrafficWeight: 100 });

    const { points, at, last } = await walk(sdArn, 1, 400);
    expect(points).toEqual([
      ['PRE_SCALE_UP', 0, 0],
      ['SCALE_UP', 0, 0],
      ['POST_SCALE_UP', 0, 0],
      ['TEST_TRAFFIC_SHIFT', 0, 100],
      ['POST_TEST_TRAFFIC_SHIFT', 0, 100],
      ['PRE_PRODUCTION_TRAFFIC_SHIFT', 0, 100],
      ['PRODUCTION_TRAFFIC_SHIFT', 100, 100],
      ['POST_PRODUCTION_TRAFFIC_SHIFT', 100, 100],
      ['BAKE_TIME', 100, 100],
      ['CLEAN_UP', 100, 100],
    ]);
    // 5 s stages; SCALE_UP until the tasks run (15 s); BAKE_TIME one minute.
    expect(at).toEqual([0, 5, 20, 25, 30, 35, 40, 45, 50, 110]);
    expect(last).toMatchObject({ status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP' });
    expect(last.finishedAt).toBeInstanceOf(Date);
    expect(last.sourceServiceRevisions?.[0]).toMatchObject({ requestedProductionTrafficWeight: 0, requestedTestTrafficWeight: 0 });
    const done = await service();
    expect(done.deployments?.map((d) => [d.status, d.rolloutState, d.taskDefinition])).toEqual([['PRIMARY', 'COMPLETED', target]]);
    expect(done.runningCount).toBe(2);
  });

  it('keeps blue ACTIVE with its tasks running until CLEAN_UP ends', async () => {
    await start({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 });
    const { sdArn } = await deploy();
    local.advance(50);
    expect((await describe1(sdArn)).lifecycleStage).toBe('CLEAN_UP');
    const cleaning = await service();
    expect(cleaning.deployments?.map((d) => [d.status, d.runningCount])).toEqual([
      ['PRIMARY', 2],
      ['ACTIVE', 2],
    ]);
    local.advance(5);
    expect((await describe1(sdArn)).status).toBe('SUCCESSFUL');
    expect((await service()).deployments?.map((d) => d.status)).toEqual(['PRIMARY']);
  });

  it('holds SCALE_UP while tasks crash, and the circuit breaker rolls back as for a rolling update', async () => {
    await start({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 }, { kind: 'crash', whenImageIncludes: 'v1.1.0' });
    const { sdArn, previous } = await deploy();
    local.advance(30);
    expect(await describe1(sdArn)).toMatchObject({ status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP' });
    local.advance(15);
    const rolling = await describe1(sdArn);
    expect(rolling.status).toBe('ROLLBACK_IN_PROGRESS');
    expect(rolling.deploymentCircuitBreaker?.status).toBe('TRIGGERED');
    expect(point(rolling).slice(1)).toEqual([0, 0]);
    local.advance(60);
    expect((await describe1(sdArn)).status).toBe('ROLLBACK_SUCCESSFUL');
    expect((await service()).taskDefinition).toBe(previous);
  });
});

describe('PAUSE lifecycle hooks', () => {
  it('holds at POST_TEST_TRAFFIC_SHIFT until ContinueServiceDeployment, then runs to SUCCESSFUL', async () => {
    await start({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1, lifecycleHooks: [pauseAt('POST_TEST_TRAFFIC_SHIFT')] });
    const { sdArn } = await deploy();
    const { hookId, sd } = await untilPaused(sdArn, 'POST_TEST_TRAFFIC_SHIFT');
    expect(hookId).toMatch(PAUSE_ID);
    const pausedAt = local.now();
    expect(sd.lifecycleHookDetails).toEqual([
      { hookId, targetType: 'PAUSE', status: 'AWAITING_ACTION', expiresAt: expect.any(Date), timeoutAction: 'ROLLBACK' },
    ]);
    // The default timeout is 24 hours.
    expect(sd.lifecycleHookDetails?.[0]?.expiresAt?.getTime()).toBe(pausedAt + 1440 * 60_000);

    local.advance(23 * 3600);
    const held = await describe1(sdArn);
    expect(held).toMatchObject({ status: 'IN_PROGRESS', lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT' });
    expect(point(held).slice(1)).toEqual([0, 100]);
    expect(held.lifecycleHookDetails?.[0]?.status).toBe('AWAITING_ACTION');

    const out = await ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: sdArn, hookId }));
    expect(out.serviceDeploymentArn).toBe(sdArn);
    const moved = await describe1(sdArn);
    expect(moved.lifecycleStage).toBe('PRE_PRODUCTION_TRAFFIC_SHIFT');
    expect(moved.lifecycleHookDetails?.map((h) => [h.hookId, h.status])).toEqual([[hookId, 'SUCCEEDED']]);

    const again = await rejection(continueHook(sdArn, hookId));
    expect(again.name).toBe('InvalidParameterException');
    expect(again.message).toContain('SUCCEEDED');

    local.advance(90);
    expect(await describe1(sdArn)).toMatchObject({ status: 'SUCCESSFUL' });
  });

  it('pauses at several stages in turn, each with its own hook', async () => {
    await start({
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 0,
      lifecycleHooks: [pauseAt('POST_SCALE_UP'), { targetType: 'PAUSE', lifecycleStages: ['POST_PRODUCTION_TRAFFIC_SHIFT'] }],
    });
    const { sdArn } = await deploy();
    const first = await untilPaused(sdArn, 'POST_SCALE_UP');
    await continueHook(sdArn, first.hookId, 'CONTINUE');
    const second = await untilPaused(sdArn, 'POST_PRODUCTION_TRAFFIC_SHIFT');
    expect(second.hookId).not.toBe(first.hookId);
    expect(point(second.sd).slice(1)).toEqual([100, 100]);
    await continueHook(sdArn, second.hookId);
    local.advance(30);
    const done = await describe1(sdArn);
    expect(done.status).toBe('SUCCESSFUL');
    expect(done.lifecycleHookDetails?.map((h) => [h.hookId, h.status])).toEqual([
      [first.hookId, 'SUCCEEDED'],
      [second.hookId, 'SUCCEEDED'],
    ]);
  });

  it('rolls back on ContinueServiceDeployment ROLLBACK: the service returns to the previous task definition', async () => {
    await start({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1, lifecycleHooks: [pauseAt('POST_TEST_TRAFFIC_SHIFT')] });
    const { sdArn, previous, target } = await deploy();
    const { hookId, sd } = await untilPaused(sdArn, 'POST_TEST_TRAFFIC_SHIFT');
    const sourceRevision = sd.sourceServiceRevisions?.[0]?.arn;

    await continueHook(sdArn, hookId, 'ROLLBACK');
    const requested = await describe1(sdArn);
    expect(requested.status).toBe('ROLLBACK_REQUESTED');
    expect(requested.rollback).toMatchObject({ reason: expect.stringContaining(hookId), serviceRevisionArn: sourceRevision });
    expect(requested.rollback?.startedAt).toBeInstanceOf(Date);
    expect(requested.lifecycleHookDetails?.[0]?.status).toBe('FAILED');
    expect(point(requested).slice(1)).toEqual([0, 0]);
    const svc = await service();
    expect(svc.taskDefinition).toBe(previous);
    expect(svc.deployments?.map((d) => [d.status, d.rolloutState, d.taskDefinition])).toEqual([
      ['PRIMARY', 'IN_PROGRESS', previous],
      ['ACTIVE', 'FAILED', target],
      ['ACTIVE', 'COMPLETED', previous],
    ]);

    local.advance(2);
    expect((await describe1(sdArn)).status).toBe('ROLLBACK_IN_PROGRESS');
    local.advance(30);
    expect((await describe1(sdArn)).status).toBe('ROLLBACK_SUCCESSFUL');
    const after = await service();
    expect(after.deployments?.map((d) => [d.status, d.rolloutState, d.taskDefinition])).toEqual([['PRIMARY', 'COMPLETED', previous]]);

    const late = await rejection(continueHook(sdArn, hookId));
    expect(late.name).toBe('InvalidParameterException');
    expect(late.message).toContain('ROLLBACK_SUCCESSFUL');
  });

  it('times out: TIMED_OUT, then the ROLLBACK timeout action rolls back', async () => {
    await start({
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 1,
      lifecycleHooks: [pauseAt('POST_TEST_TRAFFIC_SHIFT', { timeoutInMinutes: 30, action: 'ROLLBACK' })],
    });
    const { sdArn, previous } = await deploy();
    const { sd } = await untilPaused(sdArn, 'POST_TEST_TRAFFIC_SHIFT');
    expect(sd.lifecycleHookDetails?.[0]?.timeoutAction).toBe('ROLLBACK');
    local.advance(29 * 60);
    expect((await describe1(sdArn)).lifecycleHookDetails?.[0]?.status).toBe('AWAITING_ACTION');
    local.advance(61);
    const expired = await describe1(sdArn);
    expect(expired.lifecycleHookDetails?.[0]?.status).toBe('TIMED_OUT');
    expect(expired.status).toMatch(/^ROLLBACK_/);
    expect(expired.rollback?.reason).toContain('timed out');
    local.advance(60);
    expect((await describe1(sdArn)).status).toBe('ROLLBACK_SUCCESSFUL');
    expect((await service()).taskDefinition).toBe(previous);
  });

  it('times out: TIMED_OUT, then the CONTINUE timeout action goes on to SUCCESSFUL', async () => {
    await start({
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 1,
      lifecycleHooks: [pauseAt('POST_TEST_TRAFFIC_SHIFT', { timeoutInMinutes: 5, action: 'CONTINUE' })],
    });
    const { sdArn, target } = await deploy();
    const { sd } = await untilPaused(sdArn, 'POST_TEST_TRAFFIC_SHIFT');
    expect(sd.lifecycleHookDetails?.[0]?.timeoutAction).toBe('CONTINUE');
    local.advance(5 * 60 + 1);
    const expired = await describe1(sdArn);
    expect(expired.lifecycleHookDetails?.[0]?.status).toBe('TIMED_OUT');
    expect(expired).toMatchObject({ status: 'IN_PROGRESS', lifecycleStage: 'PRE_PRODUCTION_TRAFFIC_SHIFT' });
    local.advance(120);
    expect((await describe1(sdArn)).status).toBe('SUCCESSFUL');
    expect((await service()).taskDefinition).toBe(target);
  });
});

describe('CANARY and LINEAR', () => {
  it('CANARY shifts canaryPercent, bakes canaryBakeTimeInMinutes, then shifts the rest', async () => {
    await start({ strategy: 'CANARY', bakeTimeInMinutes: 0, canaryConfiguration: { canaryPercent: 12.5, canaryBakeTimeInMinutes: 2 } });
    const { sdArn } = await deploy();
    const { points, at, last } = await walk(sdArn, 5, 600);
    const production = points.filter((p) => p[0] === 'PRODUCTION_TRAFFIC_SHIFT');
    expect(production).toEqual([
      ['PRODUCTION_TRAFFIC_SHIFT', 12.5, 100],
      ['PRODUCTION_TRAFFIC_SHIFT', 100, 100],
    ]);
    const canaryAt = at[points.indexOf(production[0] as Point)] ?? 0;
    const preAgainAt = at[points.indexOf(production[0] as Point) + 1] ?? 0;
    expect(preAgainAt - canaryAt).toBe(5 + 120);
    expect(last.status).toBe('SUCCESSFUL');
    expect(last.deploymentConfiguration?.canaryConfiguration).toEqual({ canaryPercent: 12.5, canaryBakeTimeInMinutes: 2 });
  });

  it('LINEAR shifts stepPercent at a time with stepBakeTimeInMinutes between; a PRE_PRODUCTION_TRAFFIC_SHIFT hook pauses before every step', async () => {
    await start({
      strategy: 'LINEAR',
      bakeTimeInMinutes: 0,
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 1 },
      lifecycleHooks: [pauseAt('PRE_PRODUCTION_TRAFFIC_SHIFT')],
    });
    const { sdArn } = await deploy();
    const weights: number[] = [];
    for (let step = 0; step < 4; step++) {
      const { hookId, sd } = await untilPaused(sdArn, 'PRE_PRODUCTION_TRAFFIC_SHIFT', 200);
      weights.push(sd.targetServiceRevision?.requestedProductionTrafficWeight ?? -1);
      await continueHook(sdArn, hookId);
      const shifting = await describe1(sdArn);
      expect(shifting.lifecycleStage).toBe('PRODUCTION_TRAFFIC_SHIFT');
      weights.push(shifting.targetServiceRevision?.requestedProductionTrafficWeight ?? -1);
      if (step < 3) {
        local.advance(64);
        expect((await describe1(sdArn)).lifecycleStage).toBe('PRODUCTION_TRAFFIC_SHIFT');
      }
    }
    expect(weights).toEqual([0, 25, 25, 50, 50, 75, 75, 100]);
    local.advance(30);
    const done = await describe1(sdArn);
    expect(done.status).toBe('SUCCESSFUL');
    expect(done.lifecycleHookDetails?.map((h) => h.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
  });

  it('LINEAR defaults to 10 % steps', async () => {
    await start({ strategy: 'LINEAR', bakeTimeInMinutes: 0, linearConfiguration: { stepBakeTimeInMinutes: 0 } });
    const { sdArn } = await deploy();
    const { points, last } = await walk(sdArn, 5, 900);
    expect(points.filter((p) => p[0] === 'PRODUCTION_TRAFFIC_SHIFT').map((p) => p[1])).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(last.status).toBe('SUCCESSFUL');
  });
});

describe('StopServiceDeployment', () => {
  it('rolls back a ROLLING deployment, then answers ConflictException once it ended', async () => {
    await start(undefined);
    const { sdArn, previous } = await deploy();
    local.advance(5);
    const out = await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: sdArn }));
    expect(out.serviceDeploymentArn).toBe(sdArn);
    const requested = await describe1(sdArn);
    expect(requested.status).toBe('ROLLBACK_REQUESTED');
    expect(requested.rollback?.reason).toBe('Service deployment stopped by user.');
    expect(requested.lifecycleHookDetails).toBeUndefined();
    expect(requested.targetServiceRevision?.requestedProductionTrafficWeight).toBeUndefined();
    expect((await service()).taskDefinition).toBe(previous);

    // Stopping again while it rolls back lets the rollback carry on.
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: sdArn, stopType: 'ROLLBACK' }));
    local.advance(2);
    expect((await describe1(sdArn)).status).toBe('ROLLBACK_IN_PROGRESS');
    local.advance(30);
    expect((await describe1(sdArn)).status).toBe('ROLLBACK_SUCCESSFUL');
    expect((await service()).deployments?.map((d) => [d.status, d.rolloutState, d.taskDefinition])).toEqual([['PRIMARY', 'COMPLETED', previous]]);

    const err = await rejection(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: sdArn })));
    expect(err.name).toBe('ConflictException');
    expect(err.message).toContain('ROLLBACK_SUCCESSFUL');
    expect((err as unknown as { resourceIds?: string[] }).resourceIds).toEqual([sdArn]);
  });

  it('rolls back a paused BLUE_GREEN deployment, failing its awaiting hook', async () => {
    await start({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1, lifecycleHooks: [pauseAt('POST_TEST_TRAFFIC_SHIFT')] });
    const { sdArn, previous } = await deploy();
    const { hookId } = await untilPaused(sdArn, 'POST_TEST_TRAFFIC_SHIFT');
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: sdArn, stopType: 'ROLLBACK' }));
    const requested = await describe1(sdArn);
    expect(requested.status).toBe('ROLLBACK_REQUESTED');
    expect(requested.lifecycleHookDetails?.map((h) => [h.hookId, h.status])).toEqual([[hookId, 'FAILED']]);
    local.advance(40);
    expect((await describe1(sdArn)).status).toBe('ROLLBACK_SUCCESSFUL');
    expect((await service()).taskDefinition).toBe(previous);
    const err = await rejection(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: sdArn })));
    expect(err.name).toBe('ConflictException');
  });

  it('ABORT stops a deployment where it is: STOPPED, stoppedAt, both revisions left running', async () => {
    await start({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 });
    const { sdArn, target } = await deploy();
    local.advance(26);
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: sdArn, stopType: 'ABORT' }));
    const stopped = await describe1(sdArn);
    expect(stopped).toMatchObject({ status: 'STOPPED', lifecycleStage: 'TEST_TRAFFIC_SHIFT' });
    expect(stopped.stoppedAt).toBeInstanceOf(Date);
    local.advance(600);
    expect((await describe1(sdArn)).lifecycleStage).toBe('TEST_TRAFFIC_SHIFT');
    const svc = await service();
    expect(svc.taskDefinition).toBe(target);
    expect(svc.deployments?.map((d) => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'FAILED'],
      ['ACTIVE', 'COMPLETED'],
    ]);
    const err = await rejection(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: sdArn, stopType: 'ABORT' })));
    expect(err.name).toBe('ConflictException');
  });
});

describe('errors', () => {
  it('answers InvalidParameterException for an unknown hook and ServiceDeploymentNotFoundException for an unknown ARN', async () => {
    await start({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1, lifecycleHooks: [pauseAt('POST_TEST_TRAFFIC_SHIFT')] });
    const { sdArn } = await deploy();
    await untilPaused(sdArn, 'POST_TEST_TRAFFIC_SHIFT');
    const unknownHook = await rejection(continueHook(sdArn, 'ecs-pause-nope'));
    expect(unknownHook.name).toBe('InvalidParameterException');
    expect(unknownHook.message).toContain('ecs-pause-nope');

    const missing = `${sdArn.slice(0, -5)}XXXXX`;
    const notFound = await rejection(continueHook(missing, 'ecs-pause-nope'));
    expect(notFound.name).toBe('ServiceDeploymentNotFoundException');
    const stopNotFound = await rejection(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: missing })));
    expect(stopNotFound.name).toBe('ServiceDeploymentNotFoundException');
    expect((await describe1(sdArn)).status).toBe('IN_PROGRESS');
  });

  it('refuses a hook on a ROLLING deployment, which has none', async () => {
    await start(undefined);
    const { sdArn } = await deploy();
    const err = await rejection(continueHook(sdArn, 'ecs-pause-x'));
    expect(err.name).toBe('InvalidParameterException');
  });

  it('refuses a bad strategy, stage or limit in UpdateService, leaving the service as it was', async () => {
    await start(undefined);
    const before = (await service()).deploymentConfiguration;
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ strategy: 'RED_BLACK' }, /RED_BLACK/],
      [{ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1441 }, /bakeTimeInMinutes/],
      [{ strategy: 'LINEAR', linearConfiguration: { stepPercent: 2 } }, /stepPercent/],
      [{ strategy: 'CANARY', canaryConfiguration: { canaryPercent: 0.05 } }, /canaryPercent/],
      [{ lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['SOMEWHERE'] }] }, /SOMEWHERE/],
      [{ lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['PRODUCTION_TRAFFIC_SHIFT'] }] }, /PAUSE.*PRODUCTION_TRAFFIC_SHIFT/],
      [{ lifecycleHooks: [{ targetType: 'AWS_LAMBDA', lifecycleStages: ['PRE_SCALE_UP'] }] }, /hookTargetArn/],
      [{ lifecycleHooks: [pauseAt('PRE_SCALE_UP', { timeoutInMinutes: 0 })] }, /timeoutInMinutes/],
    ];
    for (const [config, message] of cases) {
      const err = await rejection(
        ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', deploymentConfiguration: config as never })),
      );
      expect([err.name, err.message]).toEqual(['InvalidParameterException', expect.stringMatching(message)]);
    }
    expect((await service()).deploymentConfiguration).toEqual(before);
  });

  it('refuses a bad strategy in the seed', async () => {
    await expect(startLocalEcs({ seed: seedWith({ strategy: 'SIDEWAYS' }) })).rejects.toThrow(/local-ecs seed: service api: .*SIDEWAYS/);
    await start(undefined);
  });
});

describe('UpdateService and AWS_LAMBDA hooks', () => {
  it('turns a rolling service into BLUE_GREEN with UpdateService; an AWS_LAMBDA hook passes at once', async () => {
    await start(undefined);
    const target = await revision('v1.1.0');
    const lifecycleHooks = [
      {
        targetType: 'AWS_LAMBDA' as const,
        hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:check',
        roleArn: 'arn:aws:iam::123456789012:role/ecs-hooks',
        lifecycleStages: ['POST_SCALE_UP' as const, 'TEST_TRAFFIC_SHIFT' as const],
      },
      { targetType: 'PAUSE' as const, lifecycleStages: ['PRE_PRODUCTION_TRAFFIC_SHIFT' as const], timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' as const } },
    ];
    const out = await ecs.send(
      new UpdateServiceCommand({
        cluster: 'demo',
        service: 'api',
        taskDefinition: target,
        deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 2, lifecycleHooks },
      }),
    );
    expect(out.service?.deploymentConfiguration).toMatchObject({
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 2,
      lifecycleHooks,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    });
    const sdArn = out.service?.currentServiceDeployment ?? '';
    const { sd } = await untilPaused(sdArn, 'PRE_PRODUCTION_TRAFFIC_SHIFT');
    expect(sd.deploymentConfiguration).toMatchObject({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 2, lifecycleHooks });
    expect(sd.lifecycleHookDetails).toHaveLength(1);
    expect(sd.lifecycleHookDetails?.[0]?.timeoutAction).toBe('ROLLBACK');
  });
});

describe('IAM allow-list and request log', () => {
  it('gates ContinueServiceDeployment and StopServiceDeployment, naming the service deployment', async () => {
    await start({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1, lifecycleHooks: [pauseAt('POST_TEST_TRAFFIC_SHIFT')] });
    const { sdArn } = await deploy();
    const { hookId } = await untilPaused(sdArn, 'POST_TEST_TRAFFIC_SHIFT');
    local.setAllow(['ecs:Describe*', 'ecs:UpdateService']);
    const denied = await rejection(continueHook(sdArn, hookId));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toBe(
      'User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: ecs:ContinueServiceDeployment ' +
        `on resource: ${sdArn} because no identity-based policy allows the ecs:ContinueServiceDeployment action`,
    );
    const stopDenied = await rejection(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: sdArn })));
    expect(stopDenied.name).toBe('AccessDeniedException');
    expect(stopDenied.message).toContain(`ecs:StopServiceDeployment on resource: ${sdArn}`);
    expect((await describe1(sdArn)).lifecycleHookDetails?.[0]?.status).toBe('AWAITING_ACTION');

    local.setAllow(['ecs:Describe*', 'ecs:ContinueServiceDeployment']);
    await continueHook(sdArn, hookId);
    expect((await describe1(sdArn)).lifecycleHookDetails?.[0]?.status).toBe('SUCCEEDED');

    const logged = local.log.filter((e) => e.operation.endsWith('ServiceDeployment'));
    expect(logged.map((e) => [e.operation, e.status, e.error])).toEqual([
      ['ecs:ContinueServiceDeployment', 400, 'AccessDeniedException'],
      ['ecs:StopServiceDeployment', 400, 'AccessDeniedException'],
      ['ecs:ContinueServiceDeployment', 200, undefined],
    ]);
    expect(logged[2]?.params).toEqual({ serviceDeploymentArn: sdArn, hookId });
  });
});
