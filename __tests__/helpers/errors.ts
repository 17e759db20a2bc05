/** Catching what a call throws, for assertions on the error itself. */
import { expect } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';

/** What `fn` throws; fails the test when it returns. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but the call returned');
}

/** The InputError `fn` throws; fails the test when it returns or throws anything else. */
export function inputErrorOf(fn: () => unknown): InputError {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

/** The error is one line, names `input`, and starts as every InputError does. */
export function expectOneLine(error: InputError, input: string): void {
  expect(error.input).toBe(input);
  expect(error.message.startsWith(`Input "${input}": `)).toBe(true);
  expect(error.message).not.toMatch(/[\r\n]/);
}
