/** Thin adapters over the ECS API: one call each, errors worded by awsCall. */
import {
  ContinueServiceDeploymentCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopServiceDeploymentCommand,
  StopTaskCommand,
  TagResourceCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Failure,
  type RegisterTaskDefinitionCommandInput,
  type RunTaskCommandInput,
  type Service,
  type ServiceDeployment,
  type ServiceDeploymentBrief,
  type ServiceDeploymentStatus,
  type Task,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { DeployError } from '../core/errors.js';
import type { DescribedWithTags } from '../core/revisions.js';
import type { DescribedTaskDefinition, Tag, TaskDefinitionInput } from '../core/types.js';
import { awsCall } from './call.js';

function toTags(tags: Array<{ key?: string; value?: string }> | undefined): Tag[] {
  return (tags ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? '' }));
}

/** DescribeServices for one service (with its tags when asked); a missing service is a DeployError. */
export async function describeService(ecs: ECSClient, cluster: string, service: string, withTags = false): Promise<Service> {
  const out = await awsCall(`Describing service "${service}" in cluster "${cluster}"`, 'ecs:DescribeServices', () =>
    ecs.send(new DescribeServicesCommand({ cluster, services: [service], ...(withTags ? { include: ['TAGS'] } : {}) })),
  );
  const found = out.services?.[0];
  if (!found) {
    const reason = out.failures?.[0]?.reason ?? 'MISSING';
    throw new DeployError(
      `Service "${service}" was not found in cluster "${cluster}" (${reason}). Check the "service", "cluster" and "region" inputs.`,
    );
  }
  return found;
}

/** DescribeTaskDefinition with its tags. */
export async function describeTaskDefinition(ecs: ECSClient, ref: string, what = 'task definition'): Promise<DescribedWithTags> {
  const out = await awsCall(`Describing ${what} "${ref}"`, 'ecs:DescribeTaskDefinition', () =>
    ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: ref, include: ['TAGS'] })),
    // ECS answers a task definition that does not exist with ClientException ("Unable to describe task definition").
    ['ClientException'],
  );
  if (!out.taskDefinition) throw new DeployError(`Describing ${what} "${ref}" returned no task definition.`);
  return { taskDefinition: out.taskDefinition as unknown as DescribedTaskDefinition, tags: toTags(out.tags) };
}

/** RegisterTaskDefinition; returns the registered revision as ECS describes it. */
export async function registerTaskDefinition(ecs: ECSClient, input: TaskDefinitionInput): Promise<DescribedWithTags> {
  const out = await awsCall(`Registering a revision of family "${input.family}"`, 'ecs:RegisterTaskDefinition', () =>
    ecs.send(new RegisterTaskDefinitionCommand(input as unknown as RegisterTaskDefinitionCommandInput)),
  );
  if (!out.taskDefinition?.taskDefinitionArn) throw new DeployError(`Registering family "${input.family}" returned no task definition.`);
  return { taskDefinition: out.taskDefinition as unknown as DescribedTaskDefinition, tags: toTags(out.tags) };
}

/** DeregisterTaskDefinition of one revision. */
export async function deregisterTaskDefinition(ecs: ECSClient, arn: string): Promise<void> {
  await awsCall(`Deregistering task definition "${arn}"`, 'ecs:DeregisterTaskDefinition', () =>
    ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn })),
  );
}

/** DeleteTaskDefinitions of up to 10 deregistered revisions: those ECS took, and its failures (arn and reason). */
export async function deleteTaskDefinitions(ecs: ECSClient, arns: readonly string[]): Promise<{ deleted: string[]; failures: Failure[] }> {
  const out = await awsCall(`Deleting ${arns.length} deregistered task definition(s)`, 'ecs:DeleteTaskDefinitions', () =>
    ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: [...arns] })),
  );
  return { deleted: (out.taskDefinitions ?? []).map((t) => t.taskDefinitionArn).filter((a): a is string => !!a), failures: out.failures ?? [] };
}

/** UpdateService; returns the service as ECS answers it (with the new PRIMARY deployment). */
export async function updateService(ecs: ECSClient, input: UpdateServiceCommandInput): Promise<Service> {
  const out = await awsCall(`Updating service "${input.service}"`, 'ecs:UpdateService', () => ecs.send(new UpdateServiceCommand(input)));
  if (!out.service) throw new DeployError(`Updating service "${input.service}" returned no service.`);
  return out.service;
}

/** TagResource on a task definition revision. */
export async function tagResource(ecs: ECSClient, arn: string, tags: Tag[]): Promise<void> {
  await awsCall(`Tagging "${arn}"`, 'ecs:TagResource', () => ecs.send(new TagResourceCommand({ resourceArn: arn, tags })));
}

/** One page of ListTaskDefinitions for a family. */
export async function listTaskDefinitions(
  ecs: ECSClient,
  family: string,
  status: 'ACTIVE' | 'INACTIVE',
  nextToken?: string,
): Promise<{ arns: string[]; nextToken?: string }> {
  const out = await awsCall(`Listing revisions of family "${family}"`, 'ecs:ListTaskDefinitions', () =>
    ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status, sort: 'DESC', nextToken, maxResults: 100 })),
  );
  const page: { arns: string[]; nextToken?: string } = { arns: out.taskDefinitionArns ?? [] };
  if (out.nextToken) page.nextToken = out.nextToken;
  return page;
}

