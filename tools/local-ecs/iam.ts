// The IAM allow-list: which actions the caller may perform, and the resource an AccessDenied
// message names for each operation.
import * as arns from './arns.js';
import type { Partition } from './arns.js';
import type { JsonObject } from './state.js';

/** `ecs:Describe*`-style patterns; IAM compares actions case-insensitively. */
export function isAllowed(allow: readonly string[] | null, action: string): boolean {
  if (allow === null) return true;
  return allow.some((pattern) => {
    const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
    return re.test(action);
  });
}

const first = (value: unknown): string | undefined =>
  Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;

/** The ARN of the parameter a GetParameter/PutParameter `Name` (name, `name:selector` or ARN) names. */
function parameterResource(name: string, partition: Partition): string {
  if (name.startsWith('arn:')) return name.replace(/(:parameter\/[^:]*):.*$/, '$1');
  return arns.parameterArn(partition, name.split(':')[0] ?? name);
}

/** The resource ARN that an authorization failure of `action` with `params` names. */
export function resourceFor(action: string, params: JsonObject, partition: Partition): string {
  const cluster = arns.clusterName(typeof params.cluster === 'string' ? params.cluster : undefined);
  const serviceArnOf = (ref: string | undefined): string => {
    if (ref === undefined) return '*';
    const s = arns.parseService(ref);
    return arns.serviceArn(partition, s.cluster ?? cluster, s.name);
  };
  switch (action) {
    case 'ecs:DescribeServices':
      return serviceArnOf(first(params.services));
    case 'ecs:UpdateService':
    case 'ecs:ListServiceDeployments':
      return serviceArnOf(typeof params.service === 'string' ? params.service : undefined);
    case 'ecs:DescribeServiceDeployments':
      return first(params.serviceDeploymentArns) ?? '*';
    case 'ecs:DescribeServiceRevisions':
      return first(params.serviceRevisionArns) ?? '*';
    case 'ecs:ContinueServiceDeployment':
    case 'ecs:StopServiceDeployment':
      return typeof params.serviceDeploymentArn === 'string' && params.serviceDeploymentArn !== '' ? params.serviceDeploymentArn : '*';
    case 'ecs:DescribeTasks': {
      const task = first(params.tasks);
      return task === undefined ? '*' : arns.taskArn(partition, cluster, arns.taskId(task));
    }
    case 'ecs:StopTask':
      return typeof params.task === 'string' ? arns.taskArn(partition, cluster, arns.taskId(params.task)) : '*';
    case 'ecs:RunTask':
    case 'ecs:DeleteTaskDefinitions': {
      const named = action === 'ecs:RunTask' ? params.taskDefinition : first(params.taskDefinitions);
      const ref = typeof named === 'string' ? arns.parseTaskDefinitionRef(named) : undefined;
      if (!ref) return '*';
      return ref.revision === undefined
        ? `arn:aws:ecs:${partition.region}:${partition.accountId}:task-definition/${ref.family}`
        : arns.taskDefinitionArn(partition, ref.family, ref.revision);
    }
    case 'logs:GetLogEvents': {
      const id = typeof params.logGroupName === 'string' ? params.logGroupName : typeof params.logGroupIdentifier === 'string' ? params.logGroupIdentifier : undefined;
      const group = id === undefined ? '*' : (arns.logGroupName(partition, id) ?? id);
      return arns.logStreamArn(partition, group, typeof params.logStreamName === 'string' ? params.logStreamName : '*');
    }
    case 'ssm:GetParameter':
    case 'ssm:PutParameter':
      return typeof params.Name === 'string' && params.Name !== '' ? parameterResource(params.Name, partition) : '*';
    case 'ecs:ListServices':
      // ListServices has no resource-level permissions (the ecs:cluster condition key names the cluster).
      return '*';
    case 'events:DescribeRule':
    case 'events:ListTargetsByRule':
    case 'events:PutTargets': {
      const rule = action === 'events:DescribeRule' ? params.Name : params.Rule;
      const bus = arns.eventBusName(partition, typeof params.EventBusName === 'string' ? params.EventBusName : undefined);
      return typeof rule === 'string' && rule !== '' && bus !== undefined ? arns.eventRuleArn(partition, bus, rule) : '*';
    }
    case 'scheduler:GetSchedule':
    case 'scheduler:UpdateSchedule': {
      const group = typeof params.GroupName === 'string' && params.GroupName !== '' ? params.GroupName : 'default';
      return typeof params.Name === 'string' && params.Name !== '' ? arns.scheduleArn(partition, group, params.Name) : '*';
    }
    case 'ecs:TagResource':
      return typeof params.resourceArn === 'string' ? params.resourceArn : '*';
    case 'ecr:DescribeImages': {
      const registry = typeof params.registryId === 'string' ? params.registryId : partition.accountId;
      return arns.repositoryArn(partition.region, registry, String(params.repositoryName ?? '*'));
    }
    default:
      return '*';
  }
}
