// The "nothing differs" decision over every described task definition fixture: each leaf changed, each
// key and each list entry removed, an entry added to each list, each ordered list reversed — every one
// of these must be seen, except the few changes listed in MEANINGLESS (which must then be not seen).
// The same definition against itself, a JSON round trip of it and a copy with every unordered list
// reversed must be seen as the same.
//
// Which lists are keyed by what, which are sets and which are ordered is written out here (SPEC), apart
// from src, as the specification the implementation is checked against.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import type * as Ecs from '@aws-sdk/client-ecs';
import { stripReadOnly } from '../src/core/render.js';
import { diffTaskDefinitions, isEmptyDiff, type TaskDefinitionDiff } from '../src/core/task-def-diff.js';
import type { DescribedTaskDefinition, TaskDefinitionInput } from '../src/core/types.js';
import { deepClone } from '../src/core/clone.js';
import { FIXTURE_DIR, loadFixture } from './fixtures/load.js';

type Json = unknown;
type Entry = Record<string, Json>;
type Segment = string | number;

const isObject = (v: Json): v is Entry => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Json): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Every fixture file under the fixture folder, subfolders included. The ones in `corpus/` are read by
 * this test only: the other fixture tests (render.test.ts) list the top-level fixtures by name.
 */
function allFixtures(dir = FIXTURE_DIR, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? allFixtures(join(dir, e.name), `${prefix}${e.name}/`) : e.name.endsWith('.json') ? [`${prefix}${e.name.slice(0, -5)}`] : []))
    .sort();
}

const FIXTURES = allFixtures();

// ---------------------------------------------------------------------------------------------------
// The specification: how each list of a task definition is compared, by its place (field names from the
// top, joined by dots). Sources: the ECS API reference (RegisterTaskDefinition, ContainerDefinition and
// the types they hold).

type Identity = (e: Entry) => string | undefined;
const field = (name: string): Identity => (e) => str(e[name]);

/** Lists whose order carries no meaning, whose entries are known by an identity. */
const KEYED: Record<string, Identity> = {
  containerDefinitions: field('name'),
  volumes: field('name'),
  inferenceAccelerators: field('deviceName'),
  placementConstraints: (e) => (str(e.type) === undefined ? undefined : e.expression === undefined ? str(e.type) : `${str(e.type)}:${str(e.expression)}`),
  'proxyConfiguration.properties': field('name'),
  'containerDefinitions.environment': field('name'),
  'containerDefinitions.secrets': field('name'),
  'containerDefinitions.ulimits': field('name'),
  'containerDefinitions.portMappings': (e) => `${String(e.containerPort ?? e.containerPortRange)}/${str(e.protocol) ?? 'tcp'}`,
  'containerDefinitions.mountPoints': field('containerPath'),
  'containerDefinitions.volumesFrom': field('sourceContainer'),
  'containerDefinitions.dependsOn': field('containerName'),
  'containerDefinitions.extraHosts': field('hostname'),
  'containerDefinitions.systemControls': field('namespace'),
  'containerDefinitions.resourceRequirements': (e) => (e.type === 'InferenceAccelerator' ? `InferenceAccelerator:${str(e.value)}` : str(e.type)),
  'containerDefinitions.logConfiguration.secretOptions': field('name'),
  'containerDefinitions.linuxParameters.devices': (e) => str(e.containerPath ?? e.hostPath),
  'containerDefinitions.linuxParameters.tmpfs': field('containerPath'),
};

/** Lists of plain values whose order carries no meaning. */
const SETS = new Set([
  'requiresCompatibilities',
  'containerDefinitions.links',
  'containerDefinitions.credentialSpecs',
  'containerDefinitions.restartPolicy.ignoredExitCodes',
  'containerDefinitions.linuxParameters.capabilities.add',
  'containerDefinitions.linuxParameters.capabilities.drop',
  'containerDefinitions.linuxParameters.devices.permissions',
]);

/** Lists whose order means something (arguments, resolver order, env files read top down, options a later one may override). */
const ORDERED = new Set([
  'containerDefinitions.command',
  'containerDefinitions.entryPoint',
  'containerDefinitions.healthCheck.command',
  'containerDefinitions.dnsServers',
  'containerDefinitions.dnsSearchDomains',
  'containerDefinitions.environmentFiles',
  'containerDefinitions.dockerSecurityOptions',
  'containerDefinitions.linuxParameters.tmpfs.mountOptions',
]);

