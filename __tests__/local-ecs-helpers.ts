// Shared helpers of the local-ecs tests: real SDK clients pointed at the endpoint.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { RetryStrategyV2, RetryToken } from '@smithy/types';
import type { LocalEcs } from '../tools/local-ecs/index.js';

/** Retries throttling, transient and server errors without waiting, up to `maxAttempts`. */
export function fastRetry(maxAttempts: number): RetryStrategyV2 {
  const token = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => 0 });
  return {
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous, info) => {
      const next = previous.getRetryCount() + 1;
      if (info.errorType === 'CLIENT_ERROR' || next >= maxAttempts) throw info.error ?? new Error('no retry');
      return token(next);
    },
    recordSuccess: () => undefined,
  };
}

export interface ClientOptions {
  maxAttempts?: number;
  retryStrategy?: RetryStrategyV2;
}

export function clients(
  local: LocalEcs,
  options: ClientOptions = {},
): { ecs: ECSClient; ecr: ECRClient; logs: CloudWatchLogsClient; ssm: SSMClient } {
  const config = {
    endpoint: local.url,
    region: local.region,
    credentials: { accessKeyId: 'AKIALOCALTEST0000000', secretAccessKey: 'local-test-secret' },
    maxAttempts: options.maxAttempts ?? 1,
    ...(options.retryStrategy ? { retryStrategy: options.retryStrategy } : {}),
  };
  return {
    ecs: new ECSClient(config),
    ecr: new ECRClient(config),
    logs: new CloudWatchLogsClient(config),
    ssm: new SSMClient(config),
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { attempts?: number } }> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}
