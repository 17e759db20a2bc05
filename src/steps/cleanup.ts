/** After a completed deploy: deregister old revisions of the deploy family, keeping what must be kept. */
import { deregisterTaskDefinition, listTaskDefinitions } from '../aws/ecs.js';
import { revisionsToDeregister } from '../core/revisions.js';
import type { Ports } from '../ports.js';
import { safeWrite } from './write.js';

/** Lists the family's ACTIVE revisions, deregisters the old ones, and returns what it removed. */
export async function cleanupRevisions(
  ctx: Ports,
  family: string,
  keep: number,
  protectedArns: ReadonlySet<string>,
): Promise<string[]> {
  const arns: string[] = [];
  let token: string | undefined;
  do {
    const page = await listTaskDefinitions(ctx.ecs, family, 'ACTIVE', token);
    arns.push(...page.arns);
    token = page.nextToken;
  } while (token);
  const doomed = revisionsToDeregister(arns, family, keep, protectedArns);
  const removed: string[] = [];
  for (const arn of doomed) {
    try {
      await safeWrite(ctx, { what: `Deregistering ${arn}`, write: () => deregisterTaskDefinition(ctx.ecsWrites, arn) });
      removed.push(arn);
    } catch (error) {
      ctx.log.warning(`Cleanup: could not deregister ${arn}: ${(error as Error).message}`);
    }
  }
  ctx.log.info(
    removed.length > 0
      ? `Cleanup: deregistered ${removed.length} old revision(s) of ${family}: ${removed.join(', ')}`
      : `Cleanup: nothing to deregister (keeping the newest ${keep} of ${family}).`,
  );
  return removed;
}
