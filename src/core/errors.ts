/** Error types that carry what the user must see; main.ts turns them into one failed step. */

/**
 * A bad input: names the input and the expected form. Raised before any AWS write. The message is one
 * line: a line break in an echoed value is shown as `\n`.
 */
export class InputError extends Error {
  constructor(
    readonly input: string,
    detail: string,
  ) {
    super(`Input "${input}": ${detail.replace(/\r\n|\r|\n/g, '\\n')}`);
    this.name = 'InputError';
  }
}

/** A failure the user can act on, already worded (what failed, why, what to do). */
export class DeployError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeployError';
  }
}

/** The runner cancelled the step (SIGINT or SIGTERM) before it could finish. */
export class CancelledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CancelledError';
  }
}
