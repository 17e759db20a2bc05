/**
 * Comparison of task definitions: "does this render differ from what the service runs?" and, for a
 * plan, "what differs?". Pure. Environment and secret values never appear in a diff, only their keys.
 *
 * Every field takes part. A list is compared in one of three ways, chosen by where it sits (see
 * LIST_RULES): by the identity of its entries when its order carries no meaning and its entries have
 * one (containers by `name`, accelerators by `deviceName`, ...), as a set when it holds plain values
 * whose order carries no meaning, and otherwise in order. A keyed list whose entries do not all carry
 * their identity, or carry it twice, is compared by position: entries are never merged into one.
 */
import { stripReadOnly } from './render.js';
import type { DescribedTaskDefinition, TaskDefinitionInput } from './types.js';

export interface FieldChange {
  /** e.g. `cpu`, `containerDefinitions[api].portMappings[8080/tcp].hostPort`, `inferenceAccelerators[device_1].deviceType`. */
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
type Entry = Record<string, Json>;
/** The identity of a list entry, or undefined when the entry lacks it. */
type Identity = (entry: Entry) => string | undefined;

type ListRule = { kind: 'keyed'; identity: Identity } | { kind: 'set' } | { kind: 'ordered' };

function isPlainObject(value: Json): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: Json): string | undefined => (typeof value === 'string' ? value : undefined);
/** The identity held in one string field of the entry. */
const fieldIdentity = (field: string): Identity => (e) => text(e[field]);
const byField = (field: string): ListRule => ({ kind: 'keyed', identity: fieldIdentity(field) });
const SET: ListRule = { kind: 'set' };
const ORDERED: ListRule = { kind: 'ordered' };

/** A port mapping is its container port (or range) and protocol; ECS takes an omitted protocol as tcp. */
function portIdentity(e: Entry): string | undefined {
  const protocol = e.protocol ?? 'tcp';
  if (typeof protocol !== 'string') return undefined;
  if (typeof e.containerPort === 'number') return `${e.containerPort}/${protocol}`;
  if (typeof e.containerPortRange === 'string') return `${e.containerPortRange}/${protocol}`;
  return undefined;
}

/**
 * How each list is compared, by its place in the task definition (field names from the top, joined
 * by dots; the entries of a list share its place). A list not named here is compared in order: a
 * reorder of it shows as a change, which is never a change missed.
 */