/** String-to-string maps: their keys are data, not fields. */
const MAPS = new Set([
  'containerDefinitions.dockerLabels',
  'containerDefinitions.logConfiguration.options',
  'containerDefinitions.firelensConfiguration.options',
  'volumes.dockerVolumeConfiguration.driverOpts',
  'volumes.dockerVolumeConfiguration.labels',
]);

const joinPlace = (place: string, key: string) => (place ? `${place}.${key}` : key);

// ---------------------------------------------------------------------------------------------------
// The fixtures use the fields of the ECS API model and nothing else (tsc checks these tables against
// the SDK: a misspelt or missing field fails to compile).

const TASK: Record<keyof Ecs.TaskDefinition, true> = {
  taskDefinitionArn: true, containerDefinitions: true, family: true, taskRoleArn: true, executionRoleArn: true, networkMode: true,
  revision: true, volumes: true, status: true, requiresAttributes: true, placementConstraints: true, compatibilities: true,
  runtimePlatform: true, requiresCompatibilities: true, cpu: true, memory: true, inferenceAccelerators: true, pidMode: true,
  ipcMode: true, proxyConfiguration: true, registeredAt: true, deregisteredAt: true, deleteRequestedAt: true, registeredBy: true,
  ephemeralStorage: true, enableFaultInjection: true,
};
const CONTAINER: Record<keyof Ecs.ContainerDefinition, true> = {
  name: true, image: true, repositoryCredentials: true, cpu: true, memory: true, memoryReservation: true, links: true,
  portMappings: true, essential: true, restartPolicy: true, entryPoint: true, command: true, environment: true,
  environmentFiles: true, mountPoints: true, volumesFrom: true, linuxParameters: true, secrets: true, dependsOn: true,
  startTimeout: true, stopTimeout: true, versionConsistency: true, hostname: true, user: true, workingDirectory: true,
  disableNetworking: true, privileged: true, readonlyRootFilesystem: true, dnsServers: true, dnsSearchDomains: true,
  extraHosts: true, dockerSecurityOptions: true, interactive: true, pseudoTerminal: true, dockerLabels: true, ulimits: true,
  logConfiguration: true, healthCheck: true, systemControls: true, resourceRequirements: true, firelensConfiguration: true,
  credentialSpecs: true,
};
const FSX_AUTH: Record<keyof Ecs.FSxWindowsFileServerAuthorizationConfig, true> = { credentialsParameter: true, domain: true };
const SHAPES: Record<string, Record<string, true>> = {
  '': TASK,
  requiresAttributes: { name: true, value: true, targetType: true, targetId: true } satisfies Record<keyof Ecs.Attribute, true>,
  containerDefinitions: CONTAINER,
  volumes: { name: true, host: true, dockerVolumeConfiguration: true, efsVolumeConfiguration: true, fsxWindowsFileServerVolumeConfiguration: true, s3filesVolumeConfiguration: true, configuredAtLaunch: true } satisfies Record<keyof Ecs.Volume, true>,
  'volumes.host': { sourcePath: true } satisfies Record<keyof Ecs.HostVolumeProperties, true>,
  'volumes.dockerVolumeConfiguration': { scope: true, autoprovision: true, driver: true, driverOpts: true, labels: true } satisfies Record<keyof Ecs.DockerVolumeConfiguration, true>,
  'volumes.efsVolumeConfiguration': { fileSystemId: true, rootDirectory: true, transitEncryption: true, transitEncryptionPort: true, authorizationConfig: true } satisfies Record<keyof Ecs.EFSVolumeConfiguration, true>,
  'volumes.efsVolumeConfiguration.authorizationConfig': { accessPointId: true, iam: true } satisfies Record<keyof Ecs.EFSAuthorizationConfig, true>,
  'volumes.fsxWindowsFileServerVolumeConfiguration': { fileSystemId: true, rootDirectory: true, authorizationConfig: true } satisfies Record<keyof Ecs.FSxWindowsFileServerVolumeConfiguration, true>,
  'volumes.fsxWindowsFileServerVolumeConfiguration.authorizationConfig': FSX_AUTH,
  placementConstraints: { type: true, expression: true } satisfies Record<keyof Ecs.TaskDefinitionPlacementConstraint, true>,
  inferenceAccelerators: { deviceName: true, deviceType: true } satisfies Record<keyof Ecs.InferenceAccelerator, true>,
  proxyConfiguration: { type: true, containerName: true, properties: true } satisfies Record<keyof Ecs.ProxyConfiguration, true>,
  'proxyConfiguration.properties': { name: true, value: true } satisfies Record<keyof Ecs.KeyValuePair, true>,
  runtimePlatform: { cpuArchitecture: true, operatingSystemFamily: true } satisfies Record<keyof Ecs.RuntimePlatform, true>,
  ephemeralStorage: { sizeInGiB: true } satisfies Record<keyof Ecs.EphemeralStorage, true>,
  'containerDefinitions.repositoryCredentials': { credentialsParameter: true } satisfies Record<keyof Ecs.RepositoryCredentials, true>,
  'containerDefinitions.portMappings': { containerPort: true, hostPort: true, protocol: true, name: true, appProtocol: true, containerPortRange: true } satisfies Record<keyof Ecs.PortMapping, true>,
  'containerDefinitions.restartPolicy': { enabled: true, ignoredExitCodes: true, restartAttemptPeriod: true } satisfies Record<keyof Ecs.ContainerRestartPolicy, true>,
  'containerDefinitions.environment': { name: true, value: true } satisfies Record<keyof Ecs.KeyValuePair, true>,
  'containerDefinitions.environmentFiles': { value: true, type: true } satisfies Record<keyof Ecs.EnvironmentFile, true>,
  'containerDefinitions.mountPoints': { sourceVolume: true, containerPath: true, readOnly: true } satisfies Record<keyof Ecs.MountPoint, true>,
  'containerDefinitions.volumesFrom': { sourceContainer: true, readOnly: true } satisfies Record<keyof Ecs.VolumeFrom, true>,
  'containerDefinitions.linuxParameters': { capabilities: true, devices: true, initProcessEnabled: true, sharedMemorySize: true, tmpfs: true, maxSwap: true, swappiness: true } satisfies Record<keyof Ecs.LinuxParameters, true>,
  'containerDefinitions.linuxParameters.capabilities': { add: true, drop: true } satisfies Record<keyof Ecs.KernelCapabilities, true>,
  'containerDefinitions.linuxParameters.devices': { hostPath: true, containerPath: true, permissions: true } satisfies Record<keyof Ecs.Device, true>,
  'containerDefinitions.linuxParameters.tmpfs': { containerPath: true, size: true, mountOptions: true } satisfies Record<keyof Ecs.Tmpfs, true>,
  'containerDefinitions.secrets': { name: true, valueFrom: true } satisfies Record<keyof Ecs.Secret, true>,
  'containerDefinitions.dependsOn': { containerName: true, condition: true } satisfies Record<keyof Ecs.ContainerDependency, true>,
  'containerDefinitions.extraHosts': { hostname: true, ipAddress: true } satisfies Record<keyof Ecs.HostEntry, true>,
  'containerDefinitions.ulimits': { name: true, softLimit: true, hardLimit: true } satisfies Record<keyof Ecs.Ulimit, true>,
  'containerDefinitions.logConfiguration': { logDriver: true, options: true, secretOptions: true } satisfies Record<keyof Ecs.LogConfiguration, true>,
  'containerDefinitions.logConfiguration.secretOptions': { name: true, valueFrom: true } satisfies Record<keyof Ecs.Secret, true>,
  'containerDefinitions.healthCheck': { command: true, interval: true, timeout: true, retries: true, startPeriod: true } satisfies Record<keyof Ecs.HealthCheck, true>,
  'containerDefinitions.systemControls': { namespace: true, value: true } satisfies Record<keyof Ecs.SystemControl, true>,
  'containerDefinitions.resourceRequirements': { value: true, type: true, sharingStrategy: true } satisfies Record<keyof Ecs.ResourceRequirement, true>,
  'containerDefinitions.firelensConfiguration': { type: true, options: true } satisfies Record<keyof Ecs.FirelensConfiguration, true>,
};

