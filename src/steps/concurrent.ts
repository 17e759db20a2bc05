/** Before UpdateService: another deployment of the service in flight is waited for, tolerated or refused. */
import type { Service } from '@aws-sdk/client-ecs';
import { describeService } from '../aws/ecs.js';
import { otherDeployments } from '../core/deploy-rules.js';
import { CancelledError, DeployError, InputError } from '../core/errors.js';
import type { Settings } from '../core/inputs.js';
import { formatDuration } from '../core/format.js';
import type { Ports } from '../ports.js';

/** Applies `concurrent-deployment` to the service as described at the start of the step. */
export async function checkConcurrent(settings: Settings, ctx: Ports, service: Service): Promise<void> {
  const what = otherDeployments(service);
  if (what === undefined) return;
  if (settings.concurrentDeployment === 'fail') {
    throw new InputError('concurrent-deployment', `is "fail" and another deployment of the service is in progress: ${what}. Nothing was changed.`);
  }
  if (settings.concurrentDeployment === 'proceed') {
    ctx.log.warning(`Another deployment of the service is in progress (${what}); proceeding as concurrent-deployment is "proceed".`);
    return;
  }
  ctx.log.info(`Another deployment of the service is in progress (${what}); waiting for it to end (concurrent-deployment: wait).`);
  await waitForOtherDeployments(
    { cluster: settings.cluster, service: settings.service, timeoutMs: settings.timeoutMinutes * 60_000, pollMs: settings.pollSeconds * 1000, signal: ctx.signal },
    ctx,
  );
}

/** Waits until the service has a single deployment that is not in progress, or the timeout. */
export async function waitForOtherDeployments(
  opts: { cluster: string; service: string; timeoutMs: number; pollMs: number; signal?: AbortSignal },
  ctx: Pick<Ports, 'ecs' | 'log' | 'clock'>,
): Promise<void> {
  const start = ctx.clock.now();
  const deadline = start + opts.timeoutMs;
  let last = '';
  for (;;) {
    const service = await describeService(ctx.ecs, opts.cluster, opts.service);
    const other = otherDeployments(service);
    if (other === undefined) {
      ctx.log.info('The other deployment ended; going on.');
      return;
    }
    // One line per change of the other deployment(s), so the wait shows progress.
    if (other !== last && last !== '') ctx.log.info(`[${formatDuration(ctx.clock.now() - start)}] still waiting: ${other}`);
    last = other;
    if (opts.signal?.aborted) throw new CancelledError('Cancelled while waiting for another deployment to end; nothing was changed.');
    if (ctx.clock.now() >= deadline) {
      throw new DeployError('Another deployment of the service did not end within timeout-minutes; nothing was changed. Re-run when it has ended.');
    }
    await ctx.clock.sleep(Math.min(opts.pollMs, deadline - ctx.clock.now()), opts.signal);
  }
}