const LIST_RULES: ReadonlyMap<string, ListRule> = new Map<string, ListRule>([
  // Task definition.
  ['containerDefinitions', byField('name')],
  ['volumes', byField('name')],
  ['inferenceAccelerators', byField('deviceName')],
  // Every constraint must hold, so their order does not matter.
  [
    'placementConstraints',
    {
      kind: 'keyed',
      identity: (e) => {
        const type = text(e.type);
        if (type === undefined || (e.expression !== undefined && typeof e.expression !== 'string')) return undefined;
        return e.expression === undefined ? type : `${type}:${e.expression}`;
      },
    },
  ],
  ['requiresCompatibilities', SET],
  ['proxyConfiguration.properties', byField('name')],
  // Container definitions.
  ['containerDefinitions.environment', byField('name')],
  ['containerDefinitions.secrets', byField('name')],
  ['containerDefinitions.ulimits', byField('name')],
  ['containerDefinitions.portMappings', { kind: 'keyed', identity: portIdentity }],
  // Docker mounts parents before children whatever the order, so mount points are known by their path.
  ['containerDefinitions.mountPoints', byField('containerPath')],
  ['containerDefinitions.volumesFrom', byField('sourceContainer')],
  ['containerDefinitions.dependsOn', byField('containerName')],
  ['containerDefinitions.extraHosts', byField('hostname')],
  ['containerDefinitions.systemControls', byField('namespace')],
  // One GPU entry; one InferenceAccelerator entry per device the container uses (`value` is its deviceName).
  [
    'containerDefinitions.resourceRequirements',
    {
      kind: 'keyed',
      identity: (e) => {
        const type = text(e.type);
        if (type !== 'InferenceAccelerator') return type;
        const value = text(e.value);
        return value === undefined ? undefined : `${type}:${value}`;
      },
    },
  ],
  ['containerDefinitions.links', SET],
  ['containerDefinitions.credentialSpecs', SET],
  ['containerDefinitions.logConfiguration.secretOptions', byField('name')],
  ['containerDefinitions.restartPolicy.ignoredExitCodes', SET],
  ['containerDefinitions.linuxParameters.capabilities.add', SET],
  ['containerDefinitions.linuxParameters.capabilities.drop', SET],
  // A device is mounted at its containerPath, which defaults to its hostPath.
  ['containerDefinitions.linuxParameters.devices', { kind: 'keyed', identity: (e) => text(e.containerPath ?? e.hostPath) }],
  ['containerDefinitions.linuxParameters.devices.permissions', SET],
  ['containerDefinitions.linuxParameters.tmpfs', byField('containerPath')],
  // In order, because the order means something: arguments (command, entryPoint, healthCheck.command);
  // resolver order (dnsServers, dnsSearchDomains); environment files, read from the top down so that a
  // later file's variable wins; security options and tmpfs mount options, where a later one may override
  // an earlier one. Written out for the reader: any list not named above is compared in order anyway.
  ['containerDefinitions.command', ORDERED],
  ['containerDefinitions.entryPoint', ORDERED],
  ['containerDefinitions.healthCheck.command', ORDERED],
  ['containerDefinitions.dnsServers', ORDERED],
  ['containerDefinitions.dnsSearchDomains', ORDERED],
  ['containerDefinitions.environmentFiles', ORDERED],
  ['containerDefinitions.dockerSecurityOptions', ORDERED],
  ['containerDefinitions.linuxParameters.tmpfs.mountOptions', ORDERED],
]);

const byName = fieldIdentity('name');

