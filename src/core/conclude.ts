/**
 * The one place that decides how a run ends: from what happened (an Outcome) to the `status` output,
 * every other output, the exit code, the failure message and the job summary. Pure. Every run ends
 * here, bad inputs, AWS errors, cancellation and bugs included, so that status and exit code always
 * agree with the README's table.
 */
import { taskConsoleUrl } from './arn.js';
import { formatCommand } from './command.js';
import { diffMarkdown } from './diff-view.js';
import { driftJson, type DriftReport } from './drift.js';
import { CancelledError, DeployError, InputError } from './errors.js';
import { codeBlock, codeSpan, markdownText, tableCell } from './escape.js';
import { formatDuration } from './format.js';
import { timeoutActionText, type PausedHook } from './rollout.js';
import type { FlowEnd, LogTail, MemberRun, Outcome, PreDeployFacts, ReleaseFacts, RunFacts, StepStatus, WatchResult } from './outcome.js';
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
  'pre-deploy-failed': 1,
  paused: 0,
  checked: 0,
  drifted: 1,
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
  if (facts?.changed && facts.taskDefinitionArn && !facts.completed) {
    failure += ` The service points at ${facts.taskDefinitionArn}; ${abortText(facts, 'that')}`;
  }
  return { status, failure };
}

/** What became of a deployment the step stopped following (timed out, cancelled, failed part-way): on-abort's doing, in words. */
function abortText(facts: RunFacts, which = 'the'): string {
  const previous = facts.previousTaskDefinitionArn ?? 'the previous revision';
  const abort = facts.abort;
  switch (abort?.action) {
    case 'stopped':
      return `the step stopped its service deployment with StopServiceDeployment (ROLLBACK): ECS is rolling the service back to ${previous}.`;
    case 'stop-failed':
      return `stopping its service deployment failed (${abort.message}): ECS goes on with the deployment; stop it or roll back by hand.${rollbackHint(facts)}`;
    case 'already-ended':
      return `its service deployment could not be stopped because it was no longer in progress (${abort.message}).${rollbackHint(facts)}`;
    case 'unknown-deployment':
      return `ECS goes on with the deployment (on-abort is rollback, but ECS named no service deployment to stop).${rollbackHint(facts)}`;
    case 'left':
      return `ECS goes on with the deployment (on-abort is leave).${rollbackHint(facts)}`;
    default:
      return `ECS goes on with ${which} deployment.${rollbackHint(facts)}`;
  }
}

/** The status and (for a failure) the message of a watched rollout. */
function fromWatch(watch: WatchResult, timeoutMinutes: number, facts: RunFacts): { status: StepStatus; failure?: string } {
  const arn = facts.taskDefinitionArn ?? 'the new revision';
  const reason = watch.state?.reason;
  switch (watch.status) {
    case 'completed':
      return { status: 'completed' };
    case 'paused':
      return { status: 'paused' };
    case 'rolled-back': {
      const done = watch.state?.rollbackSucceeded;
      const rollback = done === true ? 'the rollback completed' : done === false ? 'the rollback itself FAILED' : 'the rollback is still in progress';
      return {
        status: 'rolled-back',
        failure: `ECS rolled the deployment of ${arn} back to ${facts.previousTaskDefinitionArn ?? 'the previous revision'}: ${reason ?? 'no reason given'}; ${rollback}.${causeOf(facts)}`,
      };
    }
    case 'failed':
      return { status: 'failed', failure: `The deployment of ${arn} failed: ${reason ?? 'no reason given'}.${causeOf(facts)}${rollbackHint(facts)}` };
    case 'superseded': {
      const now = watch.state?.replacedBy ? ` (now ${watch.state.replacedBy})` : '';
      return { status: 'superseded', failure: `The deployment of ${arn} was superseded: ${reason ?? 'another deployment replaced it'}${now}.` };
    }
    case 'timed-out':
      return {
        status: 'timed-out',
        failure: `The rollout of ${arn} did not finish within ${timeoutMinutes} minutes; ${abortText(facts)}`,
      };
    case 'cancelled':
      return { status: 'cancelled', failure: `Cancelled while the rollout of ${arn} was in flight; ${abortText(facts)}` };
  }
}

