// The operations the endpoint answers, keyed `ecs:<Op>` / `ecr:<Op>` / `logs:<Op>` / `ssm:<Op>`, and
// the X-Amz-Target prefixes of the four services.
import type { Handler } from './context.js';
import { DescribeImages } from './ecr-ops.js';
import {
  ContinueServiceDeployment,
  DescribeServiceDeployments,
  ListServiceDeployments,
  StopServiceDeployment,
} from './ecs-deployments.js';
import { DescribeServices, UpdateService } from './ecs-services.js';
import { TagResource } from './ecs-tags.js';
import {
  DeregisterTaskDefinition,
  DescribeTaskDefinition,
  ListTaskDefinitions,
  RegisterTaskDefinition,
} from './ecs-task-definitions.js';
import { DescribeTasks, ListTasks, RunTask, StopTask } from './ecs-tasks.js';
import { GetLogEvents } from './logs-ops.js';
import { DescribeParameters, GetParameter, PutParameter } from './ssm-ops.js';

const TARGET_PREFIXES: Record<string, string> = {
  'AmazonEC2ContainerServiceV20141113.': 'ecs',
  'AmazonEC2ContainerRegistry_V20150921.': 'ecr',
  'Logs_20140328.': 'logs',
  'AmazonSSM.': 'ssm',
};

export const handlers: Readonly<Record<string, Handler>> = {
  'ecs:DescribeServices': DescribeServices,
  'ecs:UpdateService': UpdateService,
  'ecs:RegisterTaskDefinition': RegisterTaskDefinition,
  'ecs:DescribeTaskDefinition': DescribeTaskDefinition,
  'ecs:DeregisterTaskDefinition': DeregisterTaskDefinition,
  'ecs:ListTaskDefinitions': ListTaskDefinitions,
  'ecs:TagResource': TagResource,
  'ecs:ListTasks': ListTasks,
  'ecs:DescribeTasks': DescribeTasks,
  'ecs:RunTask': RunTask,
  'ecs:StopTask': StopTask,
  'ecs:ListServiceDeployments': ListServiceDeployments,
  'ecs:DescribeServiceDeployments': DescribeServiceDeployments,
  'ecs:ContinueServiceDeployment': ContinueServiceDeployment,
  'ecs:StopServiceDeployment': StopServiceDeployment,
  'ecr:DescribeImages': DescribeImages,
  'logs:GetLogEvents': GetLogEvents,
  'ssm:DescribeParameters': DescribeParameters,
  'ssm:GetParameter': GetParameter,
  'ssm:PutParameter': PutParameter,
};

/** `ecs:DescribeServices` from `AmazonEC2ContainerServiceV20141113.DescribeServices`. */
export function operationOf(target: string): string {
  for (const [prefix, service] of Object.entries(TARGET_PREFIXES)) {
    if (target.startsWith(prefix)) return `${service}:${target.slice(prefix.length)}`;
  }
  return `unknown:${target}`;
}
