// ECS task operations: ListTasks, DescribeTasks, RunTask, StopTask.
import * as arns from './arns.js';
import type { Handler, OpContext } from './context.js';
import { AwsError, clientException, invalidParameter, requireString, serviceNotFound } from './errors.js';
import { requireCluster } from './ecs-services.js';
import { validTags } from './ecs-task-definitions.js';
import { paginate } from './pagination.js';
import { renderTask } from './render.js';
import { containerDefinitions, scenarioFor } from './run-task-scenarios.js';
import type { JsonObject, TaskDefinitionRecord, TaskRecord } from './state.js';
import { capacityProviderOf, launchTypeOfProvider, stopTask } from './task-lifecycle.js';
import type { Tag } from './types.js';

const MAX_RUN_COUNT = 10;
const MAX_OVERRIDES_CHARS = 8192;
const MAX_TAGS = 50;
const MAX_REASON_CHARS = 255;
const MAX_GROUP_CHARS = 255;
const MAX_CLIENT_TOKEN_CHARS = 64;
const CLIENT_TOKEN_TTL_MS = 24 * 3_600_000;
const STARTED_BY = /^[A-Za-z0-9_/-]{1,36}$/;
const CLIENT_TOKEN = /^[\x21-\x7e]+$/;
const LAUNCH_TYPES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'];
const PLACEMENT_CONSTRAINT_TYPES = ['distinctInstance', 'memberOf'];
const PLACEMENT_STRATEGY_TYPES = ['random', 'spread', 'binpack'];

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with object keys sorted: two requests are the same when their canonical forms are. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const ListTasks: Handler = (p, ctx) => {
  const cluster = requireCluster(ctx, p.cluster);
  const desiredStatus = p.desiredStatus ?? 'RUNNING';
  if (desiredStatus !== 'RUNNING' && desiredStatus !== 'PENDING' && desiredStatus !== 'STOPPED') {
    throw invalidParameter('desiredStatus must be one of RUNNING, PENDING, STOPPED.');
  }
  const serviceName = typeof p.serviceName === 'string' ? arns.parseService(p.serviceName).name : undefined;
  if (serviceName !== undefined && !ctx.state.service(cluster, serviceName)) throw serviceNotFound();
  const family = typeof p.family === 'string' ? p.family : undefined;
  const startedBy = typeof p.startedBy === 'string' ? p.startedBy : undefined;
  const matching = [...ctx.state.tasks.values()]
    .filter(
      (t) =>
        t.clusterName === cluster &&
        (desiredStatus === 'STOPPED' ? t.desiredStatus === 'STOPPED' : t.desiredStatus === 'RUNNING') &&
        (desiredStatus !== 'PENDING' || t.lastStatus !== 'RUNNING') &&
        (serviceName === undefined || t.serviceName === serviceName) &&
        (family === undefined || t.family === family) &&
        (startedBy === undefined || t.startedBy === startedBy),
    )
    .sort((a, b) => b.createdAt - a.createdAt);
  const page = paginate(matching, p.maxResults, p.nextToken, { defaultSize: 100, maxSize: 100 });
  return { taskArns: page.items.map((t) => t.arn), nextToken: page.nextToken };
};

export const DescribeTasks: Handler = (p, ctx) => {
  const cluster = requireCluster(ctx, p.cluster);
  if (!Array.isArray(p.tasks) || p.tasks.length === 0) throw invalidParameter('Tasks cannot be empty.');
  if (p.tasks.length > 100) throw invalidParameter('tasks can have at most 100 items.');
  const includeTags = Array.isArray(p.include) && p.include.includes('TAGS');
  const tasks: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const ref of p.tasks.map(String)) {
    const arn = arns.taskArn(ctx.partition, cluster, arns.taskId(ref));
    const task = ctx.state.tasks.get(arn);
    if (task) tasks.push(renderTask(task, includeTags));
    else failures.push({ arn, reason: 'MISSING' });
  }
  return { tasks, failures };
};

// ---- RunTask -------------------------------------------------------------------------------

/** RunTask's answer: the tasks with their tags when they have some. */
function runTaskAnswer(tasks: TaskRecord[], failures: JsonObject[]): JsonObject {
  return { tasks: tasks.map((t) => renderTask(t, t.tags.length > 0)), failures: failures.map((f) => ({ ...f })) };
}