const causeOf = (facts: RunFacts) => (facts.cause ? ` ${facts.cause}` : '');

/** "The service was not changed: it still serves X; revision Y was registered and never served." */
function untouched(facts: RunFacts): string {
  const serves = facts.previousTaskDefinitionArn ? `: it still serves ${facts.previousTaskDefinitionArn}` : '';
  const never = facts.registeredArn ? `; the revision ${facts.registeredArn} was registered and never served` : '';
  return ` The service was not changed${serves}${never}.`;
}

/** The status and message of a deploy that stopped at its pre-deploy task. */
function fromPreDeploy(ended: 'failed' | 'timed-out' | 'cancelled', timeoutMinutes: number, facts: RunFacts): { status: StepStatus; failure: string } {
  const pre = facts.preDeploy as PreDeployFacts;
  const task = pre.taskArn ? `The pre-deploy task ${pre.taskArn}` : 'The pre-deploy task';
  const stopped = pre.stoppedBy ? 'it was stopped' : 'stopping it failed: stop it by hand';
  if (ended === 'timed-out') return { status: 'timed-out', failure: `${task} did not stop within ${timeoutMinutes} minutes; ${stopped}.${untouched(facts)}` };
  if (ended === 'cancelled') return { status: 'cancelled', failure: `Cancelled while the pre-deploy task ran; ${stopped}.${untouched(facts)}` };
  if (!pre.taskArn) {
    return { status: 'pre-deploy-failed', failure: `ECS started no pre-deploy task (${pre.failureReason ?? 'no reason given'}). ${pre.cause ?? ''}${untouched(facts)}` };
  }
  const exit = pre.exitCode !== undefined ? `container ${pre.container} exited with code ${pre.exitCode}` : `container ${pre.container} never ran (no exit code)`;
  const stop = pre.stopCode || pre.stoppedReason ? `; ${[pre.stopCode, pre.stoppedReason].filter(Boolean).join(': ')}` : '';
  const own = pre.containerReason ? ` (${pre.containerReason})` : '';
  return { status: 'pre-deploy-failed', failure: `${task} failed: ${exit}${own}${stop}. ${pre.cause ?? ''}${untouched(facts)}` };
}

function fromEnd(end: FlowEnd, facts: RunFacts): { status: StepStatus; failure?: string } {
  switch (end.type) {
    case 'pre-deploy':
      return fromPreDeploy(end.ended, end.timeoutMinutes, facts);
    case 'planned':
      return { status: 'planned' };
    case 'unchanged':
      return { status: 'unchanged' };
    case 'started':
      return { status: 'started' };
    case 'watched':
      return fromWatch(end.watch, end.timeoutMinutes, facts);
    case 'release':
      return fromRelease(facts);
    case 'drift':
      if (end.drifted && end.fail) return { status: 'drifted', failure: `The service drifted (fail-on-drift is true): ${driftedParts(facts)}. See the drift output and the job summary.` };
      return { status: 'checked' };
  }
}

/** Worst first: the status of a release is the first of these that any of its services or schedules has. */
const SEVERITY: readonly StepStatus[] = [
  'error',
  'cancelled',
  'timed-out',
  'failed',
  'pre-deploy-failed',
  'rolled-back',
  'superseded',
  'paused',
  'started',
  'completed',
  'unchanged',
  'planned',
];

const worst = (statuses: StepStatus[], none: StepStatus): StepStatus =>
  SEVERITY.find((s) => statuses.includes(s)) ?? statuses[0] ?? none;

