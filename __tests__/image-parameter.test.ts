/** image-parameter: the value written, the type/tier/key kept, and a failed write worded as such. */
import { beforeEach, describe, expect, test } from '@jest/globals';
import { DescribeParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { DeployError } from '../src/core/errors.js';
import { readSettings, type Settings } from '../src/core/inputs.js';
import { newFacts, type RunFacts } from '../src/core/outcome.js';
import { memoryLog } from '../src/log.js';
import type { Ports } from '../src/ports.js';
import { parameterValue, writeImageParameter } from '../src/steps/image-parameter.js';
import { FakeClock } from './helpers/fake-clock.js';

const ssmMock = mockClient(SSMClient);
const ssm = new SSMClient({ region: 'eu-west-1' });
const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:' + 'ab'.repeat(32);
let log: ReturnType<typeof memoryLog>;
let facts: RunFacts;

beforeEach(() => {
  ssmMock.reset();
  log = memoryLog();
  facts = { ...newFacts('deploy', 'prod', 'api', 'eu-west-1'), image: IMAGE, images: [{ container: 'api', given: 'api:v2', registered: IMAGE }] };
});

function settings(over: Record<string, string> = {}): Settings {
  const inputs: Record<string, string> = { cluster: 'prod', service: 'api', region: 'eu-west-1', template: 'api-template', image: 'api:v2', 'image-parameter': '/api/prod/image', ...over };
  return readSettings((name) => inputs[name] ?? '', {});
}

const ports = () => ({ ssm, log, clock: new FakeClock(0), deadline: 60_000 }) as unknown as Ports;

describe('parameterValue', () => {
  test('the image of the container that got image; with images, a JSON object', () => {
    expect(parameterValue(settings(), facts)).toBe(IMAGE);
    const several = { ...facts, images: [...facts.images, { container: 'worker', given: 'w', registered: 'w@sha256:1' }] };
    expect(parameterValue(settings({ image: '', images: 'api=api:v2\nworker=w' }), several)).toBe(JSON.stringify({ api: IMAGE, worker: 'w@sha256:1' }));
  });
});

describe('writeImageParameter', () => {
  type Shape = { Type: 'String' | 'SecureString'; Tier: 'Standard' | 'Advanced'; KeyId?: string };
  test.each<[string, Shape, Record<string, string>]>([
    ['a String, Standard', { Type: 'String', Tier: 'Standard' }, { Type: 'String', Tier: 'Standard' }],
    ['a SecureString under a customer key', { Type: 'SecureString', Tier: 'Advanced', KeyId: 'alias/deploys' }, { Type: 'SecureString', Tier: 'Advanced', KeyId: 'alias/deploys' }],
  ])('%s: overwritten with its type, tier and key kept', async (_label, described, sent) => {
    ssmMock.on(DescribeParametersCommand).resolves({ Parameters: [{ Name: '/api/prod/image', ...described }] });
    ssmMock.on(PutParameterCommand).resolves({ Version: 7, Tier: described.Tier });
    await writeImageParameter(settings(), ports(), facts);
    expect(ssmMock.commandCalls(DescribeParametersCommand)[0]!.args[0].input).toEqual({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: ['/api/prod/image'] }] });
    expect(ssmMock.commandCalls(PutParameterCommand)[0]!.args[0].input).toEqual({ Name: '/api/prod/image', Value: IMAGE, Overwrite: true, ...sent });
    expect(facts.imageParameter).toEqual({ name: '/api/prod/image', value: IMAGE, version: 7 });
    expect(log.lines).toContain(`SSM parameter /api/prod/image now holds ${IMAGE} (version 7).`);
  });

  test('a parameter that does not exist is not created: the step fails saying the rollout completed', async () => {
    ssmMock.on(DescribeParametersCommand).resolves({ Parameters: [] });
    const error = await writeImageParameter(settings(), ports(), facts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toMatch(/^The rollout completed, but the SSM parameter "\/api\/prod\/image" was not set to .*: it does not exist \(create it in Terraform/);
    expect(ssmMock.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  test('PutParameter denied: the IAM action is named, and what to set by hand', async () => {
    ssmMock.on(DescribeParametersCommand).resolves({ Parameters: [{ Name: '/api/prod/image', Type: 'String' }] });
    ssmMock.on(PutParameterCommand).rejects(Object.assign(new Error('not authorized to perform: ssm:PutParameter'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
    const error = (await writeImageParameter(settings(), ports(), facts).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('"ssm:PutParameter"');
    expect(error.message).toContain('Set it by hand');
  });

  test('no image-parameter: nothing is called', async () => {
    await writeImageParameter(settings({ 'image-parameter': '' }), ports(), facts);
    expect(ssmMock.calls()).toHaveLength(0);
  });
});
