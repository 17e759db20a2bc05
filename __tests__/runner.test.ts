// src/runner.ts: the runner protocol main.ts speaks (inputs, workflow commands, outputs, job summary),
// checked against what the runner reads: its command parser and its GITHUB_OUTPUT reader (helpers/untrusted.ts).
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { appendSummary, getInput, group, info, setFailed, setOutput, setSecret, warning } from '../src/runner.js';
import { commandsIn, runnerOutputs } from './helpers/untrusted.js';

let stdout: string[] = [];
let dir: string;
const saved = { ...process.env };
beforeEach(() => {
  stdout = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  dir = mkdtempSync(join(tmpdir(), 'runner-test-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  process.exitCode = undefined;
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  rmSync(dir, { recursive: true, force: true });
});
const written = () => stdout.join('');

describe('inputs', () => {
  test('getInput reads INPUT_<NAME> (spaces as _, upper case, - kept), trimmed, and "" when unset', () => {
    process.env['INPUT_MY_INPUT'] = '  a value \n';
    process.env['INPUT_DRY-RUN'] = 'true';
    expect(getInput('my input')).toBe('a value');
    expect(getInput('dry-run')).toBe('true');
    expect(getInput('not-set-anywhere')).toBe('');
  });
});

describe('workflow commands', () => {
  test('info writes the line as it is, with a line end', () => {
    info('plain ::text:: 100%');
    expect(written()).toBe('plain ::text:: 100%\n');
  });

  test('warning, the failure and a mask are one command line each, their data percent-encoded', () => {
    const message = 'a%b\r\nc\n::error::d';
    warning(message);
    setFailed(message);
    setSecret(message);
    expect(written()).toBe(['::warning::a%25b%0D%0Ac%0A::error::d', '::error::a%25b%0D%0Ac%0A::error::d', '::add-mask::a%25b%0D%0Ac%0A::error::d', ''].join('\n'));
    expect(commandsIn(written())).toEqual([
      { name: 'warning', properties: '', data: message },
      { name: 'error', properties: '', data: message },
      { name: 'add-mask', properties: '', data: message },
    ]);
  });

  test('setFailed sets exit code 1', () => {
    setFailed('no');
    expect(process.exitCode).toBe(1);
  });

  test('group writes ::group:: and ::endgroup:: around its body and returns what the body returns', async () => {
    await expect(
      group('title\n%', async () => {
        info('inside');
        return 7;
      }),
    ).resolves.toBe(7);
    expect(written()).toBe('::group::title%0A%25\ninside\n::endgroup::\n');
  });

  test('group ends the group when its body throws, and rethrows', async () => {
    await expect(
      group('t', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(written()).toBe('::group::t\n::endgroup::\n');
  });
});

describe('outputs', () => {
  test('each output is a heredoc block with a delimiter of its own, read back exactly', () => {
    const file = join(dir, 'output');
    writeFileSync(file, '');
    process.env.GITHUB_OUTPUT = file;
    const hostile = ['x', 'EOF', 'ghadelimiter_00000000-0000-0000-0000-000000000000', 'status=completed', ''].join('\n');
    setOutput('image', hostile);
    setOutput('status', 'rolled-back');
    setOutput('empty', '');
    const text = readFileSync(file, 'utf8');
    expect([...runnerOutputs(text)]).toEqual([
      ['image', hostile],
      ['status', 'rolled-back'],
      ['empty', ''],
    ]);
    const delimiters = [...text.matchAll(/^\w+<<(.+)$/gm)].map((m) => m[1]);
    expect(delimiters).toHaveLength(3);
    for (const d of delimiters) expect(d).toMatch(/^ghadelimiter_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(delimiters).size).toBe(3);
    expect(written()).toBe('');
  });

  test('a GITHUB_OUTPUT that names no file is an error, not a silent loss', () => {
    process.env.GITHUB_OUTPUT = join(dir, 'missing');
    expect(() => setOutput('status', 'completed')).toThrow(/does not exist/);
  });

  test('without GITHUB_OUTPUT, the ::set-output command (name and value escaped)', () => {
    delete process.env.GITHUB_OUTPUT;
    setOutput('na:me,x', 'v\nal%');
    expect(written()).toBe('\n::set-output name=na%3Ame%2Cx::v%0Aal%25\n');
  });
});

describe('job summary', () => {
  test('appendSummary appends the Markdown and a line end', async () => {
    const file = join(dir, 'summary');
    writeFileSync(file, 'earlier step\n');
    process.env.GITHUB_STEP_SUMMARY = file;
    await appendSummary('## Deployed\n\n| a | b |');
    expect(readFileSync(file, 'utf8')).toBe('earlier step\n## Deployed\n\n| a | b |\n');
  });

  test('a summary file that cannot be written, or none, is an error the caller reports', async () => {
    process.env.GITHUB_STEP_SUMMARY = join(dir, 'missing');
    await expect(appendSummary('x')).rejects.toThrow(/GITHUB_STEP_SUMMARY names \(.*missing\) cannot be read and written/);
    if (process.getuid?.() !== 0) {
      const file = join(dir, 'read-only');
      writeFileSync(file, '');
      chmodSync(file, 0o444);
      process.env.GITHUB_STEP_SUMMARY = file;
      await expect(appendSummary('x')).rejects.toThrow(/cannot be read and written/);
    }
    delete process.env.GITHUB_STEP_SUMMARY;
    await expect(appendSummary('x')).rejects.toThrow(/GITHUB_STEP_SUMMARY is not set/);
  });
});
