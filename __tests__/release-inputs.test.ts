// The lines of a release: service (=template), schedules, rollback-to as a JSON object; and how a release's status is decided.
import { describe, expect, test } from '@jest/globals';
import { conclude, memberConclusion } from '../src/core/conclude.js';
import { readSettings } from '../src/core/inputs.js';
import { newFacts, type FlowEnd, type MemberRun, type RunFacts, type WatchStatus } from '../src/core/outcome.js';
import { inputErrorOf } from './helpers/errors.js';
import { table } from './helpers/table.js';

const TD = (r: string) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/${r}`;
const settingsOf = (inputs: Record<string, string>) => {
  const all: Record<string, string> = { cluster: 'prod', template: 'api-template', image: 'api:1', ...inputs };
  return readSettings((name) => all[name] ?? '', { AWS_REGION: 'eu-west-1' });
};
const errorOf = (inputs: Record<string, string>) => inputErrorOf(() => settingsOf(inputs)).message;

describe('service lines', () => {
  test('one service is as before; several lines with templates, comments and blank lines', () => {
    expect(settingsOf({ service: 'api' }).services).toEqual([{ service: 'api' }]);
    const s = settingsOf({ service: 'web\n\n# the worker has its own\n  worker = worker-template:3 \narn:aws:ecs:eu-west-1:123456789012:service/prod/cron' });
    expect(s.services).toEqual([{ service: 'web' }, { service: 'worker', template: 'worker-template:3' }, { service: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/cron' }]);
    expect(s.service).toBe('web');
  });

  test('every line with its own template needs no template input', () => {
    expect(settingsOf({ template: '', service: 'web=web-template\nworker=worker-template' }).template).toBeUndefined();
  });

  test.each(
    table([
      ['a service named twice (by name and ARN)', 'api\narn:aws:ecs:eu-west-1:123456789012:service/prod/api', 'Input "service": service "api" is given twice (lines 1 and 2)'],
      ['a bad name', 'api\nno spaces', 'Input "service": line 2: "no spaces" is not valid (expected a service name or ARN, optionally followed by =template)'],
      ['a bad template', 'worker=worker template', 'Input "service": line 1: the template "worker template" is not valid (expected a task definition family, family:revision or task definition ARN after "=")'],
    ] as const),
  )('%s', (_what, service, message) => {
    expect(errorOf({ service })).toBe(message);
  });

  test('a line without a template needs the template input', () => {
    expect(errorOf({ template: '', service: 'web=web-template\nworker' })).toMatch(/^Input "template": is required/);
  });
});

describe('schedule lines', () => {
  test('rules and schedules, on the default bus or group or a named one, with or without a template', () => {
    const s = settingsOf({ service: 'api', schedules: 'rule:nightly\nrule:ops-bus/cleanup=cron-template\nschedule:report\nschedule:jobs/weekly\nrule:default/other' });
    expect(s.schedules).toEqual([
      { id: 'rule:nightly', kind: 'rule', name: 'nightly' },
      { id: 'rule:ops-bus/cleanup', kind: 'rule', scope: 'ops-bus', name: 'cleanup', template: 'cron-template' },
      { id: 'schedule:report', kind: 'schedule', name: 'report' },
      { id: 'schedule:jobs/weekly', kind: 'schedule', scope: 'jobs', name: 'weekly' },
      { id: 'rule:other', kind: 'rule', name: 'other' },
    ]);
  });

  test('schedules only: no service needed', () => {
    const s = settingsOf({ schedules: 'rule:nightly' });
    expect(s.services).toEqual([]);
    expect(s.service).toBe('');
  });

  test.each(
    table([
      ['not rule: or schedule:', 'cron:nightly', /^Input "schedules": line 1: "cron:nightly" is not valid \(expected rule:<name>, rule:<event bus>\/<name>, schedule:<name> or schedule:<group>\/<name>/],
      ['a rule name with a space', 'rule:a b', /line 1: "rule:a b" is not valid/],
      ['a schedule with two slashes', 'schedule:a/b/c', /line 1: "schedule:a\/b\/c" is not valid/],
      ['given twice', 'rule:nightly\nrule:default/nightly', /^Input "schedules": "rule:nightly" is given twice \(lines 1 and 2\)$/],
    ] as const),
  )('%s', (_what, schedules, message) => {
    expect(errorOf({ service: 'api', schedules })).toMatch(message);
  });

  test('no service and no schedules: service is required', () => {
    expect(errorOf({})).toMatch(/^Input "service": is required/);
  });

  test('several consumers are refused with drift-check and with resume', () => {
    expect(errorOf({ service: 'a\nb', image: '', template: '', 'drift-check': 'true' })).toMatch(/^Input "service": names several consumers with drift-check/);
    expect(errorOf({ service: 'a', schedules: 'rule:x', image: '', template: '', resume: 'continue' })).toMatch(/^Input "schedules": names several consumers with resume/);
  });
});

describe('rollback-to as a JSON object', () => {
  const map = { web: TD('web:4'), worker: 'worker:2', 'rule:nightly': TD('web:4') };

  test('keys are services and schedules; no service input needed', () => {
    const s = settingsOf({ template: '', image: '', 'rollback-to': JSON.stringify(map) });
    expect([...(s.rollbackMap ?? new Map())]).toEqual(Object.entries(map));
    expect(s.services).toEqual([]);
  });

  test.each(
    table([
      ['not JSON', '{web: x}', /^Input "rollback-to": "\{web: x\}" is not valid JSON/],
      ['an array', '[1]', /is not valid \(expected a task definition ARN/],
      ['empty', '{}', /is an empty JSON object/],
      ['a value that is no revision', '{"web": "latest"}', /the value of "web" is ""latest"" \(expected a task definition ARN or family:revision\)/],
      ['a key that is neither', '{"a b": "web:1"}', /the key "a b" is neither a service name nor a schedule/],
      ['a bad schedule key', '{"rule:a b": "web:1"}', /^Input "schedules": line 1: "rule:a b" is not valid/],
    ] as const),
  )('%s', (_what, value, message) => {
    expect(errorOf({ template: '', image: '', 'rollback-to': value })).toMatch(message);
  });

  test('a service line that the object does not name is refused', () => {
    expect(errorOf({ template: '', image: '', service: 'web\ncron', 'rollback-to': JSON.stringify(map) })).toMatch(/^Input "service": lists "cron", which rollback-to does not/);
  });
});

describe('the status of a release', () => {
  const watched = (status: WatchStatus): FlowEnd => ({ type: 'watched', watch: { status, events: [], stoppedTasks: [], stopped: [], durationMs: 0 }, timeoutMinutes: 30 });
  const run = (name: string, end: FlowEnd | undefined, more: Partial<MemberRun> = {}): MemberRun => ({
    name,
    facts: { ...newFacts('deploy', 'prod', name), taskDefinitionArn: TD(`${name}:2`), previousTaskDefinitionArn: TD(`${name}:1`), changed: true },
    ...(end ? { end } : {}),
    ...more,
  });
  const releaseOf = (services: MemberRun[], extra: Partial<NonNullable<RunFacts['release']>> = {}) => {
    const facts: RunFacts = { ...newFacts('deploy', 'prod', 'web'), release: { services, schedules: [], ...extra } };
    return conclude({ facts, end: { type: 'release' }, durationMs: 0 });
  };

  test('all completed: completed, exit 0, outputs per service', () => {
    const c = releaseOf([run('web', watched('completed')), run('worker', { type: 'unchanged' })]);
    expect([c.status, c.exitCode]).toEqual(['completed', 0]);
    expect(JSON.parse(c.outputs['task-definition-arn'] as string)).toEqual({ web: TD('web:2'), worker: TD('worker:2') });
    expect(JSON.parse(c.outputs.services as string).worker.status).toBe('unchanged');
  });

  test.each(
    table<[statuses: WatchStatus[], expected: string]>([
      [['completed', 'rolled-back'], 'rolled-back'],
      [['failed', 'rolled-back'], 'failed'],
      [['timed-out', 'failed', 'completed'], 'timed-out'],
      [['cancelled', 'timed-out'], 'cancelled'],
      [['superseded', 'completed'], 'superseded'],
      [['paused', 'completed'], 'paused'],
    ]),
  )('%j: the worst is %s', (statuses, expected) => {
    const c = releaseOf(statuses.map((s, i) => run(`s${i}`, watched(s))));
    expect(c.status).toBe(expected);
  });

  test('a service that threw is an error; the others keep their own status', () => {
    const c = releaseOf([run('web', watched('completed')), run('worker', undefined, { error: new Error('boom') })]);
    expect(c.status).toBe('error');
    expect(JSON.parse(c.outputs.services as string).web.status).toBe('completed');
  });

  test('on-partial-failure rollback: a completed service put back is rolled-back; a failed put-back is an error', () => {
    const back = { facts: newFacts('rollback', 'prod', 'web'), end: watched('completed') };
    expect(memberConclusion(run('web', watched('completed'), { restore: back }))).toEqual({
      status: 'rolled-back',
      failure: `it completed, and this step put it back on ${TD('web:1')} (on-partial-failure: rollback).`,
    });
    expect(memberConclusion(run('web', watched('completed'), { restore: { facts: back.facts, error: new Error('denied') } })).status).toBe('error');
    expect(memberConclusion(run('web', watched('completed'), { restore: { facts: back.facts, end: { type: 'unchanged' } } })).failure).toContain('ECS had put it back');
    // One that failed keeps its own status, with what became of it.
    expect(memberConclusion(run('worker', watched('rolled-back'), { restore: { facts: back.facts, end: { type: 'unchanged' } } })).status).toBe('rolled-back');
  });

  test('a schedule that failed to move makes the release an error, naming it', () => {
    const c = releaseOf([run('web', watched('completed'))], { schedules: [{ id: 'rule:nightly', previousArn: TD('web:1'), changed: false, error: new Error('PutTargets failed') }] });
    expect(c.status).toBe('error');
    expect(c.failure).toContain('schedule rule:nightly was not moved');
  });

  test('a dry run of a release is planned', () => {
    expect(releaseOf([run('web', { type: 'planned' })], { planned: true }).status).toBe('planned');
  });
});
