/**
 * Retrying a write safely. Throttling means AWS refused the request, so it is simply sent again. A 5xx
 * answer or a dropped connection leaves the outcome unknown (AWS may have acted), so the write's own
 * `landed` check asks AWS first and, when the write took effect, its result is used instead of sending
 * it again. Retries stop at the step's deadline or at AWS_MAX_ATTEMPTS when that is set.
 */
import { isAwsError } from '../aws/call.js';
import { backoffMs } from '../aws/retry.js';
import type { Ports } from '../ports.js';

export interface SafeWrite<T> {
  /** For the log: "Registering a revision of api". */
  what: string;
  write: () => Promise<T>;
  /** After an unknown outcome: the write's result if it took effect, else undefined. */
  landed?: () => Promise<T | undefined>;
}

export async function safeWrite<T>(ctx: Pick<Ports, 'clock' | 'log' | 'deadline' | 'maxAttempts'>, op: SafeWrite<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op.write();
    } catch (error) {
      if (!isAwsError(error, 'throttled', 'transient')) throw error;
      if (error.kind === 'transient' && op.landed) {
        const result = await op.landed();
        if (result !== undefined) {
          ctx.log.info(`${op.what}: the answer was lost (${error.code}), but the change took effect; going on with it.`);
          return result;
        }
      }
      const delay = Math.max(1, backoffMs(attempt, error.kind === 'throttled', Math.random));
      if (attempt >= (ctx.maxAttempts ?? Number.POSITIVE_INFINITY) || ctx.clock.now() + delay >= ctx.deadline) throw error;
      ctx.log.warning(`${op.what} failed (${error.code}); it did not take effect, so it is sent again in ${(delay / 1000).toFixed(1)}s.`);
      await ctx.clock.sleep(delay);
    }
  }
}
