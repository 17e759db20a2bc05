/**
 * Shapes shared by the pure modules. Task definitions are handled as open records: every field the
 * template carries is kept, whether or not this code knows its name, so that a field ECS adds later
 * is not dropped by an allow-list.
 */

export interface KeyValuePair {
  name: string;
  value: string;
}

export interface SecretRef {
  name: string;
  valueFrom: string;
}

export interface Tag {
  key: string;
  value: string;
}

export interface ContainerDefinition {
  name: string;
  image?: string;
  environment?: KeyValuePair[];
  secrets?: SecretRef[];
  [field: string]: unknown;
}

/** What DescribeTaskDefinition returns as `taskDefinition` (read-only fields included). */
export interface DescribedTaskDefinition {
  family: string;
  containerDefinitions: ContainerDefinition[];
  taskDefinitionArn?: string;
  revision?: number;
  status?: string;
  [field: string]: unknown;
}

/** The body of a RegisterTaskDefinition request, tags included. */
export interface TaskDefinitionInput {
  family: string;
  containerDefinitions: ContainerDefinition[];
  tags?: Tag[];
  [field: string]: unknown;
}
