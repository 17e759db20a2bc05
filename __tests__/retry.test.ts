// Retries measured in time (the SDK clients' strategy) and safe retries of writes.
import { describe, expect, test } from '@jest/globals';
import type { RetryErrorInfo } from '@smithy/types';
import { AwsError, type AwsErrorKind } from '../src/aws/call.js';
import { backoffMs, timeBudgetRetryStrategy } from '../src/aws/retry.js';
import { memoryLog } from '../src/log.js';
import { safeWrite } from '../src/steps/write.js';
import { FakeClock } from './helpers/fake-clock.js';

const info = (errorType: RetryErrorInfo['errorType']): RetryErrorInfo => ({ errorType });

describe('backoffMs', () => {
  test('full jitter over a capped exponential; throttling backs off from a larger base', () => {
    expect(backoffMs(1, false, () => 0.999)).toBe(199);
    expect(backoffMs(1, true, () => 0.999)).toBe(999);
    expect(backoffMs(3, false, () => 0.5)).toBe(400);
    expect(backoffMs(30, true, () => 0.999)).toBe(4995);
    expect(backoffMs(2, true, () => 0)).toBe(0);
  });
});

describe('timeBudgetRetryStrategy', () => {
  test('retries transient, server and throttling errors until the per-call budget is spent, not a fixed count', async () => {
    let now = 0;
    const strategy = timeBudgetRetryStrategy({ deadline: 1e12, perCallMs: 30_000, now: () => now, random: () => 0.5 });
    let token = await strategy.acquireInitialRetryToken('ecs');
    const delays: number[] = [];
    for (;;) {
      try {
        token = await strategy.refreshRetryTokenForRetry(token, info(delays.length % 2 ? 'THROTTLING' : 'SERVER_ERROR'));
      } catch {
        break;
      }
      delays.push(token.getRetryDelay());
      now += token.getRetryDelay();
    }
    expect(delays.length).toBeGreaterThan(6);
    expect(token.getRetryCount()).toBe(delays.length);
    // It stopped because the next back-off would end past the call's 30 s, not at an attempt count.
    expect(now).toBeLessThan(30_000);
    expect(now + backoffMs(delays.length + 1, delays.length % 2 === 1, () => 0.5)).toBeGreaterThanOrEqual(30_000);
  });

  test('never past the step deadline; never a client error', async () => {
    let now = 0;
    const strategy = timeBudgetRetryStrategy({ deadline: 300, perCallMs: 60_000, now: () => now, random: () => 0.999 });
    const token = await strategy.acquireInitialRetryToken('ecs');
    await expect(strategy.refreshRetryTokenForRetry(token, info('CLIENT_ERROR'))).rejects.toThrow();
    const next = await strategy.refreshRetryTokenForRetry(token, info('TRANSIENT'));
    expect(next.getRetryDelay()).toBe(199);
    now = 200;
    await expect(strategy.refreshRetryTokenForRetry(next, info('TRANSIENT'))).rejects.toThrow('retry budget spent');
  });

  test('a Retry-After hint longer than the back-off is honoured (capped)', async () => {
    const strategy = timeBudgetRetryStrategy({ deadline: 1e12, perCallMs: 60_000, now: () => 0, random: () => 0 });
    const token = await strategy.acquireInitialRetryToken('ecs');
    const next = await strategy.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING', retryAfterHint: new Date(3_000) });
    expect(next.getRetryDelay()).toBe(3_000);
  });
});

describe('safeWrite', () => {
  const awsError = (kind: AwsErrorKind, code: string) => new AwsError(`Writing failed (${code}: x).`, kind, code, 'ecs:RegisterTaskDefinition', kind === 'transient' ? 500 : 400);
  const ctx = (deadline = 1e12, maxAttempts?: number) => {
    const clock = new FakeClock(0);
    return { clock, log: memoryLog(), deadline, ...(maxAttempts ? { maxAttempts } : {}) };
  };

  test('a throttled write is sent again without asking whether it landed', async () => {
    const c = ctx();
    let writes = 0;
    let checks = 0;
    const result = await safeWrite(c, {
      what: 'Registering',
      write: async () => {
        if (++writes < 3) throw awsError('throttled', 'ThrottlingException');
        return 'arn:1';
      },
      landed: async () => {
        checks++;
        return undefined;
      },
    });
    expect(result).toBe('arn:1');
    expect([writes, checks]).toEqual([3, 0]);
    expect(c.clock.sleeps).toHaveLength(2);
    expect(c.log.lines.filter((l) => l.includes('it did not take effect, so it is sent again'))).toHaveLength(2);
  });

  test('after a 5xx or a dropped connection the write is looked for first; when it landed, it is not sent again', async () => {
    const c = ctx();
    let writes = 0;
    const result = await safeWrite(c, {
      what: 'Registering',
      write: async () => {
        writes++;
        throw awsError('transient', 'ECONNRESET');
      },
      landed: async () => 'arn:found',
    });
    expect(result).toBe('arn:found');
    expect(writes).toBe(1);
    expect(c.log.lines).toEqual(['Registering: the answer was lost (ECONNRESET), but the change took effect; going on with it.']);
  });

  test('not landed: sent again; an error that is not transient is thrown at once', async () => {
    const c = ctx();
    let writes = 0;
    await expect(
      safeWrite(c, {
        what: 'Updating',
        write: async () => {
          if (++writes === 1) throw awsError('transient', 'ServerException');
          throw awsError('denied', 'AccessDeniedException');
        },
        landed: async () => undefined,
      }),
    ).rejects.toMatchObject({ kind: 'denied' });
    expect(writes).toBe(2);
  });

  test('stops at the deadline and at AWS_MAX_ATTEMPTS, with the last AWS error', async () => {
    const always = async (): Promise<string> => {
      throw awsError('throttled', 'ThrottlingException');
    };
    const late = ctx(50);
    await expect(safeWrite(late, { what: 'x', write: always })).rejects.toMatchObject({ code: 'ThrottlingException' });
    expect(late.clock.now()).toBeLessThan(50);
    const capped = ctx(1e12, 3);
    let n = 0;
    await expect(safeWrite(capped, { what: 'x', write: () => (n++, always()) })).rejects.toMatchObject({ kind: 'throttled' });
    expect(n).toBe(3);
  });
});
