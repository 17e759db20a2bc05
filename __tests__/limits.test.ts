/**
 * The ECS limits a rendered revision can break: 64 KiB for a task definition and 50 tags per revision,
 * each an InputError that names the input to change and by how much.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import {
  checkRevisionSize,
  checkTagCount,
  MAX_RENDERED_BYTES,
  MAX_RENDERED_TAGS,
  MAX_TASK_DEFINITION_BYTES,
  requestBytes,
  RESERVED_TAG_KEYS,
} from '../src/core/limits.js';
import { MAX_TAGS, TAG_KEYS } from '../src/core/tags.js';
import type { Tag, TaskDefinitionInput } from '../src/core/types.js';
import { expectOneLine, inputErrorOf } from './helpers/errors.js';

const tags = (n: number, prefix: string): Tag[] => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: 'v' }));

/** A revision of about `bytes` bytes. */
function revisionOf(bytes: number): TaskDefinitionInput {
  const base = { family: 'api', containerDefinitions: [{ name: 'api', image: 'nginx', environment: [{ name: 'PAD', value: '' }] }] };
  const pad = bytes - requestBytes(base);
  base.containerDefinitions[0]!.environment[0]!.value = 'x'.repeat(Math.max(0, pad));
  return base as unknown as TaskDefinitionInput;
}

describe('the limits', () => {
  test('64 KiB for a task definition, 256 bytes kept for the register token', () => {
    expect(MAX_TASK_DEFINITION_BYTES).toBe(65_536);
    expect(MAX_RENDERED_BYTES).toBe(65_280);
  });
  test('50 tags per revision, 2 of them kept for the register token and the completed mark', () => {
    expect(MAX_TAGS).toBe(50);
    expect(RESERVED_TAG_KEYS).toEqual([TAG_KEYS.registerToken, TAG_KEYS.rolloutCompleted]);
    expect(MAX_RENDERED_TAGS).toBe(48);
  });
  test('requestBytes counts UTF-8 bytes of the JSON', () => {
    expect(requestBytes({ a: 'é' })).toBe('{"a":"é"}'.length + 1);
    expect(requestBytes(revisionOf(1000))).toBe(1000);
  });
});

describe('checkRevisionSize', () => {
  test.each([1000, 40_000, MAX_RENDERED_BYTES])('%d bytes pass (shares are not even computed)', (size) => {
    expect(() =>
      checkRevisionSize(revisionOf(size), () => {
        throw new Error('not needed');
      }),
    ).not.toThrow();
  });

  test.each<[string, number, Array<[string, number]>, string, RegExp]>([
    [
      'a huge environment overlay',
      70_000,
      [['environment', 68_000], ['secrets', 200], ['tags', 100]],
      'environment',
      /^Input "environment": adds 68,000 bytes \(n entries\) to the rendered revision, which would be 70,000 bytes, over ECS's limit of 65,536 bytes \(64 KiB\) for a task definition, less 256 kept for this action's register-token tag; remove at least 4,720 bytes: keep large values in SSM Parameter Store or Secrets Manager/,
    ],
    ['many secrets', 66_000, [['environment', 0], ['secrets', 30_000], ['tags', 10]], 'secrets', /^Input "secrets": adds 30,000 bytes .*remove at least 720 bytes: give fewer or shorter references$/],
    ['many tags', 65_500, [['environment', 10], ['secrets', 10], ['tags', 4_000]], 'tags', /^Input "tags": adds 4,000 bytes .*give fewer or shorter tags$/],
    ['a template that is too large by itself', 70_000, [['environment', 100], ['secrets', 0], ['tags', 0]], 'template', /^Input "template": the rendered revision would be 70,000 bytes, .* alone takes 69,900 bytes; shrink the template in Terraform$/],
    ['no overlay at all', 66_000, [], 'template', /^Input "template": .*alone takes 66,000 bytes/],
  ])('%s: one line naming the input', (_name, size, shares, input, message) => {
    const error = inputErrorOf(() => checkRevisionSize(revisionOf(size), () => shares.map(([i, bytes]) => ({ input: i, bytes, what: 'n entries' }))));
    expectOneLine(error, input);
    expect(error.message).toMatch(message);
  });
});

describe('checkTagCount', () => {
  test.each<[number, number, number]>([
    [0, 0, 5],
    [40, 3, 5],
    [0, 43, 5],
    [48, 0, 0],
  ])('%d template + %d input + %d provenance tags fit', (t, i, p) => {
    expect(() => checkTagCount({ template: tags(t, 't'), input: tags(i, 'i'), provenance: tags(p, 'p') })).not.toThrow();
  });

  test('a key given twice counts once, where it ends up (the input overrides the template)', () => {
    expect(() => checkTagCount({ template: tags(40, 'k'), input: tags(43, 'k'), provenance: tags(5, 'p') })).not.toThrow();
  });

  test('tags with the reserved aws: prefix do not count (ECS does not count them)', () => {
    expect(() => checkTagCount({ template: [...tags(43, 't'), ...tags(10, 'aws:cloudformation:')], input: [], provenance: tags(5, 'p') })).not.toThrow();
  });

  test.each<[number, number, number, string]>([
    [40, 4, 5, 'Remove at least 1 tag'],
    [10, 44, 5, 'Remove at least 11 tags'],
    [50, 0, 5, 'Remove at least 7 tags'],
  ])('%d template + %d input + %d provenance tags: says where they come from and what to remove', (t, i, p, remove) => {
    const error = inputErrorOf(() => checkTagCount({ template: tags(t, 't'), input: tags(i, 'i'), provenance: tags(p, 'p') }));
    expectOneLine(error, 'tags');
    expect(error.message).toBe(
      `Input "tags": the revision would carry ${t + i + p} tags (${t} from the template, ${i} from the "tags" input, ${p} provenance tags), ` +
        'and this action adds 2 more of its own (ecs-template-deploy:register-token, ecs-template-deploy:rollout-completed); ' +
        `ECS allows 50 per revision. ${remove} from the "tags" input or from the template's tags in Terraform`,
    );
  });
});

test('the README states the limits the code applies', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
  expect(readme).toContain(`ECS allows ${MAX_TAGS} tags on a revision`);
  expect(readme).toContain(`may carry at most ${MAX_RENDERED_TAGS}`);
  for (const key of RESERVED_TAG_KEYS) expect(readme).toContain(key);
  expect(readme).toContain(`less ${MAX_TASK_DEFINITION_BYTES - MAX_RENDERED_BYTES} bytes kept`);
  expect(readme).toContain('64 KiB');
});
