// ARN formats of ECS, ECR, CloudWatch Logs and SSM Parameter Store resources, and parsing of the
// name-or-ARN parameters they accept.

export interface Partition {
  region: string;
  accountId: string;
}

const ecs = (p: Partition, resource: string): string => `arn:aws:ecs:${p.region}:${p.accountId}:${resource}`;

export const clusterArn = (p: Partition, cluster: string): string => ecs(p, `cluster/${cluster}`);

export const serviceArn = (p: Partition, cluster: string, service: string): string =>
  ecs(p, `service/${cluster}/${service}`);

export const taskDefinitionArn = (p: Partition, family: string, revision: number): string =>
  ecs(p, `task-definition/${family}:${revision}`);

export const taskArn = (p: Partition, cluster: string, id: string): string => ecs(p, `task/${cluster}/${id}`);

export const containerArn = (p: Partition, cluster: string, taskId: string, id: string): string =>
  ecs(p, `container/${cluster}/${taskId}/${id}`);

export const serviceDeploymentArn = (p: Partition, cluster: string, service: string, id: string): string =>
  ecs(p, `service-deployment/${cluster}/${service}/${id}`);

export const serviceRevisionArn = (p: Partition, cluster: string, service: string, id: string): string =>
  ecs(p, `service-revision/${cluster}/${service}/${id}`);

export const repositoryArn = (region: string, registryId: string, name: string): string =>
  `arn:aws:ecr:${region}:${registryId}:repository/${name}`;

/** A log group as DescribeLogGroups shows its `arn` (with the `:*` suffix). */
export const logGroupArn = (p: Partition, group: string): string => `arn:aws:logs:${p.region}:${p.accountId}:log-group:${group}:*`;

export const logStreamArn = (p: Partition, group: string, stream: string): string =>
  `arn:aws:logs:${p.region}:${p.accountId}:log-group:${group}:log-stream:${stream}`;

/** Log group name from a name or a log group ARN (with or without `:*`); undefined for another account or region. */
export function logGroupName(p: Partition, value: string): string | undefined {
  const m = /^arn:aws[a-z-]*:logs:([^:]*):([^:]*):log-group:(.+?)(?::\*)?$/.exec(value);
  if (!m) return value;
  return m[1] === p.region && m[2] === p.accountId ? m[3] : undefined;
}

/** An SSM parameter: `arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>`. */
export const parameterArn = (p: Partition, name: string): string =>
  `arn:aws:ssm:${p.region}:${p.accountId}:parameter/${name.startsWith('/') ? name.slice(1) : name}`;

/**
 * The part after `parameter/` of an SSM parameter ARN (selector included), with the ARN's region and
 * account; undefined for anything that is not such an ARN.
 */
export function parseParameterArn(value: string): { region: string; accountId: string; rest: string } | undefined {
  const m = /^arn:aws[a-z-]*:ssm:([^:]*):([^:]*):parameter\/(.*)$/.exec(value);
  return m ? { region: m[1] ?? '', accountId: m[2] ?? '', rest: m[3] ?? '' } : undefined;
}

/** The part after `:<account>:` of an ARN, or undefined for a plain name. */
function resourcePart(value: string, service: string): string | undefined {
  const m = new RegExp(`^arn:aws[a-z-]*:${service}:[^:]*:[^:]*:(.+)$`).exec(value);
  return m?.[1];
}

/** Cluster name from a name or a cluster ARN (`default` when absent). */
export function clusterName(value: string | undefined): string {
  if (!value) return 'default';
  const res = resourcePart(value, 'ecs');
  return res?.startsWith('cluster/') ? res.slice('cluster/'.length) : value;
}

/** Service name (and cluster when the ARN carries one) from a name or a service ARN. */
export function parseService(value: string): { cluster?: string; name: string } {
  const res = resourcePart(value, 'ecs');
  if (!res?.startsWith('service/')) return { name: value };
  const parts = res.slice('service/'.length).split('/');
  return parts.length === 2 ? { cluster: parts[0], name: parts[1] ?? '' } : { name: parts[0] ?? '' };
}

/** `family`, `family:revision` or a task definition ARN. */
export function parseTaskDefinitionRef(value: string): { family: string; revision?: number } | undefined {
  const res = resourcePart(value, 'ecs');
  const ref = res === undefined ? value : res.startsWith('task-definition/') ? res.slice(16) : undefined;
  if (ref === undefined) return undefined;
  const m = /^([^:]+)(?::(\d+))?$/.exec(ref);
  if (!m?.[1]) return undefined;
  return m[2] === undefined ? { family: m[1] } : { family: m[1], revision: Number(m[2]) };
}

/** Task id from an id or a task ARN. */
export function taskId(value: string): string {
  const res = resourcePart(value, 'ecs');
  return res?.startsWith('task/') ? (res.split('/').pop() ?? value) : value;
}

/** An EventBridge rule: `rule/<name>` on the default bus, `rule/<bus>/<name>` on another. */
export const eventRuleArn = (p: Partition, bus: string, name: string): string =>
  `arn:aws:events:${p.region}:${p.accountId}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;

export const eventBusArn = (p: Partition, bus: string): string => `arn:aws:events:${p.region}:${p.accountId}:event-bus/${bus}`;

/**
 * Event bus name from a name or an event bus ARN (`default` when absent); undefined for the ARN of another
 * account or region, or for something that is not an event bus ARN.
 */
export function eventBusName(p: Partition, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return 'default';
  if (!value.startsWith('arn:')) return value;
  const m = /^arn:aws[a-z-]*:events:([^:]*):([^:]*):event-bus\/(.+)$/.exec(value);
  return m && m[1] === p.region && m[2] === p.accountId ? m[3] : undefined;
}

export const scheduleArn = (p: Partition, group: string, name: string): string =>
  `arn:aws:scheduler:${p.region}:${p.accountId}:schedule/${group}/${name}`;
