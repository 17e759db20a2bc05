// Task state transitions: PROVISIONING -> PENDING -> RUNNING -> STOPPED, with the timestamps,
// container states, exit codes and stop reasons ECS records on the way.
import type { TaskRecord } from './state.js';

export interface StopHow {
  stopCode: string;
  stoppedReason: string;
  /** Exit code of the containers, when they were running. */
  exitCode?: number;
  containerReason?: string;
}

export function toPending(task: TaskRecord, at: number): void {
  if (task.lastStatus !== 'PROVISIONING') return;
  task.lastStatus = 'PENDING';
  task.pullStartedAt = at;
  task.version++;
}

export function toRunning(task: TaskRecord, at: number): void {
  if (task.lastStatus === 'STOPPED' || task.desiredStatus === 'STOPPED') return;
  task.pullStartedAt ??= at;
  task.pullStoppedAt = at;
  task.startedAt = at;
  task.lastStatus = 'RUNNING';
  for (const c of task.containers) {
    c.lastStatus = 'RUNNING';
    c.runtimeId = `${task.id}-${c.name}`;
  }
  task.version++;
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
