// The three drift questions (src/core/drift.ts) on recorded task definitions (the fixtures), and the
// way a drift check ends (src/core/conclude.ts): status, exit code, outputs and summary.
import { describe, expect, test } from '@jest/globals';
import { conclude } from '../src/core/conclude.js';
import { deploymentConfiguration } from '../src/core/deploy-rules.js';
import { changedOutside, driftLogLines, driftReport, serviceSettings, templateAhead, type DriftReport } from '../src/core/drift.js';
import { newFacts } from '../src/core/outcome.js';
import { renderTaskDefinition } from '../src/core/render.js';
import { diffTaskDefinitions } from '../src/core/task-def-diff.js';
import type { DescribedTaskDefinition } from '../src/core/types.js';
import { loadFixture } from './fixtures/load.js';

const T3 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web-template:3';
const T4 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web-template:4';
const SERVING = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7';
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:' + 'a'.repeat(64);

const template = () => loadFixture('fargate-web').taskDefinition;
/** What the action registered from `t`: its render with the image, described back. */
function servingFrom(t: DescribedTaskDefinition): DescribedTaskDefinition {
  const rendered = renderTaskDefinition(t, [], { family: 'web', images: new Map([['web', IMAGE]]), environment: [], secrets: [], tags: [] });
  return { ...(rendered as unknown as DescribedTaskDefinition), taskDefinitionArn: SERVING, revision: 7, status: 'ACTIVE' };
}
/** The re-render the drift check compares the serving revision with. */
function rerender(t: DescribedTaskDefinition, serving: DescribedTaskDefinition) {
  const images = new Map(serving.containerDefinitions.map((c) => [c.name, c.image as string]));
  return diffTaskDefinitions(renderTaskDefinition(t, [], { family: 'web', images, environment: [], secrets: [], tags: [] }), serving);
}

describe('question 1: template ahead', () => {
  test('the same revision, or a newer one equal in every field, is not ahead', () => {
    expect(templateAhead(T4, T4, undefined)).toMatchObject({ drifted: false, changes: [] });
    const same = templateAhead(T3, T4, diffTaskDefinitions(template(), { ...template(), revision: 4, taskDefinitionArn: T4 }));
    expect(same.drifted).toBe(false);
    expect(same.line).toContain('equals');
  });

  test('a newer template with more memory and a new env key is ahead, with the field-level diff (keys only)', () => {
    const latest = template();
    latest.memory = '2048';
    latest.containerDefinitions[0]!.environment = [...(latest.containerDefinitions[0]!.environment ?? []), { name: 'NEW_FLAG', value: 'secret-ish' }];
    const answer = templateAhead(T3, T4, diffTaskDefinitions(template(), latest));
    expect(answer.drifted).toBe(true);
    expect(answer.changes).toEqual(['~ environment keys (web): added NEW_FLAG', '~ memory: "1024" -> "2048"']);
    expect(JSON.stringify(answer)).not.toContain('secret-ish');
    expect(answer.line).toContain(`rendered from ${T3}`);
  });

  test('no recorded template: cannot tell, not counted as drift', () => {
    expect(templateAhead(undefined, T4, undefined)).toMatchObject({ drifted: false, line: expect.stringMatching(/^cannot tell/) });
  });
});

describe('question 2: changed outside the action', () => {
  const ours = { arn: SERVING, family: 'web', registeredByAction: true };

  test('a revision that is its own re-render has not drifted', () => {
    const serving = servingFrom(template());
    expect(changedOutside(ours, 'web', rerender(template(), serving))).toMatchObject({ drifted: false, changes: [] });
  });

  test('a revision registered by hand with an edited field has drifted, and says what differs', () => {
    const serving = servingFrom(template());
    serving.containerDefinitions[0]!.memoryReservation = 999;
    const answer = changedOutside(ours, 'web', rerender(template(), serving));
    expect(answer.drifted).toBe(true);
    expect(answer.changes).toEqual(['+ containerDefinitions[web].memoryReservation: 999']);
  });

  test('a revision without the provenance tag, or of another family, has drifted', () => {
    expect(changedOutside({ ...ours, registeredByAction: false }, undefined, undefined)).toMatchObject({ drifted: true, registeredByAction: false });
    expect(changedOutside({ ...ours, family: 'web-hotfix' }, 'web', undefined)).toMatchObject({ drifted: true, line: expect.stringContaining('web-hotfix') });
  });
});

