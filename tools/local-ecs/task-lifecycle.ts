// Tasks: their creation from a task definition, and the state transitions PROVISIONING -> PENDING ->
// RUNNING -> STOPPED with the timestamps, container states, exit codes and stop reasons ECS records
// on the way.
import * as arns from './arns.js';
import type { Ids } from './ids.js';
import { imageDigest } from './images.js';
import type { EcsState, JsonObject, TaskDefinitionRecord, TaskRecord } from './state.js';
import type { Tag } from './types.js';

export interface StopHow {
  stopCode: string;
  stoppedReason: string;
  /** Exit code of the containers, when they were running. */
  exitCode?: number;
  containerReason?: string;
}

const asObject = (v: unknown): JsonObject | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;

/** What a new task is, besides its task definition. */
export interface TaskSpec {
  clusterName: string;
  clusterArn: string;
  group: string;
  serviceName?: string;
  deploymentId?: string;
  startedBy?: string;
  launchType?: string;
  capacityProviderName?: string;
  platformVersion?: string;
  overrides?: JsonObject;
  enableExecuteCommand?: boolean;
  tags?: Tag[];
}

/** The capacity provider a strategy places a task on: the one with a base, else the heaviest, else the first. */
export function capacityProviderOf(strategy: readonly JsonObject[]): string | undefined {
  const entries = strategy.map((s) => ({
    name: typeof s.capacityProvider === 'string' ? s.capacityProvider : '',
    base: typeof s.base === 'number' ? s.base : 0,
    weight: typeof s.weight === 'number' ? s.weight : 0,
  }));
  const withBase = entries.filter((e) => e.base > 0).sort((a, b) => b.base - a.base)[0];
  const heaviest = [...entries].sort((a, b) => b.weight - a.weight)[0];
  return (withBase ?? heaviest)?.name || undefined;
}

/** FARGATE and FARGATE_SPOT run Fargate tasks; any other capacity provider runs EC2 ones. */
export const launchTypeOfProvider = (name: string): string => (name.startsWith('FARGATE') ? 'FARGATE' : 'EC2');

/** A service or deployment that runs Fargate tasks (by launch type or capacity provider). */
export function runsOnFargate(x: { launchType?: string; capacityProviderStrategy?: JsonObject[] }): boolean {
  if (x.capacityProviderStrategy && x.capacityProviderStrategy.length > 0) {
    return launchTypeOfProvider(capacityProviderOf(x.capacityProviderStrategy) ?? '') === 'FARGATE';
  }
  return x.launchType === 'FARGATE';
}

/** A new PROVISIONING task (the `index`-th of its launch: it picks the availability zone). */
export function createTask(
  state: EcsState,
  ids: Ids,
  td: TaskDefinitionRecord,
  spec: TaskSpec,
  index: number,
  at: number,
): TaskRecord {
  const defs = Array.isArray(td.described.containerDefinitions) ? td.described.containerDefinitions : [];
  const id = ids.task();
  const task: TaskRecord = {
    arn: arns.taskArn(state.partition, spec.clusterName, id),
    id,
    clusterName: spec.clusterName,
    clusterArn: spec.clusterArn,
    serviceName: spec.serviceName,
    deploymentId: spec.deploymentId,
    startedBy: spec.startedBy,
    group: spec.group,
    taskDefinitionArn: td.arn,
    family: td.family,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    launchType: spec.launchType,
    capacityProviderName: spec.capacityProviderName,
    platformVersion: spec.platformVersion,
    overrides: spec.overrides && structuredClone(spec.overrides),
    enableExecuteCommand: spec.enableExecuteCommand ?? false,
    tags: (spec.tags ?? []).map((t) => ({ ...t })),
    cpu: typeof td.described.cpu === 'string' ? td.described.cpu : undefined,
    memory: typeof td.described.memory === 'string' ? td.described.memory : undefined,
    availabilityZone: `${state.partition.region}${'abc'[index % 3]}`,
    createdAt: at,
    containers: defs.map((raw) => {
      const c = asObject(raw) ?? {};
      const image = String(c.image ?? '');
      return {
        arn: arns.containerArn(state.partition, spec.clusterName, id, ids.uuid()),
        name: String(c.name ?? ''),
        image,
        imageDigest: imageDigest(state, image),
        lastStatus: 'PENDING',
        cpu: String(c.cpu ?? 0),
        memory: c.memory === undefined ? undefined : String(c.memory),
        memoryReservation: c.memoryReservation === undefined ? undefined : String(c.memoryReservation),
      };
    }),
    version: 1,
  };
  state.addTask(task);
  return task;
}

/** PROVISIONING -> PENDING; `pull: false` when the task fails before any image pull starts. */
export function toPending(task: TaskRecord, at: number, options: { pull?: boolean } = {}): void {
  if (task.lastStatus !== 'PROVISIONING' || task.desiredStatus === 'STOPPED') return;
  task.lastStatus = 'PENDING';
  if (options.pull !== false) task.pullStartedAt = at;
  task.version++;
}

/** -> RUNNING; false when the task was stopped first. */
export function toRunning(task: TaskRecord, at: number): boolean {
  if (task.lastStatus === 'STOPPED' || task.desiredStatus === 'STOPPED') return false;
  task.pullStartedAt ??= at;
  task.pullStoppedAt = at;
  task.startedAt = at;
  task.lastStatus = 'RUNNING';
  for (const c of task.containers) {
    c.lastStatus = 'RUNNING';
    c.runtimeId = `${task.id}-${c.name}`;
  }
  task.version++;
  return true;
}

export function stopTask(task: TaskRecord, at: number, how: StopHow): void {
  if (task.lastStatus === 'STOPPED') return;
  const wasRunning = task.lastStatus === 'RUNNING';
  task.desiredStatus = 'STOPPED';
  task.lastStatus = 'STOPPED';
  task.stopCode = how.stopCode;
  task.stoppedReason = how.stoppedReason;
  task.stoppingAt = at;
  task.executionStoppedAt = at;
  task.stoppedAt = at;
  if (task.pullStartedAt !== undefined) task.pullStoppedAt ??= at;
  for (const c of task.containers) {
    c.lastStatus = 'STOPPED';
    if (wasRunning && how.exitCode !== undefined) c.exitCode = how.exitCode;
    if (how.containerReason !== undefined) c.reason = how.containerReason;
  }
  task.version++;
}

/** `(task id1) (task id2)` as in service events. */
export function taskList(tasks: TaskRecord[]): string {
  return tasks.map((t) => `(task ${t.id})`).join(' ');
}
