/**
 * The parsers of the inputs' text forms, tested directly: each form, each default, and each error as a
 * one-line InputError naming the input (and, for KEY=VALUE text, never quoting a value).
 */
import { describe, expect, test } from '@jest/globals';
import { shown } from '../src/core/errors.js';
import { parseBoolean, parseChoice, parseKeyValueLines, parseList, parseNumber, type Entry } from '../src/core/parse.js';
import { expectOneLine, inputErrorOf } from './helpers/errors.js';
import { table } from './helpers/table.js';

const FORM = 'KEY=VALUE lines';
const ENV_KEY = /^[^=\s]+$/;

function entries(text: string, keyPattern?: RegExp): Array<[string, string, number]> {
  return parseKeyValueLines(text, 'environment', FORM, keyPattern).map((e: Entry) => [e.key, e.value, e.line]);
}

describe('parseKeyValueLines: forms', () => {
  test.each(
    table([
      ['nothing', '', []],
      ['only blank lines and comments', '\n   \n# a comment\n  # indented comment\n\t\n', []],
      ['one entry', 'NODE_ENV=production', [['NODE_ENV', 'production', 1]]],
      ['split on the first "="', 'DATABASE_OPTIONS=sslmode=require&x=1', [['DATABASE_OPTIONS', 'sslmode=require&x=1', 1]]],
      ['an empty value', 'FEATURE_FLAGS=', [['FEATURE_FLAGS', '', 1]]],
      ['a value of only "="', 'EQ==', [['EQ', '=', 1]]],
      ['whitespace around the key is trimmed', '   PORT \t=8080', [['PORT', '8080', 1]]],
      ['trailing whitespace of the value is dropped, leading kept', 'GREETING=  hello world  \t', [['GREETING', '  hello world', 1]]],
      ['a "#" inside a value is kept', 'COLOR=#ff0000', [['COLOR', '#ff0000', 1]]],
      ['a "#" after the value is part of it', 'A=b # not a comment', [['A', 'b # not a comment', 1]]],
      ['line numbers count blank and comment lines', '# header\n\nA=1\n\n# more\nB=2', [['A', '1', 3], ['B', '2', 6]]],
      ['Windows line ends', 'A=1\r\nB=2\r\n', [['A', '1', 1], ['B', '2', 2]]],
      ['a lone "\\r" is not a line break', 'A=1\rB=2', [['A', '1\rB=2', 1]]],
      ['order of the text is kept', 'Z=1\nA=2\nM=3', [['Z', '1', 1], ['A', '2', 2], ['M', '3', 3]]],
      ['keys are case sensitive', 'key=1\nKEY=2', [['key', '1', 1], ['KEY', '2', 2]]],
    ] as const),
  )('%s', (_what, text, expected) => {
    expect(entries(text)).toEqual(expected);
  });

  test('a key pattern that matches lets the entry through', () => {
    expect(entries('api=nginx:1', /^[A-Za-z0-9_-]{1,255}$/)).toEqual([['api', 'nginx:1', 1]]);
  });
});

describe('parseKeyValueLines: errors name the input and the line, never the value', () => {
  const SECRET = 'hunter2-do-not-print';

  test.each(
    table([
      ['a line without "="', `A=1\n${SECRET}`, undefined, `Input "environment": line 2 has no "=" (expected ${FORM})`],
      ['an empty key', `=${SECRET}`, undefined, `Input "environment": line 1 has an empty key (expected ${FORM})`],
      ['a blank key', `   =${SECRET}`, undefined, `Input "environment": line 1 has an empty key (expected ${FORM})`],
      ['a key with a space', `MY KEY=${SECRET}`, undefined, `Input "environment": line 1: key "MY KEY" contains whitespace (expected ${FORM})`],
      ['a key with a tab', `\nMY\tKEY=${SECRET}`, undefined, `Input "environment": line 2: key "MY\\tKEY" contains whitespace (expected ${FORM})`],
      ['a key the pattern refuses', `api.main=${SECRET}`, /^[A-Za-z0-9_-]+$/, `Input "environment": line 1: key "api.main" is not valid (expected ${FORM})`],
      ['a repeated key', `A=${SECRET}\n\n# again\nA=${SECRET}2`, undefined, 'Input "environment": key "A" is given twice (lines 1 and 4)'],
      ['a repeated key after trimming', `A=1\n  A  =${SECRET}`, undefined, 'Input "environment": key "A" is given twice (lines 1 and 2)'],
    ] as const),
  )('%s', (_what, text, pattern, message) => {
    const error = inputErrorOf(() => parseKeyValueLines(text, 'environment', FORM, pattern));
    expectOneLine(error, 'environment');
    expect(error.message).toBe(message);
    expect(error.message).not.toContain(SECRET);
  });

  test('the first bad line is the one reported', () => {
    const error = inputErrorOf(() => parseKeyValueLines('A=1\nno equals\n=empty key', 'secrets', 'KEY=valueFrom lines'));
    expect(error.message).toBe('Input "secrets": line 2 has no "=" (expected KEY=valueFrom lines)');
  });

  test('the input and form given are the ones named', () => {
    const error = inputErrorOf(() => parseKeyValueLines('nope', 'images', 'one container=image per line', ENV_KEY));
    expect(error.input).toBe('images');
    expect(error.message).toBe('Input "images": line 1 has no "=" (expected one container=image per line)');
  });
});

