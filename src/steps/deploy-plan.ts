/**
 * A deploy's plan: read the service, the template and the images, and render the revision. Reads only;
 * the deploy flow acts on the plan and the plan flow shows it.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { isAwsError } from '../aws/call.js';
import { resolveEcrDigest, resolveEcrDigests } from '../aws/ecr.js';
import { describeService, describeTaskDefinition } from '../aws/ecs.js';
import { parseTaskDefinitionArn } from '../core/arn.js';
import { checkService, mainContainerName, severalContainers, targetFamily } from '../core/deploy-rules.js';
import { DeployError, InputError, shown } from '../core/errors.js';
import { IMAGE_FORM, parseImageRef, withDigest, type ImageRef } from '../core/image-ref.js';
import type { Settings } from '../core/inputs.js';
import type { RunFacts } from '../core/outcome.js';
import { checkRevisionSize, checkTagCount, requestBytes } from '../core/limits.js';
import { findContainer, renderTaskDefinition, type RenderRequest } from '../core/render.js';
import type { DescribedWithTags } from '../core/revisions.js';
import { provenanceTags, TAG_KEYS, withoutOwnTags } from '../core/tags.js';
import { diffTaskDefinitions, isEmptyDiff, type TaskDefinitionDiff } from '../core/task-def-diff.js';
import type { ContainerDefinition, Tag, TaskDefinitionInput } from '../core/types.js';
import type { Ports } from '../ports.js';

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
  /** The deploy would call UpdateService: the revision differs, or force-new-deployment, or desired-count changes it. */
  updatesService: boolean;
  /** With pre-deploy-command: the container whose command the task overrides. */
  preDeployContainer?: string;
}

/** Digests read ahead, by `region registry repository` and tag. */
type Digests = Map<string, Promise<Map<string, string>>>;

const repositoryKey = (ref: ImageRef & { ecr: { region: string; registryId: string } }) => `${ref.ecr.region} ${ref.ecr.registryId} ${ref.repository}`;

/**
 * One DescribeImages per ECR repository for every tag the inputs name, started at once (with the
 * service and template reads). Each answer is awaited where the image is resolved.
 */
function readDigestsAhead(ctx: Ports, images: readonly string[], pin: boolean): Digests {
  const byRepository = new Map<string, { ref: ImageRef & { ecr: { region: string; registryId: string } }; tags: string[] }>();
  if (!pin) return new Map();
  for (const given of images) {
    const ref = parseImageRef(given);
    if (typeof ref === 'string' || ref.digest || !ref.ecr) continue;
    const key = repositoryKey({ ...ref, ecr: ref.ecr });
    const entry = byRepository.get(key) ?? { ref: { ...ref, ecr: ref.ecr }, tags: [] };
    entry.tags.push(ref.tag ?? 'latest');
    byRepository.set(key, entry);
  }
  const digests: Digests = new Map();
  for (const [key, { ref, tags }] of byRepository) {
    const answer = resolveEcrDigests(ctx.ecrFor(ref.ecr.region), ref, tags);
    // Awaited later, where the image is resolved; until then a failure must not count as unhandled.
    answer.catch(() => undefined);
    digests.set(key, answer);
  }
  return digests;
}

async function resolveImage(ctx: Ports, container: string, given: string, pin: boolean, ahead: Digests = new Map()): Promise<ResolvedImage> {
  const ref = parseImageRef(given) as ImageRef;
  const resolved: ResolvedImage = { container, given, registered: given };
  if (ref.tag) resolved.tag = ref.tag;
  if (ref.digest) {
    resolved.digest = ref.digest;
    return resolved;
  }
  if (!pin || !ref.ecr) return resolved;
  const tag = ref.tag ?? 'latest';
  const read = ahead.get(repositoryKey({ ...ref, ecr: ref.ecr }));
  const digest = (read ? (await read).get(tag) : undefined) ?? (await resolveEcrDigest(ctx.ecrFor(ref.ecr.region), { ...ref, ecr: ref.ecr }, tag));
  resolved.tag = tag;
  resolved.digest = digest;
  resolved.registered = withDigest(ref, digest);
  ctx.log.info(`Image ${given} -> ${resolved.registered}`);
  return resolved;
}

