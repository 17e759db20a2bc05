/**
 * A rollback's plan: read the service and the revision it serves, find the target (an exact revision,
 * or the newest earlier one whose rollout completed) and check that it may be deployed. Reads only.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { isAwsError } from '../aws/call.js';
import { describeService, describeTaskDefinition, listServiceDeploymentPage, listTaskDefinitions, serviceRevisionTaskDefinitions } from '../aws/ecs.js';
import { parseTaskDefinitionArn } from '../core/arn.js';
import { checkService } from '../core/deploy-rules.js';
import { DeployError } from '../core/errors.js';
import type { Settings } from '../core/inputs.js';
import type { ImageLine, RunFacts } from '../core/outcome.js';
import { checkRollbackTarget, previousCandidates, rolloutCompleted, templateFamilyOf, type DescribedWithTags } from '../core/revisions.js';
import { TAG_KEYS } from '../core/tags.js';
import type { Ports } from '../ports.js';

export interface RollbackPlan {
  service: Service;
  /** The revision the service serves now. */
  currentArn: string;
  current: DescribedWithTags;
  target: DescribedWithTags;
  targetArn: string;
  /** The target's images, by container. */
  images: ImageLine[];
  /** The target's image of `container-name` (or of its first container). */
  image?: string;
}

/** Earlier revisions described at once while looking for the newest completed one. */
const PREVIOUS_CONCURRENCY = 10;
/** "Skipping ..." lines given one each; the rest are counted. */
const SKIP_LINES = 5;

/** The service whose deployment history `rollback-to: previous` reads first. */
export interface HistoryScope {
  cluster: string;
  service: string;
}

/**
 * From the service's own deployment history (ListServiceDeployments SUCCESSFUL, newest first, then
 * DescribeServiceRevisions of each page): the revision of `family` older than `currentRevision` that the
 * service last reached steady state on, if it is still ACTIVE. The calls depend on how far back that
 * deployment is, not on how many revisions the family has: most often one page and one describe.
 * Undefined when the history does not name one (or this role or region cannot read it): the tag scan decides.
 */
async function previousFromHistory(
  ctx: Pick<Ports, 'ecs' | 'log'>,
  scope: HistoryScope,
  family: string,
  currentRevision: number,
): Promise<DescribedWithTags | undefined> {
  const seen = new Set<string>();
  let deployments = 0;
  let token: string | undefined;
  try {
    do {
      const page = await listServiceDeploymentPage(ctx.ecs, scope.cluster, scope.service, ['SUCCESSFUL'], token);
      deployments += page.deployments.length;
      const revisions = [...new Set(page.deployments.map((d) => d.targetServiceRevisionArn).filter((a): a is string => !!a && !seen.has(a)))];
      revisions.forEach((a) => seen.add(a));
      const taskDefinitions = await serviceRevisionTaskDefinitions(ctx.ecs, revisions);
      for (const revision of revisions) {
        const arn = taskDefinitions.get(revision);
        const parsed = arn ? parseTaskDefinitionArn(arn) : undefined;
        if (!arn || parsed?.family !== family || parsed.revision >= currentRevision || seen.has(arn)) continue;
        seen.add(arn);
        const candidate = await describeTaskDefinition(ctx.ecs, arn, 'earlier revision');
        if (candidate.taskDefinition.status === 'ACTIVE') {
          ctx.log.info(`The service's deployment history: its last completed deployment before revision ${currentRevision} was to ${arn}.`);
          return candidate;
        }
        ctx.log.info(`Skipping ${arn}: its deployment completed, but it is ${candidate.taskDefinition.status ?? 'not ACTIVE'} now (deregistered).`);
      }
      token = page.nextToken;
    } while (token);
  } catch (error) {
    if (!isAwsError(error, 'denied', 'unsupported', 'invalid', 'not-found')) throw error;
    ctx.log.info(
      `The service's deployment history could not be read (${error.code}${isAwsError(error, 'denied') ? `: the role may not call ${error.iamAction}` : ''}); ` +
        'looking for the completed-rollout tag on earlier revisions instead.',
    );
    return undefined;
  }
  ctx.log.info(
    `The service's deployment history (${deployments} completed deployment(s)) names no ACTIVE revision of "${family}" before revision ${currentRevision}; ` +
      'looking for the completed-rollout tag on earlier revisions instead.',
  );
  return undefined;
}

/**
 * The revision `rollback-to: previous` goes to: the one the service's deployment history says it last
 * completed a deployment on before the current revision (when `scope` is given and the history says),
 * else the tag scan below.
 */
export async function findPrevious(
  ctx: Pick<Ports, 'ecs' | 'log'>,
  family: string,
  currentRevision: number,
  scope?: HistoryScope,
): Promise<DescribedWithTags> {
  const fromHistory = scope ? await previousFromHistory(ctx, scope, family, currentRevision) : undefined;
  return fromHistory ?? (await previousByTags(ctx, family, currentRevision));
}

