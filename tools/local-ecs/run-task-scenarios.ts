// Run-task scenarios: which one a RunTask request gets, and the stop reasons of tasks that never
// run, in the shape of ECS's wording.
import type { Partition } from './arns.js';
import type { JsonObject, TaskDefinitionRecord } from './state.js';
import type { RunTaskScenario } from './types.js';

export const RUN_TASK_KINDS = ['exit', 'pull-failure', 'secret-failure', 'stuck', 'no-capacity'] as const;

export const DEFAULT_RUN_TASK_SCENARIO: Readonly<RunTaskScenario> = { kind: 'exit', exitCode: 0, afterSeconds: 10 };

const asObject = (v: unknown): JsonObject | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

export function containerDefinitions(td: TaskDefinitionRecord): JsonObject[] {
  const defs = td.described.containerDefinitions;
  return Array.isArray(defs) ? defs.map((c) => asObject(c) ?? {}) : [];
}

/** Copies of `list`, checked (throws on what a seed or a test got wrong). */
export function validRunTaskScenarios(list: unknown): RunTaskScenario[] {
  if (!Array.isArray(list)) throw new Error('local-ecs: runTaskScenarios must be a list');
  return list.map((raw, i) => {
    const s = asObject(raw);
    if (!s) throw new Error(`local-ecs: runTaskScenarios[${i}] must be an object`);
    if (s.kind !== undefined && !(RUN_TASK_KINDS as readonly unknown[]).includes(s.kind)) {
      throw new Error(`local-ecs: runTaskScenarios[${i}].kind must be one of ${RUN_TASK_KINDS.join(', ')}`);
    }
    if (s.logLines !== undefined && !strings(s.logLines)) throw new Error(`local-ecs: runTaskScenarios[${i}].logLines must be strings`);
    for (const key of ['exitCode', 'afterSeconds'] as const) {
      if (s[key] !== undefined && typeof s[key] !== 'number') throw new Error(`local-ecs: runTaskScenarios[${i}].${key} must be a number`);
    }
    return structuredClone(s) as RunTaskScenario;
  });
}

/** The commands the containers run: the override's, else the container's own, joined with spaces. */
function commands(td: TaskDefinitionRecord, overrides: JsonObject | undefined): string[] {
  const byName = new Map<string, string[]>();
  const list = Array.isArray(overrides?.containerOverrides) ? overrides.containerOverrides : [];
  for (const raw of list) {
    const o = asObject(raw);
    const command = strings(o?.command);
    if (typeof o?.name === 'string' && command) byName.set(o.name, command);
  }
  return containerDefinitions(td).map((c) => (byName.get(String(c.name)) ?? strings(c.command) ?? []).join(' '));
}

/** The first scenario that matches the request, else the default (exit 0 after 10 s). */
export function scenarioFor(list: readonly RunTaskScenario[], td: TaskDefinitionRecord, overrides: JsonObject | undefined): RunTaskScenario {
  const cmds = commands(td, overrides);
  const images = containerDefinitions(td).map((c) => String(c.image ?? ''));
  const found = list.find(
    (s) =>
      (s.whenCommandIncludes === undefined || cmds.some((c) => c.includes(s.whenCommandIncludes ?? ''))) &&
      (s.whenImageIncludes === undefined || images.some((image) => image.includes(s.whenImageIncludes ?? ''))),
  );
  return found ?? DEFAULT_RUN_TASK_SCENARIO;
}

/** The container whose image fails to pull: the one the scenario picks by image, else the first. */
export function failingContainer(td: TaskDefinitionRecord, scenario: RunTaskScenario): { name: string; image: string } {
  const defs = containerDefinitions(td).map((c) => ({ name: String(c.name ?? ''), image: String(c.image ?? '') }));
  const match = scenario.whenImageIncludes;
  return (match === undefined ? undefined : defs.find((c) => c.image.includes(match))) ?? defs[0] ?? { name: '', image: '' };
}

export function cannotPullReason(image: string): string {
  return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: ${image}: not found`;
}

/**
 * Why a task's secrets could not be fetched: AccessDenied on its first secret for the execution role, or
 * (without secrets) a time-out reaching ECR for the registry auth.
 */
export function resourceInitializationReason(td: TaskDefinitionRecord, partition: Partition, taskId: string): string {
  const prefix = 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed:';
  const roleArn = typeof td.described.executionRoleArn === 'string' ? td.described.executionRoleArn : '';
  const roleName = roleArn.split('/').pop() || 'ecsTaskExecutionRole';
  const principal = `arn:aws:sts::${partition.accountId}:assumed-role/${roleName}/${taskId}`;
  const secret = containerDefinitions(td)
    .flatMap((c) => (Array.isArray(c.secrets) ? c.secrets : []))
    .map((s) => String(asObject(s)?.valueFrom ?? ''))
    .find((from) => from !== '');
  const denied = (action: string, resource: string): string =>
    `AccessDeniedException: User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ` +
    `because no identity-based policy allows the ${action} action`;
  if (secret === undefined) {
    return (
      `${prefix} unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed ` +
      `caused by: Post "https://api.ecr.${partition.region}.amazonaws.com/": dial tcp 10.0.0.1:443: i/o timeout`
    );
  }
  if (secret.includes(':secretsmanager:')) {
    return (
      `${prefix} unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret ${secret} ` +
      `from secrets manager: ${denied('secretsmanager:GetSecretValue', secret)}`
    );
  }
  const parameter = secret.startsWith('arn:')
    ? secret
    : `arn:aws:ssm:${partition.region}:${partition.accountId}:parameter/${secret.replace(/^\//, '')}`;
  return `${prefix} unable to retrieve secrets from ssm: service call has been retried 1 time(s): ${denied('ssm:GetParameters', parameter)}`;
}
