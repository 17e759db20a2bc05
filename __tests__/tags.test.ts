import { describe, expect, test } from '@jest/globals';
import { MAX_KEY_LENGTH, MAX_VALUE_LENGTH, TAG_KEYS, TAG_PREFIX, provenanceTags, tagProblem, withoutOwnTags, type ProvenanceContext } from '../src/core/tags.js';
import type { Tag } from '../src/core/types.js';

const SHA = '3f786850e387550fdab836ed7e6dc881de23001b';
const TEMPLATE_ARN = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/storefront-web-template:14';

function context(overrides: Partial<ProvenanceContext> = {}): ProvenanceContext {
  return {
    sha: SHA,
    repository: 'acme/storefront',
    runUrl: 'https://github.com/acme/storefront/actions/runs/11850392764/attempts/2',
    templateArn: TEMPLATE_ARN,
    imageTags: new Map([['web', 'v1.2.3']]),
    ...overrides,
  };
}

describe('provenanceTags', () => {
  test('full context: commit, repository, run URL with attempt, template ARN, image tag, in that order', () => {
    expect(provenanceTags(context())).toStrictEqual([
      { key: 'ecs-template-deploy:commit', value: SHA },
      { key: 'ecs-template-deploy:repository', value: 'acme/storefront' },
      { key: 'ecs-template-deploy:run-url', value: 'https://github.com/acme/storefront/actions/runs/11850392764/attempts/2' },
      { key: 'ecs-template-deploy:template', value: TEMPLATE_ARN },
      { key: 'ecs-template-deploy:image-tag', value: 'v1.2.3' },
    ]);
  });

  test('the commit is the full 40-character SHA', () => {
    const commit = provenanceTags(context()).find((t) => t.key === TAG_KEYS.commit);
    expect(commit?.value).toHaveLength(40);
    expect(commit?.value).toBe(SHA);
  });

  test('the run URL is taken from the run context as it is (readRunContext builds it)', () => {
    const tags = provenanceTags(context({ runUrl: 'https://github.example.com/acme/storefront/actions/runs/11850392764' }));
    expect(tags.find((t) => t.key === TAG_KEYS.runUrl)?.value).toBe('https://github.example.com/acme/storefront/actions/runs/11850392764');
  });

  test('several images: one tag per container', () => {
    const tags = provenanceTags(context({ imageTags: new Map([['app', '2025.06.01-1'], ['xray-daemon', '3.3.14']]) }));
    expect(tags.filter((t) => t.key.startsWith(TAG_KEYS.imageTag))).toStrictEqual([
      { key: 'ecs-template-deploy:image-tag/app', value: '2025.06.01-1' },
      { key: 'ecs-template-deploy:image-tag/xray-daemon', value: '3.3.14' },
    ]);
  });

  test.each<[string, Partial<ProvenanceContext>, string[]]>([
    ['no sha', { sha: undefined }, [TAG_KEYS.commit]],
    ['empty sha', { sha: '' }, [TAG_KEYS.commit]],
    ['blank repository', { repository: '  ' }, [TAG_KEYS.repository]],
    ['no repository', { repository: undefined }, [TAG_KEYS.repository]],
    ['no run URL', { runUrl: undefined }, [TAG_KEYS.runUrl]],
    ['a blank run URL', { runUrl: ' ' }, [TAG_KEYS.runUrl]],
    ['no template ARN', { templateArn: undefined }, [TAG_KEYS.template]],
    ['empty template ARN', { templateArn: '' }, [TAG_KEYS.template]],
    ['no image tags (image given by digest)', { imageTags: new Map() }, [TAG_KEYS.imageTag]],
    ['an empty image tag', { imageTags: new Map([['web', '']]) }, [TAG_KEYS.imageTag]],
  ])('%s: that tag is left out, the others stay, none is empty', (_title, overrides, missing) => {
    const tags = provenanceTags(context(overrides));
    const keys = tags.map((t) => t.key);
    for (const key of missing) expect(keys).not.toContain(key);
    const all = provenanceTags(context()).map((t) => t.key);
    expect(keys).toEqual(all.filter((k) => !missing.includes(k)));
    for (const tag of tags) expect(tag.value).not.toBe('');
  });

  test('nothing known gives no tags', () => {
    expect(provenanceTags({ imageTags: new Map() })).toStrictEqual([]);
  });

  test('values are trimmed', () => {
    expect(provenanceTags({ sha: ` ${SHA}\n`, imageTags: new Map() })).toStrictEqual([{ key: TAG_KEYS.commit, value: SHA }]);
  });

  test('every tag stays within the ECS limits, even for long and odd values', () => {
    const longFamily = `${'f'.repeat(240)}-template`;
    const tags = provenanceTags(
      context({
        templateArn: `arn:aws:ecs:ap-southeast-2:123456789012:task-definition/${longFamily}:1234`,
        repository: 'acme/storefront#1',
        imageTags: new Map([['a'.repeat(120), 'v1']]),
      }),
    );
    expect(tags).toHaveLength(5);
    for (const tag of tags) expect([tag, tagProblem(tag)]).toEqual([tag, undefined]);
    expect(tags.find((t) => t.key === TAG_KEYS.template)?.value).toHaveLength(MAX_VALUE_LENGTH);
    expect(tags.find((t) => t.key === TAG_KEYS.repository)?.value).toBe('acme/storefront_1');
  });

  test('the tags of a full context pass tagProblem', () => {
    for (const tag of provenanceTags(context())) expect(tagProblem(tag)).toBeUndefined();
  });
});