/** Reads the service, the template and the images, renders the revision, and records what it found in `facts`. Writes nothing to AWS. */
export async function planDeploy(settings: Settings, ctx: Ports, facts: RunFacts): Promise<DeployPlan> {
  const { ecs, log } = ctx;
  // One wave of reads: the service, the template, the newest revision of the deploy family (what serves,
  // most often) and the images. The pre-deploy task carries the service's tags when the service propagates its own.
  const servicePromise = describeService(ecs, settings.cluster, settings.service, settings.preDeployCommand.length > 0);
  const templatePromise = describeTaskDefinition(ecs, settings.template as string, 'template task definition');
  const guess = familyGuess(settings);
  const newestPromise = guess === undefined ? Promise.resolve(undefined) : describeTaskDefinition(ecs, guess, 'serving task definition').catch(() => undefined);
  const ahead = settings.imageSource === undefined ? readDigestsAhead(ctx, [...(settings.image !== undefined ? [settings.image] : []), ...settings.images.values()], settings.pinImageDigest) : new Map();
  const [serviceRead, templateRead, newest] = await Promise.allSettled([servicePromise, templatePromise, newestPromise]);
  // The errors in the order the reads are explained: the service first, then the template.
  if (serviceRead.status === 'rejected') throw serviceRead.reason;
  const service = serviceRead.value;
  const previousArn = checkService(service, settings.cluster);
  facts.previousTaskDefinitionArn = previousArn;
  log.info(`Service ${service.serviceName} serves ${previousArn}`);
  if (templateRead.status === 'rejected') throw templateRead.reason;
  const newestRevision = newest.status === 'fulfilled' ? newest.value : undefined;
  const r = await planRender(
    settings,
    ctx,
    facts,
    (templateArn, template) =>
      previousArn === templateArn
        ? Promise.resolve(template)
        : newestRevision?.taskDefinition.taskDefinitionArn === previousArn
          ? Promise.resolve(newestRevision)
          : describeTaskDefinition(ecs, previousArn, 'serving task definition'),
    { template: templateRead.value, ahead },
  );
  const diff = diffTaskDefinitions(r.current.taskDefinition, r.rendered);
  return {
    service,
    previousArn,
    ...r,
    diff,
    sameRevision: isEmptyDiff(diff),
    updatesService:
      !isEmptyDiff(diff) || settings.forceNewDeployment || (settings.desiredCount !== undefined && settings.desiredCount !== service.desiredCount),
  };
}

/** What a render needs and gives, without a service: the template, what serves now, the images, the revision. */
export type RenderPlan = Omit<DeployPlan, 'service' | 'previousArn' | 'diff' | 'sameRevision' | 'updatesService'>;

/**
 * Reads the template and the images and renders the revision; `currentOf` gives what runs now (the
 * serving revision, or a schedule's), which `image: current` keeps and the render is compared with.
 */