/** One service of a release: its own end, then what on-partial-failure did to it. */
export function memberConclusion(run: MemberRun): { status: StepStatus; failure?: string } {
  const own = run.error !== undefined ? fromError(run.error, run.facts) : run.end ? fromEnd(run.end, run.facts) : { status: 'error' as StepStatus, failure: 'it was not started.' };
  const restore = run.restore;
  if (!restore) return own;
  const previous = run.facts.previousTaskDefinitionArn ?? 'its previous revision';
  let back: string;
  let backOk = false;
  if (restore.error !== undefined) back = `putting it back on ${previous} failed: ${errorText(restore.error)}`;
  else if (restore.end?.type === 'unchanged') {
    back = `ECS had put it back on ${previous}`;
    backOk = true;
  } else if (restore.end?.type === 'watched' && restore.end.watch.status === 'completed') {
    back = `this step put it back on ${previous} (on-partial-failure: rollback)`;
    backOk = true;
  } else {
    const r = restore.end ? fromEnd(restore.end, restore.facts) : { status: 'error' as StepStatus };
    back = `putting it back on ${previous} ended ${r.status}${'failure' in r && r.failure ? `: ${r.failure}` : ''}`;
  }
  // A service that completed and was then rolled back with the release is rolled-back; a failed one keeps its status.
  if (EXIT_CODES[own.status] === 0) {
    return { status: backOk ? 'rolled-back' : 'error', failure: `it ${own.status === 'unchanged' ? 'was unchanged' : 'completed'}, and ${back}.` };
  }
  return { status: own.status, failure: `${own.failure ?? own.status}; ${back}.` };
}

function fromRelease(facts: RunFacts): { status: StepStatus; failure?: string } {
  const rel = facts.release as ReleaseFacts;
  if (rel.planned) return { status: 'planned' };
  const members = rel.services.map((run) => ({ run, ...memberConclusion(run) }));
  const scheduleErrors = rel.schedules.filter((s) => s.error !== undefined);
  const status = worst([...members.map((m) => m.status), ...(scheduleErrors.length > 0 ? (['error'] as StepStatus[]) : [])], 'completed');
  if (EXIT_CODES[status] === 0) return { status };
  const parts: string[] = [];
  const bad = members.filter((m) => EXIT_CODES[m.status] === 1);
  if (bad.length > 0) {
    parts.push(`${bad.length} of ${members.length} service(s) did not complete: ${bad.map((m) => `${m.run.name} ${m.status} (${m.failure ?? m.status})`).join('; ')}`);
  }
  const partial = rel.partialFailure;
  if (partial?.policy === 'keep') parts.push('on-partial-failure is keep: the other services stay on their new revisions');
  for (const s of scheduleErrors) parts.push(`schedule ${s.id} was not moved: ${errorText(s.error)}`);
  const skipped = rel.schedules.filter((s) => s.skipped !== undefined);
  if (skipped.length > 0) parts.push(`the schedules were not moved (${skipped.map((s) => s.id).join(', ')} still run their previous revisions)`);
  return { status, failure: `The release ${status === 'error' && bad.length === 0 ? 'did not finish' : `ended ${status}`}: ${parts.join('. ')}.` };
}

/** The outputs of a release: per-consumer JSON objects. */
function releaseOutputs(rel: ReleaseFacts): Record<string, string> {
  const arns: Record<string, string> = {};
  const previous: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const services: Record<string, Record<string, string>> = {};
  for (const run of rel.services) {
    const { status } = memberConclusion(run);
    arns[run.name] = run.facts.taskDefinitionArn ?? '';
    previous[run.name] = run.facts.previousTaskDefinitionArn ?? '';
    ids[run.name] = run.facts.deploymentId ?? '';
    services[run.name] = {
      status,
      'task-definition-arn': arns[run.name] as string,
      'previous-task-definition-arn': previous[run.name] as string,
      'deployment-id': ids[run.name] as string,
    };
  }
  const schedules: Record<string, Record<string, string | boolean>> = {};
  for (const s of rel.schedules) {
    arns[s.id] = s.changed ? (s.taskDefinitionArn ?? '') : (s.previousArn ?? '');
    previous[s.id] = s.previousArn ?? '';
    schedules[s.id] = { 'task-definition-arn': arns[s.id] as string, 'previous-task-definition-arn': previous[s.id] as string, changed: s.changed };
  }
  return {
    'task-definition-arn': JSON.stringify(arns),
    'previous-task-definition-arn': JSON.stringify(previous),
    'deployment-id': JSON.stringify(ids),
    services: JSON.stringify(services),
    schedules: rel.schedules.length > 0 ? JSON.stringify(schedules) : '',
  };
}

