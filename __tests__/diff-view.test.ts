/**
 * diffLines / diffMarkdown: the readable view of a task definition diff, for the log and the job
 * summary. Hand-written diffs pin the exact wording; diffs of the described fixtures check the view of
 * real changes, and that no environment or secret value ever reaches it.
 */
import { describe, expect, test } from '@jest/globals';
import { diffLines, diffMarkdown } from '../src/core/diff-view.js';
import { diffTaskDefinitions, type FieldChange, type KeyChanges, type TaskDefinitionDiff } from '../src/core/task-def-diff.js';
import type { ContainerDefinition, TaskDefinitionInput } from '../src/core/types.js';
import { fixtureNames } from './fixtures/load.js';
import { table } from './helpers/table.js';
import { IMAGE_A, IMAGE_B, containerOf, registeredFrom, renderFixtureForDeploy } from './helpers/task-definitions.js';

const AGAINST = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/storefront-web:41';

function diffOf(parts: Partial<TaskDefinitionDiff>): TaskDefinitionDiff {
  return { images: [], environment: [], secrets: [], other: [], ...parts };
}

function keys(container: string, over: Partial<Omit<KeyChanges, 'container'>>): KeyChanges {
  return { container, added: [], removed: [], changed: [], ...over };
}

describe('diffLines: one line per change', () => {
  test.each(
    table([
      ['an image changed', diffOf({ images: [{ container: 'web', before: IMAGE_A, after: IMAGE_B }] }), [`~ image (web): ${IMAGE_A} -> ${IMAGE_B}`]],
      ['an image on a new container', diffOf({ images: [{ container: 'envoy', after: 'public.ecr.aws/appmesh/envoy:v1' }] }), ['~ image (envoy): (none) -> public.ecr.aws/appmesh/envoy:v1']],
      ['an image of a removed container', diffOf({ images: [{ container: 'envoy', before: 'public.ecr.aws/appmesh/envoy:v1' }] }), ['~ image (envoy): public.ecr.aws/appmesh/envoy:v1 -> (none)']],
      [
        'environment keys added, removed and changed',
        diffOf({ environment: [keys('web', { added: ['NEW_KEY', 'OTHER'], removed: ['PORT'], changed: ['DATABASE_OPTIONS'] })] }),
        ['~ environment keys (web): added NEW_KEY, OTHER; removed PORT; changed DATABASE_OPTIONS'],
      ],
      ['environment keys only removed', diffOf({ environment: [keys('web', { removed: ['PORT', 'HOST'] })] }), ['~ environment keys (web): removed PORT, HOST']],
      ['environment keys only added', diffOf({ environment: [keys('web', { added: ['A'] })] }), ['~ environment keys (web): added A']],
      ['secret keys only changed', diffOf({ secrets: [keys('billing', { changed: ['DB_PASSWORD'] })] }), ['~ secret keys (billing): changed DB_PASSWORD']],
      ['several secret keys changed', diffOf({ secrets: [keys('billing', { changed: ['DB_PASSWORD', 'STRIPE_API_KEY'] })] }), ['~ secret keys (billing): changed DB_PASSWORD, STRIPE_API_KEY']],
      [
        'keys of two containers, each on its own line',
        diffOf({ environment: [keys('app', { added: ['A'] }), keys('envoy', { removed: ['B'] })] }),
        ['~ environment keys (app): added A', '~ environment keys (envoy): removed B'],
      ],
      ['a field added', diffOf({ other: [{ path: 'ephemeralStorage', after: { sizeInGiB: 50 } }] }), ['+ ephemeralStorage: {"sizeInGiB":50}']],
      ['a field removed', diffOf({ other: [{ path: 'containerDefinitions[web].stopTimeout', before: 30 }] }), ['- containerDefinitions[web].stopTimeout: 30']],
      ['a field changed', diffOf({ other: [{ path: 'cpu', before: '512', after: '1024' }] }), ['~ cpu: "512" -> "1024"']],
      ['false before is a change, not an addition', diffOf({ other: [{ path: 'enableFaultInjection', before: false, after: true }] }), ['~ enableFaultInjection: false -> true']],
      ['0 after is a change, not a removal', diffOf({ other: [{ path: 'containerDefinitions[redis].cpu', before: 128, after: 0 }] }), ['~ containerDefinitions[redis].cpu: 128 -> 0']],
      ['an empty string on both sides', diffOf({ other: [{ path: 'x', before: '', after: 'y' }, { path: 'z', before: 'y', after: '' }] }), ['~ x: "" -> "y"', '~ z: "y" -> ""']],
      ['null is a value', diffOf({ other: [{ path: 'pidMode', before: null, after: 'task' }] }), ['~ pidMode: null -> "task"']],
      ['a change holding neither side reads as an addition of nothing', diffOf({ other: [{ path: 'ipcMode' }] }), ['+ ipcMode: (none)']],
      [
        'a string with quotes and a line break is shown as JSON, on one line',
        diffOf({ other: [{ path: 'containerDefinitions[app].command[1]', before: 'echo "hi"\nexit 0', after: 'true' }] }),
        ['~ containerDefinitions[app].command[1]: "echo \\"hi\\"\\nexit 0" -> "true"'],
      ],
    ] as const),
  )('%s', (_what, diff, expected) => {
    expect(diffLines(diff)).toEqual(expected);
  });

  test('nothing differs: no line', () => {
    expect(diffLines(diffOf({}))).toEqual([]);
  });

  test('images first, then environment keys, secret keys, other fields, each in the diff order', () => {
    const diff = diffOf({
      other: [
        { path: 'memory', before: '1024', after: '2048' },
        { path: 'cpu', before: '512', after: '1024' },
      ],
      secrets: [keys('billing', { added: ['S'] })],
      environment: [keys('billing', { added: ['E'] })],
      images: [
        { container: 'b', before: 'b:1', after: 'b:2' },
        { container: 'a', before: 'a:1', after: 'a:2' },
      ],
    });
    expect(diffLines(diff)).toEqual([
      '~ image (b): b:1 -> b:2',
      '~ image (a): a:1 -> a:2',
      '~ environment keys (billing): added E',
      '~ secret keys (billing): added S',
      '~ memory: "1024" -> "2048"',
      '~ cpu: "512" -> "1024"',
    ]);
  });
});

