/** Provenance tags and the ECS tag limits. Pure. */
import { shown } from './errors.js';
import type { Tag } from './types.js';

export const TAG_PREFIX = 'ecs-template-deploy:';
export const MAX_TAGS = 50;
export const MAX_KEY_LENGTH = 128;
export const MAX_VALUE_LENGTH = 256;
const ALLOWED = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const DISALLOWED_CHAR = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;

/** Tag keys this action writes. */
export const TAG_KEYS = {
  commit: `${TAG_PREFIX}commit`,
  repository: `${TAG_PREFIX}repository`,
  runUrl: `${TAG_PREFIX}run-url`,
  template: `${TAG_PREFIX}template`,
  imageTag: `${TAG_PREFIX}image-tag`,
  /** Set on a revision once a rollout of it completed; `rollback-to: previous` reads it back. */
  rolloutCompleted: `${TAG_PREFIX}rollout-completed`,
  /**
   * On a template: the image prefix (registry or repository) of its placeholder images; with
   * `image: current`, a container new in the template whose image starts with it is refused.
   */
  placeholderImage: `${TAG_PREFIX}placeholder-image`,
  /** A token unique to one attempt of the step: finds the revision it registered after a lost answer. */
  registerToken: `${TAG_PREFIX}register-token`,
} as const;

export interface ProvenanceContext {
  sha?: string;
  repository?: string;
  /** The workflow run's page (from the run context, which builds it once). */
  runUrl?: string;
  templateArn?: string;
  /** Container name -> tag of the image as the user gave it (before digest pinning). */
  imageTags: ReadonlyMap<string, string>;
}

/** Why a tag breaks ECS's limits, or undefined when it is fine. */
export function tagProblem(tag: Tag): string | undefined {
  const key = shown(tag.key);
  if (tag.key.length === 0 || tag.key.length > MAX_KEY_LENGTH) return `key ${key} must be 1 to ${MAX_KEY_LENGTH} characters`;
  if (tag.value.length > MAX_VALUE_LENGTH) return `value of ${key} must be at most ${MAX_VALUE_LENGTH} characters`;
  if (/^aws:/i.test(tag.key)) return `key ${key} uses the reserved prefix "aws:"`;
  if (!ALLOWED.test(tag.key)) return `key ${key} may hold only letters, digits, spaces and + - = . _ : / @`;
  if (!ALLOWED.test(tag.value)) return `value of ${key} may hold only letters, digits, spaces and + - = . _ : / @`;
  return undefined;
}

function cleanValue(value: string): string {
  return value.replace(DISALLOWED_CHAR, '_').slice(0, MAX_VALUE_LENGTH);
}

/** The provenance tags of a rendered revision; a value that is unknown or empty gives no tag. */
export function provenanceTags(ctx: ProvenanceContext): Tag[] {
  const tags: Tag[] = [];
  const add = (key: string, value: string | undefined) => {
    const clean = value === undefined ? '' : cleanValue(value.trim());
    if (clean !== '') tags.push({ key, value: clean });
  };
  add(TAG_KEYS.commit, ctx.sha);
  add(TAG_KEYS.repository, ctx.repository);
  add(TAG_KEYS.runUrl, ctx.runUrl);
  add(TAG_KEYS.template, ctx.templateArn);
  if (ctx.imageTags.size === 1) {
    add(TAG_KEYS.imageTag, [...ctx.imageTags.values()][0]);
  } else {
    for (const [container, tag] of ctx.imageTags) add(`${TAG_KEYS.imageTag}/${container}`.slice(0, MAX_KEY_LENGTH), tag);
  }
  return tags;
}

/** Drops tags in this action's namespace (a template must not pass on a stale provenance or rollout mark). */
export function withoutOwnTags(tags: readonly Tag[]): Tag[] {
  return tags.filter((t) => !t.key.startsWith(TAG_PREFIX));
}
