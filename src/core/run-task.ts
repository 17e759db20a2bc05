/**
 * The RunTask request of a one-off task (the pre-deploy task) that runs like one of a service's own
 * tasks: the same network, capacity, platform, placement and tags, with one container's command
 * overridden. And the `startedBy` and `clientToken` this action gives such tasks. Pure.
 */
import type { RunTaskCommandInput, Service, Tag as EcsTag } from '@aws-sdk/client-ecs';
import { MAX_TAGS } from './tags.js';
import type { Tag } from './types.js';

export interface OneOffTask {
  cluster: string;
  taskDefinitionArn: string;
  /** The container whose command is overridden. */
  container: string;
  command: string[];
  startedBy: string;
  /** Tags of the task; with a service that propagates SERVICE, its own tags come first. */
  tags: Tag[];
  clientToken: string;
}

/** What every task this action starts has as `startedBy` (ListTasks can filter on it). */
export const STARTED_BY = 'ecs-template-deploy';
/** The longest `startedBy` sent (RunTask takes up to 128 characters, StartTask up to 36). */
export const MAX_STARTED_BY = 36;

/** The service's tags that a task can carry: `aws:` keys are AWS's own, and a tag needs a key. */
function serviceTags(tags: readonly EcsTag[] | undefined): Tag[] {
  return (tags ?? []).filter((t) => t.key && !/^aws:/i.test(t.key)).map((t) => ({ key: t.key as string, value: t.value ?? '' }));
}

/** Service tags then task tags, one per key (a task tag wins), at most MAX_TAGS: service tags go first. */
export function mergeTaskTags(fromService: readonly Tag[], own: readonly Tag[]): Tag[] {
  const ownByKey = new Map(own.map((t) => [t.key, t]));
  if (ownByKey.size > MAX_TAGS) {
    throw new Error(`The one-off task would carry ${ownByKey.size} tags of its own, over the ${MAX_TAGS} ECS allows on a task.`);
  }
  const seen = new Set<string>();
  const inherited = fromService.filter((t) => !ownByKey.has(t.key) && !seen.has(t.key) && seen.add(t.key));
  const room = MAX_TAGS - ownByKey.size;
  return [...inherited.slice(0, room), ...[...ownByKey.values()].map((t) => ({ key: t.key, value: t.value }))];
}

/** The RunTask request for a one-off task of `task.taskDefinitionArn` that runs like one of `service`'s own tasks. */
export function runTaskRequest(service: Service, task: OneOffTask): RunTaskCommandInput {
  const request: RunTaskCommandInput = {
    cluster: task.cluster,
    taskDefinition: task.taskDefinitionArn,
    count: 1,
    startedBy: task.startedBy,
    clientToken: task.clientToken,
  };
  const vpc = service.networkConfiguration?.awsvpcConfiguration;
  if (vpc) {
    request.networkConfiguration = {
      awsvpcConfiguration: {
        ...vpc,
        ...(vpc.subnets ? { subnets: [...vpc.subnets] } : {}),
        ...(vpc.securityGroups ? { securityGroups: [...vpc.securityGroups] } : {}),
      },
    };
  }
  // A strategy and a launch type exclude each other; with neither, the cluster's default strategy applies.
  if (service.capacityProviderStrategy && service.capacityProviderStrategy.length > 0) {
    request.capacityProviderStrategy = service.capacityProviderStrategy.map((item) => ({ ...item }));
  } else if (service.launchType) {
    request.launchType = service.launchType;
  }
  if (service.platformVersion) request.platformVersion = service.platformVersion;
  if (service.placementConstraints && service.placementConstraints.length > 0) {
    request.placementConstraints = service.placementConstraints.map((c) => ({ ...c }));
  }
  if (service.placementStrategy && service.placementStrategy.length > 0) {
    request.placementStrategy = service.placementStrategy.map((s) => ({ ...s }));
  }
  if (service.enableECSManagedTags === true) request.enableECSManagedTags = true;
  // RunTask refuses SERVICE (a one-off task has no service): the service's tags are given instead.
  if (service.propagateTags === 'TASK_DEFINITION') request.propagateTags = 'TASK_DEFINITION';
  const inherited = service.propagateTags === 'SERVICE' ? serviceTags(service.tags) : [];
  const tags = mergeTaskTags(inherited, task.tags);
  if (tags.length > 0) request.tags = tags;
  request.overrides = { containerOverrides: [{ name: task.container, command: [...task.command] }] };
  return request;
}

/** `startedBy` for this action's tasks: "ecs-template-deploy" plus "/<run id>" when known, only letters, digits, - / _, at most 36 characters. */
export function startedByFor(runId?: string): string {
  const id = (runId ?? '').replace(/[^A-Za-z0-9_/-]/g, '');
  return (id === '' ? STARTED_BY : `${STARTED_BY}/${id}`).slice(0, MAX_STARTED_BY);
}

/** FNV-1a over the UTF-16 code units of `text` from `seed`, then a final mix (murmur3's fmix32) so that every bit counts. */
function hash32(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    h = Math.imul(h ^ (unit & 0xff), 0x01000193);
    h = Math.imul(h ^ (unit >>> 8), 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Four lanes of 32 bits: 128 bits, 32 hex digits. */
const SEEDS = [0x811c9dc5, 0x9e3779b9, 0x85ebca6b, 0xc2b2ae35];

/** A RunTask clientToken: at most 64 ASCII characters 33-126, from parts (e.g. run id, attempt, revision ARN), stable for the same parts. */
export function clientTokenFor(parts: readonly string[]): string {
  // Each part with its length: ["ab", "c"] and ["a", "bc"] differ.
  const text = parts.map((p) => `${p.length}:${p}`).join('|');
  return `etd-${SEEDS.map((seed, lane) => hash32(`${lane}${text}`, seed).toString(16).padStart(8, '0')).join('')}`;
}
