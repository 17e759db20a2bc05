// Fault injection, the IAM allow-list and the request log of the local ECS endpoint.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { DescribeServicesCommand, ListTaskDefinitionsCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { sampleSeed, startLocalEcs } from '../tools/local-ecs/index.js';
import type { LocalEcs } from '../tools/local-ecs/index.js';
import { clients, fastRetry, rejection } from './local-ecs-helpers.js';

let local: LocalEcs;

beforeEach(async () => {
  local = await startLocalEcs({ seed: sampleSeed });
});

afterEach(async () => {
  await local.close();
});

const describeApi = new DescribeServicesCommand({ cluster: 'demo', services: ['api'] });

describe('faults', () => {
  it('throttles: the SDK retries and finally surfaces ThrottlingException', async () => {
    local.setFaults({ throttleRate: 1, operations: ['ecs:DescribeServices'] });
    const { ecs } = clients(local, { retryStrategy: fastRetry(3) });
    const err = await rejection(ecs.send(describeApi));
    expect([err.name, err.message]).toEqual(['ThrottlingException', 'Rate exceeded']);
    expect(local.log.map((e) => [e.operation, e.status, e.error])).toEqual([
      ['ecs:DescribeServices', 400, 'ThrottlingException'],
      ['ecs:DescribeServices', 400, 'ThrottlingException'],
      ['ecs:DescribeServices', 400, 'ThrottlingException'],
    ]);
    // Operations outside `operations` are not affected.
    await ecs.send(new ListTaskDefinitionsCommand({}));
    ecs.destroy();
  });

  it('throttles a seeded share of requests, the same ones on every run', async () => {
    const run = async (): Promise<number[]> => {
      local.log.length = 0;
      local.setFaults({ throttleRate: 0.5, seed: 42 });
      const { ecs } = clients(local, { retryStrategy: fastRetry(10) });
      for (let i = 0; i < 10; i++) await ecs.send(describeApi);
      ecs.destroy();
      return local.log.map((e) => e.status);
    };
    const first = await run();
    expect(first.filter((s) => s === 400).length).toBeGreaterThan(0);
    expect(first.filter((s) => s === 200)).toHaveLength(10);
    expect(await run()).toEqual(first);
  });

  it('answers 5xx, which the SDK retries with its own strategy', async () => {
    local.setFaults({ serverErrorRate: 1 });
    const { ecs } = clients(local, { maxAttempts: 2 });
    const err = await rejection(ecs.send(describeApi));
    expect(err.name).toBe('ServerException');
    expect(err.$metadata?.attempts).toBe(2);
    expect(local.log.map((e) => e.status)).toEqual([500, 500]);
    local.setFaults({});
    expect((await ecs.send(describeApi)).services).toHaveLength(1);
    ecs.destroy();
  });

  it('drops connections and adds latency', async () => {
    local.setFaults({ dropRate: 1 });
    const { ecs } = clients(local, { retryStrategy: fastRetry(2) });
    const err = await rejection(ecs.send(describeApi));
    expect(err.message).toMatch(/socket hang up/);
    expect(local.log.map((e) => e.status)).toEqual([0, 0]);

    local.setFaults({ latencyMs: 60 });
    const started = Date.now();
    await ecs.send(describeApi);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    ecs.destroy();
  });
});

describe('IAM allow-list', () => {
  it('denies actions outside the list with AWS wording, naming the resource', async () => {
    local.setAllow(['ecs:Describe*', 'ecr:DescribeImages']);
    const { ecs, ecr } = clients(local);
    await ecs.send(describeApi);
    await ecr.send(new DescribeImagesCommand({ repositoryName: 'my-app', imageIds: [{ imageTag: 'v1.0.0' }] }));
    const err = await rejection(ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', forceNewDeployment: true })));
    expect(err.name).toBe('AccessDeniedException');
    expect(err.message).toBe(
      'User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: ecs:UpdateService ' +
        'on resource: arn:aws:ecs:us-east-1:123456789012:service/demo/api ' +
        'because no identity-based policy allows the ecs:UpdateService action',
    );
    expect(local.state.service('demo', 'api')?.deployments).toHaveLength(1);

    local.setAllow(['ecs:*']);
    const ecrErr = await rejection(ecr.send(new DescribeImagesCommand({ repositoryName: 'my-app' })));
    expect(ecrErr.name).toBe('AccessDeniedException');
    expect(ecrErr.message).toContain('ecr:DescribeImages on resource: arn:aws:ecr:us-east-1:123456789012:repository/my-app');

    local.setAllow(null);
    await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', forceNewDeployment: true }));
    ecs.destroy();
    ecr.destroy();
  });
});

describe('request log and environment', () => {
  it('logs every request with its operation, parameters, time and status', async () => {
    const { ecs } = clients(local);
    await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['api'], include: ['TAGS'] }));
    await rejection(ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['api'] })));
    expect(local.log).toEqual([
      {
        operation: 'ecs:DescribeServices',
        params: { cluster: 'demo', services: ['api'], include: ['TAGS'] },
        time: expect.any(Number),
        simTime: expect.any(Number),
        status: 200,
      },
      expect.objectContaining({ operation: 'ecs:DescribeServices', status: 400, error: 'ClusterNotFoundException' }),
    ]);
    ecs.destroy();
  });

  it('reaches a child process through the standard AWS_ENDPOINT_URL_* variables', async () => {
    const script = [
      "import { ECSClient, DescribeServicesCommand } from '@aws-sdk/client-ecs';",
      "const out = await new ECSClient({}).send(new DescribeServicesCommand({ cluster: 'demo', services: ['api'] }));",
      'console.log(out.services[0].serviceArn);',
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', ...local.env() },
      cwd: process.cwd(),
    });
    expect(stdout.trim()).toBe('arn:aws:ecs:us-east-1:123456789012:service/demo/api');
  });
});
