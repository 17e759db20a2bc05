/**
 * Rendering of a new task definition revision from a described template. Pure and lossless: every
 * field of the template is kept except the read-only ones that RegisterTaskDefinition rejects.
 */
import { InputError } from './errors.js';
import type {
  DescribedTaskDefinition,
  KeyValuePair,
  SecretRef,
  Tag,
  TaskDefinitionInput,
} from './types.js';
import { deepClone } from './clone.js';

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition does not accept. */
export const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
] as const;

export interface RenderRequest {
  /** The family to register into (never the template family). */
  family: string;
  /** Container name -> image reference to set. */
  images: ReadonlyMap<string, string>;
  /** The container that receives the environment and secrets overlays. */
  overlayContainer?: string;
  environment: readonly KeyValuePair[];
  secrets: readonly SecretRef[];
  /** Tags to add to the revision, after the template's own (a later key wins). */
  tags: readonly Tag[];
}

/** Removes the read-only fields of a described task definition (and `tags`, which are set apart). */
export function stripReadOnly(described: DescribedTaskDefinition): TaskDefinitionInput {
  const copy: Record<string, unknown> = deepClone(described);
  for (const field of READ_ONLY_FIELDS) delete copy[field];
  delete copy.tags;
  return copy as unknown as TaskDefinitionInput;
}

/** Upserts entries by name: an existing name keeps its position and takes the new value; new names are appended. */
export function upsertByName<T extends { name: string }>(existing: readonly T[] | undefined, overlay: readonly T[]): T[] {
  const out = (existing ?? []).map((entry) => ({ ...entry }));
  for (const entry of overlay) {
    const at = out.findIndex((e) => e.name === entry.name);
    if (at >= 0) out[at] = { ...entry };
    else out.push({ ...entry });
  }
  return out;
}

/** Merges tag lists by key; a later list wins for a key it repeats. Order of first appearance is kept. */
export function mergeTags(...lists: ReadonlyArray<readonly Tag[]>): Tag[] {
  const merged = new Map<string, string>();
  for (const list of lists) for (const tag of list) merged.set(tag.key, tag.value);
  return [...merged].map(([key, value]) => ({ key, value }));
}

/** The named container; an InputError naming `input` and listing the template's containers when it is not there. */
export function findContainer<C extends { name: string }>(containers: C[], name: string, input: string): C {
  const container = containers.find((c) => c.name === name);
  if (!container) {
    const names = containers.map((c) => c.name).join(', ');
    throw new InputError(input, `container "${name}" is not in the template (its containers: ${names})`);
  }
  return container;
}

/**
 * Renders the RegisterTaskDefinition request: the template minus its read-only fields, in the target
 * family, with the requested images, overlays and tags. The template is not modified.
 */
export function renderTaskDefinition(
  template: DescribedTaskDefinition,
  templateTags: readonly Tag[],
  request: RenderRequest,
): TaskDefinitionInput {
  const rendered = stripReadOnly(template);
  rendered.family = request.family;
  for (const [name, image] of request.images) {
    findContainer(rendered.containerDefinitions, name, 'images').image = image;
  }
  if (request.environment.length > 0 || request.secrets.length > 0) {
    const name = request.overlayContainer ?? '';
    const container = findContainer(rendered.containerDefinitions, name, 'container-name');
    if (request.environment.length > 0) container.environment = upsertByName(container.environment, request.environment);
    if (request.secrets.length > 0) container.secrets = upsertByName(container.secrets, request.secrets);
  }
  const tags = mergeTags(templateTags, request.tags);
  if (tags.length > 0) rendered.tags = tags;
  return rendered;
}
