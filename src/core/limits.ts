/**
 * The ECS limits a rendered revision can break, checked after rendering and before RegisterTaskDefinition,
 * so that a revision ECS would refuse fails with a one-line InputError and nothing written. Pure.
 *
 * Limits (Amazon ECS Developer Guide, "Amazon ECS service quotas"; tag restrictions in the ECS API
 * Reference, `Tag`):
 * - task definition size: 64 KiB, measured here as the UTF-8 bytes of the RegisterTaskDefinition request
 *   (the rendered revision, its tags included) as the SDK sends it: JSON without white space;
 * - tags per resource: 50 (keys with the reserved `aws:` prefix do not count);
 * - containers per task definition: 10, which only the template sets (Terraform registered it, so it holds).
 */
import { InputError } from './errors.js';
import { MAX_TAGS, TAG_KEYS } from './tags.js';
import type { Tag, TaskDefinitionInput } from './types.js';

/** ECS's size limit of a task definition: 64 KiB. */
export const MAX_TASK_DEFINITION_BYTES = 64 * 1024;

/** Room kept for the register-token tag that registering adds to the request (about 100 bytes). */
export const RESERVED_BYTES = 256;

/** How large a rendered revision may be: ECS's 64 KiB less the room kept for the register token. */
export const MAX_RENDERED_BYTES = MAX_TASK_DEFINITION_BYTES - RESERVED_BYTES;

/**
 * Tags this action adds to a revision after rendering: the register token when registering it, and the
 * completed mark once its rollout completed. The rendered tags leave room for both.
 */
export const RESERVED_TAG_KEYS: readonly string[] = [TAG_KEYS.registerToken, TAG_KEYS.rolloutCompleted];

/** How many tags a rendered revision may carry: ECS's 50 less the ones this action adds later. */
export const MAX_RENDERED_TAGS = MAX_TAGS - RESERVED_TAG_KEYS.length;

/** The size of a request as ECS receives it: UTF-8 bytes of its JSON. */
export function requestBytes(request: unknown): number {
  return new TextEncoder().encode(JSON.stringify(request)).length;
}

/** What one input adds to the rendered revision. */
export interface SizeShare {
  input: string;
  /** Bytes the revision has with the input and not without it (the size with it, less the size without). */
  bytes: number;
  /** What the input holds, for the message: `812 entries`. */
  what: string;
}

const HOW_TO_SHRINK: Readonly<Record<string, string>> = {
  environment: 'keep large values in SSM Parameter Store or Secrets Manager and pass them with "secrets", or shorten them',
  secrets: 'give fewer or shorter references',
  tags: 'give fewer or shorter tags',
};

const bytes = (n: number) => `${n.toLocaleString('en-US')} bytes`;

/**
 * Throws an InputError when the rendered revision is over ECS's 64 KiB (less the room kept for the register
 * token): it names the input that adds the most, with how much it adds, or the template when the template
 * alone is too large. `shares` is called only then.
 */
export function checkRevisionSize(rendered: TaskDefinitionInput, shares: () => readonly SizeShare[]): void {
  const total = requestBytes(rendered);
  if (total <= MAX_RENDERED_BYTES) return;
  const limit = `ECS's limit of ${bytes(MAX_TASK_DEFINITION_BYTES)} (64 KiB) for a task definition, less ${RESERVED_BYTES} kept for this action's register-token tag`;
  const all = shares();
  const biggest = [...all].sort((a, b) => b.bytes - a.bytes)[0];
  const rest = total - all.reduce((sum, s) => sum + Math.max(0, s.bytes), 0);
  if (biggest === undefined || biggest.bytes <= 0 || rest > MAX_RENDERED_BYTES) {
    throw new InputError(
      'template',
      `the rendered revision would be ${bytes(total)}, over ${limit}, and the template with the image and provenance tags alone ` +
        `takes ${bytes(rest)}; shrink the template in Terraform`,
    );
  }
  throw new InputError(
    biggest.input,
    `adds ${bytes(biggest.bytes)} (${biggest.what}) to the rendered revision, which would be ${bytes(total)}, over ${limit}; ` +
      `remove at least ${bytes(total - MAX_RENDERED_BYTES)}: ${HOW_TO_SHRINK[biggest.input] ?? 'shorten it'}`,
  );
}

/** Where the tags of a rendered revision come from, in the order rendering merges them (a later key wins). */
export interface TagSources {
  template: readonly Tag[];
  input: readonly Tag[];
  provenance: readonly Tag[];
}

/**
 * Throws an InputError naming `tags` when the revision would carry more tags than ECS allows, once this
 * action's own later tags are added: says how many come from the template, the `tags` input and
 * provenance, and how many to remove.
 */
export function checkTagCount(sources: TagSources): void {
  const from = new Map<string, keyof TagSources>();
  for (const source of ['template', 'input', 'provenance'] as const) {
    for (const tag of sources[source]) if (!/^aws:/i.test(tag.key)) from.set(tag.key, source);
  }
  const total = from.size;
  if (total <= MAX_RENDERED_TAGS) return;
  const count = (source: keyof TagSources) => [...from.values()].filter((s) => s === source).length;
  const over = total - MAX_RENDERED_TAGS;
  throw new InputError(
    'tags',
    `the revision would carry ${total} tags (${count('template')} from the template, ${count('input')} from the "tags" input, ` +
      `${count('provenance')} provenance tags), and this action adds ${RESERVED_TAG_KEYS.length} more of its own ` +
      `(${RESERVED_TAG_KEYS.join(', ')}); ECS allows ${MAX_TAGS} per revision. ` +
      `Remove at least ${over} ${over === 1 ? 'tag' : 'tags'} from the "tags" input or from the template's tags in Terraform`,
  );
}
