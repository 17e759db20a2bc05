/** The job summary in Markdown. Pure. */
import { resourceName, serviceConsoleUrl } from './arn.js';
import { formatDuration } from './format.js';
import type { RunFacts, StepStatus } from './outcome.js';

export interface SummarySection {
  title: string;
  markdown: string;
}

export interface SummaryView {
  status: StepStatus;
  /** Missing when the step failed before it knew what to deploy (a bad input). */
  facts?: RunFacts;
  durationMs: number;
  failure?: string;
  reason?: string;
  events: string[];
  stoppedTasks: string[];
  sections: SummarySection[];
}

const ICON: Record<StepStatus, string> = {
  started: '🚀',
  unchanged: '⏸️',
  completed: '✅',
  planned: '📝',
  failed: '❌',
  'rolled-back': '↩️',
  'timed-out': '⏱️',
  superseded: '⏭️',
  cancelled: '🛑',
  error: '⚠️',
};

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** The job summary. */
export function renderSummary(view: SummaryView): string {
  const { facts, status } = view;
  const lines: string[] = [];
  if (!facts) {
    lines.push(`### ${ICON[status]} ECS deploy: ${status}`, '');
    if (view.failure) lines.push(`**Why:** ${cell(view.failure)}`, '');
    return lines.join('\n');
  }
  lines.push(`### ${ICON[status]} ECS ${facts.kind} of ${code(resourceName(facts.service))}: ${status}`, '');
  const rows: Array<[string, string]> = [
    ['Service', code(resourceName(facts.service))],
    ['Cluster', code(resourceName(facts.cluster))],
  ];
  if (facts.region) rows.push(['Region', code(facts.region)]);
  if (facts.previousTaskDefinitionArn) rows.push(['Previous revision', code(facts.previousTaskDefinitionArn)]);
  if (facts.taskDefinitionArn) rows.push(['New revision', code(facts.taskDefinitionArn)]);
  else if (facts.registeredArn) rows.push(['Registered, not deployed', code(facts.registeredArn)]);
  for (const image of facts.images) {
    const pinned = image.registered !== image.given ? ` (${code(image.given)})` : '';
    rows.push([`Image (${image.container})`, `${code(image.registered)}${pinned}`]);
  }
  if (facts.deploymentId) rows.push(['Deployment', code(facts.deploymentId)]);
  if (facts.environmentKeys.length > 0) rows.push(['Environment keys set', facts.environmentKeys.map(code).join(', ')]);
  if (facts.secretKeys.length > 0) rows.push(['Secret keys set', facts.secretKeys.map(code).join(', ')]);
  rows.push(['Duration', formatDuration(view.durationMs)]);
  rows.push(['Outcome', `**${status}**`]);
  const url = serviceConsoleUrl(facts.region, facts.cluster, facts.service);
  if (url) rows.push(['Console', `[service deployments](${url})`]);
  lines.push('| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`), '');
  if (view.failure) lines.push(`**Why:** ${cell(view.failure)}`, '');
  else if (view.reason) lines.push(`**Reason:** ${cell(view.reason)}`, '');
  if (view.stoppedTasks.length > 0) {
    lines.push('<details open><summary>Stopped tasks of the new revision</summary>', '', ...view.stoppedTasks.map((t) => `- ${t}`), '', '</details>', '');
  }
  if (view.events.length > 0) {
    const shown = view.events.slice(-30);
    lines.push(`<details${view.failure ? ' open' : ''}><summary>Service events during this step (${view.events.length})</summary>`, '', '```', ...shown, '```', '', '</details>', '');
  }
  for (const section of view.sections) lines.push(`#### ${section.title}`, '', section.markdown, '');
  return lines.join('\n');
}