describe('diffLines: long values', () => {
  /** A string whose JSON form (with its quotes) is `length` characters. */
  const jsonOfLength = (length: number) => 'x'.repeat(length - 2);

  test.each(
    table([
      [199, false],
      [200, false],
      [201, true],
      [5000, true],
    ] as const),
  )('a value of %s characters as JSON is cut: %s', (length, cut) => {
    const value = jsonOfLength(length);
    const [line] = diffLines(diffOf({ other: [{ path: 'p', after: value }] }));
    const shown = (line ?? '').slice('+ p: '.length);
    if (cut) {
      expect(shown).toHaveLength(200);
      expect(shown.endsWith('…')).toBe(true);
      expect(shown).toBe(`${JSON.stringify(value).slice(0, 199)}…`);
    } else {
      expect(shown).toBe(JSON.stringify(value));
    }
  });

  test('before and after are cut each on its own', () => {
    const before = { entryPoint: ['sh', '-c'], command: ['a'.repeat(300)] };
    const [line] = diffLines(diffOf({ other: [{ path: 'containerDefinitions[app]', before, after: 'short' }] }));
    expect(line).toBe(`~ containerDefinitions[app]: ${JSON.stringify(before).slice(0, 199)}… -> "short"`);
  });

  test('a whole container definition removed is shown cut, as one line', () => {
    const current = registeredFrom('firelens-xray', renderFixtureForDeploy('firelens-xray'));
    const rendered = renderFixtureForDeploy('firelens-xray');
    rendered.containerDefinitions = rendered.containerDefinitions.filter((c) => c.name !== 'xray-daemon');
    const lines = diffLines(diffTaskDefinitions(current, rendered));
    const removed = lines.filter((l) => l.startsWith('- containerDefinitions[xray-daemon]: '));
    expect(removed).toHaveLength(1);
    expect(removed[0]).toHaveLength('- containerDefinitions[xray-daemon]: '.length + 200);
    expect(removed[0]?.endsWith('…')).toBe(true);
    expect(lines).toContain(`~ image (xray-daemon): ${containerOf(current, 'xray-daemon').image} -> (none)`);
  });

  test('image references are shown whole, however long', () => {
    const long = `registry.example.com/${'team/'.repeat(60)}api:v1`;
    expect(diffLines(diffOf({ images: [{ container: 'api', before: long, after: IMAGE_B }] }))).toEqual([`~ image (api): ${long} -> ${IMAGE_B}`]);
  });
});

