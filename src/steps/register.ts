/** Registers a rendered revision and checks that ECS kept every field of it. */
import { deregisterTaskDefinition, registerTaskDefinition } from '../aws/ecs.js';
import { DeployError } from '../core/errors.js';
import { lostFields } from '../core/task-def-diff.js';
import type { TaskDefinitionInput } from '../core/types.js';
import type { Ports } from '../ports.js';

/**
 * Registers `rendered` and returns its ARN. A revision that lost a field is deregistered again and the
 * step fails with the service unchanged.
 */
export async function registerRevision(rendered: TaskDefinitionInput, ctx: Pick<Ports, 'ecs' | 'log'>): Promise<string> {
  const registered = await registerTaskDefinition(ctx.ecs, rendered);
  const arn = registered.taskDefinition.taskDefinitionArn as string;
  const lost = lostFields(rendered, registered.taskDefinition);
  if (lost.length > 0) {
    await deregisterTaskDefinition(ctx.ecs, arn).catch((e: unknown) => ctx.log.warning(`Could not deregister ${arn}: ${(e as Error).message}`));
    throw new DeployError(
      `The registered revision ${arn} lost fields of the template (${lost.join(', ')}); it was deregistered and the service was not changed. ` +
        'This action may be older than a task definition feature the template uses: update the action.',
    );
  }
  ctx.log.info(`Registered ${arn}`);
  return arn;
}
