/**
 * rollback-to: previous: the service's deployment history first (ListServiceDeployments SUCCESSFUL, then
 * DescribeServiceRevisions of each page), the completed-rollout tags when the history cannot say. ECS mocked.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import {
  AccessDeniedException,
  DescribeServiceRevisionsCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTaskDefinitionsCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { memoryLog } from '../src/log.js';
import { findPrevious } from '../src/steps/rollback-plan.js';

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'eu-west-1' });
const TD = (r: string) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/${r}`;
const SR = (n: number) => `arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/api/${n}`;
const SCOPE = { cluster: 'prod', service: 'api' };
const COMPLETED = { key: 'ecs-template-deploy:rollout-completed', value: '2026-01-01T00:00:00.000Z' };

let log: ReturnType<typeof memoryLog>;
/** Service revision n runs task definition `revisions[n]`; the SUCCESSFUL deployments target `history` (newest first). */
let revisions: Map<number, string>;
let history: number[];
let inactive: Set<string>;

beforeEach(() => {
  ecsMock.reset();
  log = memoryLog();
  revisions = new Map();
  history = [];
  inactive = new Set();
  ecsMock.on(ListServiceDeploymentsCommand).callsFake((input: { nextToken?: string; maxResults?: number; status?: string[] }) => {
    if (input.status?.join() !== 'SUCCESSFUL') throw new Error('expected status SUCCESSFUL');
    const size = input.maxResults ?? 20;
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const page = history.slice(start, start + size);
    return {
      serviceDeployments: page.map((n, i) => ({ serviceDeploymentArn: `sd-${start + i}`, targetServiceRevisionArn: SR(n), status: 'SUCCESSFUL' })),
      ...(start + size < history.length ? { nextToken: String(start + size) } : {}),
    };
  });
  ecsMock.on(DescribeServiceRevisionsCommand).callsFake((input: { serviceRevisionArns: string[] }) => {
    if (input.serviceRevisionArns.length > 20) throw new Error('at most 20');
    return {
      serviceRevisions: input.serviceRevisionArns.map((arn) => ({ serviceRevisionArn: arn, taskDefinition: revisions.get(Number(arn.split('/').pop())) })),
      failures: [],
    };
  });
  ecsMock.on(DescribeTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => ({
    taskDefinition: { taskDefinitionArn: input.taskDefinition, family: 'api', status: inactive.has(input.taskDefinition) ? 'INACTIVE' : 'ACTIVE', containerDefinitions: [] },
    tags: input.taskDefinition === TD('api:1') ? [COMPLETED] : [],
  }));
  ecsMock.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [TD('api:3'), TD('api:2'), TD('api:1')] });
});

const ctx = () => ({ ecs, log });
const count = (command: Parameters<typeof ecsMock.commandCalls>[0]) => ecsMock.commandCalls(command).length;

describe('rollback-to: previous from the deployment history', () => {
  test('the last completed deployment older than the serving revision, in three calls, however long the history', async () => {
    // 10,000 deployments: the newest to api:9000 (serving), then api:8999, ...
    for (let n = 0; n < 10_000; n++) revisions.set(n, TD(`api:${9000 - n}`));
    history = Array.from({ length: 10_000 }, (_, n) => n);
    const found = await findPrevious(ctx(), 'api', 9000, SCOPE);
    expect(found.taskDefinition.taskDefinitionArn).toBe(TD('api:8999'));
    expect([count(ListServiceDeploymentsCommand), count(DescribeServiceRevisionsCommand), count(DescribeTaskDefinitionCommand)]).toEqual([1, 1, 1]);
    expect(count(ListTaskDefinitionsCommand)).toBe(0);
    expect(log.lines).toContain(`The service's deployment history: its last completed deployment before revision 9000 was to ${TD('api:8999')}.`);
  });

  test('skips newer revisions (after an earlier rollback), other families and deregistered ones, over several pages', async () => {
    // Newest first: api:9 (serving), 25 deployments of another family, api:12 (newer than serving), api:8 (deregistered), api:7.
    revisions.set(0, TD('api:9'));
    for (let n = 1; n <= 25; n++) revisions.set(n, TD(`worker:${n}`));
    revisions.set(26, TD('api:12'));
    revisions.set(27, TD('api:8'));
    revisions.set(28, TD('api:7'));
    history = [0, 0, ...Array.from({ length: 25 }, (_, i) => i + 1), 26, 27, 28];
    inactive.add(TD('api:8'));
    const found = await findPrevious(ctx(), 'api', 9, SCOPE);
    expect(found.taskDefinition.taskDefinitionArn).toBe(TD('api:7'));
    expect(count(ListServiceDeploymentsCommand)).toBe(2);
    // Each service revision described once; each task definition candidate once.
    const described = ecsMock.commandCalls(DescribeServiceRevisionsCommand).flatMap((c) => c.args[0].input.serviceRevisionArns ?? []);
    expect(new Set(described).size).toBe(described.length);
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand).map((c) => c.args[0].input.taskDefinition)).toEqual([TD('api:8'), TD('api:7')]);
    expect(log.lines).toContain(`Skipping ${TD('api:8')}: its deployment completed, but it is INACTIVE now (deregistered).`);
  });

  test('a history that names no earlier revision: the tags decide', async () => {
    revisions.set(0, TD('api:3'));
    history = [0];
    const found = await findPrevious(ctx(), 'api', 3, SCOPE);
    expect(found.taskDefinition.taskDefinitionArn).toBe(TD('api:1'));
    expect(log.lines[0]).toBe(
      `The service's deployment history (1 completed deployment(s)) names no ACTIVE revision of "api" before revision 3; looking for the completed-rollout tag on earlier revisions instead.`,
    );
    expect(log.lines).toContain(`Skipping ${TD('api:2')}: no completed rollout recorded for it.`);
  });

  test('a role without ecs:DescribeServiceRevisions: one line naming it, then the tags', async () => {
    revisions.set(0, TD('api:2'));
    history = [0];
    ecsMock.on(DescribeServiceRevisionsCommand).rejects(new AccessDeniedException({ $metadata: { httpStatusCode: 400 }, message: 'not authorized to perform: ecs:DescribeServiceRevisions' }));
    const found = await findPrevious(ctx(), 'api', 3, SCOPE);
    expect(found.taskDefinition.taskDefinitionArn).toBe(TD('api:1'));
    expect(log.lines[0]).toMatch(/^The service's deployment history could not be read \(AccessDeniedException: the role may not call ecs:DescribeServiceRevisions\); looking for/);
  });

  test('an error that is not about access or support is the step\'s error, not a silent fallback', async () => {
    ecsMock.on(ListServiceDeploymentsCommand).rejects(Object.assign(new Error('boom'), { name: 'ServerException', $fault: 'server', $metadata: { httpStatusCode: 500 } }));
    await expect(findPrevious({ ecs: new ECSClient({ region: 'eu-west-1', maxAttempts: 1 }), log }, 'api', 3, SCOPE)).rejects.toThrow(/Listing deployments of service "api" failed \(ServerException/);
    expect(count(ListTaskDefinitionsCommand)).toBe(0);
  });

  test('without a service (a schedule): the tags only', async () => {
    const found = await findPrevious(ctx(), 'api', 3);
    expect(found.taskDefinition.taskDefinitionArn).toBe(TD('api:1'));
    expect(count(ListServiceDeploymentsCommand)).toBe(0);
  });
});
