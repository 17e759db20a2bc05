// CloudWatch Logs GetLogEvents: one stream's events, newest or oldest first, with forward and
// backward tokens.
import * as arns from './arns.js';
import type { Handler } from './context.js';
import { AwsError } from './errors.js';
import type { JsonObject, LogEventRecord } from './state.js';

const MAX_LIMIT = 10_000;
/** An answer holds at most 1 MB of events. */
const MAX_RESPONSE_BYTES = 1_048_576;
/** Bytes counted per event besides its message (as CloudWatch Logs counts a batch). */
const EVENT_OVERHEAD_BYTES = 26;
const TOKEN = /^([fb])\/(\d{1,56})(?:\/s)?$/;

const invalid = (message: string): AwsError => new AwsError('InvalidParameterException', message);

const notNull = (field: string): AwsError =>
  invalid(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);

export const logGroupNotFound = (): AwsError => new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');

export const logStreamNotFound = (): AwsError => new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');

/** `f/<position>/s` or `b/<position>/s`: the position is an index into the stream's events. */
const token = (direction: 'f' | 'b', position: number): string => `${direction}/${String(position).padStart(56, '0')}/s`;

function optionalLong(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw invalid(`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have value greater than or equal to 0`);
  }
  return value;
}

function limitOf(value: unknown): number {
  if (value === undefined || value === null) return MAX_LIMIT;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalid(`1 validation error detected: Value '${String(value)}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  }
  if (value > MAX_LIMIT) {
    throw invalid(`1 validation error detected: Value '${value}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_LIMIT}`);
  }
  return value;
}

/** The group the request names: logGroupName or logGroupIdentifier (a name or an ARN), exactly one. */
export function requestedGroup(p: JsonObject, partition: arns.Partition): string | undefined {
  const byName = typeof p.logGroupName === 'string' && p.logGroupName !== '' ? p.logGroupName : undefined;
  const byId = typeof p.logGroupIdentifier === 'string' && p.logGroupIdentifier !== '' ? p.logGroupIdentifier : undefined;
  if (byName !== undefined && byId !== undefined) {
    throw invalid('LogGroupName and LogGroupIdentifier are mutually exclusive: give one of them.');
  }
  if (byName === undefined && byId === undefined) throw invalid('Either logGroupName or logGroupIdentifier must be specified.');
  return byName ?? arns.logGroupName(partition, byId ?? '');
}

export const GetLogEvents: Handler = (p, ctx) => {
  const groupName = requestedGroup(p, ctx.partition);
  if (typeof p.logStreamName !== 'string' || p.logStreamName === '') throw notNull('logStreamName');
  const limit = limitOf(p.limit);
  const startTime = optionalLong(p.startTime, 'startTime');
  const endTime = optionalLong(p.endTime, 'endTime');
  let direction: 'f' | 'b' = p.startFromHead === true ? 'f' : 'b';
  let position: number | undefined;
  if (p.nextToken !== undefined && p.nextToken !== null) {
    const m = typeof p.nextToken === 'string' ? TOKEN.exec(p.nextToken) : null;
    if (!m?.[1] || !m[2]) throw invalid('The specified nextToken is invalid.');
    direction = m[1] === 'f' ? 'f' : 'b';
    position = Number(m[2]);
  }

  const group = groupName === undefined ? undefined : ctx.state.logs.get(groupName);
  if (!group) throw logGroupNotFound();
  const stream = group.streams.get(p.logStreamName);
  if (!stream) throw logStreamNotFound();

  const all = stream.events;
  const inRange = (e: LogEventRecord): boolean =>
    (startTime === undefined || e.timestamp >= startTime) && (endTime === undefined || e.timestamp < endTime);
  const from = Math.min(position ?? (direction === 'f' ? 0 : all.length), all.length);
  const picked: number[] = [];
  let bytes = 0;
  const take = (i: number): boolean => {
    const e = all[i];
    if (!e || !inRange(e)) return true;
    const size = Buffer.byteLength(e.message, 'utf8') + EVENT_OVERHEAD_BYTES;
    if (picked.length >= limit || bytes + size > MAX_RESPONSE_BYTES) return false;
    picked.push(i);
    bytes += size;
    return true;
  };
  if (direction === 'f') {
    for (let i = from; i < all.length && take(i); i++);
  } else {
    for (let i = from - 1; i >= 0 && take(i); i--);
    picked.reverse();
  }
  const first = picked[0];
  const last = picked.at(-1);
  return {
    events: picked.map((i) => ({ ...all[i] })),
    nextForwardToken: token('f', last === undefined ? from : last + 1),
    nextBackwardToken: token('b', first === undefined ? from : first),
  };
};