/** The release as two tables: one row per service, one per schedule. */
function releaseSections(rel: ReleaseFacts): SummarySection[] {
  const sections: SummarySection[] = [];
  if (rel.services.length > 0) {
    const rows = rel.services.map((run) => {
      const c = memberConclusion(run);
      const arn = run.facts.taskDefinitionArn ?? '';
      return `| ${codeSpan(run.name)} | **${c.status}** | ${arn ? codeSpan(arn) : ''} | ${run.facts.previousTaskDefinitionArn ? codeSpan(run.facts.previousTaskDefinitionArn) : ''} | ${tableCell(markdownText(c.failure ?? ''))} |`;
    });
    sections.push({ title: 'Services', markdown: ['| Service | Status | Revision | Previous | Why |', '|---|---|---|---|---|', ...rows].join('\n') });
  }
  if (rel.schedules.length > 0) {
    const rows = rel.schedules.map((s) => {
      const what = s.error !== undefined ? `not moved: ${errorText(s.error)}` : (s.skipped ?? (s.changed ? 'moved' : 'runs it already'));
      return `| ${codeSpan(s.id)} | ${s.taskDefinitionArn ? codeSpan(s.taskDefinitionArn) : ''} | ${s.previousArn ? codeSpan(s.previousArn) : ''} | ${tableCell(markdownText(what))} |`;
    });
    sections.push({ title: 'Schedules', markdown: ['| Schedule | Revision | Previous | |', '|---|---|---|---|', ...rows].join('\n') });
  }
  for (const run of rel.services) {
    if (run.facts.plan) sections.push({ title: `Plan of ${codeSpan(run.name)} (dry run: nothing was written)`, markdown: diffMarkdown(run.facts.plan.diff, run.facts.plan.against) });
    if (run.facts.logTails.length > 0) sections.push({ ...logsSection(run.facts.logTails), title: `Container logs of ${codeSpan(run.name)}` });
  }
  return sections;
}

/** Which of the three questions found drift, in words. */
function driftedParts(facts: RunFacts): string {
  const d = facts.drift;
  const parts = [
    d?.templateAhead.drifted ? 'the template is ahead of the serving revision' : '',
    d?.changedOutside.drifted ? 'the serving revision was changed outside the action' : '',
    d?.serviceSettings.drifted ? 'the service settings differ from what a deploy sets' : '',
  ].filter(Boolean);
  return parts.join('; ');
}

/** The drift report as three summary sections. */
function driftSections(d: DriftReport): SummarySection[] {
  const section = (title: string, drifted: boolean, line: string, changes: string[]): SummarySection => ({
    title: `Drift: ${title}${drifted ? ' (drifted)' : ''}`,
    markdown: [markdownText(line), ...(changes.length > 0 ? ['', ...codeBlock(changes.map((l) => l.replace(/^~/, '!')), 'diff')] : [])].join('\n'),
  });
  const settings = d.serviceSettings.changes.map((c) => `! ${c.setting}: ${JSON.stringify(c.actual)} (a deploy sets ${JSON.stringify(c.expected)})`);
  return [
    section('template ahead', d.templateAhead.drifted, d.templateAhead.line, d.templateAhead.changes),
    section('changed outside the action', d.changedOutside.drifted, d.changedOutside.line, d.changedOutside.changes),
    section('service settings', d.serviceSettings.drifted, d.serviceSettings.line, settings),
  ];
}

