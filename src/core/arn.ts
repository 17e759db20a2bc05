/** Amazon Resource Names and the console links built from them. Pure. */

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the account: `task-definition/api:42`, `service/prod/api`. */
  resource: string;
}

/** Splits `arn:partition:service:region:account:resource`; undefined for anything else. */
export function parseArn(text: string): Arn | undefined {
  const m = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/.exec(text);
  if (!m) return undefined;
  return { partition: m[1] as string, service: m[2] as string, region: m[3] as string, account: m[4] as string, resource: m[5] as string };
}

/** The name of a resource given by name or ARN: the part after the last `/` (`service/prod/api` -> `api`). */
export function resourceName(nameOrArn: string): string {
  return nameOrArn.split('/').pop() ?? nameOrArn;
}

/** `arn:...:task-definition/api:42` or `api:42` -> { family: 'api', revision: 42 }. */
export function parseTaskDefinitionArn(arn: string): { family: string; revision: number } | undefined {
  const m = /(?:^|task-definition\/)([A-Za-z0-9_-]{1,255}):(\d+)$/.exec(arn);
  return m ? { family: m[1] as string, revision: Number(m[2]) } : undefined;
}

/** `family:revision` of a task definition ARN, or the text itself when it is not one. */
export function familyRevision(arn: string): string {
  const parsed = parseTaskDefinitionArn(arn);
  return parsed && arn.includes(':task-definition/') ? `${parsed.family}:${parsed.revision}` : arn;
}

/** The AWS console host of a region's partition, or undefined where none is known. */
export function consoleHost(region: string): string | undefined {
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  // Commercial regions (`eu-west-1`); the ISO and European Sovereign Cloud partitions have consoles of their own.
  if (/^[a-z]{2}-[a-z]+-\d+$/.test(region)) return `${region}.console.aws.amazon.com`;
  return undefined;
}

/** The service's deployments page in the AWS console, or undefined when the region or its console is unknown. */
export function serviceConsoleUrl(region: string | undefined, cluster: string, service: string): string | undefined {
  const host = region ? consoleHost(region) : undefined;
  if (!region || !host) return undefined;
  const r = encodeURIComponent(region);
  const c = encodeURIComponent(resourceName(cluster));
  const s = encodeURIComponent(resourceName(service));
  return `https://${host}/ecs/v2/clusters/${c}/services/${s}/deployments?region=${r}`;
}