/** Every place of `value` that is an object (with its keys) or a list, outside string maps. */
function places(value: Json, place = '', out = { objects: new Map<string, Set<string>>(), lists: new Set<string>() }) {
  if (Array.isArray(value)) {
    out.lists.add(place);
    for (const item of value) places(item, place, out);
  } else if (isObject(value) && !MAPS.has(place)) {
    const keys = out.objects.get(place) ?? new Set<string>();
    out.objects.set(place, keys);
    for (const [key, item] of Object.entries(value)) {
      keys.add(key);
      places(item, joinPlace(place, key), out);
    }
  }
  return out;
}

describe('the fixtures', () => {
  test('there are described task definitions at the top and in corpus/', () => {
    expect(FIXTURES.filter((n) => !n.includes('/')).length).toBeGreaterThanOrEqual(9);
    expect(FIXTURES.filter((n) => n.startsWith('corpus/')).length).toBeGreaterThanOrEqual(3);
  });

  test.each(FIXTURES)('%s: only fields of the ECS API model, and every list classified (keyed, set or ordered)', (name) => {
    const { objects, lists } = places(loadFixture(name).taskDefinition);
    for (const [place, keys] of objects) {
      const shape = SHAPES[place];
      expect([name, place, shape !== undefined]).toEqual([name, place, true]);
      for (const key of keys) expect([name, place, key, key in (shape ?? {})]).toEqual([name, place, key, true]);
    }
    for (const place of lists) {
      const classified = place in KEYED || SETS.has(place) || ORDERED.has(place) || place === 'requiresAttributes' || place === 'compatibilities';
      expect([name, place, classified]).toEqual([name, place, true]);
    }
  });

  test('together they hold every list the specification names, with at least two entries', () => {
    const seen = new Map<string, number>();
    const count = (value: Json, place = '') => {
      if (Array.isArray(value)) {
        seen.set(place, Math.max(seen.get(place) ?? 0, value.length));
        for (const item of value) count(item, place);
      } else if (isObject(value) && !MAPS.has(place)) {
        for (const [key, item] of Object.entries(value)) count(item, joinPlace(place, key));
      }
    };
    for (const name of FIXTURES) count(stripReadOnly(loadFixture(name).taskDefinition));
    // credentialSpecs takes one entry (one gMSA credential spec per container).
    const single = new Set(['containerDefinitions.credentialSpecs']);
    for (const place of [...Object.keys(KEYED), ...SETS, ...ORDERED]) {
      expect([place, (seen.get(place) ?? 0) >= (single.has(place) ? 1 : 2)]).toEqual([place, true]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// The mutations.

interface Mutation {
  /** e.g. `change $.containerDefinitions[0].cpu` */
  what: string;
  apply: (td: Entry) => void;
  /** Set when the change means nothing: why. */
  meaningless?: string;
  /** For a leaf change: where the diff must report it. */
  expect?: Expected;
}

type Expected = { other: string } | { image: string } | { environment: string; key: string } | { secrets: string; key: string };

function at(root: Json, path: readonly Segment[]): Json {
  return path.reduce<Json>((node, seg) => (node as Record<Segment, Json>)[seg], root);
}

const show = (path: readonly Segment[]) => `$${path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')}`;

/** Another value of the same kind. */
function other(value: Json): Json {
  if (typeof value === 'string') return value === '' ? 'changed' : `${value}-changed`;
  if (typeof value === 'number') return value + 1;
  return !value;
}

/** A copy that differs in every string and number, so that it has another identity than `value`. */
function distinct(value: Json): Json {
  if (typeof value === 'string') return `${value}-added`;
  if (typeof value === 'number') return value + 1000;
  if (Array.isArray(value)) return value.map(distinct);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, distinct(v)]));
  return value;
}

/** An entry for an empty list, by its place. */
const NEW_ENTRY: Record<string, Json> = {
  portMappings: { containerPort: 8080, hostPort: 8080, protocol: 'tcp' },
  environment: { name: 'ADDED', value: 'x' },
  secrets: { name: 'ADDED', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/added' },
  mountPoints: { sourceVolume: 'added', containerPath: '/added', readOnly: true },
  volumesFrom: { sourceContainer: 'added', readOnly: true },
  systemControls: { namespace: 'net.core.somaxconn', value: '1024' },
  secretOptions: { name: 'added', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/added' },
  placementConstraints: { type: 'memberOf', expression: 'attribute:ecs.os-type == linux' },
  volumes: { name: 'added', host: { sourcePath: '/added' } },
};

/** True when a value holds nothing: an empty list or object, or an object of such. */
function holdsNothing(value: Json): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.every(holdsNothing);
  if (isObject(value)) return Object.values(value).every(holdsNothing);
  return false;
}

/**
 * Where the diff reports a change of the leaf at `path`, named by identity as the specification says;
 * undefined where that cannot be said in advance (a leaf of a set, whose sorted position may move, or
 * a field of an entry's identity, whose change makes another entry).
 */
function expectedAt(td: Json, path: readonly Segment[]): Expected | undefined {
  let out = '';
  let place = '';
  let node: Json = td;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (typeof seg === 'number') {
      const entry = (node as Json[])[seg];
      const identity = KEYED[place];
      if (SETS.has(place)) return undefined;
      if (identity) {
        const next = path[i + 1];
        const key = isObject(entry) ? identity(entry) : undefined;
        if (key === undefined) return undefined;
        // A change of a field the identity is made of makes another entry (one removed, one added).
        if (typeof next === 'string' && i + 2 === path.length && identity({ ...(entry as Entry), [next]: other((entry as Entry)[next]) }) !== key) return undefined;
        if (place === 'containerDefinitions') {
          if (next === 'image') return { image: key };
          if (next === 'environment' || next === 'secrets') {
            // Environment and secrets are reported by key: a changed value as `changed`, a new name as added/removed.
            if (path[i + 3] === 'name') return undefined;
            const variable = at(entry, [next, path[i + 2]!]) as Entry;
            return next === 'environment' ? { environment: key, key: String(variable.name) } : { secrets: key, key: String(variable.name) };
          }
        }
        out += `[${key}]`;
      } else {
        out += `[${seg}]`;
      }
      node = entry;
    } else {
      out = out ? `${out}.${seg}` : seg;
      place = MAPS.has(place) ? place : joinPlace(place, seg);
      node = (node as Entry)[seg];
    }
  }
  return { other: out };
}

/** The meaningless changes: ECS reads them as the same task definition. */
function meaningless(path: readonly Segment[], value: Json, removed: boolean): string | undefined {
  const last = path[path.length - 1];
  const inContainer = path.length === 3 && path[0] === 'containerDefinitions';
  if (removed && inContainer && last === 'essential' && value === true) return 'an omitted essential is true';
  if (removed && inContainer && last === 'cpu' && value === 0) return 'an omitted container cpu is 0';
  if (removed && holdsNothing(value)) return 'an empty list or object is the same as none';
  return undefined;
}

/** Every mutation of a stripped task definition. */
function mutations(td: Entry): Mutation[] {
  const out: Mutation[] = [];
  const walk = (value: Json, path: Segment[], place: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        out.push({
          what: `remove ${show([...path, i])}`,
          apply: (copy) => void (at(copy, path) as Json[]).splice(i, 1),
          ...(holdsNothing(item) ? { meaningless: 'an empty entry is dropped' } : {}),
        });
        walk(item, [...path, i], place);
      });
      const field = String(path[path.length - 1]);
      const added = value.length > 0 ? distinct(value[value.length - 1]) : (NEW_ENTRY[field] ?? 'added');
      out.push({ what: `add to ${show(path)}`, apply: (copy) => void (at(copy, path) as Json[]).push(deepClone(added)) });
      if (ORDERED.has(place) && new Set(value.map((v) => JSON.stringify(v))).size > 1) {
        out.push({ what: `reverse ${show(path)} (ordered)`, apply: (copy) => void (at(copy, path) as Json[]).reverse() });
      }
      return;
    }
    if (isObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        const child = [...path, key];
        const why = meaningless(child, item, true);
        out.push({ what: `remove ${show(child)}`, apply: (copy) => void delete (at(copy, path) as Entry)[key], ...(why ? { meaningless: why } : {}) });
        walk(item, child, MAPS.has(place) ? place : joinPlace(place, key));
      }
      return;
    }
    const expected = expectedAt(td, path);
    out.push({
      what: `change ${show(path)}: ${JSON.stringify(value)} -> ${JSON.stringify(other(value))}`,
      apply: (copy) => {
        const parent = at(copy, path.slice(0, -1)) as Record<Segment, Json>;
        parent[path[path.length - 1]!] = other(value);
      },
      ...(expected ? { expect: expected } : {}),
    });
  };
  walk(td, [], '');
  return out;
}