/** The action's outputs, by name. */
function outputsOf(status: StepStatus, facts: RunFacts | undefined): Record<string, string> {
  return {
    'task-definition-arn': facts?.taskDefinitionArn ?? '',
    'previous-task-definition-arn': facts?.previousTaskDefinitionArn ?? '',
    image: facts?.image ?? '',
    'deployment-id': facts?.deploymentId ?? '',
    changed: String(facts?.changed ?? false),
    'pre-deploy-task-arn': facts?.preDeploy?.taskArn ?? '',
    'pre-deploy-exit-code': facts?.preDeploy?.exitCode !== undefined ? String(facts.preDeploy.exitCode) : '',
    drift: facts?.drift ? driftJson(facts.drift) : '',
    drifted: facts?.drift ? String(facts.drift.drifted) : '',
    services: '',
    schedules: '',
    'service-deployment-arn': facts?.serviceDeploymentArn ?? '',
    'hook-id': facts?.pause?.hookId ?? '',
    'hook-stage': facts?.pause?.stage ?? '',
    'hook-expires-at': facts?.pause?.expiresAt ? facts.pause.expiresAt.toISOString() : '',
    'hook-timeout-action': facts?.pause?.timeoutAction ?? '',
    ...(facts?.release ? releaseOutputs(facts.release) : {}),
    status,
  };
}

/** The pre-deploy task as a table (or, in a dry run, the request it would send). */
function preDeploySection(pre: PreDeployFacts, facts: RunFacts): SummarySection {
  const rows: Array<[string, string]> = [
    ['Command', codeSpan(formatCommand(pre.command))],
    ['Container', codeSpan(pre.container)],
  ];
  if (pre.request !== undefined) {
    return { title: 'Pre-deploy task (dry run: not started)', markdown: [...table(rows), '', 'RunTask request:', '', ...codeBlock(pre.request.split('\n'), 'json')].join('\n') };
  }
  if (pre.taskArn) {
    const url = taskConsoleUrl(facts.region, facts.cluster, pre.taskArn);
    rows.push(['Task', `${codeSpan(pre.taskArn)}${url ? ` ([console](${url}))` : ''}`]);
  }
  rows.push(['Exit code', pre.exitCode !== undefined ? codeSpan(String(pre.exitCode)) : 'none (the container never ran)']);
  if (pre.durationMs !== undefined) rows.push(['Duration', formatDuration(pre.durationMs)]);
  if (pre.stopCode || pre.stoppedReason) rows.push(['Stopped', markdownText([pre.stopCode, pre.stoppedReason].filter(Boolean).join(': '))]);
  if (pre.failureReason) rows.push(['Not started', markdownText(pre.failureReason)]);
  if (pre.stoppedBy) rows.push(['Stopped by this step', markdownText(pre.stoppedBy)]);
  if (pre.cause) rows.push(['What to check', markdownText(pre.cause)]);
  return { title: 'Pre-deploy task', markdown: table(rows).join('\n') };
}

