// on-abort: what the step does about the deployment it stops following (StopServiceDeployment ROLLBACK, or nothing).
import { beforeEach, describe, expect, test } from '@jest/globals';
import { AccessDeniedException, ConflictException, ECSClient, StopServiceDeploymentCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { newFacts, type RunFacts } from '../src/core/outcome.js';
import { memoryLog } from '../src/log.js';
import { abandonDeployment } from '../src/steps/abort.js';

const SD = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/api/Xq3kS9vTn2bLwP7cYh4mR';
const PREVIOUS = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:41';
const ecsMock = mockClient(ECSClient);
const ecsWrites = new ECSClient({ region: 'eu-west-1' });
let log: ReturnType<typeof memoryLog>;
let facts: RunFacts;

beforeEach(() => {
  ecsMock.reset();
  log = memoryLog();
  facts = { ...newFacts('deploy', 'prod', 'api'), serviceDeploymentArn: SD, previousTaskDefinitionArn: PREVIOUS };
});

describe('abandonDeployment', () => {
  test('rollback: one StopServiceDeployment ROLLBACK of the followed service deployment, said in the log', async () => {
    ecsMock.on(StopServiceDeploymentCommand).resolves({ serviceDeploymentArn: SD });
    expect(await abandonDeployment('rollback', { ecsWrites, log }, facts)).toEqual({ action: 'stopped', serviceDeploymentArn: SD });
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand).map((c) => c.args[0].input)).toEqual([{ serviceDeploymentArn: SD, stopType: 'ROLLBACK' }]);
    expect(facts.abort).toEqual({ action: 'stopped', serviceDeploymentArn: SD });
    expect(log.lines.join('\n')).toContain(`ECS rolls the service back to ${PREVIOUS}`);
  });

  test('a deployment that already ended (ConflictException) is said so, and not retried', async () => {
    ecsMock.on(StopServiceDeploymentCommand).rejects(new ConflictException({ message: 'The service deployment is not in progress.', $metadata: {} }));
    const abort = await abandonDeployment('rollback', { ecsWrites, log }, facts);
    expect(abort).toMatchObject({ action: 'already-ended', serviceDeploymentArn: SD });
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(1);
  });

  test('a denied stop is a stop-failed naming the IAM action, not a thrown error', async () => {
    ecsMock.on(StopServiceDeploymentCommand).rejects(new AccessDeniedException({ message: 'not authorized', $metadata: { httpStatusCode: 400 } }));
    const abort = await abandonDeployment('rollback', { ecsWrites, log }, facts);
    expect(abort.action).toBe('stop-failed');
    expect(abort.action === 'stop-failed' && abort.message).toContain('ecs:StopServiceDeployment');
  });

  test('leave: no call, and the log says ECS goes on', async () => {
    expect(await abandonDeployment('leave', { ecsWrites, log }, facts)).toEqual({ action: 'left' });
    expect(ecsMock.calls()).toHaveLength(0);
    expect(log.lines.join('\n')).toContain('ECS goes on with the deployment');
  });

  test('no service deployment known: nothing to stop, said so', async () => {
    delete facts.serviceDeploymentArn;
    expect(await abandonDeployment('rollback', { ecsWrites, log }, facts)).toEqual({ action: 'unknown-deployment' });
    expect(ecsMock.calls()).toHaveLength(0);
  });
});
