/**
 * The deploy path: read the service and the template, render, and (unless nothing changed) register
 * the revision and point the service at it. Reads everything before it writes anything.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { DeploymentConfiguration, ECSClient, Service } from '@aws-sdk/client-ecs';
import { resolveEcrDigest } from './aws/ecr.js';
import {
  deregisterTaskDefinition,
  describeService,
  describeTaskDefinition,
  registerTaskDefinition,
  updateService,
  type DescribedWithTags,
} from './aws/ecs.js';
import { DeployError, InputError } from './core/errors.js';
import { parseImageRef, withDigest, type ImageRef } from './core/image-ref.js';
import type { CircuitBreakerMode, Settings } from './core/inputs.js';
import type { Log } from './log.js';
import { findContainer, renderTaskDefinition } from './core/render.js';
import { MAX_TAGS, provenanceTags, withoutOwnTags, type ProvenanceContext } from './core/tags.js';
import { diffTaskDefinitions, isEmptyDiff, lostFields, type TaskDefinitionDiff } from './core/task-def-diff.js';
import type { TaskDefinitionInput } from './core/types.js';
import { deepClone } from './core/clone.js';

export interface DeployContext {
  ecs: ECSClient;
  ecrFor(region: string): ECRClient;
  log: Log;
  /** GitHub run facts for the provenance tags. */
  provenance: Omit<ProvenanceContext, 'templateArn' | 'imageTags'>;
}

export interface ResolvedImage {
  container: string;
  /** As the user gave it. */
  given: string;
  /** What goes into the revision (digest-pinned where resolved). */
  registered: string;
  tag?: string;
  digest?: string;
}

export interface DeployPlan {
  service: Service;
  previousArn: string;
  template: DescribedWithTags;
  current: DescribedWithTags;
  family: string;
  /** The container `image` and the overlays apply to. */
  mainContainer: string;
  images: ResolvedImage[];
  rendered: TaskDefinitionInput;
  diff: TaskDefinitionDiff;
  /** The rendered revision equals the one serving now. */
  sameRevision: boolean;
}

const TEMPLATE_SUFFIX = '-template';

/** Checks that the service can be deployed by this action; returns the ARN it serves now. */
export function checkService(service: Service, cluster: string): string {
  const name = service.serviceName ?? '?';
  if (service.status !== 'ACTIVE') {
    throw new DeployError(`Service "${name}" in cluster "${cluster}" is ${service.status ?? 'not ACTIVE'}; only an ACTIVE service can be deployed.`);
  }
  const controller = service.deploymentController?.type ?? 'ECS';
  if (controller !== 'ECS') {
    throw new DeployError(
      `Service "${name}" uses the ${controller} deployment controller; this action deploys only services with the ECS deployment controller` +
        (controller === 'CODE_DEPLOY' ? ' (use CodeDeploy to deploy this service).' : ' (an EXTERNAL controller manages its own task sets).'),
    );
  }
  if (!service.taskDefinition) throw new DeployError(`Service "${name}" has no task definition.`);
  return service.taskDefinition;
}

/** The family to register into: the input, or the template family without its `-template` suffix. */
export function targetFamily(templateFamily: string, family: string | undefined): string {
  const target = family ?? (templateFamily.endsWith(TEMPLATE_SUFFIX) ? templateFamily.slice(0, -TEMPLATE_SUFFIX.length) : undefined);
  if (target === undefined || target === '') {
    throw new InputError(
      'family',
      `is required because the template family "${templateFamily}" does not end in "${TEMPLATE_SUFFIX}" (expected the family to register deploys into)`,
    );
  }
  if (target === templateFamily) {
    throw new InputError('family', `must differ from the template family "${templateFamily}" (the template is never registered into)`);
  }
  return target;
}

/** The container `image` and the overlays apply to. */
export function mainContainerName(containers: ReadonlyArray<{ name: string }>, containerName: string | undefined): string | undefined {
  if (containerName !== undefined) {
    if (!containers.some((c) => c.name === containerName)) {
      throw new InputError('container-name', `"${containerName}" is not a container of the template (its containers: ${containers.map((c) => c.name).join(', ')})`);
    }
    return containerName;
  }
  return containers.length === 1 ? containers[0]?.name : undefined;
}

function severalContainers(containers: ReadonlyArray<{ name: string }>, why: string): InputError {
  return new InputError('container-name', `is required ${why}: the template has several containers (${containers.map((c) => c.name).join(', ')})`);
}

async function resolveImage(ctx: DeployContext, container: string, given: string, pin: boolean): Promise<ResolvedImage> {
  const ref = parseImageRef(given) as ImageRef;
  const resolved: ResolvedImage = { container, given, registered: given };
  if (ref.tag) resolved.tag = ref.tag;
  if (ref.digest) {
    resolved.digest = ref.digest;
    return resolved;
  }
  if (!pin || !ref.ecr) return resolved;
  const tag = ref.tag ?? 'latest';
  const digest = await resolveEcrDigest(ctx.ecrFor(ref.ecr.region), { ...ref, ecr: ref.ecr }, tag);
  resolved.tag = tag;
  resolved.digest = digest;
  resolved.registered = withDigest(ref, digest);
  ctx.log.info(`Image ${given} -> ${resolved.registered}`);
  return resolved;
}