export async function planRender(
  settings: Settings,
  ctx: Ports,
  facts: RunFacts,
  currentOf: (templateArn: string, template: DescribedWithTags) => Promise<DescribedWithTags>,
  read: { template?: DescribedWithTags; ahead?: Digests } = {},
): Promise<RenderPlan> {
  const { ecs, log } = ctx;
  facts.environmentKeys = settings.environment.map((e) => e.name);
  facts.secretKeys = settings.secrets.map((s) => s.name);
  if (facts.environmentKeys.length > 0) log.info(`Environment keys to set: ${facts.environmentKeys.join(', ')}`);
  if (facts.secretKeys.length > 0) log.info(`Secret keys to set: ${facts.secretKeys.join(', ')}`);
  const templateRef = settings.template as string;
  const template = read.template ?? (await describeTaskDefinition(ecs, templateRef, 'template task definition'));
  const templateArn = template.taskDefinition.taskDefinitionArn ?? templateRef;
  log.info(`Template ${templateArn}`);
  if (template.taskDefinition.status === 'INACTIVE') log.warning(`The template revision ${templateArn} is INACTIVE (deregistered).`);
  const family = targetFamily(template.taskDefinition.family, settings.family);

  const containers = template.taskDefinition.containerDefinitions;
  const main = mainContainerName(containers, settings.containerName);
  // The serving revision: what `image: current` keeps, and what the render is compared with.
  const current = await currentOf(templateArn, template);
  const given = settings.imageSource?.kind === 'ssm' ? await imageFromParameter(ctx, settings.imageSource.parameter) : settings.image;
  const wanted: Array<[string, string]> = [];
  if (given !== undefined) {
    if (main === undefined) throw severalContainers(containers, 'to place "image"');
    if (settings.images.has(main)) throw new InputError('images', `container "${main}" gets an image from both "image" and "images"; give it once`);
    wanted.push([main, given]);
  }
  const kept = settings.imageSource?.kind === 'current' ? keepServedImages(containers, current, template.tags, settings.images, log) : [];
  for (const [container, image] of settings.images) {
    findContainer(containers, container, 'images');
    wanted.push([container, image]);
  }
  const overlays = settings.environment.length + settings.secrets.length > 0;
  if (overlays && main === undefined) throw severalContainers(containers, 'to place "environment" and "secrets"');
  let preDeployContainer: string | undefined;
  if (settings.preDeployCommand.length > 0) {
    if (settings.preDeployContainer !== undefined) preDeployContainer = findContainer(containers, settings.preDeployContainer, 'pre-deploy-container').name;
    else if (main !== undefined) preDeployContainer = main;
    else {
      throw new InputError(
        'pre-deploy-container',
        `is required with pre-deploy-command: the template has several containers (${containers.map((c) => c.name).join(', ')}) and container-name is not set`,
      );
    }
  }

  const images: ResolvedImage[] = kept.filter((k) => k.served).map((k) => k.image);
  for (const [container, image] of [...wanted, ...kept.filter((k) => !k.served).map((k): [string, string] => [k.image.container, k.image.given])]) {
    images.push(await resolveImage(ctx, container, image, settings.pinImageDigest, read.ahead));
  }

  const imageTags = new Map(images.filter((i) => i.tag !== undefined).map((i) => [i.container, i.tag as string]));
  const provenance = provenanceTags({ ...ctx.run, templateArn, imageTags });
  const templateTags = withoutOwnTags(template.tags);
  checkTagCount({ template: templateTags, input: settings.tags, provenance });
  const request = {
    family,
    images: new Map(images.map((i) => [i.container, i.registered])),
    environment: settings.environment,
    secrets: settings.secrets,
    tags: [...settings.tags, ...provenance],
    ...(main !== undefined ? { overlayContainer: main } : {}),
  };
  const render = (r: RenderRequest) => renderTaskDefinition(template.taskDefinition, templateTags, r);
  const rendered = render(request);
  // Over ECS's 64 KiB, name the input that makes it so: what an input adds is the size with it less the size without.
  checkRevisionSize(rendered, () => {
    const size = requestBytes(rendered);
    const share = (input: string, without: Partial<RenderRequest>, what: string) => ({
      input,
      what,
      bytes: size - requestBytes(render({ ...request, ...without })),
    });
    return [
      share('environment', { environment: [] }, `${settings.environment.length} entries`),
      share('secrets', { secrets: [] }, `${settings.secrets.length} entries`),
      share('tags', { tags: provenance }, `${settings.tags.length} tags`),
    ];
  });

  facts.images = images.map(({ container, given, registered }) => ({ container, given, registered }));
  const mainImage = (images.find((i) => i.container === main) ?? images[0])?.registered;
  if (mainImage) facts.image = mainImage;

  return {
    template,
    current,
    family,
    mainContainer: main ?? images[0]?.container ?? '',
    images,
    rendered,
    ...(preDeployContainer !== undefined ? { preDeployContainer } : {}),
  };
}

