/**
 * Which revisions a step may pick: the rollback target for `previous`, the revisions keep-revisions
 * deregisters, and what a revision's tags say about it. Pure.
 */
import { parseTaskDefinitionArn } from './arn.js';
import { DeployError } from './errors.js';
import { TAG_KEYS } from './tags.js';
import type { DescribedTaskDefinition, Tag } from './types.js';

/** A described task definition with its tags (DescribeTaskDefinition with `include: ["TAGS"]`). */
export interface DescribedWithTags {
  taskDefinition: DescribedTaskDefinition;
  tags: Tag[];
}

const tagValue = (tags: readonly Tag[], key: string) => tags.find((t) => t.key === key)?.value;

/** The template family behind a revision this action registered, from its provenance tag. */
export function templateFamilyOf(tags: readonly Tag[]): string | undefined {
  const arn = tagValue(tags, TAG_KEYS.template);
  return arn ? parseTaskDefinitionArn(arn)?.family : undefined;
}

/** True when a revision's rollout was recorded as completed. */
export function rolloutCompleted(tags: readonly Tag[]): boolean {
  return tagValue(tags, TAG_KEYS.rolloutCompleted) !== undefined;
}

/**
 * The revisions of `family` (exactly: ListTaskDefinitions matches a prefix, so `api` lists `api-worker`
 * too) older than `currentRevision`, newest first: the candidates for `rollback-to: previous`.
 */
export function previousCandidates(arns: readonly string[], family: string, currentRevision: number): string[] {
  return arns
    .map((arn) => ({ arn, parsed: parseTaskDefinitionArn(arn) }))
    .filter((r) => r.parsed?.family === family && r.parsed.revision < currentRevision)
    .sort((a, b) => (b.parsed?.revision ?? 0) - (a.parsed?.revision ?? 0))
    .map((r) => r.arn);
}

/**
 * The revisions to deregister: those of `family` (exactly) beyond the newest `keep`, minus the
 * protected ones (serving, previous, in use by a deployment).
 */
export function revisionsToDeregister(activeArns: readonly string[], family: string, keep: number, protectedArns: ReadonlySet<string>): string[] {
  if (keep <= 0) return [];
  return previousCandidates(activeArns, family, Number.POSITIVE_INFINITY)
    .slice(keep)
    .filter((arn) => !protectedArns.has(arn));
}

/** Refuses a rollback target that must not be deployed: INACTIVE, another family, or the template family. */
export function checkRollbackTarget(target: DescribedTaskDefinition, serviceFamily: string, templateFamily: string | undefined): void {
  const arn = target.taskDefinitionArn ?? target.family;
  if (templateFamily !== undefined && target.family === templateFamily) {
    throw new DeployError(`rollback-to: refusing ${arn}: it is a revision of the template family "${templateFamily}", which is never deployed directly.`);
  }
  if (target.family !== serviceFamily) {
    throw new DeployError(`rollback-to: refusing ${arn}: it belongs to family "${target.family}", but the service runs family "${serviceFamily}".`);
  }
  if (target.status === 'INACTIVE') {
    throw new DeployError(`rollback-to: refusing ${arn}: it is INACTIVE (deregistered). Pick an ACTIVE revision of "${serviceFamily}".`);
  }
}
