// CloudWatch Logs records: log groups, streams and events, and the streams the awslogs driver
// writes for a task's containers once it runs.
import * as arns from './arns.js';
import type { EcsState, JsonObject, LogStreamRecord, TaskRecord } from './state.js';

/** Simulated ms between the events of one write. */
const EVENT_GAP_MS = 5;
/** Simulated ms between an event's timestamp and its ingestion. */
const INGESTION_DELAY_MS = 50;

const asObject = (v: unknown): JsonObject | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;

/** The stream (and its group) of `group`/`stream`, created when missing. */
export function ensureStream(state: EcsState, group: string, stream: string, at: number): LogStreamRecord {
  let g = state.logs.get(group);
  if (!g) {
    g = { name: group, arn: arns.logGroupArn(state.partition, group), createdAt: at, streams: new Map() };
    state.logs.set(group, g);
  }
  let s = g.streams.get(stream);
  if (!s) {
    s = { name: stream, arn: arns.logStreamArn(state.partition, group, stream), createdAt: at, events: [] };
    g.streams.set(stream, s);
  }
  return s;
}

/** Appends one event per line, a few ms apart from `at` on (and after the stream's last event). */
export function appendLines(stream: LogStreamRecord, lines: readonly string[], at: number): void {
  const last = stream.events.at(-1);
  let timestamp = Math.max(at, last ? last.timestamp + EVENT_GAP_MS : at);
  for (const message of lines) {
    stream.events.push({ timestamp, message, ingestionTime: timestamp + INGESTION_DELAY_MS });
    timestamp += EVENT_GAP_MS;
  }
}

/** Where the awslogs driver writes a container of a task: group and `<prefix>/<container>/<task id>`. */
export function awslogsStream(container: JsonObject, taskId: string): { group: string; stream: string } | undefined {
  const log = asObject(container.logConfiguration);
  const options = asObject(log?.options);
  if (log?.logDriver !== 'awslogs' || !options) return undefined;
  const group = options['awslogs-group'];
  const prefix = options['awslogs-stream-prefix'];
  if (typeof group !== 'string' || group === '' || typeof prefix !== 'string' || prefix === '') return undefined;
  return { group, stream: `${prefix}/${String(container.name ?? '')}/${taskId}` };
}

/**
 * A task reached RUNNING: each awslogs container gets its stream (and the group, which real AWS needs to
 * exist unless `awslogs-create-group` is true), and writes `lines`.
 */
export function openTaskStreams(state: EcsState, task: TaskRecord, lines: readonly string[] | undefined, at: number): void {
  const td = state.taskDefinitions.get(task.taskDefinitionArn);
  const defs = Array.isArray(td?.described.containerDefinitions) ? td.described.containerDefinitions : [];
  for (const raw of defs) {
    const container = asObject(raw);
    const where = container && awslogsStream(container, task.id);
    if (!where) continue;
    const stream = ensureStream(state, where.group, where.stream, at);
    if (lines && lines.length > 0) appendLines(stream, lines, at);
  }
}
