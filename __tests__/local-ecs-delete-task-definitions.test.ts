// DeleteTaskDefinitions of the local ECS endpoint through the real SDK: only deregistered revisions go to
// DELETE_IN_PROGRESS (and stay described and listed by that status), failures for the others, limits, errors,
// what a DELETE_IN_PROGRESS revision can still do, IAM and faults.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type { ECSClient, TaskDefinitionStatus } from '@aws-sdk/client-ecs';
import { sampleSeed, startLocalEcs } from '../tools/local-ecs/index.js';
import type { LocalEcs } from '../tools/local-ecs/index.js';
import { clients, fastRetry, rejection } from './local-ecs-helpers.js';

const TD = (ref: string): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/${ref}`;
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['sg-0a1b2c3d4e5f60003'] } };

let local: LocalEcs;
let ecs: ECSClient;

beforeEach(async () => {
  local = await startLocalEcs({ seed: sampleSeed, now: () => T0 });
  ({ ecs } = clients(local));
  // worker:1..5, all ACTIVE
  for (let i = 0; i < 5; i++) {
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'worker',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'worker', image: `public.ecr.aws/docker/library/busybox:1.${i}` }],
        tags: [{ key: 'Team', value: 'platform' }],
      }),
    );
  }
});

afterEach(async () => {
  ecs.destroy();
  await local.close();
});

const deregister = async (...refs: string[]): Promise<void> => {
  for (const ref of refs) await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: ref }));
};

const del = (taskDefinitions: string[]) => ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions }));

async function listed(status: TaskDefinitionStatus): Promise<string[]> {
  return (await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'worker', status }))).taskDefinitionArns ?? [];
}

describe('DeleteTaskDefinitions', () => {
  it('moves deregistered revisions to DELETE_IN_PROGRESS; they stay described and are listed by that status', async () => {
    await deregister('worker:1', 'worker:2');
    local.advance(60);
    const out = await del(['worker:1', TD('worker:2')]);
    expect(out.failures).toEqual([]);
    expect(out.taskDefinitions?.map((td) => [td.taskDefinitionArn, td.family, td.revision, td.status])).toEqual([
      [TD('worker:1'), 'worker', 1, 'DELETE_IN_PROGRESS'],
      [TD('worker:2'), 'worker', 2, 'DELETE_IN_PROGRESS'],
    ]);
    expect(out.taskDefinitions?.[0]?.deleteRequestedAt).toEqual(new Date(T0 + 60_000));
    expect(out.taskDefinitions?.[0]?.containerDefinitions?.[0]?.image).toBe('public.ecr.aws/docker/library/busybox:1.0');

    const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'worker:1', include: ['TAGS'] }));
    expect(described.taskDefinition).toMatchObject({ status: 'DELETE_IN_PROGRESS', deregisteredAt: new Date(T0), deleteRequestedAt: new Date(T0 + 60_000) });
    expect(described.tags).toEqual([{ key: 'Team', value: 'platform' }]);
    expect(local.state.taskDefinitions.get(TD('worker:1'))).toMatchObject({ status: 'DELETE_IN_PROGRESS', deleteRequestedAt: T0 + 60_000 });

    expect(await listed('DELETE_IN_PROGRESS')).toEqual([TD('worker:1'), TD('worker:2')]);
    expect(await listed('INACTIVE')).toEqual([]);
    expect(await listed('ACTIVE')).toEqual([TD('worker:3'), TD('worker:4'), TD('worker:5')]);
    // The family keeps counting: the next revision is 6.
    const next = await ecs.send(new RegisterTaskDefinitionCommand({ family: 'worker', containerDefinitions: [{ name: 'worker', image: 'busybox', memory: 128 }] }));
    expect(next.taskDefinition?.revision).toBe(6);
    // The family alone still names its newest ACTIVE revision.
    expect((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'worker' }))).taskDefinition?.revision).toBe(6);
  });

  it('answers ACTIVE and unknown revisions as failures and deletes the rest; one already deleted is answered as it is', async () => {
    await deregister('worker:2', 'worker:4');
    local.advance(10);
    await del(['worker:4']);
    local.advance(10);
    const out = await del(['worker:1', 'worker:2', 'worker:9', 'nope:1', TD('worker:4')]);
    expect(out.taskDefinitions?.map((td) => [td.taskDefinitionArn, td.status, td.deleteRequestedAt])).toEqual([
      [TD('worker:2'), 'DELETE_IN_PROGRESS', new Date(T0 + 20_000)],
      [TD('worker:4'), 'DELETE_IN_PROGRESS', new Date(T0 + 10_000)],
    ]);
    expect(out.failures).toEqual([
      { arn: TD('worker:1'), reason: 'ACTIVE', detail: 'You must deregister a task definition revision before you delete it.' },
      { arn: TD('worker:9'), reason: 'MISSING' },
      { arn: TD('nope:1'), reason: 'MISSING' },
    ]);
    expect((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'worker:1' }))).taskDefinition?.status).toBe('ACTIVE');
  });

  it('takes 1 to 10 revisions, each with its revision number, else refuses the whole request', async () => {
    await deregister('worker:1');
    const cases: Array<[string[], string, RegExp]> = [
      [[], 'InvalidParameterException', /taskDefinitions cannot be empty/],
      [Array.from({ length: 11 }, (_, i) => `worker:${i + 1}`), 'InvalidParameterException', /at most 10/],
      [['worker:1', 'worker'], 'ClientException', /A task definition revision \(family:revision or full ARN\) must be specified/],
      [['worker:1', 'arn:aws:ecs:us-east-1:123456789012:service/demo/api'], 'ClientException', /must be specified/],
    ];
    for (const [refs, name, message] of cases) {
      const err = await rejection(del(refs));
      expect(err.name).toBe(name);
      expect(err.message).toMatch(message);
    }
    // Nothing was deleted by the refused requests.
    expect(await listed('INACTIVE')).toEqual([TD('worker:1')]);
    const ten = await del(Array.from({ length: 10 }, (_, i) => `worker:${i + 1}`));
    expect([ten.taskDefinitions?.length, ten.failures?.length]).toEqual([1, 9]);
  });

  it('leaves a DELETE_IN_PROGRESS revision running in its service, but it cannot be deregistered, deployed or run', async () => {
    const api = 'api-template:1';
    await deregister(api);
    await del([api]);
    const err = await rejection(ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: api })));
    expect([err.name, err.message]).toEqual(['ClientException', 'The specified task definition is DELETE_IN_PROGRESS and can no longer be deregistered.']);
    // The service still runs it and can scale.
    const scaled = await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', desiredCount: 3 }));
    expect(scaled.service?.taskDefinition).toBe(TD(api));
    local.advance(30);
    const svc = (await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['api'] }))).services?.[0];
    expect([svc?.runningCount, svc?.deployments?.length]).toEqual([3, 1]);
    // Nothing new may use it.
    await deregister('worker:3');
    await del(['worker:3']);
    for (const call of [
      ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', taskDefinition: 'worker:3' })),
      ecs.send(new RunTaskCommand({ cluster: 'demo', taskDefinition: 'worker:3', launchType: 'FARGATE', networkConfiguration: NETWORK })),
    ]) {
      const refused = await rejection(call);
      expect([refused.name, refused.message]).toEqual(['ClientException', 'TaskDefinition is inactive']);
    }
  });

  it('is denied outside the IAM allow-list, naming the first revision, and takes faults like every operation', async () => {
    await deregister('worker:1');
    local.setAllow(['ecs:DeregisterTaskDefinition', 'ecs:Describe*']);
    const denied = await rejection(del(['worker:1', 'worker:2']));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain(`perform: ecs:DeleteTaskDefinitions on resource: ${TD('worker:1')} because`);
    local.setAllow(['ecs:Delete*', 'ecs:List*']);

    local.setFaults({ throttleRate: 1, operations: ['ecs:DeleteTaskDefinitions'] });
    const { ecs: retrying } = clients(local, { retryStrategy: fastRetry(3) });
    const throttled = await rejection(retrying.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['worker:1'] })));
    expect(throttled.name).toBe('ThrottlingException');
    expect(local.log.slice(-3).map((e) => [e.operation, e.status])).toEqual(Array(3).fill(['ecs:DeleteTaskDefinitions', 400]));
    expect(await listed('INACTIVE')).toEqual([TD('worker:1')]);

    // A lost answer: the deletion took effect, the retry finds it done and answers it again.
    local.setFaults({ lostResponseRate: 1, operations: ['ecs:DeleteTaskDefinitions'] });
    const lost = await rejection(ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['worker:1'] })));
    expect(lost.message).toMatch(/socket hang up|ECONNRESET/);
    expect(await listed('DELETE_IN_PROGRESS')).toEqual([TD('worker:1')]);
    local.setFaults({});
    const again = await retrying.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['worker:1'] }));
    expect(again.taskDefinitions?.map((td) => td.status)).toEqual(['DELETE_IN_PROGRESS']);
    retrying.destroy();
  });
});
