/**
 * Where ECS's awslogs log driver writes a container's output, and the last lines of what CloudWatch
 * Logs returns from there. Pure: the adapter in src/aws/logs.ts reads the events.
 */

export interface LogLocation {
  group: string;
  stream: string;
  /** `awslogs-region`; undefined means the region of the service. */
  region?: string;
}

/** The part of a container definition that says where its output goes. */
export interface LoggedContainer {
  name: string;
  logConfiguration?: { logDriver?: string; options?: Record<string, string> };
}

/** A task id as ECS writes it (32 hex digits; older tasks have a UUID). */
const TASK_ID = /^[A-Za-z0-9-]+$/;

/** The task id of a task ARN: its last `/` segment (`task/<cluster>/<id>`, or the older `task/<id>`). */
export function taskId(taskArn: string): string {
  return taskArn.slice(taskArn.lastIndexOf('/') + 1);
}

/** An option's value, undefined when missing or blank. */
function option(options: Record<string, string> | undefined, key: string): string | undefined {
  const value = options?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Where ECS's awslogs driver writes a container's output for one task: `<awslogs-stream-prefix>/<container>/<task id>` in `awslogs-group` (region: `awslogs-region`); a string saying why in one clause when that cannot be known. */
export function logLocation(container: LoggedContainer, taskArn: string): LogLocation | string {
  const config = container.logConfiguration;
  if (!config) return 'its container definition has no logConfiguration, so ECS keeps none of its output';
  const driver = config.logDriver;
  if (!driver) return 'its logConfiguration names no logDriver';
  if (driver !== 'awslogs') return `it logs with the ${driver} driver, and only the output of the awslogs driver can be read back here`;
  const group = option(config.options, 'awslogs-group');
  if (!group) return 'its awslogs logConfiguration sets no awslogs-group';
  const prefix = option(config.options, 'awslogs-stream-prefix');
  if (!prefix) {
    return 'its awslogs logConfiguration sets no awslogs-stream-prefix, which is needed to find the stream (without it the stream is named after the container runtime id, which ECS does not report in a usable way)';
  }
  const id = taskId(taskArn);
  if (!TASK_ID.test(id)) return 'the id of its task is not known';
  const location: LogLocation = { group, stream: `${prefix}/${container.name}/${id}` };
  const region = option(config.options, 'awslogs-region');
  if (region) location.region = region;
  return location;
}

/** The last `max` lines of CloudWatch log events (oldest first): messages split on \n (and \r\n), one trailing empty line per message dropped, then the last `max` kept. max <= 0 → []. */
export function tailLines(events: ReadonlyArray<{ message?: string }>, max: number): string[] {
  const limit = Math.floor(max);
  if (!(limit > 0)) return [];
  const lines: string[] = [];
  for (const event of events) {
    if (typeof event.message !== 'string') continue;
    const parts = event.message.split(/\r?\n/);
    if (parts[parts.length - 1] === '') parts.pop();
    for (const part of parts) lines.push(part);
    // Keep memory bounded when there are many events: only the tail is ever needed.
    if (lines.length > 2 * limit) lines.splice(0, lines.length - limit);
  }
  return lines.slice(-limit);
}
