/**
 * The one place that decides how a run ends: from what happened (an Outcome) to the `status` output,
 * every other output, the exit code, the failure message and the job summary. Pure. Every run ends
 * here, bad inputs, AWS errors, cancellation and bugs included, so that status and exit code always
 * agree with the README's table.
 */
import { diffMarkdown } from './diff-view.js';
import { CancelledError, DeployError, InputError } from './errors.js';
import { codeSpan } from './escape.js';
import type { FlowEnd, Outcome, RunFacts, StepStatus, WatchResult } from './outcome.js';
import { renderSummary, type SummarySection } from './summary.js';

/** The exit code of each status: the README's status table. */
export const EXIT_CODES: Readonly<Record<StepStatus, 0 | 1>> = {
  started: 0,
  unchanged: 0,
  completed: 0,
  planned: 0,
  failed: 1,
  'rolled-back': 1,
  'timed-out': 1,
  superseded: 1,
  cancelled: 1,
  error: 1,
};

export interface Conclusion {
  status: StepStatus;
  exitCode: 0 | 1;
  /** Every output of action.yml, by name; `status` always set. */
  outputs: Record<string, string>;
  /** With exit code 1: the one message the step fails with. */
  failure?: string;
  /** With exit code 0: the closing line of the log. */
  closing?: string;
  /** Log lines to show before the end (stopped tasks of the new revision). */
  details: string[];
  /** The job summary, Markdown. */
  summary: string;
}

function rollbackHint(facts: RunFacts | undefined): string {
  const previous = facts?.previousTaskDefinitionArn;
  return previous ? ` To roll back, point the service at ${previous} (the previous-task-definition-arn output).` : '';
}

/** An error this code raised on purpose, already worded for the user (anything else is a bug). */
const isWorded = (error: unknown): boolean => error instanceof InputError || error instanceof DeployError || error instanceof CancelledError;

function errorText(error: unknown): string {
  if (isWorded(error)) return (error as Error).message;
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected failure (a bug in ecs-template-deploy; please report it with this log): ${message}`;
}

/** The failure of a run that threw. */
function fromError(error: unknown, facts: RunFacts | undefined): { status: StepStatus; failure: string } {
  const status: StepStatus = error instanceof CancelledError ? 'cancelled' : 'error';
  let failure = errorText(error);
  if (facts?.changed && facts.taskDefinitionArn) {
    failure += ` The service points at ${facts.taskDefinitionArn}; ECS goes on with that deployment.${rollbackHint(facts)}`;
  }
  return { status, failure };
}

/** The status and (for a failure) the message of a watched rollout. */
function fromWatch(watch: WatchResult, timeoutMinutes: number, facts: RunFacts): { status: StepStatus; failure?: string } {
  const arn = facts.taskDefinitionArn ?? '?';
  const reason = watch.state?.reason;
  switch (watch.status) {
    case 'completed':
      return { status: 'completed' };
    case 'rolled-back': {
      const done = watch.state?.rollbackSucceeded;
      const rollback = done === true ? 'the rollback completed' : done === false ? 'the rollback itself FAILED' : 'the rollback is still in progress';
      return {
        status: 'rolled-back',
        failure: `ECS rolled the deployment of ${arn} back to ${facts.previousTaskDefinitionArn ?? 'the previous revision'}: ${reason ?? 'no reason given'}; ${rollback}.`,
      };
    }
    case 'failed':
      return { status: 'failed', failure: `The deployment of ${arn} failed: ${reason ?? 'no reason given'}.${rollbackHint(facts)}` };
    case 'superseded': {
      const now = watch.state?.replacedBy ? ` (now ${watch.state.replacedBy})` : '';
      return { status: 'superseded', failure: `The deployment of ${arn} was superseded: ${reason ?? 'another deployment replaced it'}${now}.` };
    }
    case 'timed-out':
      return {
        status: 'timed-out',
        failure: `The rollout of ${arn} did not finish within ${timeoutMinutes} minutes; ECS goes on with the deployment.${rollbackHint(facts)}`,
      };
    case 'cancelled':
      return { status: 'cancelled', failure: `Cancelled while the rollout of ${arn} was in flight; ECS goes on with the deployment.${rollbackHint(facts)}` };
  }
}

function fromEnd(end: FlowEnd, facts: RunFacts): { status: StepStatus; failure?: string } {
  switch (end.type) {
    case 'planned':
      return { status: 'planned' };
    case 'unchanged':
      return { status: 'unchanged' };
    case 'started':
      return { status: 'started' };
    case 'watched':
      return fromWatch(end.watch, end.timeoutMinutes, facts);
  }
}

/** The action's outputs, by name. */
function outputsOf(status: StepStatus, facts: RunFacts | undefined): Record<string, string> {
  return {
    'task-definition-arn': facts?.taskDefinitionArn ?? '',
    'previous-task-definition-arn': facts?.previousTaskDefinitionArn ?? '',
    image: facts?.image ?? '',
    'deployment-id': facts?.deploymentId ?? '',
    changed: String(facts?.changed ?? false),
    status,
  };
}

function sectionsOf(facts: RunFacts): SummarySection[] {
  const sections: SummarySection[] = [];
  if (facts.plan) sections.push({ title: 'Plan (dry run: nothing was written)', markdown: diffMarkdown(facts.plan.diff, facts.plan.against) });
  if (facts.cleanup) {
    const { removed, keep } = facts.cleanup;
    sections.push({
      title: 'Cleanup',
      markdown: removed.length > 0 ? removed.map((r) => `- deregistered ${codeSpan(r)}`).join('\n') : `Nothing to deregister (keep-revisions: ${keep}).`,
    });
  }
  return sections;
}

/** Decides the end of a run. */
export function conclude(outcome: Outcome): Conclusion {
  const { facts } = outcome;
  const decided = outcome.end && facts && outcome.error === undefined ? fromEnd(outcome.end, facts) : fromError(outcome.error, facts);
  const { status, failure } = decided;
  const exitCode = EXIT_CODES[status];
  const watch = outcome.end?.type === 'watched' ? outcome.end.watch : undefined;
  const stoppedTasks = watch?.stoppedTasks ?? [];
  const conclusion: Conclusion = {
    status,
    exitCode,
    outputs: outputsOf(status, facts),
    details: [
      ...(stoppedTasks.length > 0 ? ['Stopped tasks of the new revision:', ...stoppedTasks.map((t) => `  ${t}`)] : []),
      // A bug: its stack, for the report.
      ...(outcome.error instanceof Error && !isWorded(outcome.error) && outcome.error.stack ? outcome.error.stack.split('\n') : []),
    ],
    summary: facts
      ? renderSummary({
          status,
          facts,
          durationMs: outcome.durationMs,
          ...(failure !== undefined ? { failure } : {}),
          ...(watch?.state?.reason ? { reason: watch.state.reason } : {}),
          events: watch?.events ?? [],
          stoppedTasks,
          sections: sectionsOf(facts),
        })
      : renderSummary({ status, durationMs: outcome.durationMs, failure: failure ?? '', events: [], stoppedTasks: [], sections: [] }),
  };
  // A status that fails always carries a message; one that succeeds never does.
  if (exitCode === 1) conclusion.failure = failure ?? `The step ended with status ${status}.`;
  else conclusion.closing = `status=${status} task-definition-arn=${facts?.taskDefinitionArn ?? ''}`;
  return conclusion;
}
