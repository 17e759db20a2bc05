import { describe, expect, it, test } from '@jest/globals';
import { MAX_COMMAND_BYTES, formatCommand, parseCommand } from '../src/core/command.js';
import { InputError } from '../src/core/errors.js';

const FORM = '(expected a JSON array of strings such as ["bin/rails","db:migrate"], or one command line)';

/** The message parseCommand throws for `text`. */
function errorOf(text: string): InputError {
  try {
    parseCommand(text);
  } catch (error) {
    return error as InputError;
  }
  throw new Error(`parseCommand accepted ${JSON.stringify(text)}`);
}

describe('parseCommand: empty', () => {
  it.each(['', ' ', '\t', '\n', '  \n\t \n'])('%j gives no command', (text) => {
    expect(parseCommand(text)).toEqual([]);
  });
});

describe('parseCommand: JSON form', () => {
  it.each<[string, string[]]>([
    ['["bin/rails","db:migrate"]', ['bin/rails', 'db:migrate']],
    ['  ["sh", "-c", "bin/migrate && bin/seed"]  \n', ['sh', '-c', 'bin/migrate && bin/seed']],
    ['[\n  "python",\n  "manage.py",\n  "migrate"\n]\n', ['python', 'manage.py', 'migrate']],
    ['["echo", "", "two\\nlines", "$HOME", "*"]', ['echo', '', 'two\nlines', '$HOME', '*']],
    ['["npm", "run", "migrate:up", "--", "--env=production"]', ['npm', 'run', 'migrate:up', '--', '--env=production']],
  ])('%j → %j', (text, argv) => {
    expect(parseCommand(text)).toEqual(argv);
  });

  it.each<[string, string]>([
    ['[]', 'is an empty JSON array'],
    ['[ ]', 'is an empty JSON array'],
    ['["bin/rails", 42]', 'item 2 of the JSON array is a number, not a string'],
    ['[null]', 'item 1 of the JSON array is null, not a string'],
    ['["a", "b", ["c"]]', 'item 3 of the JSON array is an array, not a string'],
    ['["a", {"b": 1}]', 'item 2 of the JSON array is an object, not a string'],
    ['["a", true]', 'item 2 of the JSON array is a boolean, not a string'],
  ])('%j is refused: %s', (text, problem) => {
    const error = errorOf(text);
    expect(error).toBeInstanceOf(InputError);
    expect(error.input).toBe('pre-deploy-command');
    expect(error.message).toBe(`Input "pre-deploy-command": ${problem} ${FORM}`);
  });

  // V8 says where the error is for some mistakes only, and its wording changes between versions.
  it.each(['["bin/rails", "db:migrate"', '["a",]', '["a" "b"]', "['a']", '[\n  "a",\n  b\n]'])('%j is not valid JSON', (text) => {
    expect(errorOf(text).message).toMatch(/^Input "pre-deploy-command": starts with "\[" but is not valid JSON( \(line \d+, column \d+\))? \(expected a JSON array/);
  });

  test('invalid JSON: where it is, as line and column, when the parser says (Node 24 does for a missing comma)', () => {
    expect(errorOf('[\n  "a"\n  "b"\n]').message).toContain('is not valid JSON (line 3, column 3)');
    expect(errorOf('["é" "b"]').message).toContain('is not valid JSON (line 1, column 6)');
  });

  test('invalid JSON: the value is never echoed', () => {
    const message = errorOf(`["bin/migrate", "--password=${'s3cr3t'.repeat(30)}" oops]`).message;
    expect(message).not.toContain('s3cr3t');
    expect(message).not.toContain('oops');
  });
});

describe('parseCommand: one command line, split as sh splits words', () => {
  it.each<[string, string[]]>([
    ['bin/rails db:migrate', ['bin/rails', 'db:migrate']],
    ['  bin/rails   db:migrate  ', ['bin/rails', 'db:migrate']],
    ['bin/rails\tdb:migrate\t\tVERBOSE=1', ['bin/rails', 'db:migrate', 'VERBOSE=1']],
    ['bin/rails db:migrate\n', ['bin/rails', 'db:migrate']],
    ['\n\n  bin/rails db:migrate  \n\n', ['bin/rails', 'db:migrate']],
    ['bin/rails db:migrate\r\n', ['bin/rails', 'db:migrate']],
    // Single quotes: everything literal, backslashes and double quotes too.
    ["echo 'hello world'", ['echo', 'hello world']],
    ["echo 'a \\ \" $HOME'", ['echo', 'a \\ " $HOME']],
    // Double quotes: \" \\ \$ \` are escapes; a backslash before anything else stays.
    ['echo "hello  world"', ['echo', 'hello  world']],
    ['echo "say \\"hi\\""', ['echo', 'say "hi"']],
    ['echo "a\\\\b"', ['echo', 'a\\b']],
    ['echo "\\$HOME \\`date\\`"', ['echo', '$HOME `date`']],
    ['echo "C:\\temp\\n"', ['echo', 'C:\\temp\\n']],
    ['echo "it\'s"', ['echo', "it's"]],
    // A backslash outside quotes escapes the next character.
    ['echo hello\\ world', ['echo', 'hello world']],
    ['echo \\"quoted\\"', ['echo', '"quoted"']],
    ['echo \\\\', ['echo', '\\']],
    ["echo \\'", ['echo', "'"]],
    ['echo a\\ ', ['echo', 'a ']],
    // Pieces next to each other make one word.
    ['a"b c"d', ['ab cd']],
    ["--name='John Smith'", ['--name=John Smith']],
    ["'a'\"b\"c\\ d", ['abc d']],
    ["it\\'s", ["it's"]],
    ["'it'\\''s'", ["it's"]],
    // Empty arguments.
    ["run '' x", ['run', '', 'x']],
    ['run "" x', ['run', '', 'x']],
    ["''", ['']],
    // Nothing is expanded, globbed or interpreted.
    ['echo $HOME ~ * ?.txt {a,b} $(id) `id`', ['echo', '$HOME', '~', '*', '?.txt', '{a,b}', '$(id)', '`id`']],
    ['bin/migrate && bin/seed', ['bin/migrate', '&&', 'bin/seed']],
    ['echo # not a comment', ['echo', '#', 'not', 'a', 'comment']],
    // Other characters stay as they are.
    ['echo héllo 日本 🚀', ['echo', 'héllo', '日本', '🚀']],
    ['echo a\u00a0b', ['echo', 'a\u00a0b']],
  ])('%j → %j', (text, argv) => {
    expect(parseCommand(text)).toEqual(argv);
  });

  it.each<[string, string]>([
    ["echo 'unterminated", "has an unterminated single quote (' at column 6)"],
    ['echo "unterminated', 'has an unterminated double quote (" at column 6)'],
    ['echo "ends with a backslash\\"', 'has an unterminated double quote (" at column 6)'],
    ['  a "b', 'has an unterminated double quote (" at column 5)'],
    ["\n  a 'b\n", "has an unterminated single quote (' at column 5)"],
    ["é 'x", "has an unterminated single quote (' at column 3)"],
    ['🚀 "x', 'has an unterminated double quote (" at column 3)'],
    ['echo foo\\', 'ends with a lone backslash (column 9): escape it as \\\\ or quote it'],
    ['\\', 'ends with a lone backslash (column 1): escape it as \\\\ or quote it'],
  ])('%j is refused: %s', (text, problem) => {
    expect(errorOf(text).message).toBe(`Input "pre-deploy-command": ${problem} ${FORM}`);
  });

  it.each([
    'bin/rails db:migrate\nbin/rails db:seed',
    'bin/rails db:migrate\r\nbin/rails db:seed',
    'a\rb',
    'echo "two\nlines"',
    "echo 'two\nlines'",
    'echo one\\\ntwo',
  ])('a line break inside the command (%j) is refused, pointing at the JSON form', (text) => {
    const error = errorOf(text);
    expect(error.message).toBe(
      `Input "pre-deploy-command": holds a line break: use a JSON array for multi-line arguments (a line break is refused inside quotes too) ${FORM}`,
    );
    expect(error.message).not.toContain('\n');
  });
});

describe('parseCommand: size', () => {
  // One argument whose JSON array ["xx…x"] is `bytes` bytes long.
  const withBytes = (bytes: number): string[] => {
    const argv = ['x'.repeat(bytes - 4)];
    expect(new TextEncoder().encode(JSON.stringify(argv)).length).toBe(bytes);
    return argv;
  };

  test('exactly MAX_COMMAND_BYTES as a JSON array is accepted, in both forms', () => {
    const argv = withBytes(MAX_COMMAND_BYTES);
    expect(parseCommand(JSON.stringify(argv))).toEqual(argv);
    expect(parseCommand(argv.join(' '))).toEqual(argv);
  });

  test('one byte more is refused, in both forms, with the size and without the value', () => {
    const argv = withBytes(MAX_COMMAND_BYTES + 1);
    for (const text of [JSON.stringify(argv), argv.join(' ')]) {
      const message = errorOf(text).message;
      expect(message).toBe(
        `Input "pre-deploy-command": is 8193 bytes as a JSON array, over the 8192 bytes ECS allows for the container overrides of a task ${FORM}`,
      );
    }
  });

  test('bytes are counted in UTF-8, with JSON escapes', () => {
    // 2 + 2 quotes + 2048 × 4 bytes (🚀) = 8196 bytes > 8192, though only 4100 UTF-16 units.
    expect(errorOf(`["${'🚀'.repeat(2048)}"]`).message).toContain('is 8196 bytes as a JSON array');
    // é is 2 bytes, 日 3: 4 + 2 × 2000 + 3 × 1396 = 8192.
    expect(parseCommand(`["${'é'.repeat(2000)}${'日'.repeat(1396)}"]`)[0]).toHaveLength(3396);
    expect(errorOf(`["${'é'.repeat(2000)}${'日'.repeat(1397)}"]`).message).toContain('is 8195 bytes');
    // A quote in an argument is sent as \" (2 bytes).
    expect(errorOf(`'${'"'.repeat(4095)}'`).message).toContain('is 8194 bytes');
    // A lone surrogate is sent escaped as \udXXX (6 bytes).
    expect(errorOf(JSON.stringify(['\ud800'.repeat(1365)])).message).toContain('is 8194 bytes');
  });
});

describe('formatCommand', () => {
  it.each<[string[], string]>([
    [[], ''],
    [['bin/rails', 'db:migrate'], 'bin/rails db:migrate'],
    [['npm', 'run', 'migrate', '--', '--env=prod', 'a,b', 'x@y', '50%', '+1'], 'npm run migrate -- --env=prod a,b x@y 50% +1'],
    [['echo', 'hello world'], "echo 'hello world'"],
    [['echo', ''], "echo ''"],
    [['echo', "it's"], "echo 'it'\\''s'"],
    [['echo', '$HOME', '*', '~', '"q"', 'a\\b'], "echo '$HOME' '*' '~' '\"q\"' 'a\\b'"],
    [['[', 'x'], "'[' x"],
    [['echo', 'tab\there'], "echo 'tab\there'"],
    [['echo', 'héllo'], "echo 'héllo'"],
  ])('%j → %s', (argv, text) => {
    expect(formatCommand(argv)).toBe(text);
  });

  test('an argument with a line break is shown in the JSON form (the one-line form cannot hold it)', () => {
    expect(formatCommand(['sh', '-c', 'bin/migrate\nbin/seed'])).toBe('["sh","-c","bin/migrate\\nbin/seed"]');
    expect(formatCommand(['a\rb'])).toBe('["a\\rb"]');
  });

  it.each<[string[]]>([
    [['bin/rails', 'db:migrate']],
    [['']],
    [['', '']],
    [["'"]],
    [["''"]],
    [['\\']],
    [['"']],
    [[' ']],
    [['\t lead', 'trail \t']],
    [['[not json]']],
    [['[']],
    [['a\nb', 'c']],
    [['\n']],
    [['\u00a0', '\u2028', '\ufeff']],
    [['$(rm -rf /)', '`id`', '; ls', '| cat', '> out']],
    [['🚀', '日本語', 'é']],
  ])('parseCommand(formatCommand(%j)) gives it back', (argv) => {
    expect(parseCommand(formatCommand(argv))).toEqual(argv);
  });

  test('round trip over generated argvs of awkward characters', () => {
    // A small deterministic generator (xorshift32), so a failure can be replayed.
    let state = 0x2545f491;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 0x100000000;
    };
    const alphabet = ['a', 'Z', '0', ' ', '\t', '\n', '\r', "'", '"', '\\', '$', '`', '*', '~', '#', '[', ']', '=', ',', '-', 'é', '🚀', '\u00a0'];
    for (let round = 0; round < 2000; round++) {
      const argv = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
        Array.from({ length: Math.floor(next() * 6) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''),
      );
      expect(parseCommand(formatCommand(argv))).toEqual(argv);
    }
  });
});
