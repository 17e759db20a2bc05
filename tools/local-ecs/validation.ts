// Request validation as AWS's Coral-based services word it ("1 validation error detected: Value ... at
// '<member>' failed to satisfy constraint: ..."), for the services that answer ValidationException
// (EventBridge, EventBridge Scheduler). `status` is the HTTP status the protocol uses for it.
import { AwsError } from './errors.js';
import type { JsonObject } from './state.js';

export class Validator {
  constructor(private readonly status = 400) {}

  error(message: string): AwsError {
    return new AwsError('ValidationException', message, this.status);
  }

  constraint(value: unknown, member: string, rule: string): AwsError {
    const shown = value === undefined || value === null ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
    return this.error(`1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${rule}`);
  }

  string(value: unknown, member: string, opts: { required?: boolean; min?: number; max?: number; pattern?: RegExp; patternText?: string } = {}): string | undefined {
    if (value === undefined || value === null) {
      if (opts.required) throw this.constraint(null, member, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'string') throw new AwsError('SerializationException', `${member} must be a string`, this.status);
    const min = opts.min ?? 0;
    if (value.length < min) throw this.constraint(value, member, `Member must have length greater than or equal to ${min}`);
    if (opts.max !== undefined && value.length > opts.max) {
      throw this.constraint(value, member, `Member must have length less than or equal to ${opts.max}`);
    }
    if (opts.pattern && !opts.pattern.test(value)) {
      throw this.constraint(value, member, `Member must satisfy regular expression pattern: ${opts.patternText ?? opts.pattern.source}`);
    }
    return value;
  }

  required(value: unknown, member: string, opts: { min?: number; max?: number; pattern?: RegExp; patternText?: string } = {}): string {
    return this.string(value, member, { ...opts, required: true }) as string;
  }

  enumOf<T extends string>(value: unknown, member: string, allowed: readonly T[], required = false): T | undefined {
    if (value === undefined || value === null) {
      if (required) throw this.constraint(null, member, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw this.constraint(value, member, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
    }
    return value as T;
  }

  integer(value: unknown, member: string, min: number, max: number, required = false): number | undefined {
    if (value === undefined || value === null) {
      if (required) throw this.constraint(null, member, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new AwsError('SerializationException', `${member} must be an integer`, this.status);
    if (value < min) throw this.constraint(value, member, `Member must have value greater than or equal to ${min}`);
    if (value > max) throw this.constraint(value, member, `Member must have value less than or equal to ${max}`);
    return value;
  }

  object(value: unknown, member: string, required = false): JsonObject | undefined {
    if (value === undefined || value === null) {
      if (required) throw this.constraint(null, member, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) throw new AwsError('SerializationException', `${member} must be an object`, this.status);
    return value as JsonObject;
  }
}
