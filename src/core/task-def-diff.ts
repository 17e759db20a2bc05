/**
 * Comparison of task definitions: "does this render differ from what the service runs?" and, for a
 * plan, "what differs?". Pure. Environment and secret values never appear in a diff, only their keys.
 */
import { stripReadOnly } from './render.js';
import type { DescribedTaskDefinition, TaskDefinitionInput } from './types.js';

export interface FieldChange {
  /** e.g. `cpu`, `containerDefinitions[api].portMappings[0].containerPort`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface KeyChanges {
  container: string;
  added: string[];
  removed: string[];
  changed: string[];
}

export interface TaskDefinitionDiff {
  images: Array<{ container: string; before?: string; after?: string }>;
  environment: KeyChanges[];
  secrets: KeyChanges[];
  other: FieldChange[];
}

type Json = unknown;

/** Arrays whose entries are identified by `name` and whose order carries no meaning. */
const KEYED_BY_NAME = new Set(['containerDefinitions', 'environment', 'secrets', 'volumes', 'inferenceAccelerators']);
/** String arrays whose order carries no meaning. */
const UNORDERED_STRINGS = new Set(['requiresCompatibilities']);

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Removes what does not change the meaning: null/undefined, empty arrays and objects; sorts unordered lists. */
function normalizeValue(value: Json, field?: string): Json {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalizeValue(item)).filter((item) => item !== undefined);
    if (items.length === 0) return undefined;
    if (field && KEYED_BY_NAME.has(field) && items.every((i) => isPlainObject(i) && typeof i.name === 'string')) {
      return [...items].sort((a, b) => String((a as { name: string }).name).localeCompare(String((b as { name: string }).name)));
    }
    if (field && UNORDERED_STRINGS.has(field)) return [...items].map(String).sort();
    return items;
  }
  if (isPlainObject(value)) {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value).sort()) {
      const v = normalizeValue(value[key], key);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === null ? undefined : value;
}

/** The comparable form of a task definition: read-only fields and tags removed, defaults and order normalised. */
export function normalizeTaskDefinition(td: DescribedTaskDefinition | TaskDefinitionInput): Record<string, Json> {
  const body = stripReadOnly(td as DescribedTaskDefinition) as Record<string, Json>;
  const containers = (body.containerDefinitions as Array<Record<string, Json>> | undefined) ?? [];
  body.containerDefinitions = containers.map((c) => {
    const container = { ...c };
    // ECS describes an omitted `essential` as true and an omitted container cpu as 0.
    if (container.essential === undefined) container.essential = true;
    if (container.cpu === 0) delete container.cpu;
    return container;
  });
  return (normalizeValue(body) as Record<string, Json> | undefined) ?? {};
}

function sameJson(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function byName(list: Json): Map<string, Record<string, Json>> {
  const map = new Map<string, Record<string, Json>>();
  if (Array.isArray(list)) for (const item of list) if (isPlainObject(item)) map.set(String(item.name), item);
  return map;
}

function keyChanges(container: string, before: Json, after: Json, valueField: string): KeyChanges | undefined {
  const a = byName(before);
  const b = byName(after);
  const added = [...b.keys()].filter((k) => !a.has(k));
  const removed = [...a.keys()].filter((k) => !b.has(k));
  const changed = [...b.keys()].filter((k) => a.has(k) && !sameJson(a.get(k)?.[valueField], b.get(k)?.[valueField]));
  if (added.length + removed.length + changed.length === 0) return undefined;
  return { container, added, removed, changed };
}

function diffValues(path: string, before: Json, after: Json, out: FieldChange[]): void {
  if (sameJson(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      diffValues(path ? `${path}.${key}` : key, before[key], after[key], out);
    }
    return;
  }
  const field = path.split('.').pop() ?? '';
  const named = (list: Json[]) => list.every((i) => isPlainObject(i) && typeof i.name === 'string');
  if (Array.isArray(before) && Array.isArray(after) && KEYED_BY_NAME.has(field.replace(/\[.*$/, '')) && named(before) && named(after)) {
    const a = byName(before);
    const b = byName(after);
    for (const name of new Set([...a.keys(), ...b.keys()])) diffValues(`${path}[${name}]`, a.get(name), b.get(name), out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, i) => diffValues(`${path}[${i}]`, item, after[i], out));
    return;
  }
  const change: FieldChange = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  out.push(change);
}

/** What differs between the revision serving now and a rendered one. */
export function diffTaskDefinitions(
  current: DescribedTaskDefinition | TaskDefinitionInput,
  rendered: DescribedTaskDefinition | TaskDefinitionInput,
): TaskDefinitionDiff {
  const before = normalizeTaskDefinition(current);
  const after = normalizeTaskDefinition(rendered);
  const diff: TaskDefinitionDiff = { images: [], environment: [], secrets: [], other: [] };
  const beforeContainers = byName(before.containerDefinitions);
  const afterContainers = byName(after.containerDefinitions);
  for (const name of new Set([...beforeContainers.keys(), ...afterContainers.keys()])) {
    // A container only on one side goes through the same path as one on both, so that its
    // environment and secret values are reported by key like any other, never as values.
    const a = beforeContainers.get(name);
    const b = afterContainers.get(name);
    if (a?.image !== b?.image) {
      const change: { container: string; before?: string; after?: string } = { container: name };
      if (a?.image !== undefined) change.before = a.image as string;
      if (b?.image !== undefined) change.after = b.image as string;
      diff.images.push(change);
    }
    const env = keyChanges(name, a?.environment, b?.environment, 'value');
    if (env) diff.environment.push(env);
    const secrets = keyChanges(name, a?.secrets, b?.secrets, 'valueFrom');
    if (secrets) diff.secrets.push(secrets);
    const { image: _i, environment: _e, secrets: _s, ...restA } = a ?? {};
    const { image: _j, environment: _f, secrets: _t, ...restB } = b ?? {};
    diffValues(`containerDefinitions[${name}]`, a && restA, b && restB, diff.other);
  }
  const { containerDefinitions: _a, ...topA } = before;
  const { containerDefinitions: _b, ...topB } = after;
  diffValues('', topA, topB, diff.other);
  return diff;
}

/** True when a diff holds no change. */
export function isEmptyDiff(diff: TaskDefinitionDiff): boolean {
  return diff.images.length + diff.environment.length + diff.secrets.length + diff.other.length === 0;
}

/**
 * The fields of `sent` that `registered` does not hold as sent (missing or changed), as paths.
 * Fields ECS adds on its own (defaults) are not counted: only a loss is.
 */
export function lostFields(sent: TaskDefinitionInput, registered: DescribedTaskDefinition): string[] {
  const diff = diffTaskDefinitions(sent, registered);
  const lost: string[] = [];
  for (const image of diff.images) lost.push(`containerDefinitions[${image.container}].image`);
  for (const env of diff.environment) for (const key of [...env.removed, ...env.changed]) lost.push(`containerDefinitions[${env.container}].environment[${key}]`);
  for (const s of diff.secrets) for (const key of [...s.removed, ...s.changed]) lost.push(`containerDefinitions[${s.container}].secrets[${key}]`);
  for (const change of diff.other) if (change.before !== undefined) lost.push(change.path);
  return lost;
}
