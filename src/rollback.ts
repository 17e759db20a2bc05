/**
 * Rollback runs: find the revision to go back to (an exact one, or the newest earlier revision whose
 * rollout completed) and check that it may be deployed. Reads only.
 */
import type { ECSClient } from '@aws-sdk/client-ecs';
import { awsErrorCode } from './aws/call.js';
import { describeTaskDefinition, listTaskDefinitions, type DescribedWithTags } from './aws/ecs.js';
import { DeployError } from './core/errors.js';
import type { Log } from './log.js';
import { TAG_KEYS } from './core/tags.js';

/** `arn:...:task-definition/api:42` -> { family: 'api', revision: 42 }. */
export function parseTaskDefinitionArn(arn: string): { family: string; revision: number } | undefined {
  const m = /(?:^|task-definition\/)([A-Za-z0-9_-]{1,255}):(\d+)$/.exec(arn);
  return m ? { family: m[1] as string, revision: Number(m[2]) } : undefined;
}

const tagValue = (d: DescribedWithTags, key: string) => d.tags.find((t) => t.key === key)?.value;

/** The template family behind a revision this action registered, from its provenance tag. */
export function templateFamilyOf(d: DescribedWithTags): string | undefined {
  const arn = tagValue(d, TAG_KEYS.template);
  return arn ? parseTaskDefinitionArn(arn)?.family : undefined;
}

/** True when a revision's rollout was recorded as completed. */
export function rolloutCompleted(d: DescribedWithTags): boolean {
  return tagValue(d, TAG_KEYS.rolloutCompleted) !== undefined;
}

export interface RollbackContext {
  ecs: ECSClient;
  log: Log;
}

/** How many earlier revisions `previous` looks at before giving up. */
const PREVIOUS_LOOKBACK = 100;

/**
 * The newest ACTIVE revision of `family` older than `current` whose rollout completed. A revision that
 * failed or was rolled back never carries the completed mark, so it is never chosen.
 */
export async function findPrevious(ctx: RollbackContext, family: string, currentRevision: number): Promise<DescribedWithTags> {
  let looked = 0;
  let token: string | undefined;
  do {
    const page = await listTaskDefinitions(ctx.ecs, family, 'ACTIVE', token);
    for (const arn of page.arns) {
      const parsed = parseTaskDefinitionArn(arn);
      // ListTaskDefinitions matches a prefix: `api` lists `api-worker` too.
      if (!parsed || parsed.family !== family || parsed.revision >= currentRevision) continue;
      if (++looked > PREVIOUS_LOOKBACK) break;
      const candidate = await describeTaskDefinition(ctx.ecs, arn, 'earlier revision');
      if (rolloutCompleted(candidate)) return candidate;
      ctx.log.info(`Skipping ${arn}: no completed rollout recorded for it.`);
    }
    token = looked > PREVIOUS_LOOKBACK ? undefined : page.nextToken;
  } while (token);
  throw new DeployError(
    `No earlier ACTIVE revision of family "${family}" (before revision ${currentRevision}) has a completed rollout recorded ` +
      `(tag ${TAG_KEYS.rolloutCompleted}). Give rollback-to an exact task definition ARN or family:revision instead.`,
  );
}

/** Describes an exact rollback target; a revision that does not exist is a DeployError saying so. */
export async function describeTarget(ctx: RollbackContext, ref: string): Promise<DescribedWithTags> {
  try {
    return await describeTaskDefinition(ctx.ecs, ref, 'rollback target');
  } catch (error) {
    const cause = (error as Error).cause ?? error;
    const code = awsErrorCode(cause);
    if (code === 'ClientException' || code === 'InvalidParameterException') {
      throw new DeployError(`The rollback target "${ref}" does not exist (ECS: ${(cause as Error).message}). Check the rollback-to input.`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Refuses a target that must not be deployed: INACTIVE, another family, or the template family. */
export function checkTarget(target: DescribedWithTags, serviceFamily: string, templateFamily: string | undefined): void {
  const td = target.taskDefinition;
  const arn = td.taskDefinitionArn ?? td.family;
  if (templateFamily !== undefined && td.family === templateFamily) {
    throw new DeployError(`Refusing to roll back to ${arn}: it is a revision of the template family "${templateFamily}", which is never deployed directly.`);
  }
  if (td.family !== serviceFamily) {
    throw new DeployError(`Refusing to roll back to ${arn}: it belongs to family "${td.family}", but the service runs family "${serviceFamily}".`);
  }
  if (td.status === 'INACTIVE') {
    throw new DeployError(`Refusing to roll back to ${arn}: it is INACTIVE (deregistered). Pick an ACTIVE revision of "${serviceFamily}".`);
  }
}