describe('diffMarkdown', () => {
  test('no difference: one sentence naming the revision compared against', () => {
    expect(diffMarkdown(diffOf({}), AGAINST)).toBe(`No difference from \`${AGAINST}\`.`);
  });

  test('a diff block whose changed lines start with "!" and added/removed lines keep "+" and "-"', () => {
    const diff = diffOf({
      images: [{ container: 'web', before: IMAGE_A, after: IMAGE_B }],
      environment: [keys('web', { added: ['NEW_KEY'] })],
      other: [
        { path: 'cpu', before: '512', after: '1024' },
        { path: 'ephemeralStorage', after: { sizeInGiB: 50 } },
        { path: 'containerDefinitions[web].stopTimeout', before: 30 },
      ],
    });
    expect(diffMarkdown(diff, AGAINST)).toBe(
      [
        `Against \`${AGAINST}\`, the serving revision:`,
        '',
        '```diff',
        `! image (web): ${IMAGE_A} -> ${IMAGE_B}`,
        '! environment keys (web): added NEW_KEY',
        '! cpu: "512" -> "1024"',
        '+ ephemeralStorage: {"sizeInGiB":50}',
        '- containerDefinitions[web].stopTimeout: 30',
        '```',
      ].join('\n'),
    );
  });

  test('only the leading "~" becomes "!": a "~" inside a value is kept', () => {
    const diff = diffOf({ other: [{ path: 'containerDefinitions[app].workingDirectory', before: '~/app', after: '~/srv' }] });
    expect(diffMarkdown(diff, AGAINST).split('\n')).toContain('! containerDefinitions[app].workingDirectory: "~/app" -> "~/srv"');
  });

  test('holds exactly the lines of diffLines', () => {
    const current = registeredFrom('healthcheck-dependson', renderFixtureForDeploy('healthcheck-dependson'));
    const rendered = renderFixtureForDeploy('healthcheck-dependson', IMAGE_B);
    containerOf(rendered, 'redis').cpu = 256;
    const diff = diffTaskDefinitions(current, rendered);
    const lines = diffLines(diff);
    expect(lines.length).toBeGreaterThan(1);
    const block = diffMarkdown(diff, AGAINST).split('\n');
    expect(block.slice(3, -1)).toEqual(lines.map((l) => l.replace(/^~/, '!')));
    expect(block.at(-1)).toBe('```');
  });
});

describe('the view of real diffs', () => {
  test('fargate-web: new image, environment keys, task cpu and a port mapping (known by its port and protocol)', () => {
    const current = registeredFrom('fargate-web', renderFixtureForDeploy('fargate-web', IMAGE_A));
    const rendered = renderFixtureForDeploy('fargate-web', IMAGE_B);
    const web = containerOf(rendered, 'web');
    web.environment = (web.environment ?? []).filter((e) => e.name !== 'PORT');
    web.environment.push({ name: 'NEW_KEY', value: 'new-value' });
    const featureFlags = web.environment.find((e) => e.name === 'FEATURE_FLAGS');
    if (!featureFlags) throw new Error('fixture fargate-web lost FEATURE_FLAGS');
    featureFlags.value = 'checkout-v2';
    rendered.cpu = '1024';
    (web.portMappings as Array<Record<string, unknown>>)[0]!.appProtocol = 'http2';

    expect(diffLines(diffTaskDefinitions(current, rendered))).toEqual([
      `~ image (web): ${IMAGE_A} -> ${IMAGE_B}`,
      '~ environment keys (web): added NEW_KEY; removed PORT; changed FEATURE_FLAGS',
      '~ containerDefinitions[web].portMappings[8080/tcp].appProtocol: "http" -> "http2"',
      '~ cpu: "512" -> "1024"',
    ]);
  });

  test('secrets: secret keys only', () => {
    const current = registeredFrom('secrets', renderFixtureForDeploy('secrets'));
    const rendered = renderFixtureForDeploy('secrets');
    const billing = containerOf(rendered, 'billing');
    billing.secrets = (billing.secrets ?? []).map((s, i) => (i === 0 ? { ...s, valueFrom: `${s.valueFrom}-v2` } : s));
    const changedKey = billing.secrets[0]?.name;
    expect(diffLines(diffTaskDefinitions(current, rendered))).toEqual([`~ secret keys (billing): changed ${changedKey}`]);
  });
});