function table(rows: ReadonlyArray<[string, string]>): string[] {
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${tableCell(k)} | ${tableCell(v)} |`)];
}

/** Each log tail in a code block, or the reason there is none. */
function logsSection(tails: readonly LogTail[]): SummarySection {
  const parts = tails.map((tail) => {
    const head = `Container ${codeSpan(tail.container)}, task ${codeSpan(tail.taskArn.split('/').pop() ?? tail.taskArn)}`;
    if (tail.lines.length === 0) return `${head}: no lines, ${markdownText(tail.note ?? 'none were found')}.`;
    return [`${head}, last ${tail.lines.length} lines${tail.source ? ` of ${codeSpan(tail.source)}` : ''}:`, '', ...codeBlock(tail.lines)].join('\n');
  });
  return { title: 'Container logs', markdown: parts.join('\n\n') };
}

/** Where the deployment holds, what ECS does at expiry, and the step that resumes it. */
function pauseSection(pause: PausedHook, facts: RunFacts): SummarySection {
  const rows: Array<[string, string]> = [
    ['Stage', codeSpan(pause.stage)],
    ['Hook', codeSpan(pause.hookId)],
    ['Expires', pause.expiresAt ? codeSpan(pause.expiresAt.toISOString()) : 'not given by ECS'],
    ['At expiry ECS', markdownText(timeoutActionText(pause.timeoutAction))],
  ];
  const step = [
    '- uses: your-org/ecs-template-deploy@v1',
    '  with:',
    `    cluster: ${JSON.stringify(facts.cluster)}`,
    `    service: ${JSON.stringify(facts.service)}`,
    `    service-deployment-arn: ${JSON.stringify(facts.serviceDeploymentArn ?? '')}`,
    '    resume: continue   # or rollback',
  ];
  return {
    title: `Paused at ${codeSpan(pause.stage)}`,
    markdown: [...table(rows), '', 'A later job (for example one in a protected environment) resumes it:', '', ...codeBlock(step, 'yaml')].join('\n'),
  };
}

/** The lifecycle stages the deployment entered, with when and the production traffic seen. */
function stagesSection(facts: RunFacts): SummarySection {
  const rows = facts.stages.map((s) => `| ${codeSpan(s.stage)} | +${formatDuration(s.atMs)} | ${s.productionTraffic !== undefined ? `${s.productionTraffic}%` : ''} |`);
  const actions = facts.hookActions.map((a) => `- ${a.action} of the PAUSE hook ${codeSpan(a.hookId)} at ${codeSpan(a.stage)}`);
  return {
    title: 'Lifecycle stages',
    markdown: ['| Stage | Entered | Production traffic |', '|---|---|---|', ...rows, ...(actions.length > 0 ? ['', ...actions] : [])].join('\n'),
  };
}

function sectionsOf(facts: RunFacts): SummarySection[] {
  const sections: SummarySection[] = [];
  if (facts.release) sections.push(...releaseSections(facts.release));
  if (facts.pause) sections.push(pauseSection(facts.pause, facts));
  if (facts.stages.length > 0) sections.push(stagesSection(facts));
  if (facts.drift) sections.push(...driftSections(facts.drift));
  if (facts.preDeploy) sections.push(preDeploySection(facts.preDeploy, facts));
  if (facts.logTails.length > 0) sections.push(logsSection(facts.logTails));
  if (facts.plan) sections.push({ title: 'Plan (dry run: nothing was written)', markdown: diffMarkdown(facts.plan.diff, facts.plan.against) });
  if (facts.cleanup) {
    const { removed, keep, deleted } = facts.cleanup;
    const gone = new Set(deleted ?? []);
    const shown = removed.slice(0, CLEANUP_LISTED).map((r) => `- ${gone.has(r) ? 'deregistered and deleted' : 'deregistered'} ${codeSpan(r)}`);
    if (removed.length > shown.length) shown.push(`- and ${removed.length - shown.length} more`);
    if (deleted !== undefined) shown.push('', `${deleted.length} of the ${removed.length} deregistered revision(s) deleted (delete-revisions: true).`);
    sections.push({ title: 'Cleanup', markdown: removed.length > 0 ? shown.join('\n') : `Nothing to deregister (keep-revisions: ${keep}).` });
  }
  return sections;
}

/** Revisions the summary's Cleanup section names one by one (the rest are counted). */
const CLEANUP_LISTED = 20;

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
  else conclusion.closing = `status=${status} task-definition-arn=${conclusion.outputs['task-definition-arn']}${facts?.pause ? ` hook-id=${facts.pause.hookId}` : ''}`;
  return conclusion;
}
