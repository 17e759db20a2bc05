/** The rollback flow: point the service at an earlier revision and follow it like a deploy. */
import type { Settings } from '../core/inputs.js';
import type { FlowEnd, RunFacts } from '../core/outcome.js';
import type { Ports } from '../ports.js';
import { checkConcurrent } from '../steps/concurrent.js';
import { planRollback } from '../steps/rollback-plan.js';
import { rollOut } from '../steps/roll-out.js';

export async function rollback(settings: Settings, ctx: Ports, facts: RunFacts): Promise<FlowEnd> {
  const plan = await planRollback(settings, ctx, facts);
  if (plan.targetArn === plan.currentArn) {
    ctx.log.info(`The service already serves ${plan.targetArn}: nothing to do.`);
    facts.taskDefinitionArn = plan.targetArn;
    return { type: 'unchanged' };
  }
  await checkConcurrent(settings, ctx, plan.service);
  const { end } = await rollOut(settings, ctx, facts, {
    service: plan.service,
    arn: plan.targetArn,
    previousArn: plan.currentArn,
    registeredNow: false,
    since: ctx.clock.now(),
    containers: plan.target.taskDefinition.containerDefinitions,
  });
  return end;
}
