/** Parsers for the text forms of the action's inputs. Pure: each throws an InputError naming the input. */
import { InputError, shown } from './errors.js';

export interface Entry {
  key: string;
  value: string;
  line: number;
}

/**
 * Parses multi-line `KEY=VALUE` text: split on the first `=`, blank lines and `#` comments ignored,
 * surrounding whitespace of the key trimmed, the value kept as written (it may be empty or hold `=`),
 * a repeated key is an error. Values are never quoted in an error message: they may be secret. With
 * `secret`, a malformed key is not quoted either (`DB_PASSWORD: hunter2=x` would show the password).
 */
export function parseKeyValueLines(text: string, input: string, form: string, keyPattern?: RegExp, options: { secret?: boolean } = {}): Entry[] {
  const bad = (line: number, key: string, why: string) =>
    new InputError(input, `line ${line}: ${options.secret ? 'the key' : `key ${shown(key)}`} ${why} (expected ${form})`);
  const entries: Entry[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const eq = raw.indexOf('=');
    if (eq < 0) throw new InputError(input, `line ${line} has no "=" (expected ${form})`);
    const key = raw.slice(0, eq).trim();
    const value = raw.slice(eq + 1).replace(/\s+$/, '');
    if (key === '') throw new InputError(input, `line ${line} has an empty key (expected ${form})`);
    if (/\s/.test(key)) throw bad(line, key, 'contains whitespace');
    if (keyPattern && !keyPattern.test(key)) throw bad(line, key, 'is not valid');
    const first = seen.get(key);
    if (first !== undefined) throw new InputError(input, `key ${shown(key)} is given twice (lines ${first} and ${line})`);
    seen.set(key, line);
    entries.push({ key, value, line });
  });
  return entries;
}

/** Parses `true`/`false` (any case); empty gives the default. */
export function parseBoolean(text: string, input: string, fallback: boolean): boolean {
  const value = text.trim().toLowerCase();
  if (value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InputError(input, `${shown(text.trim())} is not a boolean (expected true or false)`);
}

/** Parses a decimal number within bounds; empty gives the default. */
export function parseNumber(
  text: string,
  input: string,
  fallback: number | undefined,
  bounds: { min: number; max: number; integer?: boolean },
): number | undefined {
  const value = text.trim();
  if (value === '') return fallback;
  const pattern = bounds.integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  const n = Number(value);
  const form = `${bounds.integer ? 'a whole number' : 'a number'} from ${bounds.min} to ${bounds.max}`;
  if (!pattern.test(value) || !Number.isFinite(n) || n < bounds.min || n > bounds.max) {
    throw new InputError(input, `${shown(value)} is not valid (expected ${form})`);
  }
  return n;
}

/** Parses one of the allowed words; empty gives the default. */
export function parseChoice<T extends string>(text: string, input: string, choices: readonly T[], fallback: T): T {
  const value = text.trim().toLowerCase();
  if (value === '') return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new InputError(input, `${shown(text.trim())} is not valid (expected one of: ${choices.join(', ')})`);
}

/** Splits a comma- or newline-separated list; blank items and `#` comment lines are dropped. */
export function parseList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
