// Rollout simulation of the local ECS endpoint, driven by skipping simulated time.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type { ECSClient, Service, ServiceDeployment, Task } from '@aws-sdk/client-ecs';
import { sampleSeed, startLocalEcs } from '../tools/local-ecs/index.js';
import type { LocalEcs, Scenario } from '../tools/local-ecs/index.js';
import { SAMPLE_DIGESTS } from '../tools/local-ecs/sample-seed.js';
import { clients } from './local-ecs-helpers.js';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-app';

let local: LocalEcs;
let ecs: ECSClient;

beforeEach(async () => {
  local = await startLocalEcs({ seed: sampleSeed });
  ({ ecs } = clients(local));
});

afterEach(async () => {
  ecs.destroy();
  await local.close();
});

/** Registers a revision of `api` with the given image tag and returns its ARN. */
async function revision(tag: string): Promise<string> {
  const out = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'api',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::123456789012:role/api-task-execution',
      containerDefinitions: [{ name: 'api', image: `${IMAGE}:${tag}`, portMappings: [{ containerPort: 8080 }] }],
    }),
  );
  return out.taskDefinition?.taskDefinitionArn ?? '';
}

async function service(): Promise<Service> {
  const out = await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['api'] }));
  return out.services?.[0] as Service;
}

async function serviceDeployment(arn: string | undefined): Promise<ServiceDeployment> {
  const out = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn ?? ''] }));
  return out.serviceDeployments?.[0] as ServiceDeployment;
}

async function tasks(desiredStatus: 'RUNNING' | 'STOPPED', startedBy?: string): Promise<Task[]> {
  const list = await ecs.send(new ListTasksCommand({ cluster: 'demo', serviceName: 'api', desiredStatus, startedBy }));
  if (!list.taskArns?.length) return [];
  const out = await ecs.send(new DescribeTasksCommand({ cluster: 'demo', tasks: list.taskArns }));
  return out.tasks ?? [];
}

async function deploy(taskDefinition: string, extra: Record<string, unknown> = {}): Promise<Service> {
  const out = await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', taskDefinition, ...extra }));
  return out.service as Service;
}

const messages = (svc: Service): string[] => (svc.events ?? []).map((e) => e.message ?? '');

function setScenario(scenario: Scenario): void {
  local.setScenario('demo', 'api', scenario);
}

