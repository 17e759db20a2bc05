/** deepClone: a copy of JSON-like data that shares nothing with the original. */
import { describe, expect, test } from '@jest/globals';
import { deepClone } from '../src/core/clone.js';
import { fixtureNames, loadFixture } from './fixtures/load.js';
import { loadRollout, rolloutFixtureNames } from './fixtures/rollouts.js';
import { table } from './helpers/table.js';

/** Every object and array reachable from `value`, the value itself included. */
function containers(value: unknown, out: object[] = []): object[] {
  if (typeof value === 'object' && value !== null) {
    out.push(value);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

function expectNothingShared(a: unknown, b: unknown): void {
  const seen = new Set(containers(a));
  for (const node of containers(b)) expect(seen.has(node)).toBe(false);
}

describe('deepClone', () => {
  test.each(
    table([
      ['a string', 'text'],
      ['an empty string', ''],
      ['a number', 42],
      ['zero', 0],
      ['false', false],
      ['null', null],
      ['undefined', undefined],
    ] as const),
  )('%s is returned as is', (_what, value) => {
    expect(deepClone(value)).toBe(value);
  });

  test('nested objects and arrays are equal and new', () => {
    const value = { a: [1, { b: ['c', { d: null }] }], e: {}, f: [], g: [[1, 2], [3]] };
    const copy = deepClone(value);
    expect(copy).toStrictEqual(value);
    expectNothingShared(value, copy);
  });

  test('a key holding undefined is kept', () => {
    const copy = deepClone({ a: undefined, b: 1 });
    expect(Object.keys(copy)).toEqual(['a', 'b']);
    expect(copy).toStrictEqual({ a: undefined, b: 1 });
  });

  test('a Date is copied as a Date of the same time', () => {
    const at = new Date('2025-03-04T10:15:02.315Z');
    const copy = deepClone({ createdAt: at, list: [at] });
    expect(copy.createdAt).toBeInstanceOf(Date);
    expect(copy.createdAt).not.toBe(at);
    expect(copy.createdAt.getTime()).toBe(at.getTime());
    expect(copy.list[0]).not.toBe(at);
    expect(copy.list[0]?.getTime()).toBe(at.getTime());
  });

  test('a change to the copy does not reach the original, nor the other way', () => {
    const original = { containerDefinitions: [{ name: 'web', environment: [{ name: 'A', value: '1' }] }] };
    const copy = deepClone(original);
    copy.containerDefinitions[0]!.environment[0]!.value = '2';
    copy.containerDefinitions.push({ name: 'sidecar', environment: [] });
    expect(original).toStrictEqual({ containerDefinitions: [{ name: 'web', environment: [{ name: 'A', value: '1' }] }] });
    original.containerDefinitions[0]!.name = 'renamed';
    expect(copy.containerDefinitions[0]!.name).toBe('web');
  });

  test.each(fixtureNames())('task definition fixture %s: an equal copy sharing nothing', (name) => {
    const fixture = loadFixture(name);
    const copy = deepClone(fixture);
    expect(copy).toStrictEqual(fixture);
    expectNothingShared(fixture, copy);
  });

  test.each(rolloutFixtureNames())('rollout fixture %s (with Dates): an equal copy sharing nothing', (name) => {
    const fixture = loadRollout(name);
    const copy = deepClone(fixture);
    expect(copy).toStrictEqual(fixture);
    expect(copy.service.createdAt).toBeInstanceOf(Date);
    expectNothingShared(fixture, copy);
  });
});