function join(base: string, field: string): string {
  return base ? `${base}.${field}` : field;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The entries by identity, in list order; undefined when one is not an object, lacks its identity or repeats one. */
function byIdentity(list: readonly Json[], identity: Identity): Map<string, Entry> | undefined {
  const map = new Map<string, Entry>();
  for (const item of list) {
    const key = isPlainObject(item) ? identity(item) : undefined;
    if (key === undefined || map.has(key)) return undefined;
    map.set(key, item as Entry);
  }
  return map;
}

const isScalar = (value: Json): boolean => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** A list in its comparable order: keyed lists by identity, sets by value, the rest (and malformed lists) as they are. */
function arrange(items: Json[], rule: ListRule | undefined): Json[] {
  if (rule?.kind === 'keyed') {
    const map = byIdentity(items, rule.identity);
    return map ? [...map.keys()].sort(compare).map((key) => map.get(key)) : items;
  }
  if (rule?.kind === 'set' && items.every(isScalar)) {
    return [...items].sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
  }
  return items;
}

/** Removes what does not change the meaning: null/undefined, empty arrays and objects; sorts unordered lists. */
function normalizeValue(value: Json, place: string): Json {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalizeValue(item, place)).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : arrange(items, LIST_RULES.get(place));
  }
  if (isPlainObject(value)) {
    const out: Entry = {};
    for (const key of Object.keys(value).sort(compare)) {
      const v = normalizeValue(value[key], join(place, key));
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === null ? undefined : value;
}

/** The comparable form of a task definition: read-only fields and tags removed, defaults and order normalised. */
export function normalizeTaskDefinition(td: DescribedTaskDefinition | TaskDefinitionInput): Record<string, Json> {
  const body = stripReadOnly(td as DescribedTaskDefinition) as Record<string, Json>;
  if (Array.isArray(body.containerDefinitions)) {
    body.containerDefinitions = body.containerDefinitions.map((c: Json) => {
      if (!isPlainObject(c)) return c;
      const container = { ...c };
      // ECS describes an omitted `essential` as true and an omitted container cpu as 0.
      if (container.essential === undefined || container.essential === null) container.essential = true;
      if (container.cpu === 0) delete container.cpu;
      return container;
    });
  }
  return (normalizeValue(body, '') as Record<string, Json> | undefined) ?? {};
}

function sameJson(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const asList = (value: Json): Json[] => (Array.isArray(value) ? value : []);

/** The label of an entry compared by position: its name (when it has one) and its index. */
function positionLabel(entry: Json, index: number): string {
  const name = isPlainObject(entry) ? text(entry.name) : undefined;
  return name === undefined ? `#${index}` : `${name}#${index}`;
}

/**
 * The entries of two lists paired up, with a label: by identity when both lists are keyed by it,
 * otherwise by position (labelled `name#index`), so that entries sharing or lacking a name stay apart.
 */
function pairs(before: Json, after: Json, identity: Identity): Array<[string, Json, Json]> {
  const a = asList(before);
  const b = asList(after);
  const keyedA = byIdentity(a, identity);
  const keyedB = byIdentity(b, identity);
  if (keyedA && keyedB) {
    return [...new Set([...keyedA.keys(), ...keyedB.keys()])].map((key) => [key, keyedA.get(key), keyedB.get(key)]);
  }
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => [positionLabel(a[i] ?? b[i], i), a[i], b[i]]);
}

/** Keys added, removed or changed (any field of the entry) in an environment or secrets list. */
function keyChanges(container: string, before: Json, after: Json): KeyChanges | undefined {
  const change: KeyChanges = { container, added: [], removed: [], changed: [] };
  for (const [key, a, b] of pairs(before, after, byName)) {
    if (a === undefined) change.added.push(key);
    else if (b === undefined) change.removed.push(key);
    else if (!sameJson(a, b)) change.changed.push(key);
  }
  return change.added.length + change.removed.length + change.changed.length === 0 ? undefined : change;
}

function diffValues(path: string, place: string, before: Json, after: Json, out: FieldChange[]): void {
  if (sameJson(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      diffValues(join(path, key), join(place, key), before[key], after[key], out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const rule = LIST_RULES.get(place);
    const a = rule?.kind === 'keyed' ? byIdentity(before, rule.identity) : undefined;
    const b = rule?.kind === 'keyed' ? byIdentity(after, rule.identity) : undefined;
    if (a && b) {
      for (const key of new Set([...a.keys(), ...b.keys()])) diffValues(`${path}[${key}]`, place, a.get(key), b.get(key), out);
      return;
    }
    if (before.length === after.length) {
      before.forEach((item, i) => diffValues(`${path}[${i}]`, place, item, after[i], out));
      return;
    }
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
  for (const [name, a, b] of pairs(before.containerDefinitions, after.containerDefinitions, byName)) {
    // A container only on one side goes through the same path as one on both, so that its
    // environment and secret values are reported by key like any other, never as values.
    const ca = isPlainObject(a) ? a : undefined;
    const cb = isPlainObject(b) ? b : undefined;
    if (!sameJson(ca?.image, cb?.image)) {
      const change: { container: string; before?: string; after?: string } = { container: name };
      if (ca?.image !== undefined) change.before = ca.image as string;
      if (cb?.image !== undefined) change.after = cb.image as string;
      diff.images.push(change);
    }
    const env = keyChanges(name, ca?.environment, cb?.environment);
    if (env) diff.environment.push(env);
    const secrets = keyChanges(name, ca?.secrets, cb?.secrets);
    if (secrets) diff.secrets.push(secrets);
    const { image: _i, environment: _e, secrets: _s, ...restA } = ca ?? {};
    const { image: _j, environment: _f, secrets: _t, ...restB } = cb ?? {};
    // An entry that is not an object at all (malformed) is compared as it is.
    diffValues(`containerDefinitions[${name}]`, 'containerDefinitions', ca ? restA : a, cb ? restB : b, diff.other);
  }
  const { containerDefinitions: _a, ...topA } = before;
  const { containerDefinitions: _b, ...topB } = after;
  diffValues('', '', topA, topB, diff.other);
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
