// Which revisions a step may pick: rollback candidates, cleanup selection, what tags say.
import { describe, expect, test } from '@jest/globals';
import { DeployError } from '../src/core/errors.js';
import { checkRollbackTarget, previousCandidates, revisionsToDeregister, rolloutCompleted, templateFamilyOf } from '../src/core/revisions.js';
import { TAG_KEYS } from '../src/core/tags.js';
import type { DescribedTaskDefinition } from '../src/core/types.js';

const TD = (r: string) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/${r}`;
// As ListTaskDefinitions lists them for familyPrefix "api": newest first, other families mixed in.
const LISTED = [TD('api:12'), TD('api-worker:9'), TD('api:11'), TD('api:10'), TD('api-template:4'), TD('api:9'), TD('api:3')];

describe('previousCandidates', () => {
  test('only the exact family, only older than the serving revision, newest first', () => {
    expect(previousCandidates(LISTED, 'api', 11)).toEqual([TD('api:10'), TD('api:9'), TD('api:3')]);
  });
  test('order does not depend on the listing order', () => {
    expect(previousCandidates([...LISTED].reverse(), 'api', 100)).toEqual([TD('api:12'), TD('api:11'), TD('api:10'), TD('api:9'), TD('api:3')]);
  });
  test('nothing older, or nothing of the family', () => {
    expect(previousCandidates(LISTED, 'api', 3)).toEqual([]);
    expect(previousCandidates(LISTED, 'web', 100)).toEqual([]);
    expect(previousCandidates(['not-an-arn'], 'api', 100)).toEqual([]);
  });
});

describe('revisionsToDeregister', () => {
  test('keeps the newest N of the exact family and every protected revision', () => {
    expect(revisionsToDeregister(LISTED, 'api', 2, new Set([TD('api:9')]))).toEqual([TD('api:10'), TD('api:3')]);
  });
  test('keep 0 deregisters nothing; keeping more than there are deregisters nothing', () => {
    expect(revisionsToDeregister(LISTED, 'api', 0, new Set())).toEqual([]);
    expect(revisionsToDeregister(LISTED, 'api', 50, new Set())).toEqual([]);
  });
  test('never another family, not even the template', () => {
    const doomed = revisionsToDeregister(LISTED, 'api', 1, new Set());
    expect(doomed).toEqual([TD('api:11'), TD('api:10'), TD('api:9'), TD('api:3')]);
    expect(doomed.some((arn) => arn.includes('api-worker') || arn.includes('api-template'))).toBe(false);
  });
});

describe('what tags say', () => {
  test('the template family from the provenance tag', () => {
    expect(templateFamilyOf([{ key: TAG_KEYS.template, value: TD('api-template:4') }])).toBe('api-template');
    expect(templateFamilyOf([{ key: TAG_KEYS.template, value: 'garbage' }])).toBeUndefined();
    expect(templateFamilyOf([])).toBeUndefined();
  });
  test('the completed-rollout mark', () => {
    expect(rolloutCompleted([{ key: TAG_KEYS.rolloutCompleted, value: '2025-06-01T12:00:00.000Z' }])).toBe(true);
    expect(rolloutCompleted([{ key: TAG_KEYS.commit, value: 'abc' }])).toBe(false);
  });
});

describe('checkRollbackTarget', () => {
  const target = (family: string, status = 'ACTIVE'): DescribedTaskDefinition => ({
    family,
    status,
    taskDefinitionArn: TD(`${family}:5`),
    containerDefinitions: [{ name: 'api', image: 'nginx' }],
  });
  test('an ACTIVE revision of the service family is accepted', () => {
    expect(() => checkRollbackTarget(target('api'), 'api', 'api-template')).not.toThrow();
    expect(() => checkRollbackTarget(target('api'), 'api', undefined)).not.toThrow();
  });
  test.each([
    ['the template family', target('api-template'), /template family "api-template", which is never deployed directly/],
    ['another family', target('web'), /belongs to family "web", but the service runs family "api"/],
    ['an INACTIVE revision', target('api', 'INACTIVE'), /is INACTIVE \(deregistered\)/],
  ])('refuses %s', (_label, td, message) => {
    expect(() => checkRollbackTarget(td, 'api', 'api-template')).toThrow(DeployError);
    expect(() => checkRollbackTarget(td, 'api', 'api-template')).toThrow(message);
  });
});
