/** After a completed deploy: deregister old revisions of the deploy family, keeping what must be kept. */
import type { ECSClient } from '@aws-sdk/client-ecs';
import { deregisterTaskDefinition, listTaskDefinitions } from '../aws/ecs.js';
import type { Log } from '../log.js';
import { parseTaskDefinitionArn } from '../rollback.js';

/**
 * The revisions to deregister: those of `family` (exactly; ListTaskDefinitions matches a prefix) beyond
 * the newest `keep`, minus the protected ones. Pure.
 */
export function revisionsToDeregister(activeArns: readonly string[], family: string, keep: number, protectedArns: ReadonlySet<string>): string[] {
  if (keep <= 0) return [];
  const own = activeArns
    .map((arn) => ({ arn, parsed: parseTaskDefinitionArn(arn) }))
    .filter((r) => r.parsed?.family === family)
    .sort((a, b) => (b.parsed?.revision ?? 0) - (a.parsed?.revision ?? 0));
  return own
    .slice(keep)
    .map((r) => r.arn)
    .filter((arn) => !protectedArns.has(arn));
}

/** Lists the family's ACTIVE revisions, deregisters the old ones, and returns what it removed. */
export async function cleanupRevisions(
  ctx: { ecs: ECSClient; log: Log },
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
      await deregisterTaskDefinition(ctx.ecs, arn);
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
