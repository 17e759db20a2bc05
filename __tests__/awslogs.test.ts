import { describe, expect, it, test } from '@jest/globals';
import { logLocation, tailLines, taskId, type LoggedContainer } from '../src/core/awslogs.js';

const TASK = 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0';

/** A container as `aws ecs describe-task-definition` prints it (the fields logLocation reads). */
function container(logConfiguration?: LoggedContainer['logConfiguration'], name = 'app'): LoggedContainer {
  return logConfiguration === undefined ? { name } : { name, logConfiguration };
}

const awslogs = (options: Record<string, string>) => container({ logDriver: 'awslogs', options });

describe('taskId', () => {
  it.each([
    [TASK, '0f1e2d3c4b5a69788796a5b4c3d2e1f0'],
    ['arn:aws:ecs:us-east-1:123:task/cluster/abc123', 'abc123'],
    ['arn:aws:ecs:us-east-1:123456789012:task/1dc5c17a-422b-4dc4-b493-371970c6c4d6', '1dc5c17a-422b-4dc4-b493-371970c6c4d6'],
    ['arn:aws-cn:ecs:cn-north-1:123456789012:task/default/5b8a4b5e2c1d4f3a9e7b6c5d4e3f2a1b', '5b8a4b5e2c1d4f3a9e7b6c5d4e3f2a1b'],
    ['abc123', 'abc123'],
  ])('%s → %s', (arn, id) => {
    expect(taskId(arn)).toBe(id);
  });
});

