/**
 * Retries measured in time, not in a fixed number of attempts: a read is tried again after throttling,
 * a 5xx answer or a dropped connection, with capped exponential back-off and full jitter, for as long
 * as its own budget and the step's deadline (timeout-minutes) allow. Writes are never retried here: the
 * steps that write make the retry safe first (see steps/register.ts and steps/roll-out.ts).
 */
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

export interface RetryBudget {
  /** The step's deadline (ms since epoch): no retry starts after it. */
  deadline: number;
  /** How long one call may keep retrying (ms). */
  perCallMs: number;
  /** Wall-clock time; injected in tests. */
  now?: () => number;
  /** [0, 1); injected in tests. */
  random?: () => number;
}

const BASE_DELAY_MS = 100;
const THROTTLING_BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 5_000;

interface Token extends RetryToken {
  readonly started: number;
}

function token(started: number, count: number, delay: number): Token {
  return { started, getRetryCount: () => count, getRetryDelay: () => delay };
}

/** The back-off before retry number `retry` (1-based): full jitter over a capped exponential. */
export function backoffMs(retry: number, throttled: boolean, random: () => number): number {
  const base = throttled ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS;
  return Math.floor(random() * Math.min(MAX_DELAY_MS, base * 2 ** Math.min(retry, 16)));
}

/** A retry strategy for the SDK clients that stops when the call's or the step's time is up. */
export function timeBudgetRetryStrategy(budget: RetryBudget): RetryStrategyV2 {
  const now = budget.now ?? Date.now;
  const random = budget.random ?? Math.random;
  return {
    acquireInitialRetryToken: async () => token(now(), 0, 0),
    refreshRetryTokenForRetry: async (previous: RetryToken, info: RetryErrorInfo) => {
      const { started } = previous as Token;
      if (info.errorType === 'CLIENT_ERROR') throw new Error('not retryable');
      const retry = previous.getRetryCount() + 1;
      let delay = backoffMs(retry, info.errorType === 'THROTTLING', random);
      const hint = info.retryAfterHint ? info.retryAfterHint.getTime() - now() : 0;
      if (hint > delay) delay = Math.min(hint, MAX_DELAY_MS);
      const end = Math.min(budget.deadline, started + budget.perCallMs);
      if (now() + delay >= end) throw new Error('retry budget spent');
      return token(started, retry, delay);
    },
    recordSuccess: () => {},
  };
}
