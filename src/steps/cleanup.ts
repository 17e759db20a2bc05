/**
 * After a completed deploy: deregister old revisions of the deploy family, keeping the newest
 * keep-revisions, the protected ones (the new and previous revision, a schedule or output of this step)
 * and every revision a deployment of any service of the cluster still uses.
 */
import { deleteTaskDefinitions, deregisterTaskDefinition, listTaskDefinitions } from '../aws/ecs.js';
import { DESCRIBE_SERVICES_BATCH, describeServices, listServiceArns } from '../aws/ecs-services.js';
import { previousCandidates, revisionsToDeregister } from '../core/revisions.js';
import type { Ports } from '../ports.js';
import { eachLimited } from './pool.js';
import { safeWrite } from './write.js';

/** Deregistrations under way at once. */
const DEREGISTER_CONCURRENCY = 4;
/** A progress line at most this often, for a backlog of more than PROGRESS_FROM revisions. */
const PROGRESS_EVERY_MS = 15_000;
const PROGRESS_FROM = 50;
/** DeleteTaskDefinitions takes at most 10 revisions a call; a few calls at once. */
const DELETE_BATCH = 10;
const DELETE_CONCURRENCY = 2;
/** Revisions named in the closing line, and failures each given a line. */
const MAX_LISTED = 20;
const MAX_FAILURE_LINES = 10;

export interface CleanupRequest {
  cluster: string;
  family: string;
  /** keep-revisions: how many of the newest revisions are kept whatever else holds. */
  keep: number;
  /** Revisions never deregistered, each with why: "the new revision", "a schedule of this step", ... */
  protect: ReadonlyMap<string, string>;
  /** delete-revisions: delete (DeleteTaskDefinitions) what this cleanup deregistered. */
  delete?: boolean;
}

export interface CleanupResult {
  removed: string[];
  /** Of `removed`, those ECS took for deletion (with delete-revisions). */
  deleted?: string[];
  /** The revisions of the family kept, counted by reason (only reasons with a count): services' use, `protect`'s reasons, newest. */
  kept: Array<{ reason: string; count: number }>;
}

/** The reason of a revision some deployment of a service of the cluster uses. */
export const IN_USE_BY_SERVICES = 'in use by services of the cluster';
/** The reason of the newest keep-revisions revisions. */
export const NEWEST = 'newest';

/** Every task definition a deployment of a service of the cluster uses (ListServices, then DescribeServices by 10). */
async function revisionsInUse(ctx: Ports, cluster: string): Promise<Set<string>> {
  const arns = await listServiceArns(ctx.ecs, cluster);
  const inUse = new Set<string>();
  for (let i = 0; i < arns.length; i += DESCRIBE_SERVICES_BATCH) {
    const { services } = await describeServices(ctx.ecs, cluster, arns.slice(i, i + DESCRIBE_SERVICES_BATCH));
    for (const service of services) {
      if (service.taskDefinition) inUse.add(service.taskDefinition);
      for (const deployment of service.deployments ?? []) if (deployment.taskDefinition) inUse.add(deployment.taskDefinition);
    }
  }
  return inUse;
}

