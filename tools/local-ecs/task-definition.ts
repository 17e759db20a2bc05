// RegisterTaskDefinition: input validation with ECS's messages, and the described form ECS
// returns (read-only fields, defaults, required attributes, compatibilities).
import { clientException } from './errors.js';
import type { JsonObject } from './state.js';

const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,255}$/;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const objects = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Task-level cpu/memory as ECS stores them: "1 vCPU" -> "1024", "2 GB" -> "2048", 512 -> "512". */
function normalizeSize(value: unknown, unit: RegExp): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  const m = new RegExp(`^(\\d+(?:\\.\\d+)?)\\s*${unit.source}$`, 'i').exec(text);
  return m?.[1] ? String(Math.round(Number(m[1]) * 1024)) : text;
}

/** Amazon ECS service quotas: containers per task definition (not adjustable). */
export const MAX_CONTAINERS = 10;

/** Throws ClientException the way ECS does for the mistakes a deploy tool can make. */
export function validateRegistration(input: JsonObject): void {
  const family = input.family;
  if (typeof family !== 'string' || family === '') throw clientException('Family can not be blank.');
  if (!NAME_PATTERN.test(family)) throw clientException('Family contains invalid characters.');

  const containers = input.containerDefinitions;
  if (!Array.isArray(containers) || containers.length === 0) throw clientException('Container list cannot be empty.');
  // The wording of this refusal is ours; the limit is ECS's.
  if (containers.length > MAX_CONTAINERS) {
    throw clientException(`Too many containers: a task definition can have at most ${MAX_CONTAINERS} container definitions, this one has ${containers.length}.`);
  }
  const taskMemory = input.memory !== undefined && input.memory !== null && input.memory !== '';
  const awsvpc = input.networkMode === 'awsvpc';
  const seen = new Set<string>();
  for (const c of containers) {
    if (!isObject(c)) throw clientException('Container definition must be an object.');
    const name = c.name;
    if (typeof name !== 'string' || name === '') throw clientException('Container.name should not be null or empty.');
    if (!NAME_PATTERN.test(name)) throw clientException('Container.name contains invalid characters.');
    if (seen.has(name)) throw clientException(`Duplicate container name: ${name}.`);
    seen.add(name);
    if (typeof c.image !== 'string' || c.image === '') throw clientException('Container.image should not be null or empty.');
    if (!taskMemory && c.memory === undefined && c.memoryReservation === undefined) {
      throw clientException(
        `Invalid setting for container '${name}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
      );
    }
    for (const pm of objects(c.portMappings)) {
      if (awsvpc && pm.hostPort !== undefined && pm.hostPort !== pm.containerPort) {
        throw clientException(
          'When networkMode=awsvpc, the host ports and container ports in port mappings must match.',
        );
      }
    }
  }

  const compat = Array.isArray(input.requiresCompatibilities) ? input.requiresCompatibilities : [];
  if (compat.includes('FARGATE')) {
    if (!awsvpc) throw clientException('Fargate only supports network mode \u2018awsvpc\u2019.');
    if (input.cpu === undefined) throw clientException("Fargate requires that 'cpu' be defined at the task level.");
    if (!taskMemory) throw clientException("Fargate requires that 'memory' be defined at the task level.");
    const awslogs = containers.some((c) => isObject(c) && isObject(c.logConfiguration) && c.logConfiguration.logDriver === 'awslogs');
    if (awslogs && !input.executionRoleArn) {
      throw clientException('Fargate requires task definition to have execution role ARN to support log driver awslogs.');
    }
  }
}

function describeContainer(c: JsonObject, networkMode: unknown): JsonObject {
  const hostPortFollows = networkMode === 'awsvpc' || networkMode === 'host';
  const portMappings = objects(c.portMappings).map((pm) => ({
    ...pm,
    containerPort: pm.containerPort,
    hostPort: pm.hostPort ?? (hostPortFollows ? pm.containerPort : 0),
    protocol: pm.protocol ?? 'tcp',
  }));
  return {
    ...c,
    cpu: c.cpu ?? 0,
    portMappings,
    essential: c.essential ?? true,
    environment: c.environment ?? [],
    mountPoints: c.mountPoints ?? [],
    volumesFrom: c.volumesFrom ?? [],
    systemControls: c.systemControls ?? [],
  };
}

function requiredAttributes(input: JsonObject): JsonObject[] {
  const names = new Set<string>();
  const containers = objects(input.containerDefinitions);
  const executionRole = Boolean(input.executionRoleArn);
  names.add('com.amazonaws.ecs.capability.docker-remote-api.1.18');
  for (const c of containers) {
    const log = isObject(c.logConfiguration) ? c.logConfiguration : undefined;
    if (log?.logDriver === 'awslogs') {
      names.add('com.amazonaws.ecs.capability.logging-driver.awslogs');
      names.add('com.amazonaws.ecs.capability.docker-remote-api.1.19');
      if (executionRole) names.add('ecs.capability.execution-role-awslogs');
    }
    if (typeof c.image === 'string' && c.image.includes('.dkr.ecr.')) {
      names.add('com.amazonaws.ecs.capability.ecr-auth');
      if (executionRole) names.add('ecs.capability.execution-role-ecr-pull');
    }
    for (const s of objects(c.secrets)) {
      const from = String(s.valueFrom ?? '');
      names.add(
        from.includes(':secretsmanager:')
          ? 'ecs.capability.secrets.asm.environment-variables'
          : 'ecs.capability.secrets.ssm.environment-variables',
      );
    }
    if (isObject(c.healthCheck)) {
      names.add('ecs.capability.container-health-check');
      names.add('com.amazonaws.ecs.capability.docker-remote-api.1.24');
    }
    if (Array.isArray(c.dependsOn) && c.dependsOn.length > 0) names.add('ecs.capability.container-ordering');
  }
  if (input.taskRoleArn) names.add('com.amazonaws.ecs.capability.task-iam-role');
  if (input.networkMode === 'awsvpc') {
    names.add('ecs.capability.task-eni');
    names.add('com.amazonaws.ecs.capability.docker-remote-api.1.29');
  }
  return [...names].map((name) => ({ name }));
}

export interface RegistrationFacts {
  arn: string;
  revision: number;
  registeredAt: number;
  registeredBy: string;
}

/** The task definition as DescribeTaskDefinition shows it (times in ms; rendering converts). */
export function describeRegistration(input: JsonObject, facts: RegistrationFacts): JsonObject {
  const rest: JsonObject = { ...structuredClone(input) };
  delete rest.tags;
  const cpu = normalizeSize(input.cpu, /vcpu/);
  const memory = normalizeSize(input.memory, /gb/);
  const fargateCompatible = input.networkMode === 'awsvpc' && cpu !== undefined && memory !== undefined;
  const described: JsonObject = {
    taskDefinitionArn: facts.arn,
    ...rest,
    containerDefinitions: objects(rest.containerDefinitions).map((c) => describeContainer(c, input.networkMode)),
    revision: facts.revision,
    volumes: rest.volumes ?? [],
    status: 'ACTIVE',
    requiresAttributes: requiredAttributes(input),
    placementConstraints: rest.placementConstraints ?? [],
    compatibilities: fargateCompatible ? ['EC2', 'FARGATE'] : ['EC2'],
    registeredAt: facts.registeredAt,
    registeredBy: facts.registeredBy,
  };
  if (cpu !== undefined) described.cpu = cpu;
  if (memory !== undefined) described.memory = memory;
  return described;
}