/** ListServiceDeployments of a service, newest first. */
export async function listServiceDeployments(
  ecs: ECSClient,
  cluster: string,
  service: string,
  filter: { status?: ServiceDeploymentStatus[]; createdAfter?: Date } = {},
): Promise<ServiceDeploymentBrief[]> {
  const out = await awsCall(`Listing deployments of service "${service}"`, 'ecs:ListServiceDeployments', () =>
    ecs.send(
      new ListServiceDeploymentsCommand({
        cluster,
        service,
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.createdAfter ? { createdAt: { after: filter.createdAfter } } : {}),
      }),
    ),
  );
  return out.serviceDeployments ?? [];
}

/** One page (up to 20, as many as one DescribeServiceRevisions takes) of ListServiceDeployments in `status`, newest first. */
export async function listServiceDeploymentPage(
  ecs: ECSClient,
  cluster: string,
  service: string,
  status: ServiceDeploymentStatus[],
  nextToken?: string,
): Promise<{ deployments: ServiceDeploymentBrief[]; nextToken?: string }> {
  const out = await awsCall(`Listing deployments of service "${service}"`, 'ecs:ListServiceDeployments', () =>
    ecs.send(new ListServiceDeploymentsCommand({ cluster, service, status, maxResults: 20, ...(nextToken ? { nextToken } : {}) })),
  );
  const page: { deployments: ServiceDeploymentBrief[]; nextToken?: string } = { deployments: out.serviceDeployments ?? [] };
  if (out.nextToken) page.nextToken = out.nextToken;
  return page;
}

/** DescribeServiceRevisions of up to 20 service revisions: the task definition ARN of each one ECS knows. */
export async function serviceRevisionTaskDefinitions(ecs: ECSClient, arns: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (arns.length === 0) return found;
  const out = await awsCall(`Describing ${arns.length} service revision(s)`, 'ecs:DescribeServiceRevisions', () =>
    ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [...arns] })),
  );
  for (const r of out.serviceRevisions ?? []) if (r.serviceRevisionArn && r.taskDefinition) found.set(r.serviceRevisionArn, r.taskDefinition);
  return found;
}

/** DescribeServiceDeployments of one service deployment. */
export async function describeServiceDeployment(ecs: ECSClient, arn: string): Promise<ServiceDeployment | undefined> {
  const out = await awsCall(`Describing service deployment "${arn}"`, 'ecs:DescribeServiceDeployments', () =>
    ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })),
  );
  return out.serviceDeployments?.[0];
}

/** The stopped tasks of a service (ListTasks + DescribeTasks), newest first, at most `limit`. */
export async function describeStoppedTasks(ecs: ECSClient, cluster: string, service: string, limit = 10): Promise<Task[]> {
  const list = await awsCall(`Listing stopped tasks of service "${service}"`, 'ecs:ListTasks', () =>
    ecs.send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'STOPPED', maxResults: 100 })),
  );
  const arns = (list.taskArns ?? []).slice(0, 100);
  if (arns.length === 0) return [];
  const out = await awsCall(`Describing stopped tasks of service "${service}"`, 'ecs:DescribeTasks', () =>
    ecs.send(new DescribeTasksCommand({ cluster, tasks: arns })),
  );
  const tasks = out.tasks ?? [];
  const time = (t: Task) => (t.stoppedAt ?? t.createdAt ?? new Date(0)).getTime();
  return tasks.sort((a, b) => time(b) - time(a)).slice(0, limit);
}

/** RunTask: the task it started, or ECS's failures when it started none. */
export async function runTask(ecs: ECSClient, input: RunTaskCommandInput): Promise<{ task?: Task; failures: Failure[] }> {
  const out = await awsCall(`Running a task of "${input.taskDefinition}"`, 'ecs:RunTask', () => ecs.send(new RunTaskCommand(input)));
  const task = out.tasks?.[0];
  return { ...(task ? { task } : {}), failures: out.failures ?? [] };
}

/** DescribeTasks of one task; undefined when ECS no longer knows it. */
export async function describeTask(ecs: ECSClient, cluster: string, taskArn: string): Promise<Task | undefined> {
  const out = await awsCall(`Describing task "${taskArn}"`, 'ecs:DescribeTasks', () => ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] })));
  return out.tasks?.[0];
}

/** StopTask with a reason (ECS keeps at most 255 characters of it). */
export async function stopTask(ecs: ECSClient, cluster: string, taskArn: string, reason: string): Promise<void> {
  await awsCall(`Stopping task "${taskArn}"`, 'ecs:StopTask', () => ecs.send(new StopTaskCommand({ cluster, task: taskArn, reason: reason.slice(0, 255) })));
}

/** ContinueServiceDeployment: resolve the PAUSE hook `hookId` with CONTINUE or ROLLBACK. */
export async function continueServiceDeployment(ecs: ECSClient, arn: string, hookId: string, action: 'CONTINUE' | 'ROLLBACK'): Promise<void> {
  await awsCall(`Resolving the pause of service deployment "${arn}" with ${action}`, 'ecs:ContinueServiceDeployment', () =>
    ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId, action })),
  );
}

/** StopServiceDeployment with stopType ROLLBACK: ECS rolls the service back to the revision it served before. */
export async function stopServiceDeployment(ecs: ECSClient, arn: string): Promise<void> {
  await awsCall(`Stopping service deployment "${arn}" with a rollback`, 'ecs:StopServiceDeployment', () =>
    ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' })),
  );
}
