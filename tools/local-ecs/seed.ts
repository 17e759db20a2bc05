// Loads a Seed (clusters, task definitions, services, ECR repositories, run-task scenarios, SSM
// parameters, EventBridge rules, Scheduler schedules) into the state.
import * as arns from './arns.js';
import { validateStrategyFields } from './deployment-strategy.js';
import { registerTaskDefinition, validTags } from './ecs-task-definitions.js';
import { AwsError } from './errors.js';
import { seedEventRule } from './events-ops.js';
import { validRunTaskScenarios } from './run-task-scenarios.js';
import { seedSchedule } from './scheduler-ops.js';
import { checkName, putParameter } from './ssm.js';
import type { FinishedStatus, HistoryEntry, Simulation } from './simulation.js';
import { capacityProviderOf, launchTypeOfProvider } from './task-lifecycle.js';
import type { EcsState, JsonObject, RepositoryRecord, ServiceRecord } from './state.js';
import type { Seed, SeedParameter, SeedRepository, SeedService, SeedServiceDeployment } from './types.js';

const HOUR = 3_600_000;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export const DEFAULT_DEPLOYMENT_CONFIGURATION: JsonObject = {
  deploymentCircuitBreaker: { enable: false, rollback: false },
  maximumPercent: 200,
  minimumHealthyPercent: 100,
};

const FINISHED: readonly FinishedStatus[] = ['SUCCESSFUL', 'ROLLBACK_SUCCESSFUL', 'STOPPED', 'ROLLBACK_FAILED'];

/** Epoch ms of a seeded time (ISO 8601 or epoch ms); undefined when absent. */
function epochMs(value: string | number | undefined, where: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new Error(`${where}: createdAt is not an ISO 8601 date or epoch milliseconds`);
  return ms;
}

/**
 * The creation times of a history: the given ones (increasing, before `now`); the others an hour apart up to the
 * next given one (or `now`), closer when the given one before them leaves less room.
 */
function historyTimes(given: ReadonlyArray<number | undefined>, now: number, where: string): number[] {
  let previous = Number.NEGATIVE_INFINITY;
  given.forEach((t, i) => {
    if (t === undefined) return;
    if (t >= now) throw new Error(`${where}: history[${i}].createdAt must be before the seed's now (${new Date(now).toISOString()})`);
    if (t <= previous) throw new Error(`${where}: history[${i}].createdAt must be after the createdAt of the entries before it`);
    previous = t;
  });
  const times: number[] = [];
  for (let i = 0; i < given.length; ) {
    const known = given[i];
    if (known !== undefined) {
      times.push(known);
      i++;
      continue;
    }
    let end = i;
    while (end < given.length && given[end] === undefined) end++;
    const upper = given[end] ?? now;
    const lower = times[i - 1];
    const count = end - i;
    const step = lower === undefined ? HOUR : Math.min(HOUR, (upper - lower) / (count + 1));
    for (let k = 0; k < count; k++) times.push(Math.floor(upper - (count - k) * step));
    i = end;
  }
  return times;
}

/** A seeded service's `history`, checked and resolved (task definitions, statuses, times). */
function historyOf(state: EcsState, s: SeedService, now: number): HistoryEntry[] {
  const where = `local-ecs seed: service ${s.serviceName}`;
  if (s.history === undefined) return [];
  if (!Array.isArray(s.history)) throw new Error(`${where}: history must be a list`);
  const entries: SeedServiceDeployment[] = s.history;
  let completed = false;
  const resolved = entries.map((h, i) => {
    const td = typeof h?.taskDefinition === 'string' ? state.findTaskDefinition(h.taskDefinition) : undefined;
    if (!td) throw new Error(`${where}: history[${i}] uses unknown task definition ${String(h?.taskDefinition)}`);
    if (!FINISHED.includes(h.status)) throw new Error(`${where}: history[${i}].status must be one of ${FINISHED.join(', ')}`);
    if (h.status.startsWith('ROLLBACK_') && !completed) {
      throw new Error(`${where}: history[${i}] is ${h.status}, but no earlier deployment is SUCCESSFUL: there is nothing to roll back to`);
    }
    completed ||= h.status === 'SUCCESSFUL';
    return { td, status: h.status };
  });
  const times = historyTimes(entries.map((h, i) => epochMs(h.createdAt, `${where}: history[${i}]`)), now, where);
  return resolved.map((r, i) => ({ ...r, createdAt: times[i] ?? now }));
}