/** Why each revision of the family is kept: the newest first, then `protect`'s reason, then a service's use. */
function keptCounts(active: readonly string[], req: CleanupRequest, inUse: ReadonlySet<string>): CleanupResult['kept'] {
  const counts = new Map<string, number>([[IN_USE_BY_SERVICES, 0]]);
  const revisions = previousCandidates(active, req.family, Number.POSITIVE_INFINITY);
  for (const arn of revisions.slice(req.keep)) {
    const reason = req.protect.get(arn) ?? (inUse.has(arn) ? IN_USE_BY_SERVICES : undefined);
    if (reason !== undefined) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const newest = Math.min(revisions.length, Math.max(req.keep, 0));
  counts.set(NEWEST, newest);
  return [...counts].filter(([, count]) => count > 0).map(([reason, count]) => ({ reason, count }));
}

/** "kept 3 revisions in use by services of the cluster, 1 by a schedule of this step, 2 newest (keep-revisions: 2)". */
function keptLine(kept: CleanupResult['kept'], keep: number): string {
  const parts = kept.map(({ reason, count }, index) => {
    const noun = index === 0 ? (count === 1 ? ' revision' : ' revisions') : '';
    if (reason === NEWEST) return index === 0 ? `${count} newest${noun} (keep-revisions: ${keep})` : `${count} newest (keep-revisions: ${keep})`;
    if (reason === IN_USE_BY_SERVICES) return `${count}${noun} ${reason}`;
    return `${count}${noun} ${/^the\b/.test(reason) ? 'as' : 'by'} ${reason}`;
  });
  return `Cleanup: kept ${parts.join(', ')}.`;
}

/**
 * Lists the family's ACTIVE revisions and deregisters the old ones that nothing uses. When what the
 * services of the cluster use cannot be read, nothing is deregistered (a warning says why).
 */
export async function cleanupRevisions(ctx: Ports, req: CleanupRequest): Promise<CleanupResult> {
  const { family, keep } = req;
  if (keep <= 0) return { removed: [], kept: [] };
  // Every page is read before anything is deregistered. Deregistering while paging would change the
  // listing being paged (ACTIVE revisions); if ECS's opaque nextToken counts positions, as the local
  // endpoint's does, revisions would be skipped. The ARNs are small (10,000 of them about 1 MB): the
  // benchmark's live heap stays about 13 MiB at a 10,000-revision backlog.
  const active: string[] = [];
  let token: string | undefined;
  do {
    const page = await listTaskDefinitions(ctx.ecs, family, 'ACTIVE', token);
    active.push(...page.arns);
    token = page.nextToken;
  } while (token);

  const protectedArns = new Set(req.protect.keys());
  let inUse = new Set<string>();
  // Only when something would go: then the services of the cluster are asked what they still use.
  if (revisionsToDeregister(active, family, keep, protectedArns).length > 0) {
    try {
      inUse = await revisionsInUse(ctx, req.cluster);
    } catch (error) {
      ctx.log.warning(
        `Cleanup: nothing was deregistered, as the revisions the services of cluster "${req.cluster}" use could not be read: ${(error as Error).message}`,
      );
      return { removed: [], kept: [] };
    }
  }
  const doomed = revisionsToDeregister(active, family, keep, new Set([...protectedArns, ...inUse]));
  const kept = keptCounts(active, req, inUse);
  if (kept.length > 0) ctx.log.info(keptLine(kept, keep));

  const removed: string[] = [];
  let failed = 0;
  let lastNote = ctx.clock.now();
  // A few at a time: DeregisterTaskDefinition has a low rate limit, and a throttled one backs off in safeWrite.
  await eachLimited(doomed, DEREGISTER_CONCURRENCY, async (arn) => {
    try {
      await safeWrite(ctx, { what: `Deregistering ${arn}`, write: () => deregisterTaskDefinition(ctx.ecsWrites, arn) });
      removed.push(arn);
    } catch (error) {
      failed++;
      if (failed <= MAX_FAILURE_LINES) ctx.log.warning(`Cleanup: could not deregister ${arn}: ${(error as Error).message}`);
    }
    if (doomed.length > PROGRESS_FROM && ctx.clock.now() - lastNote >= PROGRESS_EVERY_MS) {
      lastNote = ctx.clock.now();
      ctx.log.info(`Cleanup: ${removed.length + failed} of ${doomed.length} done (${removed.length} deregistered).`);
    }
  });
  if (failed > MAX_FAILURE_LINES) ctx.log.warning(`Cleanup: ${failed} revisions in all could not be deregistered.`);
  const result: CleanupResult = { removed, kept };
  if (req.delete && removed.length > 0) result.deleted = await deleteDeregistered(ctx, removed);
  const shown = removed.slice(0, MAX_LISTED);
  const more = removed.length > shown.length ? ` and ${removed.length - shown.length} more` : '';
  ctx.log.info(
    removed.length > 0
      ? `Cleanup: deregistered ${removed.length} old revision(s) of ${family}: ${shown.join(', ')}${more}`
      : `Cleanup: nothing to deregister (keeping the newest ${keep} of ${family}).`,
  );
  return result;
}

/**
 * DeleteTaskDefinitions of revisions just deregistered, ten a call, two calls at once. Deleting is for
 * good: ECS removes the revision once no task or deployment uses it. A batch that fails is reported and
 * its revisions stay INACTIVE (a later cleanup does not retry them: it deletes only what it deregistered).
 */
async function deleteDeregistered(ctx: Ports, arns: readonly string[]): Promise<string[]> {
  const batches: string[][] = [];
  for (let i = 0; i < arns.length; i += DELETE_BATCH) batches.push(arns.slice(i, i + DELETE_BATCH));
  const deleted: string[] = [];
  let refused = 0;
  await eachLimited(batches, DELETE_CONCURRENCY, async (batch) => {
    try {
      // Deleting twice is refused for the second time, not harmful: a lost answer is asked again.
      const out = await safeWrite(ctx, { what: `Deleting ${batch.length} deregistered revision(s)`, write: () => deleteTaskDefinitions(ctx.ecsWrites, batch) });
      deleted.push(...out.deleted);
      for (const failure of out.failures) {
        if (++refused <= MAX_FAILURE_LINES) ctx.log.warning(`Cleanup: ECS did not delete ${failure.arn ?? '?'}: ${failure.reason ?? 'no reason given'}${failure.detail ? ` (${failure.detail})` : ''}`);
      }
    } catch (error) {
      refused += batch.length;
      if (refused <= MAX_FAILURE_LINES) ctx.log.warning(`Cleanup: could not delete ${batch.join(', ')}: ${(error as Error).message}`);
    }
  });
  if (refused > MAX_FAILURE_LINES) ctx.log.warning(`Cleanup: ${refused} deregistered revisions in all were not deleted; they stay INACTIVE.`);
  ctx.log.info(`Cleanup: deleted ${deleted.length} of the ${arns.length} deregistered revision(s) (delete-revisions: true).`);
  return deleted;
}