describe('rolling update', () => {
  it('completes: new PRIMARY rolls out, old deployment drains, ServiceDeployment SUCCESSFUL', async () => {
    const before = await service();
    const oldDeployment = before.deployments?.[0]?.id;
    const target = await revision('v1.1.0');

    const updated = await deploy(target);
    expect(updated.taskDefinition).toBe(target);
    expect(updated.deployments?.map((d) => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'IN_PROGRESS'],
      ['ACTIVE', 'COMPLETED'],
    ]);
    const primary = updated.deployments?.[0];
    expect(primary?.id).toMatch(/^ecs-svc\/\d{19}$/);
    expect(primary?.rolloutStateReason).toBe(`ECS deployment ${primary?.id} in progress.`);
    expect(messages(updated)[0]).toMatch(/^\(service api\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/);

    const sdArn = updated.currentServiceDeployment;
    expect(sdArn).not.toBe(before.currentServiceDeployment);
    const sd = await serviceDeployment(sdArn);
    expect(sd).toMatchObject({ status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP', serviceArn: updated.serviceArn });
    expect(sd.deploymentCircuitBreaker).toEqual({ status: 'MONITORING', failureCount: 0, threshold: 3 });
    expect(sd.sourceServiceRevisions?.[0]?.runningTaskCount).toBe(2);

    const starting = await tasks('RUNNING', primary?.id);
    expect(starting.map((t) => t.lastStatus)).toEqual(['PROVISIONING', 'PROVISIONING']);
    local.advance(15);
    expect((await tasks('RUNNING', primary?.id)).map((t) => t.lastStatus)).toEqual(['RUNNING', 'RUNNING']);
    expect((await serviceDeployment(sdArn)).lifecycleStage).toBe('BAKE_TIME');

    local.advance(15);
    const done = await service();
    expect(done.deployments).toHaveLength(1);
    expect(done.deployments?.[0]).toMatchObject({ id: primary?.id, status: 'PRIMARY', rolloutState: 'COMPLETED', runningCount: 2 });
    expect(done.runningCount).toBe(2);
    expect(messages(done).slice(0, 3)).toEqual([
      '(service api) has reached a steady state.',
      `(service api) (deployment ${primary?.id}) deployment completed.`,
      expect.stringMatching(/^\(service api\) has stopped 2 running tasks: /),
    ]);
    const finished = await serviceDeployment(sdArn);
    expect(finished.status).toBe('SUCCESSFUL');
    expect(finished.finishedAt).toBeInstanceOf(Date);
    expect(finished.deploymentCircuitBreaker?.status).toBe('MONITORING_COMPLETE');
    expect(finished.targetServiceRevision).toMatchObject({ requestedTaskCount: 2, runningTaskCount: 2 });
    expect(local.state.deployments().find((d) => d.id === oldDeployment)?.status).toBe('INACTIVE');

    const drained = await tasks('STOPPED', oldDeployment);
    expect(drained.map((t) => [t.stopCode, t.stoppedReason])).toEqual([
      ['ServiceSchedulerInitiated', `Scaling activity initiated by (deployment ${primary?.id})`],
      ['ServiceSchedulerInitiated', `Scaling activity initiated by (deployment ${primary?.id})`],
    ]);

    // A new service revision; its tasks run the new image, resolved to its ECR digest.
    expect(sd.targetServiceRevision?.arn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:service-revision\/demo\/api\/\d{19}$/);
    expect(sd.sourceServiceRevisions?.map((r) => r.arn)).not.toContain(sd.targetServiceRevision?.arn);
    const running = await tasks('RUNNING', primary?.id);
    expect(running.map((t) => [t.taskDefinitionArn, t.containers?.map((c) => [c.name, c.image, c.imageDigest])])).toEqual([
      [target, [['api', `${IMAGE}:v1.1.0`, SAMPLE_DIGESTS['v1.1.0']]]],
      [target, [['api', `${IMAGE}:v1.1.0`, SAMPLE_DIGESTS['v1.1.0']]]],
    ]);
  });

  it('keeps deploymentConfiguration fields the update leaves out, and scales without a new deployment', async () => {
    const updated = await deploy(await revision('v1.1.0'), {
      deploymentConfiguration: { alarms: { alarmNames: ['api-5xx'], enable: true, rollback: true } },
    });
    expect(updated.deploymentConfiguration).toEqual({
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      alarms: { alarmNames: ['api-5xx'], enable: true, rollback: true },
    });
    local.advance(60);
    const scaled = await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', desiredCount: 3 }));
    expect(scaled.service?.deployments).toHaveLength(1);
    expect(scaled.service?.desiredCount).toBe(3);
    local.advance(20);
    expect((await service()).runningCount).toBe(3);
  });

  it('forceNewDeployment starts a deployment of the same task definition', async () => {
    const before = await service();
    const forced = await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', forceNewDeployment: true }));
    expect(forced.service?.deployments?.map((d) => d.taskDefinition)).toEqual([before.taskDefinition, before.taskDefinition]);
    const same = await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', taskDefinition: before.taskDefinition }));
    expect(same.service?.deployments).toHaveLength(2);
  });
});

describe('failures', () => {
  it('crash: tasks keep stopping until the circuit breaker fails the rollout and ECS rolls back', async () => {
    setScenario({ kind: 'crash', exitCode: 137, containerReason: 'OutOfMemoryError: Container killed due to memory usage' });
    const before = await service();
    const previous = before.deployments?.[0];
    const target = await revision('v1.1.0');
    const updated = await deploy(target);
    const failing = updated.deployments?.[0];

    local.advance(20);
    const midway = await service();
    expect(midway.deployments?.[0]).toMatchObject({ id: failing?.id, rolloutState: 'IN_PROGRESS', failedTasks: 2 });

    local.advance(20);
    const rolledBack = await service();
    expect(rolledBack.taskDefinition).toBe(before.taskDefinition);
    expect(rolledBack.deployments?.map((d) => [d.status, d.taskDefinition, d.rolloutState])).toEqual([
      ['PRIMARY', before.taskDefinition, 'IN_PROGRESS'],
      ['ACTIVE', target, 'FAILED'],
      ['ACTIVE', before.taskDefinition, 'COMPLETED'],
    ]);
    expect(rolledBack.deployments?.[1]).toMatchObject({
      failedTasks: 4,
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
    });
    expect(messages(rolledBack)).toEqual(
      expect.arrayContaining([
        `(service api) (deployment ${failing?.id}) deployment failed: tasks failed to start.`,
        `(service api) rolling back to deployment ${previous?.id}.`,
      ]),
    );
    const sd = await serviceDeployment(updated.currentServiceDeployment);
    expect(sd.status).toBe('ROLLBACK_IN_PROGRESS');
    expect(sd.deploymentCircuitBreaker).toEqual({ status: 'TRIGGERED', failureCount: 4, threshold: 3 });
    expect(sd.rollback?.serviceRevisionArn).toBe(before.currentServiceRevisions?.[0]?.arn);
    expect(sd.rollback?.startedAt).toBeInstanceOf(Date);
    expect(sd.rollback?.reason).toMatch(/circuit breaker/i);

    const stopped = await tasks('STOPPED', failing?.id);
    expect(stopped).toHaveLength(4);
    for (const t of stopped) {
      expect(t).toMatchObject({
        lastStatus: 'STOPPED',
        desiredStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        taskDefinitionArn: target,
        startedBy: failing?.id,
      });
      expect(t.containers?.[0]).toMatchObject({
        name: 'api',
        lastStatus: 'STOPPED',
        exitCode: 137,
        reason: 'OutOfMemoryError: Container killed due to memory usage',
      });
    }

    local.advance(30);
    const recovered = await service();
    expect(recovered.deployments?.map((d) => [d.status, d.rolloutState])).toEqual([['PRIMARY', 'COMPLETED']]);
    const final = await serviceDeployment(updated.currentServiceDeployment);
    expect(final.status).toBe('ROLLBACK_SUCCESSFUL');
    expect(final.finishedAt).toBeInstanceOf(Date);
    expect(recovered.currentServiceDeployment).toBe(updated.currentServiceDeployment);
  });

  it('crash without rollback: FAILED, ServiceDeployment STOPPED, no more tasks launched', async () => {
    setScenario({ kind: 'crash' });
    const target = await revision('v1.1.0');
    const updated = await deploy(target, {
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
    });
    local.advance(120);
    const svc = await service();
    expect(svc.taskDefinition).toBe(target);
    expect(svc.deployments?.map((d) => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'FAILED'],
      ['ACTIVE', 'COMPLETED'],
    ]);
    expect(svc.deployments?.[0]?.failedTasks).toBe(4);
    expect(svc.runningCount).toBe(2);
    const sd = await serviceDeployment(updated.currentServiceDeployment);
    expect(sd.status).toBe('STOPPED');
    expect(sd.stoppedAt).toBeInstanceOf(Date);
    expect(sd.statusReason).toMatch(/circuit breaker/);
    expect(sd.rollback).toBeUndefined();
  });

  it('crash without a circuit breaker never fails the rollout', async () => {
    setScenario({ kind: 'crash' });
    const updated = await deploy(await revision('v1.1.0'), {
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } },
    });
    local.advance(600);
    const svc = await service();
    expect(svc.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS');
    expect(svc.deployments?.[0]?.failedTasks).toBe(60);
    const sd = await serviceDeployment(updated.currentServiceDeployment);
    expect(sd.status).toBe('IN_PROGRESS');
    expect(sd.deploymentCircuitBreaker?.status).toBe('DISABLED');
  });

  it('alarm: a configured alarm goes off and ECS rolls back', async () => {
    setScenario({ kind: 'alarm', alarmName: 'api-5xx', afterSeconds: 20 });
    const before = await service();
    const updated = await deploy(await revision('v1.1.0'), {
      deploymentConfiguration: { alarms: { alarmNames: ['api-5xx', 'api-latency'], enable: true, rollback: true } },
    });
    const failing = updated.deployments?.[0]?.id;
    local.advance(20);
    const svc = await service();
    expect(svc.taskDefinition).toBe(before.taskDefinition);
    expect(svc.deployments?.[1]).toMatchObject({ id: failing, rolloutState: 'FAILED' });
    expect(messages(svc)).toContain(`(service api) (deployment ${failing}) deployment failed: alarm detected.`);
    const sd = await serviceDeployment(updated.currentServiceDeployment);
    expect(sd.status).toBe('ROLLBACK_IN_PROGRESS');
    expect(sd.alarms).toEqual({ status: 'TRIGGERED', alarmNames: ['api-5xx', 'api-latency'], triggeredAlarmNames: ['api-5xx'] });
    local.advance(30);
    expect((await serviceDeployment(updated.currentServiceDeployment)).status).toBe('ROLLBACK_SUCCESSFUL');
  });

  it('alarm: an alarm the service does not watch changes nothing', async () => {
    setScenario({ kind: 'alarm', alarmName: 'api-5xx' });
    const updated = await deploy(await revision('v1.1.0'));
    local.advance(60);
    expect((await serviceDeployment(updated.currentServiceDeployment)).status).toBe('SUCCESSFUL');
  });

  it('stuck: the rollout stays IN_PROGRESS with tasks PENDING', async () => {
    setScenario({ kind: 'stuck' });
    const updated = await deploy(await revision('v1.1.0'));
    local.advance(3600);
    const svc = await service();
    expect(svc.deployments?.[0]).toMatchObject({ rolloutState: 'IN_PROGRESS', pendingCount: 2, runningCount: 0 });
    expect((await serviceDeployment(updated.currentServiceDeployment)).status).toBe('IN_PROGRESS');
  });

  it('a scenario limited by whenImageIncludes applies to matching images only', async () => {
    setScenario({ kind: 'crash', whenImageIncludes: ':v1.1.0' });
    const good = await deploy(await revision('v1.0.0'));
    local.advance(30);
    expect((await serviceDeployment(good.currentServiceDeployment)).status).toBe('SUCCESSFUL');
    const bad = await deploy(await revision('v1.1.0'));
    local.advance(80);
    expect((await serviceDeployment(bad.currentServiceDeployment)).status).toBe('ROLLBACK_SUCCESSFUL');
  });
});

