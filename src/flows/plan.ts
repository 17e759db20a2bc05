/**
 * The plan flow (`dry-run: true`): read and render as a deploy or a rollback would, write nothing, and
 * show what would change against the serving revision (environment and secret keys only).
 */
import { diffLines } from '../core/diff-view.js';
import type { Settings } from '../core/inputs.js';
import type { FlowEnd, RunFacts } from '../core/outcome.js';
import { diffTaskDefinitions, type TaskDefinitionDiff } from '../core/task-def-diff.js';
import type { Ports } from '../ports.js';
import { planDeploy } from '../steps/deploy-plan.js';
import { preDeployRequest } from '../steps/pre-deploy.js';
import { planRollback } from '../steps/rollback-plan.js';

export async function plan(settings: Settings, ctx: Ports, facts: RunFacts): Promise<FlowEnd> {
  let diff: TaskDefinitionDiff;
  let against: string;
  if (settings.rollbackTo !== undefined) {
    const rollback = await planRollback(settings, ctx, facts);
    facts.taskDefinitionArn = rollback.targetArn;
    diff = diffTaskDefinitions(rollback.current.taskDefinition, rollback.target.taskDefinition);
    against = rollback.currentArn;
  } else {
    const deploy = await ctx.log.group('Plan', () => planDeploy(settings, ctx, facts));
    diff = deploy.diff;
    against = deploy.previousArn;
    const updates = deploy.updatesService;
    if (deploy.preDeployContainer !== undefined && !updates) ctx.log.info('Pre-deploy task: none would run, as the deploy would change nothing.');
    if (deploy.preDeployContainer !== undefined && updates) {
      const container = deploy.preDeployContainer;
      const arn = deploy.sameRevision ? deploy.previousArn : `(the next revision of ${deploy.family})`;
      const revisionTags = deploy.sameRevision ? deploy.current.tags : (deploy.rendered.tags ?? []);
      const request = preDeployRequest(settings, ctx, { service: deploy.service, arn, containers: [], container, revisionTags }, '(one per attempt)');
      const json = JSON.stringify(request, null, 2);
      facts.preDeploy = { container, command: settings.preDeployCommand, request: json };
      ctx.log.info(`Pre-deploy task (dry run: not started). It would run before UpdateService with:\nRunTask ${json}`);
    }
  }
  const lines = diffLines(diff);
  ctx.log.info(lines.length > 0 ? `Plan against ${against}:\n${lines.map((l) => `  ${l}`).join('\n')}` : `Plan: no difference from ${against}.`);
  facts.plan = { diff, against };
  return { type: 'planned' };
}
