/**
 * The deploy flow: plan (read the service, the template, the images; render), and unless nothing
 * differs, register the revision, point the service at it, follow the rollout, and clean up.
 */
import type { Settings } from '../core/inputs.js';
import type { FlowEnd, RunFacts } from '../core/outcome.js';
import type { Ports } from '../ports.js';
import { cleanupRevisions, type CleanupResult } from '../steps/cleanup.js';
import { checkConcurrent } from '../steps/concurrent.js';
import { planDeploy } from '../steps/deploy-plan.js';
import { runPreDeployTask } from '../steps/pre-deploy.js';
import { registerRevision } from '../steps/register.js';
import { rollOut } from '../steps/roll-out.js';

export async function deploy(settings: Settings, ctx: Ports, facts: RunFacts): Promise<FlowEnd> {
  const { log } = ctx;
  const plan = await log.group('Plan', () => planDeploy(settings, ctx, facts));
  if (!plan.updatesService) {
    log.info(`The rendered revision equals ${plan.previousArn}, which the service serves: nothing to register or update.`);
    facts.taskDefinitionArn = plan.previousArn;
    return { type: 'unchanged' };
  }

  await checkConcurrent(settings, ctx, plan.service);
  const since = ctx.clock.now();
  let arn = plan.previousArn;
  if (plan.sameRevision) {
    log.info(`The revision is unchanged; ${settings.forceNewDeployment ? 'forcing a new deployment' : 'updating the desired count'} of ${arn}.`);
  } else {
    arn = await registerRevision(plan.rendered, ctx);
    facts.registeredArn = arn;
  }
  // What the service will run: the serving revision again, or the one just registered.
  const revision = plan.sameRevision
    ? { containers: plan.current.taskDefinition.containerDefinitions, tags: plan.current.tags }
    : { containers: plan.rendered.containerDefinitions, tags: plan.rendered.tags ?? [] };
  if (plan.preDeployContainer !== undefined) {
    const container = plan.preDeployContainer;
    const stopped = await log.group('Pre-deploy task', () =>
      runPreDeployTask(settings, ctx, facts, { service: plan.service, arn, containers: revision.containers, container, revisionTags: revision.tags }),
    );
    if (stopped) {
      const never = plan.sameRevision ? '' : `; the revision ${arn} was registered and never served`;
      log.info(`The service was not changed: it still serves ${plan.previousArn}${never}.`);
      return stopped;
    }
  }
  const { end, updated } = await rollOut(settings, ctx, facts, {
    service: plan.service,
    arn,
    previousArn: plan.previousArn,
    registeredNow: !plan.sameRevision,
    since,
    containers: revision.containers,
  });

  if (end.type === 'watched' && end.watch.status === 'completed' && settings.keepRevisions > 0) {
    // Never the revision serving, the previous one, or one a deployment of the service still uses
    // (nor, cleanup itself checks, one a deployment of any service of the cluster uses).
    const protect = new Map<string, string>();
    const add = (taskDefinition: string | undefined, reason: string) => {
      if (taskDefinition && !protect.has(taskDefinition)) protect.set(taskDefinition, reason);
    };
    add(arn, 'the new revision');
    add(plan.previousArn, 'the previous revision');
    for (const d of [...(updated.deployments ?? []), ...(plan.service.deployments ?? [])]) add(d.taskDefinition, 'a deployment of this service');
    const result = await cleanupRevisions(ctx, { cluster: settings.cluster, family: plan.family, keep: settings.keepRevisions, protect, delete: settings.deleteRevisions }).catch(
      (e: unknown): CleanupResult => {
        log.warning(`Cleanup failed: ${(e as Error).message}`);
        return { removed: [], kept: [] };
      },
    );
    facts.cleanup = { keep: settings.keepRevisions, ...result };
  }
  return end;
}
