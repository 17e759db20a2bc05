// The operations the endpoint answers, keyed `ecs:<Op>` / `ecr:<Op>`, and the X-Amz-Target
// prefixes of the two services.
import type { Handler } from './context.js';
import { DescribeImages, DescribeRepositories } from './ecr-ops.js';
import { DescribeServiceDeployments, DescribeServiceRevisions, ListServiceDeployments } from './ecs-deployments.js';
import { DescribeClusters, DescribeServices, ListServices, UpdateService } from './ecs-services.js';
import { ListTagsForResource, TagResource, UntagResource } from './ecs-tags.js';
import {
  DeregisterTaskDefinition,
  DescribeTaskDefinition,
  ListTaskDefinitionFamilies,
  ListTaskDefinitions,
  RegisterTaskDefinition,
} from './ecs-task-definitions.js';
import { DescribeTasks, ListTasks } from './ecs-tasks.js';

const TARGET_PREFIXES: Record<string, string> = {
  'AmazonEC2ContainerServiceV20141113.': 'ecs',
  'AmazonEC2ContainerRegistry_V20150921.': 'ecr',
};

export const handlers: Readonly<Record<string, Handler>> = {
  'ecs:DescribeClusters': DescribeClusters,
  'ecs:DescribeServices': DescribeServices,
  'ecs:ListServices': ListServices,
  'ecs:UpdateService': UpdateService,
  'ecs:RegisterTaskDefinition': RegisterTaskDefinition,
  'ecs:DescribeTaskDefinition': DescribeTaskDefinition,
  'ecs:DeregisterTaskDefinition': DeregisterTaskDefinition,
  'ecs:ListTaskDefinitions': ListTaskDefinitions,
  'ecs:ListTaskDefinitionFamilies': ListTaskDefinitionFamilies,
  'ecs:TagResource': TagResource,
  'ecs:UntagResource': UntagResource,
  'ecs:ListTagsForResource': ListTagsForResource,
  'ecs:ListTasks': ListTasks,
  'ecs:DescribeTasks': DescribeTasks,
  'ecs:ListServiceDeployments': ListServiceDeployments,
  'ecs:DescribeServiceDeployments': DescribeServiceDeployments,
  'ecs:DescribeServiceRevisions': DescribeServiceRevisions,
  'ecr:DescribeImages': DescribeImages,
  'ecr:DescribeRepositories': DescribeRepositories,
};

/** `ecs:DescribeServices` from `AmazonEC2ContainerServiceV20141113.DescribeServices`. */
export function operationOf(target: string): string {
  for (const [prefix, service] of Object.entries(TARGET_PREFIXES)) {
    if (target.startsWith(prefix)) return `${service}:${target.slice(prefix.length)}`;
  }
  return `unknown:${target}`;
}