function validClientToken(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CLIENT_TOKEN_CHARS || !CLIENT_TOKEN.test(value)) {
    throw invalidParameter(`clientToken must be 1 to ${MAX_CLIENT_TOKEN_CHARS} ASCII characters in the range 33-126.`);
  }
  return value;
}

function runnableTaskDefinition(ctx: OpContext, value: unknown): TaskDefinitionRecord {
  const ref = requireString(value, 'taskDefinition');
  const td = ctx.state.findTaskDefinition(ref);
  if (!td) throw clientException('TaskDefinition not found.');
  if (td.status !== 'ACTIVE') throw clientException('TaskDefinition is inactive');
  return td;
}

function countOf(value: unknown): number {
  if (value === undefined || value === null) return 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_RUN_COUNT) {
    throw invalidParameter(`count must be between 1 and ${MAX_RUN_COUNT}.`);
  }
  return value;
}

interface Placement {
  launchType: string;
  capacityProviderName?: string;
  platformVersion?: string;
}

function placementOf(p: JsonObject, td: TaskDefinitionRecord): Placement {
  const hasStrategy = p.capacityProviderStrategy !== undefined && p.capacityProviderStrategy !== null;
  if (p.launchType !== undefined && p.launchType !== null && hasStrategy) {
    throw invalidParameter('Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.');
  }
  let launchType: string;
  let capacityProviderName: string | undefined;
  if (hasStrategy) {
    const strategy = p.capacityProviderStrategy;
    if (!Array.isArray(strategy) || strategy.length === 0 || strategy.length > 20) {
      throw invalidParameter('capacityProviderStrategy must have between 1 and 20 items.');
    }
    if (!strategy.every((s) => isObject(s) && typeof s.capacityProvider === 'string' && s.capacityProvider !== '')) {
      throw invalidParameter('Each item of capacityProviderStrategy must name a capacityProvider.');
    }
    capacityProviderName = capacityProviderOf(strategy as JsonObject[]);
    launchType = launchTypeOfProvider(capacityProviderName ?? '');
  } else if (p.launchType !== undefined && p.launchType !== null) {
    if (typeof p.launchType !== 'string' || !LAUNCH_TYPES.includes(p.launchType)) {
      throw invalidParameter(`launchType must be one of ${LAUNCH_TYPES.join(', ')}.`);
    }
    launchType = p.launchType;
  } else {
    // No default capacity provider strategy on the cluster is modelled: a Fargate-only task definition runs on Fargate.
    const requires = Array.isArray(td.described.requiresCompatibilities) ? td.described.requiresCompatibilities : [];
    launchType = requires.includes('FARGATE') && !requires.includes('EC2') ? 'FARGATE' : 'EC2';
  }
  const compatibilities = Array.isArray(td.described.compatibilities) ? td.described.compatibilities : [];
  if ((launchType === 'FARGATE' || launchType === 'EC2') && !compatibilities.includes(launchType)) {
    throw invalidParameter(`Task definition does not support launch_type ${launchType}.`);
  }
  if (p.platformVersion !== undefined && p.platformVersion !== null) {
    if (typeof p.platformVersion !== 'string' || p.platformVersion === '') throw invalidParameter('platformVersion must be a string.');
    if (launchType !== 'FARGATE') throw invalidParameter('The platform version must be null when specifying an EC2 launch type.');
  }
  const platformVersion =
    launchType !== 'FARGATE'
      ? undefined
      : typeof p.platformVersion === 'string' && p.platformVersion !== 'LATEST'
        ? p.platformVersion
        : '1.4.0';
  return { launchType, capacityProviderName, platformVersion };
}

function checkNetwork(p: JsonObject, td: TaskDefinitionRecord): void {
  const awsvpc = td.described.networkMode === 'awsvpc';
  const given = p.networkConfiguration !== undefined && p.networkConfiguration !== null;
  if (awsvpc && !given) {
    throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  }
  if (!awsvpc && given) {
    throw invalidParameter('Network Configuration is not valid for the given networkMode of this task definition.');
  }
  if (!given) return;
  const vpc = isObject(p.networkConfiguration) ? p.networkConfiguration.awsvpcConfiguration : undefined;
  if (!isObject(vpc) || !Array.isArray(vpc.subnets) || vpc.subnets.length === 0) {
    throw invalidParameter('subnets can not be empty.');
  }
  if (vpc.subnets.length > 16) throw invalidParameter('subnets can have at most 16 items.');
  if (Array.isArray(vpc.securityGroups) && vpc.securityGroups.length > 5) {
    throw invalidParameter('securityGroups can have at most 5 items.');
  }
  if (vpc.assignPublicIp !== undefined && vpc.assignPublicIp !== 'ENABLED' && vpc.assignPublicIp !== 'DISABLED') {
    throw invalidParameter('assignPublicIp must be ENABLED or DISABLED.');
  }
}