/** The deploy family as the inputs name it (targetFamily of the template's family), to read its newest revision ahead; none when they name none. */
function familyGuess(settings: Settings): string | undefined {
  const ref = settings.template as string;
  const templateFamily = parseTaskDefinitionArn(ref)?.family ?? ref.split(':')[0] ?? ref;
  try {
    return targetFamily(templateFamily, settings.family);
  } catch {
    // The render says why (planRender calls targetFamily again, with the template as ECS describes it).
    return undefined;
  }
}

/** `image: ssm:<parameter>`: the image the parameter names; a missing parameter or a value that is no image is a one-line error. */
async function imageFromParameter(ctx: Ports, parameter: string): Promise<string> {
  let value: string;
  try {
    const { getParameterValue } = await import('../aws/ssm.js');
    value = (await getParameterValue(ctx.ssm, parameter)).trim();
  } catch (error) {
    if (isAwsError(error, 'not-found')) {
      throw new DeployError(`The SSM parameter "${parameter}" (image: ssm:${parameter}) does not exist. Check the name and the region; nothing was written.`, { cause: error });
    }
    throw error;
  }
  const parsed = parseImageRef(value);
  if (typeof parsed === 'string') {
    throw new DeployError(`The SSM parameter "${parameter}" holds ${shown(value)}, which is not an image (${parsed}; expected ${IMAGE_FORM}); nothing was written.`);
  }
  ctx.log.info(`Image from SSM parameter ${parameter}: ${value}`);
  return value;
}

interface KeptImage {
  /** The serving revision runs this container: its image is kept as served. */
  served: boolean;
  image: ResolvedImage;
}

/**
 * `image: current`: each container of the template keeps the image the serving revision runs (as
 * served, digest and all); a container new in the template keeps the template's image, unless `images`
 * names one for it, and that image must be real: one the template marks as a placeholder is refused.
 */
function keepServedImages(
  containers: readonly ContainerDefinition[],
  serving: DescribedWithTags,
  templateTags: readonly Tag[],
  explicit: ReadonlyMap<string, string>,
  log: Ports['log'],
): KeptImage[] {
  const served = new Map(serving.taskDefinition.containerDefinitions.map((c) => [c.name, c.image]));
  const placeholder = templateTags.find((t) => t.key === TAG_KEYS.placeholderImage)?.value;
  const kept: KeptImage[] = [];
  for (const container of containers) {
    if (explicit.has(container.name)) continue;
    const image = served.get(container.name);
    if (image) {
      log.info(`Container ${container.name} keeps the image it runs: ${image}`);
      kept.push({ served: true, image: { container: container.name, given: image, registered: image, ...digestOf(image) } });
      continue;
    }
    const own = container.image ?? '';
    if (own === '' || (placeholder !== undefined && placeholder !== '' && own.startsWith(placeholder))) {
      throw new InputError(
        'images',
        `container "${container.name}" is new in the template and its image ${shown(own)} is a placeholder` +
          `${placeholder ? ` (the template's tag ${TAG_KEYS.placeholderImage} marks ${shown(placeholder)})` : ''}; ` +
          `with image: current, give it a real image (images: ${container.name}=<image>)`,
      );
    }
    log.info(`Container ${container.name} is new in the template: it gets the template's image ${own}.`);
    kept.push({ served: false, image: { container: container.name, given: own, registered: own } });
  }
  return kept;
}

function digestOf(image: string): { digest?: string } {
  const ref = parseImageRef(image);
  return typeof ref !== 'string' && ref.digest ? { digest: ref.digest } : {};
}