function reported(diff: TaskDefinitionDiff, expected: Expected): boolean {
  if ('other' in expected) return diff.other.some((c) => c.path === expected.other);
  if ('image' in expected) return diff.images.some((c) => c.container === expected.image);
  const changes = 'environment' in expected ? diff.environment.find((c) => c.container === expected.environment) : diff.secrets.find((c) => c.container === expected.secrets);
  return changes?.changed.includes(expected.key) ?? false;
}

/** A copy with every unordered list (keyed or set) reversed, deeply. */
function reverseUnordered(value: Json, place = ''): Json {
  if (Array.isArray(value)) {
    const items = value.map((item) => reverseUnordered(item, place));
    return place in KEYED || SETS.has(place) ? items.reverse() : items;
  }
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, MAPS.has(place) ? v : reverseUnordered(v, joinPlace(place, k))]));
  }
  return value;
}

const counts: Record<string, number> = {};

/** How many object keys and list entries a value holds, deeply. */
function keysAndEntries(value: Json): number {
  const children = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
  return children.length + children.reduce<number>((n, child) => n + keysAndEntries(child), 0);
}

describe.each(FIXTURES)('%s', (name) => {
  const described = (): DescribedTaskDefinition => loadFixture(name).taskDefinition;
  const stripped = (): Entry => stripReadOnly(described()) as unknown as Entry;
  const same = (a: DescribedTaskDefinition | TaskDefinitionInput, b: DescribedTaskDefinition | TaskDefinitionInput) => isEmptyDiff(diffTaskDefinitions(a, b));

  test('the same as itself, as its JSON round trip, and with every unordered list reversed', () => {
    expect(same(described(), described())).toBe(true);
    expect(same(described(), stripped() as unknown as TaskDefinitionInput)).toBe(true);
    expect(same(described(), JSON.parse(JSON.stringify(described())) as DescribedTaskDefinition)).toBe(true);
    const reversed = reverseUnordered(stripped()) as TaskDefinitionInput;
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(stripped()));
    expect(same(described(), reversed)).toBe(true);
    expect(same(reversed, described())).toBe(true);
  });

  test('every change is seen (in both directions, where the specification says), except the meaningless ones', () => {
    const all = mutations(stripped());
    counts[name] = all.length;
    const missed: string[] = [];
    const wronglySeen: string[] = [];
    const misplaced: string[] = [];
    for (const mutation of all) {
      const changed = stripped();
      mutation.apply(changed);
      const forward = diffTaskDefinitions(described(), changed as unknown as TaskDefinitionInput);
      const backward = diffTaskDefinitions(changed as unknown as TaskDefinitionInput, described());
      if (mutation.meaningless) {
        if (!isEmptyDiff(forward) || !isEmptyDiff(backward)) wronglySeen.push(`${mutation.what} (${mutation.meaningless})`);
        continue;
      }
      if (isEmptyDiff(forward) || isEmptyDiff(backward)) missed.push(mutation.what);
      else if (mutation.expect && !reported(forward, mutation.expect)) misplaced.push(`${mutation.what}: expected ${JSON.stringify(mutation.expect)}, got ${JSON.stringify(forward)}`);
    }
    expect(missed).toEqual([]);
    expect(wronglySeen).toEqual([]);
    expect(misplaced).toEqual([]);
    // The walk reaches the whole definition: one change per leaf, one removal per key and per entry.
    const json = JSON.stringify(stripped());
    const leaves = (v: Json): number => (Array.isArray(v) ? v.reduce<number>((n, i) => n + leaves(i), 0) : isObject(v) ? Object.values(v).reduce<number>((n, i) => n + leaves(i), 0) : 1);
    expect(all.filter((m) => m.what.startsWith('change ')).length).toBe(leaves(JSON.parse(json)));
    expect(all.filter((m) => m.what.startsWith('remove ')).length).toBe(keysAndEntries(JSON.parse(json)));
  });
});

describe('the corpus as a whole', () => {
  test('ran the mutations of every fixture', () => {
    // Runs after the fixture blocks (Jest runs tests in order within a file).
    expect(Object.keys(counts).sort()).toEqual(FIXTURES);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(2000);
  });
});
