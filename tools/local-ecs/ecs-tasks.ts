// ECS task operations: ListTasks, DescribeTasks.
import * as arns from './arns.js';
import type { Handler } from './context.js';
import { invalidParameter, serviceNotFound } from './errors.js';
import { requireCluster } from './ecs-services.js';
import { paginate } from './pagination.js';
import { renderTask } from './render.js';
import type { JsonObject } from './state.js';

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
        (startedBy === undefined || t.deploymentId === startedBy),
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
