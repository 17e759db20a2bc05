/** The error types the step turns into its one failure message. */
import { describe, expect, test } from '@jest/globals';
import { CancelledError, DeployError, InputError } from '../src/core/errors.js';
import { table } from './helpers/table.js';

describe('InputError', () => {
  test('names the input, keeps it, and reads as one line', () => {
    const error = new InputError('timeout-minutes', '"30m" is not valid (expected a number from 0.01 to 360)');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(InputError);
    expect(error.name).toBe('InputError');
    expect(error.input).toBe('timeout-minutes');
    expect(error.message).toBe('Input "timeout-minutes": "30m" is not valid (expected a number from 0.01 to 360)');
    expect(String(error)).toBe('InputError: Input "timeout-minutes": "30m" is not valid (expected a number from 0.01 to 360)');
  });

  test.each(
    table([
      ['\\n', 'a\nb', 'a\\nb'],
      ['\\r\\n (one break, not two)', 'a\r\nb', 'a\\nb'],
      ['\\r', 'a\rb', 'a\\nb'],
      ['several, mixed', '\na\r\n\rb\n', '\\na\\n\\nb\\n'],
      ['none', 'a\tb', 'a\tb'],
    ] as const),
  )('a line break in the detail (%s) is shown as \\n', (_what, detail, shown) => {
    const error = new InputError('cluster', detail);
    expect(error.message).toBe(`Input "cluster": ${shown}`);
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  test('an empty detail still names the input', () => {
    expect(new InputError('image', '').message).toBe('Input "image": ');
  });
});

describe('DeployError', () => {
  test('carries the message as written, and the cause when given', () => {
    const cause = new Error('AccessDeniedException: not authorized to perform ecs:UpdateService');
    const error = new DeployError('Could not update service api.\nGrant ecs:UpdateService to the role.', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(InputError);
    expect(error.name).toBe('DeployError');
    expect(error.message).toBe('Could not update service api.\nGrant ecs:UpdateService to the role.');
    expect(error.cause).toBe(cause);
  });

  test('without options there is no cause', () => {
    const error = new DeployError('Nothing to do.');
    expect('cause' in error).toBe(false);
  });

  test('an InputError is not a DeployError', () => {
    expect(new InputError('x', 'y')).not.toBeInstanceOf(DeployError);
  });
});

describe('CancelledError', () => {
  test('carries its message and is neither a DeployError nor an InputError', () => {
    const error = new CancelledError('Cancelled while waiting for the rollout; the deployment goes on in ECS.');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CancelledError');
    expect(error.message).toBe('Cancelled while waiting for the rollout; the deployment goes on in ECS.');
    expect(error).not.toBeInstanceOf(DeployError);
    expect(error).not.toBeInstanceOf(InputError);
  });
});
