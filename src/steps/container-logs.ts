/**
 * The last lines a failing container wrote, from CloudWatch Logs (awslogs driver), for the log and
 * the job summary. Reads only; whatever goes wrong here is said in one line and never changes the
 * outcome of the step.
 */
import { isAwsError } from '../aws/call.js';
import { resourceName } from '../core/arn.js';
import { logLocation, tailLines } from '../core/awslogs.js';
import type { LogTail } from '../core/outcome.js';
import { failingContainer, type StoppedTaskView } from '../core/stop-cause.js';
import type { ContainerDefinition } from '../core/types.js';
import type { Ports } from '../ports.js';

/** Stopped tasks whose logs are read, at most. */
export const MAX_LOG_TASKS = 3;

export interface LogTailRequest {
  /** The region of the service: where the logs are when the container does not name awslogs-region. */
  region: string;
  /** The container definitions of the revision the tasks ran. */
  containers: readonly ContainerDefinition[];
  /** Stopped tasks, newest first. */
  tasks: readonly StoppedTaskView[];
  /** How many lines per container (log-lines). */
  lines: number;
  /** The container to read (the pre-deploy container); else the one that failed. */
  focus?: string;
}

const isEssential = (c: ContainerDefinition) => c.essential !== false;

/** Reads and logs the tails; returns them (lines, or a note saying why there are none) for the summary. */
export async function fetchLogTails(ctx: Pick<Ports, 'logsFor' | 'log'>, req: LogTailRequest): Promise<LogTail[]> {
  if (req.lines <= 0) return [];
  const essential = req.containers.filter(isEssential).map((c) => c.name);
  const tails: LogTail[] = [];
  for (const task of req.tasks.slice(0, MAX_LOG_TASKS)) {
    const taskArn = task.taskArn ?? '?';
    const name = failingContainer(task, essential, req.focus);
    const definition = req.containers.find((c) => c.name === name);
    if (name === undefined || definition === undefined) continue;
    const location = logLocation(definition as Parameters<typeof logLocation>[0], taskArn);
    const id = resourceName(taskArn);
    if (typeof location === 'string') {
      // The same for every task of the revision: said once.
      ctx.log.info(`No log lines of container ${name}: ${location}.`);
      tails.push({ taskArn, container: name, lines: [], note: location });
      break;
    }
    const source = `${location.group} ${location.stream}`;
    try {
      // Loaded on first use: most runs never read a log.
      const { getNewestLogEvents } = await import('../aws/logs.js');
      const events = await getNewestLogEvents(ctx.logsFor(location.region ?? req.region), location.group, location.stream, req.lines);
      const lines = tailLines(events, req.lines);
      if (lines.length === 0) {
        ctx.log.info(`Container ${name} of task ${id} wrote no log lines (${source}).`);
        tails.push({ taskArn, container: name, lines, source, note: 'the log stream is empty' });
        continue;
      }
      await ctx.log.group(`Last ${lines.length} log lines of container ${name}, task ${id}`, async () => ctx.log.info(lines.join('\n')));
      tails.push({ taskArn, container: name, lines, source });
    } catch (error) {
      const note = isAwsError(error, 'not-found')
        ? `no log stream yet (${source}): the container may never have started`
        : isAwsError(error, 'denied')
          ? `reading the logs was denied: the role needs "logs:GetLogEvents" on log group ${location.group}`
          : `the logs could not be read (${(error as Error).message})`;
      ctx.log.info(`No log lines of container ${name} of task ${id}: ${note}.`);
      tails.push({ taskArn, container: name, lines: [], source, note });
      // Denied is denied for every task.
      if (isAwsError(error, 'denied')) break;
    }
  }
  return tails;
}