describe('tagProblem', () => {
  test.each<[string, Tag]>([
    ['plain', { key: 'Environment', value: 'production' }],
    ['empty value', { key: 'Owner', value: '' }],
    ['all allowed punctuation', { key: 'a+b-c=d.e_f:g/h@i', value: 'x+y-z=1.2_3:4/5@6' }],
    ['spaces', { key: 'Cost Center', value: 'Team Payments' }],
    ['unicode letters', { key: 'Abteilung', value: 'Zürich 日本' }],
    ['128-character key', { key: 'k'.repeat(MAX_KEY_LENGTH), value: 'v' }],
    ['256-character value', { key: 'k', value: 'v'.repeat(MAX_VALUE_LENGTH) }],
    ['aws inside, not as prefix', { key: 'my-aws:thing', value: 'aws:value' }],
  ])('%s is fine', (_title, tag) => {
    expect(tagProblem(tag)).toBeUndefined();
  });

  test.each<[string, Tag, RegExp]>([
    ['reserved aws: prefix', { key: 'aws:cloudformation:stack-name', value: 'x' }, /reserved prefix "aws:"/],
    ['reserved prefix in any case', { key: 'AWS:Owner', value: 'x' }, /reserved/],
    ['reserved prefix, mixed case', { key: 'Aws:owner', value: 'x' }, /reserved/],
    ['empty key', { key: '', value: 'x' }, /1 to 128 characters/],
    ['129-character key', { key: 'k'.repeat(MAX_KEY_LENGTH + 1), value: 'x' }, /1 to 128 characters/],
    ['257-character value', { key: 'k', value: 'v'.repeat(MAX_VALUE_LENGTH + 1) }, /at most 256 characters/],
    ['comma in value', { key: 'team', value: 'a,b' }, /value of "team" may hold only/],
    ['hash in key', { key: 'team#1', value: 'a' }, /key "team#1" may hold only/],
    ['quote in value', { key: 'note', value: 'say "hi"' }, /may hold only/],
    ['asterisk in key', { key: 'env*', value: 'x' }, /may hold only/],
  ])('%s', (_title, tag, message) => {
    expect(tagProblem(tag)).toMatch(message);
  });
});

describe('TAG_KEYS', () => {
  test('all in the action namespace, distinct, and valid tag keys', () => {
    const keys = Object.values(TAG_KEYS);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) {
      expect(key.startsWith(TAG_PREFIX)).toBe(true);
      expect(tagProblem({ key, value: 'x' })).toBeUndefined();
    }
  });
});

describe('withoutOwnTags', () => {
  test('drops the action namespace only, keeps the order of the rest', () => {
    const tags: Tag[] = [
      { key: 'Environment', value: 'production' },
      { key: TAG_KEYS.commit, value: SHA },
      { key: 'ecs-template-deployer:x', value: 'kept' },
      { key: TAG_KEYS.rolloutCompleted, value: 'true' },
      { key: 'ecs-template-deploy', value: 'kept too' },
      { key: `${TAG_KEYS.imageTag}/app`, value: 'v1' },
      { key: 'ManagedBy', value: 'terraform' },
    ];
    expect(withoutOwnTags(tags)).toStrictEqual([
      { key: 'Environment', value: 'production' },
      { key: 'ecs-template-deployer:x', value: 'kept' },
      { key: 'ecs-template-deploy', value: 'kept too' },
      { key: 'ManagedBy', value: 'terraform' },
    ]);
    expect(tags).toHaveLength(7);
  });

  test('empty in, empty out', () => {
    expect(withoutOwnTags([])).toStrictEqual([]);
  });
});
