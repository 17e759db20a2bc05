/** Thin adapters over the ECS service listing: every service of a cluster, and a batch of them described. */
import { DescribeServicesCommand, ListServicesCommand, type ECSClient, type Failure, type Service } from '@aws-sdk/client-ecs';
import { awsCall } from './call.js';

/** How many services one DescribeServices call takes at most. */
export const DESCRIBE_SERVICES_BATCH = 10;

/** ListServices, every page (100 a page): the ARNs of the cluster's services. */
export async function listServiceArns(ecs: ECSClient, cluster: string): Promise<string[]> {
  const arns: string[] = [];
  let token: string | undefined;
  do {
    const out = await awsCall(`Listing the services of cluster "${cluster}"`, 'ecs:ListServices', () =>
      ecs.send(new ListServicesCommand({ cluster, maxResults: 100, ...(token ? { nextToken: token } : {}) })),
    );
    arns.push(...(out.serviceArns ?? []));
    token = out.nextToken;
  } while (token);
  return arns;
}

/** DescribeServices of up to 10 services (by name or ARN): those found, and the failures (MISSING) of the others. */
export async function describeServices(ecs: ECSClient, cluster: string, arns: readonly string[]): Promise<{ services: Service[]; failures: Failure[] }> {
  if (arns.length === 0) return { services: [], failures: [] };
  const out = await awsCall(`Describing ${arns.length} service(s) of cluster "${cluster}"`, 'ecs:DescribeServices', () =>
    ecs.send(new DescribeServicesCommand({ cluster, services: [...arns] })),
  );
  return { services: out.services ?? [], failures: out.failures ?? [] };
}
