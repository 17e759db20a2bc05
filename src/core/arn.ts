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
  const m = /^arn:(aws(?:-[a-z]+)*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/.exec(text);
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

/**
 * An AWS partition: the regions it holds and the DNS suffix of its endpoints. The region patterns and
 * suffixes are the SDK's own partition table (`@aws-sdk/core` util-endpoints `partitions.json`, which
 * __tests__/arn.test.ts compares with this one); a region no pattern matches has no known partition.
 */
export interface Partition {
  /** As in ARNs: `arn:<id>:...`. */
  id: string;
  regions: RegExp;
  /** Endpoint domain: `ecs.<region>.<dnsSuffix>`, and ECR registries `<account>.dkr.ecr.<region>.<dnsSuffix>`. */
  dnsSuffix: string;
  /**
   * The AWS Management Console host for a region, only where documented:
   * - aws: `<region>.console.aws.amazon.com` (AWS General Reference, "AWS Management Console endpoints");
   * - aws-cn: `console.amazonaws.cn` (Getting Started with Amazon Web Services in China, the console);
   * - aws-us-gov: `console.amazonaws-us-gov.com` (AWS GovCloud (US) User Guide, "Configuring your account").
   * The ISO partitions are air-gapped, and no AWS documentation names the European Sovereign Cloud's
   * console host, so they get no link: no link is better than one to the wrong console.
   */
  console?: (region: string) => string;
}

export const PARTITIONS: readonly Partition[] = [
  { id: 'aws', regions: /^(?:us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, dnsSuffix: 'amazonaws.com', console: (r) => `${r}.console.aws.amazon.com` },
  { id: 'aws-cn', regions: /^cn-\w+-\d+$/, dnsSuffix: 'amazonaws.com.cn', console: () => 'console.amazonaws.cn' },
  { id: 'aws-us-gov', regions: /^us-gov-\w+-\d+$/, dnsSuffix: 'amazonaws.com', console: () => 'console.amazonaws-us-gov.com' },
  { id: 'aws-iso', regions: /^us-iso-\w+-\d+$/, dnsSuffix: 'c2s.ic.gov' },
  { id: 'aws-iso-b', regions: /^us-isob-\w+-\d+$/, dnsSuffix: 'sc2s.sgov.gov' },
  { id: 'aws-iso-e', regions: /^eu-isoe-\w+-\d+$/, dnsSuffix: 'cloud.adc-e.uk' },
  { id: 'aws-iso-f', regions: /^us-isof-\w+-\d+$/, dnsSuffix: 'csp.hci.ic.gov' },
  { id: 'aws-eusc', regions: /^eusc-de-\w+-\d+$/, dnsSuffix: 'amazonaws.eu' },
];

/** The partition a region belongs to, or undefined for a region of no known partition. */
export function partitionOf(region: string): Partition | undefined {
  return PARTITIONS.find((p) => p.regions.test(region));
}

/** The AWS console host of a region's partition, or undefined where none is documented. */
export function consoleHost(region: string): string | undefined {
  return partitionOf(region)?.console?.(region);
}

/**
 * Why an ARN cannot be right, or undefined: its partition must be the one its region belongs to
 * (`arn:aws:ecs:cn-north-1:...` is not a China ARN; China's are `arn:aws-cn:...`).
 */
export function arnPartitionProblem(text: string): string | undefined {
  const arn = parseArn(text);
  if (!arn || arn.region === '') return undefined;
  const partition = partitionOf(arn.region);
  if (partition === undefined || partition.id === arn.partition) return undefined;
  return `its region ${arn.region} is in partition ${partition.id}, so the ARN starts arn:${partition.id}:, not arn:${arn.partition}:`;
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

/** A task's page in the AWS console, or undefined when the region or its console is unknown. */
export function taskConsoleUrl(region: string | undefined, cluster: string, taskArn: string): string | undefined {
  const host = region ? consoleHost(region) : undefined;
  if (!region || !host) return undefined;
  const c = encodeURIComponent(resourceName(cluster));
  return `https://${host}/ecs/v2/clusters/${c}/tasks/${encodeURIComponent(resourceName(taskArn))}/configuration?region=${encodeURIComponent(region)}`;
}
