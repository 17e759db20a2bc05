/**
 * The SDK clients as src/aws/clients.ts makes them, sending real requests to the local endpoint: the
 * SDK's logger middleware must not build a redacted copy of every request and response only to drop it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DescribeTaskDefinitionCommand, ECSClient, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { ecrClients, ecsClients } from '../src/aws/clients.js';
import { sampleSeed, startLocalEcs, type LocalEcs } from '../tools/local-ecs/index.js';

let local: LocalEcs;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  local = await startLocalEcs({ seed: sampleSeed });
  // The SDK reads its endpoint, region and credentials from the environment when a client is made.
  for (const [name, value] of Object.entries(local.env())) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await local.close();
});

const options = () => ({ region: 'us-east-1', env: {}, deadline: Date.now() + 60_000 });

/**
 * Adds, ahead of the SDK's logger middleware, one that wraps the redaction functions the logger
 * middleware would call, and counts their calls.
 */
function countRedactions(client: ECSClient): { calls: number } {
  const seen = { calls: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const ctx = context as { inputFilterSensitiveLog?: (v: unknown) => unknown; outputFilterSensitiveLog?: (v: unknown) => unknown };
      for (const key of ['inputFilterSensitiveLog', 'outputFilterSensitiveLog'] as const) {
        const filter = ctx[key];
        if (filter)
          ctx[key] = (value: unknown) => {
            seen.calls++;
            return filter(value);
          };
      }
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'countRedactions' },
  );
  return seen;
}

describe('the clients of src/aws/clients.ts', () => {
  test('a request and its answer are not copied for a log nobody reads (reads and writes clients)', async () => {
    const { ecs, ecsWrites } = ecsClients(options());
    const reads = countRedactions(ecs);
    const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api-template', include: ['TAGS'] }));
    expect(out.taskDefinition?.family).toBe('api-template');
    expect(reads.calls).toBe(0);
    // A failed request: the logger middleware's error path is skipped as well, and the error still reaches us.
    await expect(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'no-such-family' }))).rejects.toThrow();
    expect(reads.calls).toBe(0);
    // The writes client is made the same way.
    expect((await ecsWrites.send(new ListTaskDefinitionsCommand({ familyPrefix: 'api-template' }))).taskDefinitionArns?.length).toBeGreaterThan(0);
  });

  test('the counting middleware sees the redactions of a client with the SDK default logger (the check above can fail)', async () => {
    const plain = new ECSClient({ region: 'us-east-1' });
    const seen = countRedactions(plain);
    await plain.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api-template' }));
    expect(seen.calls).toBe(2);
    plain.destroy();
  });

  test('the ECR client has the quiet logger too, and the SDK still finds every logger method it calls unguarded', () => {
    const ecr = ecrClients(options())('us-east-1');
    const logger = ecr.config.logger as unknown as Record<string, unknown>;
    expect(logger.info).toBeUndefined();
    expect(logger.error).toBeUndefined();
    expect(typeof logger.debug).toBe('function');
    expect(typeof logger.warn).toBe('function');
    // The SDK reports a bad AWS_SDK_UA_APP_ID on the console when the logger is its default NoOpLogger.
    expect(ecr.config.logger.constructor.name).toBe('NoOpLogger');
  });
});