function seedService(state: EcsState, sim: Simulation, s: SeedService, at: number): void {
  const cluster = state.addCluster(s.cluster);
  const td = state.findTaskDefinition(s.taskDefinition);
  if (!td) throw new Error(`local-ecs seed: service ${s.serviceName} uses unknown task definition ${s.taskDefinition}`);
  const strategy = s.capacityProviderStrategy?.map((x) => structuredClone(x) as JsonObject);
  if (strategy && s.launchType !== undefined) {
    throw new Error(`local-ecs seed: service ${s.serviceName} has both a launchType and a capacityProviderStrategy`);
  }
  if (strategy && strategy.length === 0) throw new Error(`local-ecs seed: service ${s.serviceName} has an empty capacityProviderStrategy`);
  const launchType = strategy ? undefined : (s.launchType ?? 'FARGATE');
  const fargate = strategy ? launchTypeOfProvider(capacityProviderOf(strategy) ?? '') === 'FARGATE' : launchType === 'FARGATE';
  const propagateTags = s.propagateTags ?? 'NONE';
  if (!['SERVICE', 'TASK_DEFINITION', 'NONE'].includes(propagateTags)) {
    throw new Error(`local-ecs seed: service ${s.serviceName}: propagateTags must be SERVICE, TASK_DEFINITION or NONE`);
  }
  const networkConfiguration =
    s.networkConfiguration ??
    (td.described.networkMode === 'awsvpc'
      ? {
          awsvpcConfiguration: {
            subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
            securityGroups: ['sg-0a1b2c3d4e5f60001'],
            assignPublicIp: 'DISABLED',
          },
        }
      : undefined);
  const deploymentConfiguration = { ...structuredClone(DEFAULT_DEPLOYMENT_CONFIGURATION), ...structuredClone(s.deploymentConfiguration ?? {}) };
  try {
    validateStrategyFields(deploymentConfiguration);
  } catch (err) {
    if (err instanceof AwsError) throw new Error(`local-ecs seed: service ${s.serviceName}: ${err.message}`, { cause: err });
    throw err;
  }
  const svc: ServiceRecord = {
    arn: arns.serviceArn(state.partition, cluster.name, s.serviceName),
    name: s.serviceName,
    clusterName: cluster.name,
    clusterArn: cluster.arn,
    status: s.status ?? 'ACTIVE',
    desiredCount: s.status === undefined || s.status === 'ACTIVE' ? (s.desiredCount ?? 1) : 0,
    launchType,
    capacityProviderStrategy: strategy,
    platformVersion: s.platformVersion ?? (fargate ? 'LATEST' : undefined),
    taskDefinition: td.arn,
    deploymentController: s.deploymentController ?? 'ECS',
    deploymentConfiguration,
    networkConfiguration: networkConfiguration && structuredClone(networkConfiguration),
    loadBalancers: structuredClone(s.loadBalancers ?? []) as JsonObject[],
    propagateTags,
    enableECSManagedTags: s.enableECSManagedTags ?? false,
    placementConstraints: structuredClone(s.placementConstraints ?? []) as JsonObject[],
    placementStrategy: structuredClone(s.placementStrategy ?? []) as JsonObject[],
    createdAt: at,
    createdBy: `arn:aws:iam::${state.partition.accountId}:role/terraform`,
    events: [],
    deployments: [],
    scenario: structuredClone(s.scenario ?? { kind: 'complete' }),
    tags: validTags(s.tags),
  };
  const history = historyOf(state, s, at);
  svc.createdAt = history[0]?.createdAt ?? at;
  state.services.set(`${cluster.name}/${svc.name}`, svc);
  sim.seedService(svc, td, at, sim.seedHistory(svc, history, at));
}

function seedRepository(state: EcsState, r: SeedRepository, at: number): void {
  const registryId = r.registryId ?? state.partition.accountId;
  const key = `${registryId}/${r.repositoryName}`;
  const repo: RepositoryRecord = state.repositories.get(key) ?? {
    registryId,
    name: r.repositoryName,
    images: [],
  };
  r.images.forEach((img, i) => {
    if (!DIGEST.test(img.digest)) throw new Error(`local-ecs seed: ${r.repositoryName}: bad digest ${img.digest}`);
    // A tag names one image: moving it removes it from the image that had it.
    if (img.tag !== undefined) for (const other of repo.images) other.tags = other.tags.filter((t) => t !== img.tag);
    let image = repo.images.find((x) => x.digest === img.digest);
    if (!image) {
      image = {
        digest: img.digest,
        tags: [],
        pushedAt: at - (r.images.length - i) * HOUR,
        sizeInBytes: img.sizeInBytes ?? 52_428_800 + i * 4096,
      };
      repo.images.push(image);
    }
    if (img.tag !== undefined) image.tags.push(img.tag);
  });
  state.repositories.set(key, repo);
}

function seedParameter(state: EcsState, p: SeedParameter, at: number, principalArn: string): void {
  if (typeof p.name !== 'string' || typeof p.value !== 'string' || p.value === '') {
    throw new Error(`local-ecs seed: SSM parameter ${String(p.name)}: needs a name and a non-empty value`);
  }
  try {
    checkName(p.name, state.partition, 'seed');
    putParameter(
      state,
      {
        name: p.name,
        value: p.value,
        overwrite: true,
        type: p.type ?? (state.parameters.has(p.name) ? undefined : 'String'),
        ...(p.tier !== undefined ? { tier: p.tier } : {}),
        ...(p.keyId !== undefined ? { keyId: p.keyId } : {}),
        ...(p.description !== undefined ? { description: p.description } : {}),
        ...(p.dataType !== undefined ? { dataType: p.dataType } : {}),
        ...(p.allowedPattern !== undefined ? { allowedPattern: p.allowedPattern } : {}),
        ...(p.labels !== undefined ? { labels: p.labels } : {}),
        ...(p.tags !== undefined ? { tags: validTags(p.tags) } : {}),
      },
      at,
      principalArn,
    );
  } catch (err) {
    if (err instanceof AwsError) throw new Error(`local-ecs seed: SSM parameter ${p.name}: ${err.code}: ${err.message}`, { cause: err });
    throw err;
  }
}

export function applySeed(state: EcsState, sim: Simulation, seed: Seed, at: number, principalArn: string): void {
  for (const name of seed.clusters ?? []) state.addCluster(name);
  for (const r of seed.ecr ?? []) seedRepository(state, r, at);
  for (const t of seed.taskDefinitions ?? []) {
    registerTaskDefinition(state, structuredClone(t.taskDefinition), validTags(t.tags), at, principalArn);
  }
  for (const s of seed.services ?? []) seedService(state, sim, s, at);
  if (seed.runTaskScenarios !== undefined) state.runTaskScenarios = validRunTaskScenarios(seed.runTaskScenarios);
  for (const p of seed.ssmParameters ?? []) seedParameter(state, p, at, principalArn);
  for (const r of seed.eventRules ?? []) seedEventRule(state, r);
  for (const s of seed.schedules ?? []) seedSchedule(state, s, at);
}
