/** The step's report: outputs and the job summary in Markdown. Pure. */
import { formatDuration } from '../clock.js';

export type StepStatus = 'started' | 'unchanged' | 'completed' | 'failed' | 'rolled-back' | 'timed-out' | 'superseded' | 'planned';

export interface ImageLine {
  container: string;
  given: string;
  registered: string;
}

export interface StepReport {
  /** A deploy from the template, or a rollback run. */
  kind: 'deploy' | 'rollback';
  status: StepStatus;
  changed: boolean;
  cluster: string;
  service: string;
  region?: string;
  taskDefinitionArn?: string;
  previousTaskDefinitionArn?: string;
  /** The registered image of the main container. */
  image?: string;
  images: ImageLine[];
  deploymentId?: string;
  durationMs: number;
  /** Set when the step fails: the one message of setFailed. */
  failure?: string;
  reason?: string;
  /** Keys only: overlay values are never reported. */
  environmentKeys: string[];
  secretKeys: string[];
  events: string[];
  stoppedTasks: string[];
  /** Extra Markdown sections (a plan's diff, a cleanup). */
  sections: Array<{ title: string; markdown: string }>;
}

export function newReport(cluster: string, service: string, region?: string): StepReport {
  const report: StepReport = {
    kind: 'deploy',
    status: 'started',
    changed: false,
    cluster,
    service,
    images: [],
    durationMs: 0,
    environmentKeys: [],
    secretKeys: [],
    events: [],
    stoppedTasks: [],
    sections: [],
  };
  if (region) report.region = region;
  return report;
}

/** The action's outputs, by name. */
export function outputsOf(report: StepReport): Record<string, string> {
  return {
    'task-definition-arn': report.taskDefinitionArn ?? '',
    'previous-task-definition-arn': report.previousTaskDefinitionArn ?? '',
    image: report.image ?? '',
    'deployment-id': report.deploymentId ?? '',
    changed: String(report.changed),
    status: report.status,
  };
}

const lastSegment = (nameOrArn: string) => nameOrArn.split('/').pop() ?? nameOrArn;

/** The AWS console page of the service. */
export function consoleUrl(report: Pick<StepReport, 'cluster' | 'service' | 'region'>): string | undefined {
  if (!report.region) return undefined;
  const r = encodeURIComponent(report.region);
  return `https://${r}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(lastSegment(report.cluster))}/services/${encodeURIComponent(lastSegment(report.service))}/deployments?region=${r}`;
}

const ICON: Record<StepStatus, string> = {
  started: '🚀',
  unchanged: '⏸️',
  completed: '✅',
  failed: '❌',
  'rolled-back': '↩️',
  'timed-out': '⏱️',
  superseded: '⏭️',
  planned: '📝',
};

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** The job summary. */
export function renderSummary(report: StepReport): string {
  const lines: string[] = [];
  lines.push(`### ${ICON[report.status]} ECS ${report.kind} of ${code(lastSegment(report.service))}: ${report.status}`, '');
  const rows: Array<[string, string]> = [
    ['Service', code(lastSegment(report.service))],
    ['Cluster', code(lastSegment(report.cluster))],
  ];
  if (report.region) rows.push(['Region', code(report.region)]);
  if (report.previousTaskDefinitionArn) rows.push(['Previous revision', code(report.previousTaskDefinitionArn)]);
  if (report.taskDefinitionArn) rows.push(['New revision', code(report.taskDefinitionArn)]);
  for (const image of report.images) {
    const pinned = image.registered !== image.given ? ` (${code(image.given)})` : '';
    rows.push([`Image (${image.container})`, `${code(image.registered)}${pinned}`]);
  }
  if (report.deploymentId) rows.push(['Deployment', code(report.deploymentId)]);
  if (report.environmentKeys.length > 0) rows.push(['Environment keys set', report.environmentKeys.map(code).join(', ')]);
  if (report.secretKeys.length > 0) rows.push(['Secret keys set', report.secretKeys.map(code).join(', ')]);
  rows.push(['Duration', formatDuration(report.durationMs)]);
  rows.push(['Outcome', `**${report.status}**`]);
  const url = consoleUrl(report);
  if (url) rows.push(['Console', `[service deployments](${url})`]);
  lines.push('| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`), '');
  if (report.failure) lines.push(`**Why:** ${cell(report.failure)}`, '');
  else if (report.reason) lines.push(`**Reason:** ${cell(report.reason)}`, '');
  if (report.stoppedTasks.length > 0) {
    lines.push('<details open><summary>Stopped tasks of the new revision</summary>', '', ...report.stoppedTasks.map((t) => `- ${t}`), '', '</details>', '');
  }
  if (report.events.length > 0) {
    const shown = report.events.slice(-30);
    lines.push(`<details${report.failure ? ' open' : ''}><summary>Service events during this step (${report.events.length})</summary>`, '', '```', ...shown, '```', '', '</details>', '');
  }
  for (const section of report.sections) lines.push(`#### ${section.title}`, '', section.markdown, '');
  return lines.join('\n');
}
