// ECS service operations: DescribeServices, UpdateService, ListServices.
import * as arns from './arns.js';
import type { Handler, OpContext } from './context.js';
import { validateStrategyFields } from './deployment-strategy.js';
import {
  clientException,
  clusterNotFound,
  invalidParameter,
  requireString,
  serviceNotActive,
  serviceNotFound,
} from './errors.js';
import { paginate } from './pagination.js';
import { renderService } from './render.js';
import type { JsonObject, ServiceRecord } from './state.js';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The cluster named by a request, which must exist. */
export function requireCluster(ctx: OpContext, value: unknown): string {
  const name = arns.clusterName(typeof value === 'string' ? value : undefined);
  if (!ctx.state.clusters.has(name)) throw clusterNotFound();
  return name;
}

/** The service named (by name or ARN) in a request, which must exist. */
export function requireService(ctx: OpContext, clusterParam: unknown, serviceParam: unknown): ServiceRecord {
  const cluster = requireCluster(ctx, clusterParam);
  const ref = arns.parseService(requireString(serviceParam, 'service'));
  const svc = ctx.state.service(ref.cluster ?? cluster, ref.name);
  if (!svc) throw serviceNotFound();
  return svc;
}

export const DescribeServices: Handler = (p, ctx) => {
  const cluster = requireCluster(ctx, p.cluster);
  if (!Array.isArray(p.services) || p.services.length === 0) throw invalidParameter('services cannot be empty.');
  if (p.services.length > 10) throw invalidParameter('services can have at most 10 items.');
  const includeTags = Array.isArray(p.include) && p.include.includes('TAGS');
  const services: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const raw of p.services) {
    const ref = arns.parseService(String(raw));
    const svc = ctx.state.service(ref.cluster ?? cluster, ref.name);
    if (svc) services.push(renderService(ctx.state, svc, includeTags));
    else failures.push({ arn: arns.serviceArn(ctx.partition, ref.cluster ?? cluster, ref.name), reason: 'MISSING' });
  }
  return { services, failures };
};

export const UpdateService: Handler = (p, ctx) => {
  const svc = requireService(ctx, p.cluster, p.service);
  if (svc.status !== 'ACTIVE') throw serviceNotActive();

  const desiredCount = p.desiredCount;
  if (desiredCount !== undefined && (typeof desiredCount !== 'number' || !Number.isInteger(desiredCount) || desiredCount < 0)) {
    throw invalidParameter('desiredCount must be a non-negative integer.');
  }
  let td = ctx.state.taskDefinitions.get(svc.taskDefinition);
  if (p.taskDefinition !== undefined) {
    const ref = requireString(p.taskDefinition, 'taskDefinition');
    td = ctx.state.findTaskDefinition(ref);
    if (!td) throw clientException('TaskDefinition not found.');
    if (td.status !== 'ACTIVE') throw clientException('TaskDefinition is inactive');
  }
  const newTaskDefinition = td !== undefined && td.arn !== svc.taskDefinition;
  const force = p.forceNewDeployment === true;
  if (svc.deploymentController !== 'ECS' && (newTaskDefinition || force)) {
    const how = svc.deploymentController === 'CODE_DEPLOY' ? 'Use AWS CodeDeploy' : 'Use task sets';
    throw invalidParameter(
      `Unable to update task definition on services with a ${svc.deploymentController} deployment controller. ` +
        `${how} to trigger a new deployment.`,
    );
  }
  if (p.deploymentConfiguration !== undefined) {
    if (!isObject(p.deploymentConfiguration)) throw invalidParameter('deploymentConfiguration must be an object.');
    const alarms = p.deploymentConfiguration.alarms;
    if (alarms !== undefined && (!isObject(alarms) || !Array.isArray(alarms.alarmNames))) {
      throw invalidParameter('deploymentConfiguration.alarms.alarmNames must be specified.');
    }
    // ECS keeps every field the request leaves out.
    const merged = { ...svc.deploymentConfiguration, ...structuredClone(p.deploymentConfiguration) };
    validateStrategyFields(merged);
    svc.deploymentConfiguration = merged;
  }
  let networkChanged = false;
  if (isObject(p.networkConfiguration)) {
    networkChanged = JSON.stringify(p.networkConfiguration) !== JSON.stringify(svc.networkConfiguration);
    svc.networkConfiguration = structuredClone(p.networkConfiguration);
  }

  if (td && (newTaskDefinition || force || networkChanged)) {
    if (desiredCount !== undefined) svc.desiredCount = desiredCount;
    ctx.sim.deploy(svc, td, ctx.now);
  } else if (desiredCount !== undefined && desiredCount !== svc.desiredCount) {
    ctx.sim.scale(svc, desiredCount, ctx.now);
  }
  return { service: renderService(ctx.state, svc, false) };
};

const LIST_SERVICES_PAGE = { defaultSize: 10, maxSize: 100 };
const LAUNCH_TYPES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'];
const SCHEDULING_STRATEGIES = ['REPLICA', 'DAEMON'];

/**
 * ListServices: the ARNs of a cluster's services (ACTIVE and DRAINING, in creation order), filtered by
 * `launchType` (a service with a capacity provider strategy has none) and `schedulingStrategy` (every
 * service here is REPLICA); `maxResults` 1..100, default 10.
 */
export const ListServices: Handler = (p, ctx) => {
  const cluster = requireCluster(ctx, p.cluster);
  const launchType = p.launchType ?? undefined;
  if (launchType !== undefined && (typeof launchType !== 'string' || !LAUNCH_TYPES.includes(launchType))) {
    throw invalidParameter(`launchType must be one of ${LAUNCH_TYPES.join(', ')}.`);
  }
  const strategy = p.schedulingStrategy ?? undefined;
  if (strategy !== undefined && (typeof strategy !== 'string' || !SCHEDULING_STRATEGIES.includes(strategy))) {
    throw invalidParameter(`schedulingStrategy must be one of ${SCHEDULING_STRATEGIES.join(', ')}.`);
  }
  const matching = [...ctx.state.services.values()].filter(
    (s) =>
      s.clusterName === cluster &&
      s.status !== 'INACTIVE' &&
      (launchType === undefined || s.launchType === launchType) &&
      (strategy === undefined || strategy === 'REPLICA'),
  );
  const page = paginate(matching, p.maxResults, p.nextToken, LIST_SERVICES_PAGE);
  return { serviceArns: page.items.map((s) => s.arn), nextToken: page.nextToken };
};
