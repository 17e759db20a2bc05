/**
 * keep-revisions' cleanup: the newest kept, the protected ones kept with their reasons, every revision a
 * deployment of any service of the cluster uses kept (ListServices, DescribeServices by 10), and nothing
 * deregistered when the services cannot be read. ECS mocked, a fake clock.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import {
  AccessDeniedException,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { memoryLog } from '../src/log.js';
import type { Ports } from '../src/ports.js';
import { cleanupRevisions, type CleanupRequest } from '../src/steps/cleanup.js';
import { FakeClock } from './helpers/fake-clock.js';

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'eu-west-1' });
const ecsWrites = new ECSClient({ region: 'eu-west-1' });
const TD = (familyRevision: string) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/${familyRevision}`;
const SERVICE = (name: string) => `arn:aws:ecs:eu-west-1:123456789012:service/prod/${name}`;
/** api:1 .. api:10, newest first, as ListTaskDefinitions answers with sort DESC (and a family sharing the prefix). */
const ACTIVE = [...Array.from({ length: 10 }, (_, i) => TD(`api:${10 - i}`)), TD('api-worker:4')];

let clock: FakeClock;
let log: ReturnType<typeof memoryLog>;
/** The services of the cluster, by ARN. */
let services: Map<string, Service>;

beforeEach(() => {
  ecsMock.reset();
  clock = new FakeClock(1_000_000);
  log = memoryLog();
  services = new Map();
  ecsMock.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: ACTIVE });
  ecsMock.on(ListServicesCommand).callsFake((input: { nextToken?: string }) => {
    const arns = [...services.keys()];
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const end = start + 7; // a small page, to see every page read
    return { serviceArns: arns.slice(start, end), ...(end < arns.length ? { nextToken: String(end) } : {}) };
  });
  ecsMock.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => {
    if (input.services.length > 10) throw new Error('DescribeServices takes at most 10 services');
    return { services: input.services.map((arn) => services.get(arn)).filter((s) => s !== undefined), failures: [] };
  });
  ecsMock.on(DeregisterTaskDefinitionCommand).resolves({});
});

const ports = () => ({ ecs, ecsWrites, log, clock, deadline: 1_000_000 + 600_000 }) as unknown as Ports;

/** A service of the cluster whose deployments use `revisions`. */
function addService(name: string, ...revisions: string[]): void {
  services.set(SERVICE(name), {
    serviceArn: SERVICE(name),
    serviceName: name,
    taskDefinition: revisions[0] ?? TD('other:1'),
    deployments: (revisions.length > 0 ? revisions : [TD('other:1')]).map((taskDefinition, i) => ({ id: `ecs-svc/${name}-${i}`, taskDefinition })),
  });
}

/** Filler services of other families. */
function addOthers(count: number): void {
  for (let i = 0; i < count; i++) addService(`svc-${i}`, TD(`svc-${i}:1`));
}

const request = (over: Partial<CleanupRequest> = {}): CleanupRequest => ({ cluster: 'prod', family: 'api', keep: 2, protect: new Map(), ...over });
const deregistered = () => ecsMock.commandCalls(DeregisterTaskDefinitionCommand).map((c) => c.args[0].input.taskDefinition);