describe('question 3: service settings', () => {
  const ours = deploymentConfiguration(undefined, 'rollback', ['api-5xx', 'api-latency']);

  test('as a deploy sets them: no drift; alarm order does not matter', () => {
    const actual = { ...ours, alarms: { alarmNames: ['api-latency', 'api-5xx'], enable: true, rollback: true } };
    expect(serviceSettings(actual, ours, true, true)).toMatchObject({ drifted: false, changes: [] });
  });

  test('a circuit breaker turned off and an alarm removed by hand are drift, each named', () => {
    const actual = { deploymentCircuitBreaker: { enable: false, rollback: false }, alarms: { alarmNames: ['api-5xx'], enable: true, rollback: true } };
    const answer = serviceSettings(actual, ours, true, true);
    expect(answer.drifted).toBe(true);
    expect(answer.changes.map((c) => c.setting)).toEqual(['deploymentCircuitBreaker.enable', 'deploymentCircuitBreaker.rollback', 'alarms.alarmNames']);
  });

  test('circuit-breaker keep and no alarms: nothing to check', () => {
    expect(serviceSettings({}, {}, false, false)).toMatchObject({ drifted: false, checked: [], line: expect.stringMatching(/^not checked/) });
  });
});

describe('how a drift check ends', () => {
  const report = (drifted: boolean): DriftReport =>
    driftReport('web', SERVING, {
      templateAhead: templateAhead(T3, T4, drifted ? diffTaskDefinitions(template(), { ...template(), cpu: '4096' }) : undefined),
      changedOutside: changedOutside({ arn: SERVING, family: 'web', registeredByAction: true }, 'web', undefined),
      serviceSettings: serviceSettings({}, {}, false, false),
    });
  const end = (drifted: boolean, fail: boolean) => {
    const facts = newFacts('drift-check', 'prod', 'web', 'us-east-1');
    facts.taskDefinitionArn = SERVING;
    facts.drift = report(drifted);
    return conclude({ facts, end: { type: 'drift', drifted, fail }, durationMs: 1000 });
  };

  test('no drift: checked, exit 0, drifted false, the JSON report', () => {
    const c = end(false, true);
    expect([c.status, c.exitCode, c.outputs.drifted]).toEqual(['checked', 0, 'false']);
    expect(JSON.parse(c.outputs.drift as string)).toMatchObject({ drifted: false, service: 'web', taskDefinitionArn: SERVING });
  });

  test('drift without fail-on-drift: checked, exit 0, drifted true; with it: drifted, exit 1, naming the question', () => {
    expect([end(true, false).status, end(true, false).exitCode, end(true, false).outputs.drifted]).toEqual(['checked', 0, 'true']);
    const failed = end(true, true);
    expect([failed.status, failed.exitCode]).toEqual(['drifted', 1]);
    expect(failed.failure).toContain('the template is ahead of the serving revision');
    expect(failed.summary).toContain('#### Drift: template ahead (drifted)');
    expect(failed.summary).toContain('#### Drift: changed outside the action');
    expect(failed.summary).toContain('! cpu: "1024" -> "4096"'.replace('"1024"', JSON.stringify(template().cpu)));
  });

  test('the log has one line per question, with the changes under the first', () => {
    const lines = driftLogLines(report(true));
    expect(lines[0]).toMatch(/^Drift 1\/3, template ahead: yes/);
    expect(lines[1]).toMatch(/^ {4}~ cpu: /);
    expect(lines.filter((l) => l.startsWith('Drift '))).toHaveLength(3);
  });
});