describe('logLocation', () => {
  test('awslogs with group, prefix and region: <prefix>/<container>/<task id> in that group and region', () => {
    const c = awslogs({ 'awslogs-group': '/ecs/api', 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'api' });
    expect(logLocation(c, TASK)).toStrictEqual({ group: '/ecs/api', stream: 'api/app/0f1e2d3c4b5a69788796a5b4c3d2e1f0', region: 'eu-west-1' });
  });

  test('without awslogs-region: no region (the caller uses the service region)', () => {
    const c = awslogs({ 'awslogs-group': '/ecs/api', 'awslogs-stream-prefix': 'ecs', 'awslogs-create-group': 'true', mode: 'non-blocking' });
    expect(logLocation(c, TASK)).toStrictEqual({ group: '/ecs/api', stream: 'ecs/app/0f1e2d3c4b5a69788796a5b4c3d2e1f0' });
    expect(logLocation(awslogs({ 'awslogs-group': 'g', 'awslogs-stream-prefix': 'p', 'awslogs-region': ' ' }), TASK)).not.toHaveProperty('region');
  });

  test('the container name and the old task ARN format', () => {
    const c = { ...awslogs({ 'awslogs-group': 'worker-logs', 'awslogs-stream-prefix': 'jobs' }), name: 'db-migrate' };
    expect(logLocation(c, 'arn:aws:ecs:us-east-1:123456789012:task/1dc5c17a-422b-4dc4-b493-371970c6c4d6')).toStrictEqual({
      group: 'worker-logs',
      stream: 'jobs/db-migrate/1dc5c17a-422b-4dc4-b493-371970c6c4d6',
    });
  });

  it.each<[string, LoggedContainer, RegExp]>([
    ['no logConfiguration', container(), /^its container definition has no logConfiguration/],
    ['a logConfiguration without a driver', container({ options: { 'awslogs-group': 'g' } }), /^its logConfiguration names no logDriver$/],
    ['FireLens', container({ logDriver: 'awsfirelens', options: { Name: 'cloudwatch' } }), /^it logs with the awsfirelens driver, and only/],
    ['Splunk', container({ logDriver: 'splunk', options: { 'splunk-url': 'https://splunk.example.com:8088' } }), /splunk driver/],
    ['json-file', container({ logDriver: 'json-file' }), /json-file driver/],
    ['awslogs without options', container({ logDriver: 'awslogs' }), /^its awslogs logConfiguration sets no awslogs-group$/],
    ['awslogs without a group', awslogs({ 'awslogs-stream-prefix': 'api' }), /sets no awslogs-group$/],
    ['awslogs with an empty group', awslogs({ 'awslogs-group': '', 'awslogs-stream-prefix': 'api' }), /sets no awslogs-group$/],
    ['awslogs without a stream prefix', awslogs({ 'awslogs-group': '/ecs/api' }), /sets no awslogs-stream-prefix, which is needed to find the stream \(without it .*container runtime id/],
    ['awslogs with a blank stream prefix', awslogs({ 'awslogs-group': '/ecs/api', 'awslogs-stream-prefix': '  ' }), /awslogs-stream-prefix/],
  ])('%s: says why in one clause', (_title, c, why) => {
    const location = logLocation(c, TASK);
    expect(typeof location).toBe('string');
    expect(location).toMatch(why);
    expect(location as string).not.toMatch(/[\n.]$/);
  });

  it.each(['?', '', 'arn:aws:ecs:us-east-1:123:task/cluster/', 'task/a b'])('an unknown task id (%j) is said, not guessed', (arn) => {
    expect(logLocation(awslogs({ 'awslogs-group': 'g', 'awslogs-stream-prefix': 'p' }), arn)).toBe('the id of its task is not known');
  });
});

describe('tailLines', () => {
  const events = (...messages: (string | undefined)[]) => messages.map((message) => (message === undefined ? {} : { message }));

  it.each<[string, ReturnType<typeof events>, number, string[]]>([
    ['one line per event', events('a', 'b', 'c'), 10, ['a', 'b', 'c']],
    ['the last max lines', events('1', '2', '3', '4', '5'), 2, ['4', '5']],
    ['exactly max', events('1', '2'), 2, ['1', '2']],
    ['one trailing newline dropped', events('a\n', 'b\r\n'), 10, ['a', 'b']],
    ['only one trailing empty line dropped', events('a\n\n'), 10, ['a', '']],
    ['messages split on \\n and \\r\\n', events('Traceback:\n  File "x"\r\nError: boom'), 10, ['Traceback:', '  File "x"', 'Error: boom']],
    ['a lone \\r stays in the line (escaped later)', events('progress 10%\rprogress 20%'), 10, ['progress 10%\rprogress 20%']],
    ['lines of several events counted together', events('a\nb', 'c\nd\n'), 3, ['b', 'c', 'd']],
    ['an empty line inside a message is kept', events('a\n\nb'), 10, ['a', '', 'b']],
    ['a message of just a newline is one empty line', events('\n'), 10, ['']],
    ['an empty message gives no line', events(''), 10, []],
    ['an event without a message is skipped', events('a', undefined, 'b'), 10, ['a', 'b']],
    ['no events', [], 10, []],
    ['max 0', events('a'), 0, []],
    ['max negative', events('a'), -5, []],
    ['max fractional is rounded down', events('1', '2', '3'), 2.9, ['2', '3']],
    ['max NaN', events('a'), Number.NaN, []],
    ['max Infinity keeps all', events('a', 'b'), Number.POSITIVE_INFINITY, ['a', 'b']],
  ])('%s', (_title, input, max, lines) => {
    expect(tailLines(input, max)).toEqual(lines);
  });

  test('many events and a very long multi-line message: the tail only, in order', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ message: `line ${i}\n` }));
    expect(tailLines(many, 3)).toEqual(['line 9997', 'line 9998', 'line 9999']);
    const huge = { message: Array.from({ length: 300_000 }, (_, i) => `l${i}`).join('\n') };
    expect(tailLines([huge, { message: 'last' }], 2)).toEqual(['l299999', 'last']);
  });

  test('the text is returned as AWS sent it (escaping is the caller’s)', () => {
    expect(tailLines([{ message: '::add-mask::x\n##[error]y' }], 5)).toEqual(['::add-mask::x', '##[error]y']);
  });
});