describe('supersede and history', () => {
  it('a second update supersedes the first: first ServiceDeployment STOPPED, its deployment ACTIVE then INACTIVE', async () => {
    setScenario({ kind: 'stuck' });
    const first = await deploy(await revision('v1.0.0'));
    local.advance(10);
    setScenario({ kind: 'complete' });
    const second = await deploy(await revision('v1.1.0'));
    expect(second.deployments?.map((d) => d.status)).toEqual(['PRIMARY', 'ACTIVE', 'ACTIVE']);
    const stopped = await serviceDeployment(first.currentServiceDeployment);
    expect(stopped.status).toBe('STOPPED');
    expect(stopped.statusReason).toContain(second.currentServiceDeployment);
    local.advance(30);
    const firstId = first.deployments?.[0]?.id;
    expect(local.state.deployments().find((d) => d.id === firstId)?.status).toBe('INACTIVE');
    expect((await serviceDeployment(second.currentServiceDeployment)).status).toBe('SUCCESSFUL');

    const all = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'api' }));
    expect(all.serviceDeployments?.map((d) => d.status)).toEqual(['SUCCESSFUL', 'STOPPED', 'SUCCESSFUL']);
    expect(all.serviceDeployments?.[0]?.serviceDeploymentArn).toBe(second.currentServiceDeployment);
    const onlyStopped = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'api', status: ['STOPPED'] }));
    expect(onlyStopped.serviceDeployments?.map((d) => d.serviceDeploymentArn)).toEqual([first.currentServiceDeployment]);

    // The first update came 40 s ago, the second 30 s ago.
    const since = (seconds: number): Date => new Date(local.now() - seconds * 1000);
    const recent = await ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'api', createdAt: { after: since(35) } }),
    );
    expect(recent.serviceDeployments?.map((d) => d.serviceDeploymentArn)).toEqual([second.currentServiceDeployment]);
    const older = await ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'api', createdAt: { before: since(35) }, maxResults: 1 }),
    );
    expect(older.serviceDeployments?.map((d) => d.serviceDeploymentArn)).toEqual([first.currentServiceDeployment]);
    expect(older.nextToken).toBeDefined();
  });
});

describe('simulated time', () => {
  it('runs timeScale simulated ms per real ms of the injected clock', async () => {
    let realNow = 1_800_000_000_000;
    const scaled = await startLocalEcs({ seed: sampleSeed, timeScale: 1000, now: () => realNow });
    const { ecs: client } = clients(scaled);
    try {
      const out = await client.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', forceNewDeployment: true }));
      const sdArn = out.service?.currentServiceDeployment ?? '';
      const status = async (): Promise<string | undefined> =>
        (await client.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [sdArn] }))).serviceDeployments?.[0]?.status;
      realNow += 29; // 29 simulated seconds: not yet
      expect(await status()).toBe('IN_PROGRESS');
      realNow += 1; // 30 s: the default rollout completes
      expect(await status()).toBe('SUCCESSFUL');
      expect(scaled.now()).toBe(1_800_000_000_000 + 30_000);
    } finally {
      client.destroy();
      await scaled.close();
    }
  });
});