/**
 * The newest ACTIVE revision of `family` older than `currentRevision` whose rollout completed. A revision
 * that failed or was rolled back never carries the completed mark, so it is never chosen. Candidates
 * are described a batch at a time, newest first, over every page of the family: its whole history if need be.
 */
async function previousByTags(ctx: Pick<Ports, 'ecs' | 'log'>, family: string, currentRevision: number): Promise<DescribedWithTags> {
  let skipped = 0;
  let token: string | undefined;
  do {
    const page = await listTaskDefinitions(ctx.ecs, family, 'ACTIVE', token);
    const candidates = previousCandidates(page.arns, family, currentRevision);
    // The newest candidate alone first (most often the one), then batches.
    for (let i = 0; i < candidates.length; ) {
      const size = skipped === 0 && i === 0 ? 1 : PREVIOUS_CONCURRENCY;
      const batch = await Promise.all(candidates.slice(i, i + size).map((arn) => describeTaskDefinition(ctx.ecs, arn, 'earlier revision')));
      i += size;
      for (const candidate of batch) {
        if (rolloutCompleted(candidate.tags)) {
          if (skipped > SKIP_LINES) ctx.log.info(`Skipped ${skipped} newer revisions in all: no completed rollout recorded for them.`);
          return candidate;
        }
        if (++skipped <= SKIP_LINES) ctx.log.info(`Skipping ${candidate.taskDefinition.taskDefinitionArn}: no completed rollout recorded for it.`);
      }
    }
    token = page.nextToken;
  } while (token);
  throw new DeployError(
    `No earlier ACTIVE revision of family "${family}" (before revision ${currentRevision}) has a completed rollout recorded ` +
      `(tag ${TAG_KEYS.rolloutCompleted}; ${skipped} looked at). Give rollback-to an exact task definition ARN or family:revision instead.`,
  );
}

/** Describes an exact rollback target; one that does not exist is a DeployError naming rollback-to. */
async function describeTarget(ctx: Pick<Ports, 'ecs'>, ref: string): Promise<DescribedWithTags> {
  try {
    return await describeTaskDefinition(ctx.ecs, ref, 'rollback target');
  } catch (error) {
    if (isAwsError(error, 'not-found', 'invalid')) {
      const cause = error.cause as Error | undefined;
      throw new DeployError(`The rollback target "${ref}" does not exist (ECS: ${cause?.message ?? error.message}). Check the rollback-to input.`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Reads what a rollback needs, checks the target, and records what it found in `facts`. Writes nothing to AWS. */
export async function planRollback(settings: Settings, ctx: Ports, facts: RunFacts): Promise<RollbackPlan> {
  const { log } = ctx;
  const ref = settings.rollbackTo as string;
  if (settings.template !== undefined || settings.image !== undefined || settings.images.size > 0) {
    log.info('rollback-to is set: the template and image inputs are not used.');
  }
  const service = await describeService(ctx.ecs, settings.cluster, settings.service);
  const currentArn = checkService(service, settings.cluster);
  facts.previousTaskDefinitionArn = currentArn;
  const current = await describeTaskDefinition(ctx.ecs, currentArn, 'serving task definition');
  const family = current.taskDefinition.family;
  const templateFamily = settings.template
    ? (parseTaskDefinitionArn(settings.template)?.family ?? settings.template)
    : templateFamilyOf(current.tags);
  if (templateFamily !== undefined && family === templateFamily) {
    throw new DeployError(
      `rollback-to: the service serves ${currentArn} of the template family "${family}": there is no deployed revision to roll back from yet. Deploy once with template and image before using rollback-to.`,
    );
  }
  const target =
    ref === 'previous'
      ? await findPrevious(ctx, family, current.taskDefinition.revision ?? Number.MAX_SAFE_INTEGER, { cluster: settings.cluster, service: settings.service })
      : await describeTarget(ctx, ref);
  checkRollbackTarget(target.taskDefinition, family, templateFamily ?? templateFamilyOf(target.tags));
  const targetArn = target.taskDefinition.taskDefinitionArn as string;
  log.info(`Rollback target: ${targetArn}`);
  const containers = target.taskDefinition.containerDefinitions;
  const image = (settings.containerName ? containers.find((c) => c.name === settings.containerName) : containers[0])?.image;
  const plan: RollbackPlan = {
    service,
    currentArn,
    current,
    target,
    targetArn,
    images: containers.filter((c) => c.image).map((c) => ({ container: c.name, given: c.image as string, registered: c.image as string })),
  };
  if (image) plan.image = image;
  facts.images = plan.images;
  if (image) facts.image = image;
  return plan;
}