function validOverrides(value: unknown, td: TaskDefinitionRecord): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidParameter('overrides must be an object.');
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > MAX_OVERRIDES_CHARS) {
    throw invalidParameter(`Container Overrides length must be at most ${MAX_OVERRIDES_CHARS}`);
  }
  const names = new Set(containerDefinitions(td).map((c) => String(c.name ?? '')));
  const list = value.containerOverrides;
  if (list !== undefined && !Array.isArray(list)) throw invalidParameter('containerOverrides must be a list.');
  for (const o of list ?? []) {
    if (!isObject(o) || typeof o.name !== 'string' || o.name === '') {
      throw invalidParameter('Each container override must name a container.');
    }
    if (!names.has(o.name)) throw invalidParameter(`Override for container named ${o.name} is not a container in the TaskDefinition.`);
    if (o.command !== undefined && (!Array.isArray(o.command) || !o.command.every((c) => typeof c === 'string'))) {
      throw invalidParameter('command must be a list of strings.');
    }
  }
  return structuredClone(value);
}

function validStartedBy(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !STARTED_BY.test(value)) {
    throw invalidParameter('startedBy can be at most 36 letters (uppercase and lowercase), numbers, hyphens, forward slashes and underscores.');
  }
  return value;
}

/** The task's tags: the request's, then those propagated from the task definition, then ECS's own. */
function taskTags(p: JsonObject, td: TaskDefinitionRecord, cluster: string): Tag[] {
  const tags = validTags(p.tags);
  if (tags.length > MAX_TAGS) throw invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`);
  if (tags.some((t) => t.key.toLowerCase().startsWith('aws:'))) {
    throw invalidParameter("Tag keys starting with 'aws:' are reserved for AWS use and cannot be set.");
  }
  const propagate = p.propagateTags ?? 'NONE';
  if (propagate === 'SERVICE') {
    throw invalidParameter('propagateTags SERVICE is not valid for RunTask: the task belongs to no service. Use TASK_DEFINITION or NONE.');
  }
  if (propagate !== 'TASK_DEFINITION' && propagate !== 'NONE') throw invalidParameter('propagateTags must be TASK_DEFINITION or NONE.');
  if (p.enableECSManagedTags !== undefined && p.enableECSManagedTags !== null && typeof p.enableECSManagedTags !== 'boolean') {
    throw invalidParameter('enableECSManagedTags must be a boolean.');
  }
  const out = [...tags];
  if (propagate === 'TASK_DEFINITION') {
    for (const t of td.tags) if (!out.some((x) => x.key === t.key)) out.push({ ...t });
  }
  if (p.enableECSManagedTags === true) out.push({ key: 'aws:ecs:clusterName', value: cluster });
  return out;
}

function checkPlacement(p: JsonObject, launchType: string): void {
  const constraints = p.placementConstraints ?? [];
  const strategy = p.placementStrategy ?? [];
  if (!Array.isArray(constraints) || constraints.length > 10) throw invalidParameter('placementConstraints can have at most 10 items.');
  if (!Array.isArray(strategy) || strategy.length > 5) throw invalidParameter('placementStrategy can have at most 5 items.');
  for (const c of constraints) {
    if (!isObject(c) || !PLACEMENT_CONSTRAINT_TYPES.includes(String(c.type))) {
      throw invalidParameter(`placementConstraints type must be one of ${PLACEMENT_CONSTRAINT_TYPES.join(', ')}.`);
    }
  }
  for (const s of strategy) {
    if (!isObject(s) || !PLACEMENT_STRATEGY_TYPES.includes(String(s.type))) {
      throw invalidParameter(`placementStrategy type must be one of ${PLACEMENT_STRATEGY_TYPES.join(', ')}.`);
    }
  }
  if (launchType === 'FARGATE' && (constraints.length > 0 || strategy.length > 0)) {
    throw invalidParameter('Task placement constraints and strategies are not supported with the Fargate launch type.');
  }
}

export const RunTask: Handler = (p, ctx) => {
  const cluster = requireCluster(ctx, p.cluster);
  const clusterRecord = ctx.state.clusters.get(cluster);
  const clientToken = validClientToken(p.clientToken);
  const { clientToken: _token, ...rest } = p;
  const request = canonical({ ...rest, cluster });
  const tokenKey = clientToken === undefined ? undefined : `${cluster}/${clientToken}`;
  if (tokenKey !== undefined) {
    const seen = ctx.state.runTaskTokens.get(tokenKey);
    if (seen && ctx.now - seen.at > CLIENT_TOKEN_TTL_MS) ctx.state.runTaskTokens.delete(tokenKey);
    else if (seen) {
      if (seen.request !== request) {
        throw new AwsError(
          'ConflictException',
          'The clientToken was already used by a RunTask request with different parameters.',
          400,
          { resourceIds: [...seen.taskArns] },
        );
      }
      const tasks = seen.taskArns.map((arn) => ctx.state.tasks.get(arn)).filter((t): t is TaskRecord => t !== undefined);
      return runTaskAnswer(tasks, seen.failures);
    }
  }

  const td = runnableTaskDefinition(ctx, p.taskDefinition);
  const count = countOf(p.count);
  const placement = placementOf(p, td);
  checkNetwork(p, td);
  const overrides = validOverrides(p.overrides, td);
  const startedBy = validStartedBy(p.startedBy);
  const tags = taskTags(p, td, cluster);
  if (p.group !== undefined && p.group !== null && (typeof p.group !== 'string' || p.group === '' || p.group.length > MAX_GROUP_CHARS)) {
    throw invalidParameter(`group must be 1 to ${MAX_GROUP_CHARS} characters.`);
  }
  checkPlacement(p, placement.launchType);
  if (p.enableExecuteCommand !== undefined && p.enableExecuteCommand !== null && typeof p.enableExecuteCommand !== 'boolean') {
    throw invalidParameter('enableExecuteCommand must be a boolean.');
  }

  const scenario = scenarioFor(ctx.state.runTaskScenarios, td, overrides);
  let tasks: TaskRecord[] = [];
  const failures: JsonObject[] = [];
  if (scenario.kind === 'no-capacity') {
    for (let i = 0; i < count; i++) failures.push({ arn: td.arn, reason: 'RESOURCE:MEMORY' });
  } else {
    tasks = ctx.sim.runTasks(
      td,
      {
        clusterName: cluster,
        clusterArn: clusterRecord?.arn ?? arns.clusterArn(ctx.partition, cluster),
        group: typeof p.group === 'string' ? p.group : `family:${td.family}`,
        startedBy,
        launchType: placement.launchType,
        capacityProviderName: placement.capacityProviderName,
        platformVersion: placement.platformVersion,
        overrides,
        enableExecuteCommand: p.enableExecuteCommand === true,
        tags,
      },
      count,
      scenario,
      ctx.now,
    );
  }
  if (tokenKey !== undefined) {
    ctx.state.runTaskTokens.set(tokenKey, { request, taskArns: tasks.map((t) => t.arn), failures, at: ctx.now });
  }
  return runTaskAnswer(tasks, failures);
};

// ---- StopTask ------------------------------------------------------------------------------

export const StopTask: Handler = (p, ctx) => {
  const cluster = requireCluster(ctx, p.cluster);
  const ref = requireString(p.task, 'task');
  if (p.reason !== undefined && p.reason !== null && (typeof p.reason !== 'string' || p.reason.length > MAX_REASON_CHARS)) {
    throw invalidParameter(`reason can have at most ${MAX_REASON_CHARS} characters.`);
  }
  const task = ctx.state.tasks.get(arns.taskArn(ctx.partition, cluster, arns.taskId(ref)));
  if (!task) throw invalidParameter('The referenced task was not found.');
  stopTask(task, ctx.now, {
    stopCode: 'UserInitiated',
    stoppedReason: typeof p.reason === 'string' && p.reason !== '' ? p.reason : 'Task stopped by user',
    exitCode: 143,
  });
  return { task: renderTask(task, false) };
};
