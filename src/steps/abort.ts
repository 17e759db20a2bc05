/**
 * on-abort: what becomes of a deployment the step stops following because it timed out or was
 * cancelled. `rollback` stops it with StopServiceDeployment (stopType ROLLBACK), one attempt made at
 * once (a cancelled job has seconds, not minutes); `leave` lets ECS go on.
 */
import { isAwsError } from '../aws/call.js';
import { stopServiceDeployment } from '../aws/ecs.js';
import type { AbortMode } from '../core/inputs.js';
import type { AbortFacts, RunFacts } from '../core/outcome.js';
import type { Ports } from '../ports.js';

export async function abandonDeployment(onAbort: AbortMode, ctx: Pick<Ports, 'ecsWrites' | 'log'>, facts: RunFacts): Promise<AbortFacts> {
  const arn = facts.serviceDeploymentArn;
  let abort: AbortFacts;
  if (onAbort === 'leave') {
    abort = { action: 'left' };
    ctx.log.warning('on-abort is leave: ECS goes on with the deployment, and nothing follows it any more.');
  } else if (!arn) {
    abort = { action: 'unknown-deployment' };
    ctx.log.warning('on-abort is rollback, but ECS named no service deployment for this update, so none can be stopped: ECS goes on with it.');
  } else {
    try {
      await stopServiceDeployment(ctx.ecsWrites, arn);
      abort = { action: 'stopped', serviceDeploymentArn: arn };
      ctx.log.warning(`on-abort is rollback: stopped service deployment ${arn} with StopServiceDeployment (ROLLBACK); ECS rolls the service back to ${facts.previousTaskDefinitionArn ?? 'the previous revision'}.`);
    } catch (error) {
      const message = (error as Error).message;
      // A deployment that already ended (completed, rolled back, stopped) cannot be stopped: ECS answers ConflictException.
      abort = isAwsError(error, 'conflict') ? { action: 'already-ended', serviceDeploymentArn: arn, message } : { action: 'stop-failed', serviceDeploymentArn: arn, message };
      ctx.log.warning(`on-abort is rollback, but stopping service deployment ${arn} failed: ${message}`);
    }
  }
  facts.abort = abort;
  return abort;
}