describe('parseBoolean', () => {
  test.each(
    table([
      ['true', false, true],
      ['false', true, false],
      ['TRUE', false, true],
      ['False', true, false],
      ['  true\n', false, true],
      ['', true, true],
      ['', false, false],
      ['   ', true, true],
    ] as const),
  )('%j (default %s) -> %s', (text, fallback, expected) => {
    expect(parseBoolean(text, 'wait', fallback)).toBe(expected);
  });

  test.each(['yes', 'no', '1', '0', 'on', 't', 'truee', 'true false'])('%j is refused, naming the input', (text) => {
    const error = inputErrorOf(() => parseBoolean(` ${text} `, 'dry-run', false));
    expectOneLine(error, 'dry-run');
    expect(error.message).toBe(`Input "dry-run": "${text}" is not a boolean (expected true or false)`);
  });

  test('a multi-line value is refused on one line', () => {
    const error = inputErrorOf(() => parseBoolean('true\nfalse', 'wait', true));
    expectOneLine(error, 'wait');
    expect(error.message).toBe('Input "wait": "true\\nfalse" is not a boolean (expected true or false)');
  });
});

describe('parseNumber', () => {
  const DECIMAL = { min: 0.01, max: 360 };
  const WHOLE = { min: 0, max: 10000, integer: true };

  test.each(
    table([
      ['30', DECIMAL, 30],
      ['1.5', DECIMAL, 1.5],
      ['0.01', DECIMAL, 0.01],
      ['360', DECIMAL, 360],
      ['360.0', DECIMAL, 360],
      [' 7 ', DECIMAL, 7],
      ['007', DECIMAL, 7],
      ['0', WHOLE, 0],
      ['10000', WHOLE, 10000],
      ['42', WHOLE, 42],
    ] as const),
  )('%j within %j -> %s', (text, bounds, expected) => {
    expect(parseNumber(text, 'n', 99, bounds)).toBe(expected);
  });

  test('empty gives the default, which may be undefined', () => {
    expect(parseNumber('', 'timeout-minutes', 30, DECIMAL)).toBe(30);
    expect(parseNumber('  ', 'desired-count', undefined, WHOLE)).toBeUndefined();
  });

  test.each(
    table([
      ['0', DECIMAL, 'a number from 0.01 to 360'],
      ['0.001', DECIMAL, 'a number from 0.01 to 360'],
      ['360.5', DECIMAL, 'a number from 0.01 to 360'],
      ['-1', DECIMAL, 'a number from 0.01 to 360'],
      ['1e2', DECIMAL, 'a number from 0.01 to 360'],
      ['0x10', DECIMAL, 'a number from 0.01 to 360'],
      ['.5', DECIMAL, 'a number from 0.01 to 360'],
      ['5.', DECIMAL, 'a number from 0.01 to 360'],
      ['1,5', DECIMAL, 'a number from 0.01 to 360'],
      ['30m', DECIMAL, 'a number from 0.01 to 360'],
      ['Infinity', DECIMAL, 'a number from 0.01 to 360'],
      ['1.5', WHOLE, 'a whole number from 0 to 10000'],
      ['10001', WHOLE, 'a whole number from 0 to 10000'],
      ['-0', WHOLE, 'a whole number from 0 to 10000'],
      ['+3', WHOLE, 'a whole number from 0 to 10000'],
      ['three', WHOLE, 'a whole number from 0 to 10000'],
    ] as const),
  )('%j within %j is refused: expected %s', (text, bounds, form) => {
    const error = inputErrorOf(() => parseNumber(text, 'keep-revisions', 0, bounds));
    expectOneLine(error, 'keep-revisions');
    expect(error.message).toBe(`Input "keep-revisions": "${text}" is not valid (expected ${form})`);
  });

  test('a number too large for a double is refused, not read as Infinity', () => {
    const huge = '9'.repeat(400);
    // Even without an upper bound: Number() of it is Infinity, which is no number an input may give.
    expect(Number(huge)).toBe(Infinity);
    expect(() => parseNumber(huge, 'n', 0, { min: 0, max: Infinity, integer: true })).toThrow(/is not valid \(expected a whole number/);
  });
});

describe('parseChoice', () => {
  const CHOICES = ['rollback', 'enable', 'keep'] as const;

  test.each(
    table([
      ['rollback', 'rollback'],
      ['enable', 'enable'],
      ['KEEP', 'keep'],
      ['  Enable \n', 'enable'],
      ['', 'rollback'],
      ['   ', 'rollback'],
    ] as const),
  )('%j -> %s', (text, expected) => {
    expect(parseChoice(text, 'circuit-breaker', CHOICES, 'rollback')).toBe(expected);
  });

  test('the default is the one given', () => {
    expect(parseChoice('', 'concurrent-deployment', ['wait', 'proceed', 'fail'] as const, 'fail')).toBe('fail');
  });

  test.each(['off', 'roll back', 'rollbacks', 'enabled'])('%j is refused, listing the choices', (text) => {
    const error = inputErrorOf(() => parseChoice(` ${text}`, 'circuit-breaker', CHOICES, 'rollback'));
    expectOneLine(error, 'circuit-breaker');
    expect(error.message).toBe(`Input "circuit-breaker": "${text}" is not valid (expected one of: rollback, enable, keep)`);
  });
});

describe('parseList', () => {
  test.each(
    table([
      ['', []],
      ['api-5xx', ['api-5xx']],
      ['a,b,c', ['a', 'b', 'c']],
      [' a , b ,, c ,', ['a', 'b', 'c']],
      ['a\nb\r\nc', ['a', 'b', 'c']],
      ['a, b\nc', ['a', 'b', 'c']],
      ['# all of them\na\n  # indented comment, with a comma\nb', ['a', 'b']],
      ['a,#b', ['a', '#b']],
      ['api latency p99', ['api latency p99']],
      ['\n\n , \n', []],
      ['dup,dup', ['dup', 'dup']],
    ] as const),
  )('%j -> %j', (text, expected) => {
    expect(parseList(text)).toEqual(expected);
  });
});

describe('shown: a value in an error message', () => {
  test.each<[string, string]>([
    ['prod', '"prod"'],
    ['', '""'],
    ['a\r\nb\tc', '"a\\r\\nb\\tc"'],
    ['bell\u0007 nul\u0000', '"bell\\u0007 nul\\u0000"'],
    ['rtl\u202eevil', '"rtl\\u202eevil"'],
    ['x'.repeat(80), `"${'x'.repeat(80)}"`],
    ['x'.repeat(81), `"${'x'.repeat(79)}…"`],
    ['é'.repeat(100), `"${'é'.repeat(79)}…"`],
    ['😀'.repeat(100), `"${'😀'.repeat(79)}…"`],
  ])('%j -> %s', (value, expected) => {
    expect(shown(value)).toBe(expected);
  });
});

describe('parseKeyValueLines with secret: a malformed key is not shown (it may hold the value)', () => {
  test.each([
    ['DB_PASSWORD: hunter2=x', 'line 1: the key contains whitespace'],
    ['api.hunter2=x', 'line 1: the key is not valid'],
  ])('%j', (text, detail) => {
    const error = inputErrorOf(() => parseKeyValueLines(text, 'secrets', FORM, /^[A-Za-z0-9_]+$/, { secret: true }));
    expectOneLine(error, 'secrets');
    expect(error.message).toBe(`Input "secrets": ${detail} (expected ${FORM})`);
  });
});
