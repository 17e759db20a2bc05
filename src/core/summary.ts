/** The job summary in Markdown. Pure. */
import { resourceName, serviceConsoleUrl } from './arn.js';
import { codeBlock, codeSpan, markdownText, tableCell } from './escape.js';
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
  'pre-deploy-failed': '🧪',
  paused: '🚦',
  checked: '🔎',
  drifted: '🧭',
  error: '⚠️',
};

/**
 * The job summary. Text that did not come from this code (names, ARNs, images, reasons, events,
 * stopped tasks) goes in code spans or blocks (`codeSpan`, `codeBlock`) or is escaped as prose
 * (`markdownText`), so it cannot add HTML, headings, lists, table cells or links (src/core/escape.ts).
 */
export function renderSummary(view: SummaryView): string {
  const { facts, status } = view;
  const lines: string[] = [];
  if (!facts) {
    lines.push(`### ${ICON[status]} ECS deploy: ${status}`, '');
    if (view.failure) lines.push(`**Why:** ${markdownText(view.failure)}`, '');
    return lines.join('\n');
  }
  const rel = facts.release;
  const what = rel
    ? `${facts.kind === 'rollback' ? 'rollback' : 'release'} of ${rel.services.length} service(s)${rel.schedules.length > 0 ? ` and ${rel.schedules.length} schedule(s)` : ''}`
    : `${facts.kind} of ${codeSpan(resourceName(facts.service))}`;
  lines.push(`### ${ICON[status]} ECS ${what}: ${status}`, '');
  const rows: Array<[string, string]> = [
    rel ? ['Services', rel.services.map((m) => codeSpan(m.name)).join(', ') || 'none'] : ['Service', codeSpan(resourceName(facts.service))],
    ['Cluster', codeSpan(resourceName(facts.cluster))],
  ];
  if (facts.region) rows.push(['Region', codeSpan(facts.region)]);
  if (facts.previousTaskDefinitionArn) rows.push(['Previous revision', codeSpan(facts.previousTaskDefinitionArn)]);
  if (facts.taskDefinitionArn) rows.push([facts.kind === 'drift-check' ? 'Serving revision' : 'New revision', codeSpan(facts.taskDefinitionArn)]);
  else if (facts.registeredArn) rows.push(['Registered, not deployed', codeSpan(facts.registeredArn)]);
  for (const image of facts.images) {
    const pinned = image.registered !== image.given ? ` (${codeSpan(image.given)})` : '';
    rows.push([`Image (${codeSpan(image.container)})`, `${codeSpan(image.registered)}${pinned}`]);
  }
  if (facts.deploymentId) rows.push(['Deployment', codeSpan(facts.deploymentId)]);
  if (facts.strategy) rows.push(['Strategy', codeSpan(facts.strategy)]);
  if (facts.serviceDeploymentArn) rows.push(['Service deployment', codeSpan(facts.serviceDeploymentArn)]);
  if (facts.imageParameter) rows.push(['Image parameter', `${codeSpan(facts.imageParameter.name)} = ${codeSpan(facts.imageParameter.value)}`]);
  if (facts.environmentKeys.length > 0) rows.push(['Environment keys set', facts.environmentKeys.map(codeSpan).join(', ')]);
  if (facts.secretKeys.length > 0) rows.push(['Secret keys set', facts.secretKeys.map(codeSpan).join(', ')]);
  rows.push(['Duration', formatDuration(view.durationMs)]);
  rows.push(['Outcome', `**${status}**`]);
  const url = rel ? undefined : serviceConsoleUrl(facts.region, facts.cluster, facts.service);
  if (url) rows.push(['Console', `[service deployments](${url})`]);
  lines.push('| | |', '|---|---|', ...rows.map(([k, v]) => `| ${tableCell(k)} | ${tableCell(v)} |`), '');
  if (view.failure) lines.push(`**Why:** ${markdownText(view.failure)}`, '');
  else if (view.reason) lines.push(`**Reason:** ${markdownText(view.reason)}`, '');
  if (view.stoppedTasks.length > 0) {
    lines.push('<details open><summary>Stopped tasks of the new revision</summary>', '', ...view.stoppedTasks.map((t) => `- ${markdownText(t)}`), '', '</details>', '');
  }
  if (view.events.length > 0) {
    const shown = view.events.slice(-30);
    lines.push(`<details${view.failure ? ' open' : ''}><summary>Service events during this step (${view.events.length})</summary>`, '', ...codeBlock(shown), '', '</details>', '');
  }
  for (const section of view.sections) lines.push(`#### ${section.title}`, '', section.markdown, '');
  return lines.join('\n');
}