/** Sets every environment value and secret valueFrom to a marker of its own (prefix + counter). */
function markValues(containers: ContainerDefinition[], prefix: string): string[] {
  const markers: string[] = [];
  const next = () => {
    const marker = `${prefix}-${markers.length}-zq`;
    markers.push(marker);
    return marker;
  };
  for (const c of containers) {
    if (c.environment) c.environment = c.environment.map((e) => ({ ...e, value: next() }));
    if (c.secrets) c.secrets = c.secrets.map((s) => ({ ...s, valueFrom: next() }));
  }
  return markers;
}

describe('no environment or secret value is ever shown', () => {
  /**
   * For every fixture: all values differ between the serving revision and the render, one key is
   * removed and one added per container, a container with values is added and (where there are two)
   * one with values removed, so that values sit in every section a diff has.
   */
  function scenario(name: string): { current: TaskDefinitionInput; rendered: TaskDefinitionInput; markers: string[] } {
    const current = registeredFrom(name, renderFixtureForDeploy(name));
    const rendered = renderFixtureForDeploy(name, IMAGE_B);
    for (const c of current.containerDefinitions) {
      c.environment = [...(c.environment ?? []), { name: 'ONLY_BEFORE', value: '' }];
      c.secrets = [...(c.secrets ?? []), { name: 'ONLY_BEFORE_SECRET', valueFrom: '' }];
    }
    for (const c of rendered.containerDefinitions) {
      c.environment = [...(c.environment ?? []), { name: 'ONLY_AFTER', value: '' }];
      c.secrets = [...(c.secrets ?? []), { name: 'ONLY_AFTER_SECRET', valueFrom: '' }];
    }
    rendered.containerDefinitions.push({
      name: 'token-refresher',
      image: 'public.ecr.aws/acme/token-refresher:1.0.0',
      essential: false,
      environment: [{ name: 'REFRESH_PASSWORD', value: '' }],
      secrets: [{ name: 'API_TOKEN', valueFrom: '' }],
    });
    if (current.containerDefinitions.length > 1) {
      const gone = current.containerDefinitions.at(-1)?.name;
      rendered.containerDefinitions = rendered.containerDefinitions.filter((c) => c.name !== gone);
    }
    const markers = [...markValues(current.containerDefinitions, 'before-value'), ...markValues(rendered.containerDefinitions, 'after-value')];
    return { current, rendered, markers };
  }

  test.each(fixtureNames())('%s', (name) => {
    const { current, rendered, markers } = scenario(name);
    expect(markers.length).toBeGreaterThanOrEqual(6);
    for (const [before, after] of [
      [current, rendered],
      [rendered, current],
    ] as const) {
      const diff = diffTaskDefinitions(before, after);
      const lines = diffLines(diff);
      const markdown = diffMarkdown(diff, AGAINST);
      // The keys are there ...
      expect(lines.some((l) => l.includes('ONLY_BEFORE') && l.startsWith('~ environment keys'))).toBe(true);
      expect(lines.some((l) => l.includes('ONLY_AFTER_SECRET') && l.startsWith('~ secret keys'))).toBe(true);
      expect(lines.some((l) => l.includes('REFRESH_PASSWORD'))).toBe(true);
      // ... and no value, in either view.
      for (const marker of markers) {
        expect([marker, lines.join('\n').includes(marker)]).toEqual([marker, false]);
        expect([marker, markdown.includes(marker)]).toEqual([marker, false]);
      }
    }
  });

  test('the markers would be seen if a value leaked: an environment value in another field shows', () => {
    // Guards the test above: the same kind of marker in a field that is not environment or secrets is shown.
    const current = registeredFrom('fargate-web', renderFixtureForDeploy('fargate-web'));
    const rendered = renderFixtureForDeploy('fargate-web');
    containerOf(rendered, 'web').dockerLabels = { leak: 'after-value-0-zq' };
    expect(diffLines(diffTaskDefinitions(current, rendered)).join('\n')).toContain('after-value-0-zq');
  });
});

describe('diffLines does not depend on anything but the diff', () => {
  test('the diff is not modified', () => {
    const other: FieldChange[] = [{ path: 'cpu', before: '512', after: '1024' }];
    const diff = diffOf({ other, environment: [keys('web', { added: ['A'] })] });
    const snapshot = JSON.stringify(diff);
    diffLines(diff);
    diffMarkdown(diff, AGAINST);
    expect(JSON.stringify(diff)).toBe(snapshot);
  });
});