/** Reads the service, the template and the images, and renders the revision. Writes nothing. */
export async function planDeploy(settings: Settings, ctx: DeployContext): Promise<DeployPlan> {
  const { ecs, log } = ctx;
  const service = await describeService(ecs, settings.cluster, settings.service);
  const previousArn = checkService(service, settings.cluster);
  log.info(`Service ${service.serviceName} serves ${previousArn}`);

  const templateRef = settings.template as string;
  const template = await describeTaskDefinition(ecs, templateRef, 'template task definition');
  const templateArn = template.taskDefinition.taskDefinitionArn ?? templateRef;
  log.info(`Template ${templateArn}`);
  if (template.taskDefinition.status === 'INACTIVE') log.warning(`The template revision ${templateArn} is INACTIVE (deregistered).`);
  const family = targetFamily(template.taskDefinition.family, settings.family);

  const containers = template.taskDefinition.containerDefinitions;
  const main = mainContainerName(containers, settings.containerName);
  const wanted: Array<[string, string]> = [];
  if (settings.image !== undefined) {
    if (main === undefined) throw severalContainers(containers, 'to place "image"');
    if (settings.images.has(main)) throw new InputError('images', `container "${main}" gets an image from both "image" and "images"; give it once`);
    wanted.push([main, settings.image]);
  }
  for (const [container, image] of settings.images) {
    findContainer(containers, container, 'images');
    wanted.push([container, image]);
  }
  const overlays = settings.environment.length + settings.secrets.length > 0;
  if (overlays && main === undefined) throw severalContainers(containers, 'to place "environment" and "secrets"');

  const images: ResolvedImage[] = [];
  for (const [container, image] of wanted) images.push(await resolveImage(ctx, container, image, settings.pinImageDigest));

  const imageTags = new Map(images.filter((i) => i.tag !== undefined).map((i) => [i.container, i.tag as string]));
  const tags = [
    ...settings.tags,
    ...provenanceTags({ ...ctx.provenance, templateArn, imageTags }),
  ];
  const request = {
    family,
    images: new Map(images.map((i) => [i.container, i.registered])),
    environment: settings.environment,
    secrets: settings.secrets,
    tags,
    ...(main !== undefined ? { overlayContainer: main } : {}),
  };
  const rendered = renderTaskDefinition(template.taskDefinition, withoutOwnTags(template.tags), request);
  if ((rendered.tags?.length ?? 0) > MAX_TAGS) {
    throw new InputError('tags', `the revision would carry ${rendered.tags?.length} tags (template, inputs and provenance); ECS allows ${MAX_TAGS}`);
  }

  const current = previousArn === templateArn ? template : await describeTaskDefinition(ecs, previousArn, 'serving task definition');
  const diff = diffTaskDefinitions(current.taskDefinition, rendered);
  return {
    service,
    previousArn,
    template,
    current,
    family,
    mainContainer: main ?? images[0]?.container ?? '',
    images,
    rendered,
    diff,
    sameRevision: isEmptyDiff(diff),
  };
}

/** The service's deployment configuration with the circuit breaker and alarms set as asked; other fields kept. */
export function deploymentConfiguration(
  current: DeploymentConfiguration | undefined,
  circuitBreaker: CircuitBreakerMode,
  alarms: readonly string[],
): DeploymentConfiguration {
  const config: DeploymentConfiguration = deepClone(current ?? {});
  if (circuitBreaker !== 'keep') config.deploymentCircuitBreaker = { enable: true, rollback: circuitBreaker === 'rollback' };
  if (alarms.length > 0) config.alarms = { alarmNames: [...alarms], enable: true, rollback: true };
  return config;
}

/** Registers the rendered revision and checks that ECS kept every field of it. */
export async function registerRevision(plan: DeployPlan, ctx: DeployContext): Promise<string> {
  const registered = await registerTaskDefinition(ctx.ecs, plan.rendered);
  const arn = registered.taskDefinition.taskDefinitionArn as string;
  const lost = lostFields(plan.rendered, registered.taskDefinition);
  if (lost.length > 0) {
    await deregisterTaskDefinition(ctx.ecs, arn).catch((e: unknown) => ctx.log.warning(`Could not deregister ${arn}: ${(e as Error).message}`));
    throw new DeployError(
      `The registered revision ${arn} lost fields of the template (${lost.join(', ')}); it was deregistered and the service was not changed. ` +
        'This action may be older than a task definition feature the template uses: update the action.',
    );
  }
  ctx.log.info(`Registered ${arn}`);
  return arn;
}

export interface UpdateResult {
  service: Service;
  /** The ECS deployment (`ecs-svc/...`) UpdateService started. */
  deploymentId?: string;
  /** The service deployment ARN ECS reports as current, when it does. */
  serviceDeploymentArn?: string;
}

/** Points the service at a revision. On failure, says that the revision exists and the service was not changed. */
export async function pointServiceAt(
  settings: Settings,
  ctx: DeployContext,
  current: Service,
  taskDefinitionArn: string,
  options: { registeredNow: boolean; force: boolean },
): Promise<UpdateResult> {
  let service: Service;
  try {
    service = await updateService(ctx.ecs, {
      cluster: settings.cluster,
      service: settings.service,
      taskDefinition: taskDefinitionArn,
      deploymentConfiguration: deploymentConfiguration(current.deploymentConfiguration, settings.circuitBreaker, settings.alarms),
      ...(settings.desiredCount !== undefined ? { desiredCount: settings.desiredCount } : {}),
      ...(options.force ? { forceNewDeployment: true } : {}),
    });
  } catch (error) {
    if (!options.registeredNow) throw error;
    throw new DeployError(
      `${(error as Error).message} The revision ${taskDefinitionArn} was registered, but the service was not changed: it still serves ${current.taskDefinition}.`,
      { cause: error },
    );
  }
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  const result: UpdateResult = { service };
  if (primary?.id) result.deploymentId = primary.id;
  if (service.currentServiceDeployment) result.serviceDeploymentArn = service.currentServiceDeployment;
  ctx.log.info(`Service ${settings.service} now points at ${taskDefinitionArn}${primary?.id ? ` (deployment ${primary.id})` : ''}`);
  return result;
}
