/**
 * Registers a rendered revision, once: the revision carries a token unique to this attempt of the step,
 * so that after a lost answer the step finds the revision ECS registered instead of registering a
 * duplicate. Then checks that ECS kept every field.
 */
import { createHash, randomBytes } from 'node:crypto';
import { deregisterTaskDefinition, describeTaskDefinition, listTaskDefinitions, registerTaskDefinition } from '../aws/ecs.js';
import { DeployError } from '../core/errors.js';
import type { DescribedWithTags } from '../core/revisions.js';
import { TAG_KEYS } from '../core/tags.js';
import { lostFields } from '../core/task-def-diff.js';
import type { TaskDefinitionInput } from '../core/types.js';
import type { Ports } from '../ports.js';
import { safeWrite } from './write.js';

/** How many of the family's newest revisions are searched for the token after a lost answer. */
const TOKEN_LOOKBACK = 5;

/** `<run id>-<attempt>-<content hash>-<random>`: unique per attempt of the step and per revision. */
export function registerToken(rendered: TaskDefinitionInput, run: Ports['run']): string {
  const content = createHash('sha256').update(JSON.stringify(rendered)).digest('hex').slice(0, 12);
  return [run.runId ?? 'local', run.runAttempt ?? '1', content, randomBytes(4).toString('hex')].join('-');
}

/** The revision of `family` that carries `token`, among the newest few, if ECS registered one. */
async function findByToken(ctx: Pick<Ports, 'ecs'>, family: string, token: string): Promise<DescribedWithTags | undefined> {
  const page = await listTaskDefinitions(ctx.ecs, family, 'ACTIVE');
  for (const arn of page.arns.slice(0, TOKEN_LOOKBACK)) {
    const candidate = await describeTaskDefinition(ctx.ecs, arn, 'newly registered revision');
    if (candidate.tags.some((t) => t.key === TAG_KEYS.registerToken && t.value === token)) return candidate;
  }
  return undefined;
}

/**
 * Registers `rendered` and returns its ARN. A revision that lost a field is deregistered again and the
 * step fails with the service unchanged.
 */
export async function registerRevision(rendered: TaskDefinitionInput, ctx: Ports): Promise<string> {
  // The plan kept a tag free for the token (core/limits.ts, MAX_RENDERED_TAGS).
  const token = registerToken(rendered, ctx.run);
  const request: TaskDefinitionInput = { ...rendered, tags: [...(rendered.tags ?? []), { key: TAG_KEYS.registerToken, value: token }] };
  const registered = await safeWrite(ctx, {
    what: `Registering a revision of ${rendered.family}`,
    write: () => registerTaskDefinition(ctx.ecsWrites, request),
    landed: () => findByToken(ctx, rendered.family, token),
  });
  const arn = registered.taskDefinition.taskDefinitionArn as string;
  const lost = lostFields(rendered, registered.taskDefinition);
  if (lost.length > 0) {
    await deregisterTaskDefinition(ctx.ecsWrites, arn).catch((e: unknown) => ctx.log.warning(`Could not deregister ${arn}: ${(e as Error).message}`));
    throw new DeployError(
      `The registered revision ${arn} lost fields of the template (${lost.join(', ')}); it was deregistered and the service was not changed. ` +
        'This action may be older than a task definition feature the template uses: update the action.',
    );
  }
  ctx.log.info(`Registered ${arn}`);
  return arn;
}
