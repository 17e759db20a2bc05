/**
 * The `pre-deploy-command` input: a JSON array of strings, or one command line split into words the
 * way a POSIX shell splits them (quotes and backslashes), with nothing expanded, globbed or run by a
 * shell. And the way back: an argv shown as a command line that parses to the same argv. Pure.
 */
import { InputError } from './errors.js';

const INPUT = 'pre-deploy-command';
const FORM = 'a JSON array of strings such as ["bin/rails","db:migrate"], or one command line';

/** ECS: the container overrides of a RunTask request total at most 8192 bytes. */
export const MAX_COMMAND_BYTES = 8192;

/** An InputError of this input, ending with the expected form. */
function bad(problem: string): InputError {
  return new InputError(INPUT, `${problem} (expected ${FORM})`);
}

/** The length of `text` in UTF-8 bytes (a lone surrogate counts as the 3 bytes of U+FFFD). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** What kind of JSON value `value` is, for an error message. */
function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** "line 2, column 5" of a 0-based offset into `text`. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${[...(before[before.length - 1] as string)].length + 1}`;
}

/** The JSON form: a non-empty array of strings. */
function parseJsonCommand(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The parser's message may quote the input: only its position is kept.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw bad(`starts with "[" but is not valid JSON${at !== undefined ? ` (${lineColumn(text, Number(at))})` : ''}`);
  }
  // Valid JSON that starts with "[" is an array.
  if (!Array.isArray(value) || value.length === 0) throw bad('is an empty JSON array');
  const index = value.findIndex((item) => typeof item !== 'string');
  if (index >= 0) throw bad(`item ${index + 1} of the JSON array is ${jsonKind(value[index])}, not a string`);
  return value as string[];
}

/** Where a quoted piece that starts at `open` ends, and what it holds (one `'...'` or `"..."`). */
function quoted(chars: readonly string[], open: number): { text: string; next: number } {
  const quote = chars[open];
  let text = '';
  for (let i = open + 1; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === quote) return { text, next: i + 1 };
    if (quote === '"' && c === '\\' && i + 1 < chars.length && '"\\$`'.includes(chars[i + 1] as string)) {
      text += chars[i + 1];
      i++;
      continue;
    }
    text += c;
  }
  const name = quote === "'" ? 'single' : 'double';
  throw bad(`has an unterminated ${name} quote (${quote} at column ${open + 1})`);
}

/** The shell form: one line split into words; quotes and backslashes as in sh, nothing expanded. */
function parseCommandLine(line: string): string[] {
  if (/[\r\n]/.test(line)) {
    throw bad('holds a line break: use a JSON array for multi-line arguments (a line break is refused inside quotes too)');
  }
  const chars = [...line];
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < chars.length) {
    const c = chars[i] as string;
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'" || c === '"') {
      const piece = quoted(chars, i);
      word += piece.text;
      inWord = true;
      i = piece.next;
    } else if (c === '\\') {
      if (i + 1 >= chars.length) throw bad(`ends with a lone backslash (column ${i + 1}): escape it as \\\\ or quote it`);
      word += chars[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * The text without the blank lines around it (a YAML block scalar ends with a line break). Blanks on
 * the command's own line stay: columns count from the start of that line, and `a\ ` keeps its space.
 */
function ownLine(text: string): string {
  const head = text.slice(0, text.length - text.trimStart().length);
  const start = Math.max(head.lastIndexOf('\n'), head.lastIndexOf('\r')) + 1;
  const end = text.trimEnd().length;
  const breakAt = text.slice(end).search(/[\r\n]/);
  return text.slice(start, breakAt < 0 ? text.length : end + breakAt);
}

/** The `pre-deploy-command` input as an argv. Empty/blank → []. Throws InputError('pre-deploy-command', ...) on bad input. */
export function parseCommand(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const argv = trimmed.startsWith('[') ? parseJsonCommand(trimmed) : parseCommandLine(ownLine(text));
  const bytes = utf8Length(JSON.stringify(argv));
  if (bytes > MAX_COMMAND_BYTES) {
    throw bad(`is ${bytes} bytes as a JSON array, over the ${MAX_COMMAND_BYTES} bytes ECS allows for the container overrides of a task`);
  }
  return argv;
}

/** Characters that never need quoting in a shell word. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument as a shell word: as it is when plain, else in single quotes (`'` written as `'\''`). */
function shellWord(arg: string): string {
  if (PLAIN.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** argv for display, quoted so that parseCommand(formatCommand(a)) deep-equals a (single quotes where needed; empty arg ''). */
export function formatCommand(argv: readonly string[]): string {
  // A line break cannot be written in the one-line form: such an argv is shown in the JSON form.
  if (argv.some((arg) => /[\r\n]/.test(arg))) return JSON.stringify(argv);
  return argv.map(shellWord).join(' ');
}
