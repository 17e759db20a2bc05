// Service revisions as ECS keeps them: one record per revision, minted when a deployment (or the seeded
// service) starts one, naming the task definition, the service's launch and network settings as they were then,
// and the container images resolved to digests. The records outlive the deployments that made them.
import * as arns from './arns.js';
import type { Ids } from './ids.js';
import { imageDigest } from './images.js';
import type { EcsState, ServiceRecord, ServiceRevisionImageRecord, ServiceRevisionRecord, TaskDefinitionRecord } from './state.js';
import { runsOnFargate } from './task-lifecycle.js';

/** The platform version a Fargate deployment runs (`LATEST` resolves to it). */
export const FARGATE_PLATFORM_VERSION = '1.4.0';

/** Each container's image of a task definition, with the digest ECS pins it to (as its tasks get it). */
export function containerImagesOf(state: EcsState, td: TaskDefinitionRecord): ServiceRevisionImageRecord[] {
  const defs = Array.isArray(td.described.containerDefinitions) ? td.described.containerDefinitions : [];
  return defs.map((raw) => {
    const c = (typeof raw === 'object' && raw !== null ? raw : {}) as { name?: unknown; image?: unknown };
    const image = typeof c.image === 'string' ? c.image : '';
    const entry: ServiceRevisionImageRecord = { containerName: String(c.name ?? ''), image };
    if (image !== '') entry.imageDigest = imageDigest(state, image);
    return entry;
  });
}

/** What a service revision captures of its service: launch, platform, network and load balancer settings. */
export type RevisionSettings = Pick<
  ServiceRevisionRecord,
  'launchType' | 'capacityProviderStrategy' | 'platformVersion' | 'networkConfiguration' | 'loadBalancers'
>;

/** A copy of the settings of `svc` a new revision records. */
export function revisionSettingsOf(svc: ServiceRecord): RevisionSettings {
  return {
    launchType: svc.launchType,
    capacityProviderStrategy: svc.capacityProviderStrategy && structuredClone(svc.capacityProviderStrategy),
    platformVersion: runsOnFargate(svc) ? FARGATE_PLATFORM_VERSION : undefined,
    networkConfiguration: svc.networkConfiguration && structuredClone(svc.networkConfiguration),
    loadBalancers: structuredClone(svc.loadBalancers),
  };
}

/**
 * A new service revision of `svc` running `td`, created at `at`, recorded in the state. Records are never changed
 * once minted (the renderer copies them), so a seeded history passes one `settings` copy and the images of each
 * task definition for all its revisions.
 */
export function mintServiceRevision(
  state: EcsState,
  ids: Ids,
  svc: ServiceRecord,
  td: TaskDefinitionRecord,
  at: number,
  shared?: { settings: RevisionSettings; images: ServiceRevisionImageRecord[] },
): ServiceRevisionRecord {
  const record: ServiceRevisionRecord = {
    serviceRevisionArn: arns.serviceRevisionArn(state.partition, svc.clusterName, svc.name, ids.serviceRevision()),
    serviceArn: svc.arn,
    clusterArn: svc.clusterArn,
    taskDefinition: td.arn,
    createdAt: at,
    ...(shared?.settings ?? revisionSettingsOf(svc)),
    containerImages: shared?.images ?? containerImagesOf(state, td),
  };
  state.serviceRevisions.set(record.serviceRevisionArn, record);
  return record;
}