describe('cleanupRevisions', () => {
  test('keeps the revisions deployments of other services use, reading every service in batches of 10', async () => {
    addOthers(14);
    addService('api', TD('api:10'));
    addService('api-canary', TD('api:4')); // the 16th service: in the second batch
    for (let i = 14; i < 23; i++) addService(`svc-${i}`, TD(`svc-${i}:1`));
    addService('api-legacy', TD('other:2'), TD('api:2')); // the 26th: in the third batch, an older deployment
    const result = await cleanupRevisions(ports(), request());

    const list = ecsMock.commandCalls(ListServicesCommand).map((c) => c.args[0].input);
    expect(list).toEqual([
      { cluster: 'prod', maxResults: 100 },
      { cluster: 'prod', maxResults: 100, nextToken: '7' },
      { cluster: 'prod', maxResults: 100, nextToken: '14' },
      { cluster: 'prod', maxResults: 100, nextToken: '21' },
    ]);
    const batches = ecsMock.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input);
    const all = [...services.keys()];
    expect(batches).toEqual([
      { cluster: 'prod', services: all.slice(0, 10) },
      { cluster: 'prod', services: all.slice(10, 20) },
      { cluster: 'prod', services: all.slice(20, 26) },
    ]);

    expect(result.removed).toEqual([TD('api:8'), TD('api:7'), TD('api:6'), TD('api:5'), TD('api:3'), TD('api:1')]);
    expect(deregistered()).toEqual(result.removed);
    expect(result.kept).toEqual([
      { reason: 'in use by services of the cluster', count: 2 },
      { reason: 'newest', count: 2 },
    ]);
    expect(log.lines).toContain('Cleanup: kept 2 revisions in use by services of the cluster, 2 newest (keep-revisions: 2).');
    expect(log.lines).toContain(`Cleanup: deregistered 6 old revision(s) of api: ${result.removed.join(', ')}`);
    // Another family sharing the prefix is never touched.
    expect(deregistered()).not.toContain(TD('api-worker:4'));
  });

  test('keeps the protected revisions, counted by their reasons, and a service use that is also protected once', async () => {
    addService('api', TD('api:10'), TD('api:6'));
    addService('reports', TD('api:3'));
    const protect = new Map([
      [TD('api:10'), 'the new revision'],
      [TD('api:9'), 'the previous revision'],
      [TD('api:6'), 'a deployment of this service'],
      [TD('api:5'), 'a schedule of this step'],
      [TD('api:4'), 'a schedule of this step'],
      [TD('api:1'), 'an output of this step'],
      [TD('jobs:3'), 'a schedule of this step'], // another family: not counted
    ]);
    const result = await cleanupRevisions(ports(), request({ protect }));
    expect(result.removed).toEqual([TD('api:8'), TD('api:7'), TD('api:2')]);
    expect(deregistered()).toEqual(result.removed);
    expect(result.kept).toEqual([
      { reason: 'in use by services of the cluster', count: 1 },
      { reason: 'a deployment of this service', count: 1 },
      { reason: 'a schedule of this step', count: 2 },
      { reason: 'an output of this step', count: 1 },
      { reason: 'newest', count: 2 },
    ]);
    expect(log.lines).toContain(
      'Cleanup: kept 1 revision in use by services of the cluster, 1 by a deployment of this service, 2 by a schedule of this step, 1 by an output of this step, 2 newest (keep-revisions: 2).',
    );
  });

  test('a protected revision older than the newest is kept "as" its reason', async () => {
    const result = await cleanupRevisions(ports(), request({ keep: 1, protect: new Map([[TD('api:9'), 'the previous revision']]) }));
    expect(result.kept).toEqual([
      { reason: 'the previous revision', count: 1 },
      { reason: 'newest', count: 1 },
    ]);
    expect(log.lines[0]).toBe('Cleanup: kept 1 revision as the previous revision, 1 newest (keep-revisions: 1).');
    expect(result.removed).toHaveLength(8);
  });

  test('ListServices failing: nothing is deregistered, and a warning says why', async () => {
    ecsMock.on(ListServicesCommand).rejects(new AccessDeniedException({ $metadata: { httpStatusCode: 400 }, message: 'not authorized to perform: ecs:ListServices' }));
    const result = await cleanupRevisions(ports(), request());
    expect(result).toEqual({ removed: [], kept: [] });
    expect(ecsMock.commandCalls(DeregisterTaskDefinitionCommand)).toHaveLength(0);
    const warning = log.lines.find((l) => l.startsWith('warning: '));
    expect(warning).toMatch(/^warning: Cleanup: nothing was deregistered, as the revisions the services of cluster "prod" use could not be read: Listing the services of cluster "prod" failed \(AccessDeniedException: /);
    expect(warning).toContain('the IAM permission "ecs:ListServices"');
  });

  test('DescribeServices failing on a later batch: nothing is deregistered', async () => {
    addOthers(12);
    ecsMock.on(DescribeServicesCommand).resolvesOnce({ services: [], failures: [] }).rejects(Object.assign(new Error('boom'), { name: 'ServerException', $fault: 'server', $metadata: { httpStatusCode: 500 } }));
    const result = await cleanupRevisions(ports(), request());
    expect(result.removed).toEqual([]);
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(2);
    expect(ecsMock.commandCalls(DeregisterTaskDefinitionCommand)).toHaveLength(0);
    expect(log.lines.some((l) => l.includes('could not be read: Describing 2 service(s) of cluster "prod" failed (ServerException'))).toBe(true);
  });

  test('nothing beyond the newest and the protected: the services are not even listed', async () => {
    ecsMock.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [TD('api:3'), TD('api:2'), TD('api:1')] });
    const result = await cleanupRevisions(ports(), request({ protect: new Map([[TD('api:1'), 'a schedule of this step']]) }));
    expect(result).toEqual({
      removed: [],
      kept: [
        { reason: 'a schedule of this step', count: 1 },
        { reason: 'newest', count: 2 },
      ],
    });
    expect(ecsMock.commandCalls(ListServicesCommand)).toHaveLength(0);
    expect(log.lines).toEqual(['Cleanup: kept 1 revision by a schedule of this step, 2 newest (keep-revisions: 2).', 'Cleanup: nothing to deregister (keeping the newest 2 of api).']);
  });

  test('every page of revisions is read; a revision that fails to deregister is warned about, the others still go', async () => {
    ecsMock
      .on(ListTaskDefinitionsCommand)
      .resolvesOnce({ taskDefinitionArns: [TD('api:5'), TD('api:4')], nextToken: 'more' })
      .resolvesOnce({ taskDefinitionArns: [TD('api:3'), TD('api:2'), TD('api:1')] });
    ecsMock
      .on(DeregisterTaskDefinitionCommand, { taskDefinition: TD('api:2') })
      .rejects(new AccessDeniedException({ $metadata: { httpStatusCode: 400 }, message: 'not authorized to perform: ecs:DeregisterTaskDefinition' }));
    const result = await cleanupRevisions(ports(), request());
    expect(ecsMock.commandCalls(ListTaskDefinitionsCommand).map((c) => c.args[0].input.nextToken)).toEqual([undefined, 'more']);
    expect(result.removed).toEqual([TD('api:3'), TD('api:1')]);
    expect(log.lines.some((l) => l.startsWith(`warning: Cleanup: could not deregister ${TD('api:2')}: `) && l.includes('"ecs:DeregisterTaskDefinition"'))).toBe(true);
  });

  test('delete-revisions: what was deregistered is deleted ten a call; failures are warned about and counted', async () => {
    const many = Array.from({ length: 25 }, (_, i) => TD(`api:${25 - i}`));
    ecsMock.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: many });
    ecsMock.on(DeleteTaskDefinitionsCommand).callsFake((input: { taskDefinitions: string[] }) => {
      if (input.taskDefinitions.length > 10) throw new Error('DeleteTaskDefinitions takes at most 10');
      const refused = input.taskDefinitions.filter((a) => a === TD('api:7'));
      return {
        taskDefinitions: input.taskDefinitions.filter((a) => !refused.includes(a)).map((taskDefinitionArn) => ({ taskDefinitionArn, status: 'DELETE_IN_PROGRESS' })),
        failures: refused.map((arn) => ({ arn, reason: 'The specified task definition is still in ACTIVE status.' })),
      };
    });
    const result = await cleanupRevisions(ports(), request({ delete: true }));
    expect(result.removed).toHaveLength(23);
    const calls = ecsMock.commandCalls(DeleteTaskDefinitionsCommand).map((c) => c.args[0].input.taskDefinitions ?? []);
    expect(calls.map((c) => c.length)).toEqual([10, 10, 3]);
    expect(calls.flat().sort()).toEqual([...result.removed].sort());
    expect(result.deleted).toHaveLength(22);
    expect(result.deleted).not.toContain(TD('api:7'));
    expect(log.lines).toContain(`warning: Cleanup: ECS did not delete ${TD('api:7')}: The specified task definition is still in ACTIVE status.`);
    expect(log.lines).toContain('Cleanup: deleted 22 of the 23 deregistered revision(s) (delete-revisions: true).');
    // Only after every deregistration.
    const order = ecsMock.calls().map((c) => (c.args[0] as object).constructor.name);
    expect(order.lastIndexOf('DeregisterTaskDefinitionCommand')).toBeLessThan(order.indexOf('DeleteTaskDefinitionsCommand'));
  });

  test('delete-revisions: a batch the role may not delete stays INACTIVE, with a warning naming the IAM action', async () => {
    ecsMock.on(DeleteTaskDefinitionsCommand).rejects(new AccessDeniedException({ $metadata: { httpStatusCode: 400 }, message: 'not authorized to perform: ecs:DeleteTaskDefinitions' }));
    const result = await cleanupRevisions(ports(), request({ delete: true }));
    expect(result.removed).toHaveLength(8);
    expect(result.deleted).toEqual([]);
    expect(log.lines.some((l) => l.startsWith('warning: Cleanup: could not delete ') && l.includes('"ecs:DeleteTaskDefinitions"'))).toBe(true);
    // Without delete, nothing is deleted.
    ecsMock.resetHistory();
    expect((await cleanupRevisions(ports(), request())).deleted).toBeUndefined();
    expect(ecsMock.commandCalls(DeleteTaskDefinitionsCommand)).toHaveLength(0);
  });

  test('keep 0: nothing is read or deregistered', async () => {
    expect(await cleanupRevisions(ports(), request({ keep: 0 }))).toEqual({ removed: [], kept: [] });
    expect(ecsMock.calls()).toHaveLength(0);
  });
});
