// The operations the endpoint answers, keyed `ecs:<Op>` / `ecr:<Op>` / `logs:<Op>` / `ssm:<Op>` /
// `events:<Op>` / `scheduler:<Op>`; the X-Amz-Target prefixes of the JSON 1.1 services, and the REST routes of
// EventBridge Scheduler (REST-JSON).
import type { Handler } from './context.js';
import { DescribeImages } from './ecr-ops.js';
import {
  ContinueServiceDeployment,
  DescribeServiceDeployments,
  DescribeServiceRevisions,
  ListServiceDeployments,
  StopServiceDeployment,
} from './ecs-deployments.js';
import { DescribeServices, ListServices, UpdateService } from './ecs-services.js';
import { TagResource } from './ecs-tags.js';
import {
  DeleteTaskDefinitions,
  DeregisterTaskDefinition,
  DescribeTaskDefinition,
  ListTaskDefinitions,
  RegisterTaskDefinition,
} from './ecs-task-definitions.js';
import { DescribeTasks, ListTasks, RunTask, StopTask } from './ecs-tasks.js';
import { DescribeRule, ListTargetsByRule, PutTargets } from './events-ops.js';
import { GetLogEvents } from './logs-ops.js';
import { GetSchedule, UpdateSchedule } from './scheduler-ops.js';
import { DescribeParameters, GetParameter, PutParameter } from './ssm-ops.js';

const TARGET_PREFIXES: Record<string, string> = {
  'AmazonEC2ContainerServiceV20141113.': 'ecs',
  'AmazonEC2ContainerRegistry_V20150921.': 'ecr',
  'Logs_20140328.': 'logs',
  'AmazonSSM.': 'ssm',
  'AWSEvents.': 'events',
};

export const handlers: Readonly<Record<string, Handler>> = {
  'ecs:DescribeServices': DescribeServices,
  'ecs:UpdateService': UpdateService,
  'ecs:ListServices': ListServices,
  'ecs:RegisterTaskDefinition': RegisterTaskDefinition,
  'ecs:DescribeTaskDefinition': DescribeTaskDefinition,
  'ecs:DeregisterTaskDefinition': DeregisterTaskDefinition,
  'ecs:DeleteTaskDefinitions': DeleteTaskDefinitions,
  'ecs:ListTaskDefinitions': ListTaskDefinitions,
  'ecs:TagResource': TagResource,
  'ecs:ListTasks': ListTasks,
  'ecs:DescribeTasks': DescribeTasks,
  'ecs:RunTask': RunTask,
  'ecs:StopTask': StopTask,
  'ecs:ListServiceDeployments': ListServiceDeployments,
  'ecs:DescribeServiceDeployments': DescribeServiceDeployments,
  'ecs:DescribeServiceRevisions': DescribeServiceRevisions,
  'ecs:ContinueServiceDeployment': ContinueServiceDeployment,
  'ecs:StopServiceDeployment': StopServiceDeployment,
  'ecr:DescribeImages': DescribeImages,
  'logs:GetLogEvents': GetLogEvents,
  'ssm:DescribeParameters': DescribeParameters,
  'ssm:GetParameter': GetParameter,
  'ssm:PutParameter': PutParameter,
  'events:DescribeRule': DescribeRule,
  'events:ListTargetsByRule': ListTargetsByRule,
  'events:PutTargets': PutTargets,
  'scheduler:GetSchedule': GetSchedule,
  'scheduler:UpdateSchedule': UpdateSchedule,
};

/** How an operation's requests and answers are carried. */
export type Protocol = 'json' | 'rest-json';

/** A REST route: method, path with `{Label}` segments, and the query parameters mapped to members. */
interface RestRoute {
  method: string;
  path: string;
  operation: string;
  query?: Record<string, string>;
}

// Every operation of EventBridge Scheduler (as the SDK's model routes them), so that one this endpoint does not
// answer is still named (and refused with UnknownOperationException) rather than taken for another.
const REST_ROUTES: RestRoute[] = [
  { method: 'GET', path: '/schedules/{Name}', operation: 'scheduler:GetSchedule', query: { groupName: 'GroupName' } },
  { method: 'PUT', path: '/schedules/{Name}', operation: 'scheduler:UpdateSchedule' },
  { method: 'POST', path: '/schedules/{Name}', operation: 'scheduler:CreateSchedule' },
  { method: 'DELETE', path: '/schedules/{Name}', operation: 'scheduler:DeleteSchedule', query: { groupName: 'GroupName', clientToken: 'ClientToken' } },
  { method: 'GET', path: '/schedules', operation: 'scheduler:ListSchedules', query: { ScheduleGroup: 'GroupName', NamePrefix: 'NamePrefix', State: 'State', NextToken: 'NextToken', MaxResults: 'MaxResults' } },
  { method: 'GET', path: '/schedule-groups/{Name}', operation: 'scheduler:GetScheduleGroup' },
  { method: 'POST', path: '/schedule-groups/{Name}', operation: 'scheduler:CreateScheduleGroup' },
  { method: 'DELETE', path: '/schedule-groups/{Name}', operation: 'scheduler:DeleteScheduleGroup', query: { clientToken: 'ClientToken' } },
  { method: 'GET', path: '/schedule-groups', operation: 'scheduler:ListScheduleGroups', query: { NamePrefix: 'NamePrefix', NextToken: 'NextToken', MaxResults: 'MaxResults' } },
  { method: 'GET', path: '/tags/{ResourceArn}', operation: 'scheduler:ListTagsForResource' },
  { method: 'POST', path: '/tags/{ResourceArn}', operation: 'scheduler:TagResource' },
  { method: 'DELETE', path: '/tags/{ResourceArn}', operation: 'scheduler:UntagResource', query: { TagKeys: 'TagKeys' } },
];

/**
 * The operation of a REST request and the members its path and query carry (`{ Name, GroupName }` for
 * `GET /schedules/n?groupName=g`); undefined when no route matches.
 */
export function restOperationOf(method: string, url: string): { operation: string; members: Record<string, string> } | undefined {
  const parsed = new URL(url, 'http://local');
  const segments = parsed.pathname.split('/').slice(1);
  for (const route of REST_ROUTES) {
    if (route.method !== method) continue;
    const parts = route.path.split('/').slice(1);
    if (parts.length !== segments.length) continue;
    const members: Record<string, string> = {};
    const matches = parts.every((part, i) => {
      const segment = segments[i] ?? '';
      const label = /^\{(\w+)\}$/.exec(part)?.[1];
      if (label === undefined) return part === segment;
      if (segment === '') return false;
      try {
        members[label] = decodeURIComponent(segment);
      } catch {
        return false;
      }
      return true;
    });
    if (!matches) continue;
    for (const [key, member] of Object.entries(route.query ?? {})) {
      const value = parsed.searchParams.get(key);
      if (value !== null) members[member] = value;
    }
    return { operation: route.operation, members };
  }
  return undefined;
}

/** `ecs:DescribeServices` from `AmazonEC2ContainerServiceV20141113.DescribeServices`. */
export function operationOf(target: string): string {
  for (const [prefix, service] of Object.entries(TARGET_PREFIXES)) {
    if (target.startsWith(prefix)) return `${service}:${target.slice(prefix.length)}`;
  }
  return `unknown:${target}`;
}
