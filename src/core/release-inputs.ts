/**
 * The lines of a release: `service` (one service, or several, each optionally `=template`), `schedules`
 * (`rule:` and `schedule:` lines, each optionally `=template`) and `rollback-to` as a JSON object of
 * consumer -> task definition ARN. Pure; every problem is one InputError naming the input and the line.
 */
import { resourceName } from './arn.js';
import { InputError, shown } from './errors.js';

export interface ServiceLine {
  /** The service name or ARN as given. */
  service: string;
  /** Its own template (`web=web-template`); undefined: the `template` input. */
  template?: string;
}

export interface ScheduleLine {
  /** How the line names it, without the template: `rule:nightly`, `rule:ops/nightly`, `schedule:jobs/report`. */
  id: string;
  kind: 'rule' | 'schedule';
  /** The event bus (rule) or schedule group (schedule); undefined: `default`. */
  scope?: string;
  name: string;
  template?: string;
}

export interface LinePatterns {
  service: RegExp;
  template: RegExp;
  templateForm: string;
}

interface Line {
  number: number;
  text: string;
}

function lines(text: string): Line[] {
  return text
    .split(/\r?\n/)
    .map((raw, index) => ({ number: index + 1, text: raw.trim() }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
}

/** `name=template` at the first `=`; the template part checked. */
function splitTemplate(input: 'service' | 'schedules', line: Line, patterns: LinePatterns): { head: string; template?: string } {
  const eq = line.text.indexOf('=');
  if (eq < 0) return { head: line.text };
  const head = line.text.slice(0, eq).trim();
  const template = line.text.slice(eq + 1).trim();
  if (!patterns.template.test(template)) {
    throw new InputError(input, `line ${line.number}: the template ${shown(template)} is not valid (expected ${patterns.templateForm} after "=")`);
  }
  return { head, template };
}

/** The `service` input: one line per service, `name` or `name=template`; blank lines and `#` comments ignored; a service named twice is an error. */
export function parseServiceLines(text: string, patterns: LinePatterns): ServiceLine[] {
  const seen = new Map<string, number>();
  return lines(text).map((line) => {
    const { head, template } = splitTemplate('service', line, patterns);
    if (!patterns.service.test(head)) {
      throw new InputError('service', `line ${line.number}: ${shown(head)} is not valid (expected a service name or ARN, optionally followed by =template)`);
    }
    const name = resourceName(head);
    const first = seen.get(name);
    if (first !== undefined) throw new InputError('service', `service ${shown(name)} is given twice (lines ${first} and ${line.number})`);
    seen.set(name, line.number);
    return { service: head, ...(template !== undefined ? { template } : {}) };
  });
}

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const BUS_NAME = /^[.\-_A-Za-z0-9]{1,256}$/;
const SCHEDULE_NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;
const SCHEDULE_FORM = 'rule:<name>, rule:<event bus>/<name>, schedule:<name> or schedule:<group>/<name>, optionally followed by =template';

/** A key of a release's outputs (and of `rollback-to`) that names a schedule, not a service. */
export const isScheduleKey = (key: string): boolean => /^(rule|schedule):/.test(key);

/** `rule:[bus/]name` or `schedule:[group/]name` (no template), or undefined when it is neither; `rule:default/x` is `rule:x`. */
export function scheduleOf(head: string): ScheduleLine | undefined {
  const match = /^(rule|schedule):(?:([^/]+)\/)?([^/]+)$/.exec(head);
  if (!match) return undefined;
  const kind = match[1] as 'rule' | 'schedule';
  const scope = match[2];
  const name = match[3] as string;
  const nameOk = kind === 'rule' ? RULE_NAME.test(name) : SCHEDULE_NAME.test(name);
  const scopeOk = scope === undefined || (kind === 'rule' ? BUS_NAME.test(scope) : SCHEDULE_NAME.test(scope));
  if (!nameOk || !scopeOk) return undefined;
  const named = scope !== undefined && scope !== 'default';
  return { id: named ? `${kind}:${scope}/${name}` : `${kind}:${name}`, kind, ...(named ? { scope } : {}), name };
}

/** The `schedules` input: `rule:` and `schedule:` lines, optionally `=template`; a schedule named twice is an error. */
export function parseScheduleLines(text: string, patterns: LinePatterns): ScheduleLine[] {
  const seen = new Map<string, number>();
  return lines(text).map((line) => {
    const { head, template } = splitTemplate('schedules', line, patterns);
    const schedule = scheduleOf(head);
    if (!schedule) throw new InputError('schedules', `line ${line.number}: ${shown(head)} is not valid (expected ${SCHEDULE_FORM})`);
    const { id } = schedule;
    const first = seen.get(id);
    if (first !== undefined) throw new InputError('schedules', `${shown(id)} is given twice (lines ${first} and ${line.number})`);
    seen.set(id, line.number);
    return { ...schedule, ...(template !== undefined ? { template } : {}) };
  });
}

/**
 * `rollback-to` as a JSON object: service name or schedule id -> task definition ARN or family:revision,
 * as the `previous-task-definition-arn` output of a release gives it.
 */
export function parseRollbackMap(text: string, ref: RegExp, refForm: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError('rollback-to', `${shown(text)} is not valid JSON (expected previous, ${refForm}, or a JSON object of service or schedule -> ${refForm})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError('rollback-to', `${shown(text)} is not a JSON object (expected a JSON object of service or schedule -> ${refForm})`);
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length === 0) throw new InputError('rollback-to', 'is an empty JSON object (expected at least one service or schedule -> revision)');
  const map = new Map<string, string>();
  for (const [key, value] of entries) {
    if (typeof value !== 'string' || !ref.test(value)) {
      throw new InputError('rollback-to', `the value of ${shown(key)} is ${shown(JSON.stringify(value) ?? String(value))} (expected ${refForm})`);
    }
    if (!isScheduleKey(key) && !/^[A-Za-z0-9_-]{1,255}$/.test(key)) {
      throw new InputError('rollback-to', `the key ${shown(key)} is neither a service name nor a schedule (expected a service name, rule:<name> or schedule:<name>)`);
    }
    map.set(key, value);
  }
  return map;
}
