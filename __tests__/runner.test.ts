// src/runner.ts: the runner protocol main.ts speaks (inputs, workflow commands, outputs, job summary),
// checked against what the runner reads (its command parser and its GITHUB_OUTPUT reader, helpers/untrusted.ts)
// and against @actions/core (a devDependency kept as the oracle): for the same calls, the same bytes on
// stdout, the same GITHUB_OUTPUT blocks (delimiters aside, random in both) and the same job summary. The
// action stopped loading @actions/core at start-up for its size (issue 15); this keeps the replacement honest.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import * as core from '@actions/core';
import * as ours from '../src/runner.js';
import { commandsIn, HOSTILE, runnerOutputs } from './helpers/untrusted.js';

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
    expect(ours.getInput('my input')).toBe('a value');
    expect(ours.getInput('dry-run')).toBe('true');
    expect(ours.getInput('not-set-anywhere')).toBe('');
  });
});

describe('workflow commands', () => {
  test('info writes the line as it is, with a line end', () => {
    ours.info('plain ::text:: 100%');
    expect(written()).toBe('plain ::text:: 100%\n');
  });

  test('warning, the failure and a mask are one command line each, their data percent-encoded', () => {
    const message = 'a%b\r\nc\n::error::d';
    ours.warning(message);
    ours.setFailed(message);
    ours.setSecret(message);
    expect(written()).toBe(['::warning::a%25b%0D%0Ac%0A::error::d', '::error::a%25b%0D%0Ac%0A::error::d', '::add-mask::a%25b%0D%0Ac%0A::error::d', ''].join('\n'));
    expect(commandsIn(written())).toEqual([
      { name: 'warning', properties: '', data: message },
      { name: 'error', properties: '', data: message },
      { name: 'add-mask', properties: '', data: message },
    ]);
  });

  test('setFailed sets exit code 1', () => {
    ours.setFailed('no');
    expect(process.exitCode).toBe(1);
  });

  test('group writes ::group:: and ::endgroup:: around its body and returns what the body returns', async () => {
    await expect(
      ours.group('title\n%', async () => {
        ours.info('inside');
        return 7;
      }),
    ).resolves.toBe(7);
    expect(written()).toBe('::group::title%0A%25\ninside\n::endgroup::\n');
  });

  test('group ends the group when its body throws, and rethrows', async () => {
    await expect(
      ours.group('t', async () => {
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
    ours.setOutput('image', hostile);
    ours.setOutput('status', 'rolled-back');
    ours.setOutput('empty', '');
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
    expect(() => ours.setOutput('status', 'completed')).toThrow(/does not exist/);
  });

  test('without GITHUB_OUTPUT, the ::set-output command (name and value escaped)', () => {
    delete process.env.GITHUB_OUTPUT;
    ours.setOutput('na:me,x', 'v\nal%');
    expect(written()).toBe('\n::set-output name=na%3Ame%2Cx::v%0Aal%25\n');
  });
});

describe('job summary', () => {
  test('appendSummary appends the Markdown and a line end', async () => {
    const file = join(dir, 'summary');
    writeFileSync(file, 'earlier step\n');
    process.env.GITHUB_STEP_SUMMARY = file;
    await ours.appendSummary('## Deployed\n\n| a | b |');
    expect(readFileSync(file, 'utf8')).toBe('earlier step\n## Deployed\n\n| a | b |\n');
  });

  test('a summary file that cannot be written, or none, is an error the caller reports', async () => {
    process.env.GITHUB_STEP_SUMMARY = join(dir, 'missing');
    await expect(ours.appendSummary('x')).rejects.toThrow(/GITHUB_STEP_SUMMARY names \(.*missing\) cannot be read and written/);
    if (process.getuid?.() !== 0) {
      const file = join(dir, 'read-only');
      writeFileSync(file, '');
      chmodSync(file, 0o444);
      process.env.GITHUB_STEP_SUMMARY = file;
      await expect(ours.appendSummary('x')).rejects.toThrow(/cannot be read and written/);
    }
    delete process.env.GITHUB_STEP_SUMMARY;
    await expect(ours.appendSummary('x')).rejects.toThrow(/GITHUB_STEP_SUMMARY is not set/);
  });
});

/** What `body` wrote to stdout, and the exit code it left. */
async function capture(body: () => unknown): Promise<{ out: string; exitCode: typeof process.exitCode }> {
  stdout = [];
  process.exitCode = undefined;
  await body();
  return { out: stdout.join(''), exitCode: process.exitCode };
}

const TEXTS = [...HOSTILE.map(([, text]) => text), 'plain', '', 'a:b,c=d', '100%\r\n%0A'];

describe('the same bytes as @actions/core', () => {
  test.each(['info', 'warning', 'setFailed', 'setSecret'] as const)('%s, for every hostile text', async (name) => {
    for (const text of TEXTS) {
      const mine = await capture(() => ours[name](text));
      const theirs = await capture(() => core[name](text));
      expect(mine).toEqual(theirs);
    }
  });

  test('group, with its body writing and with its body throwing', async () => {
    for (const title of TEXTS.slice(0, 12)) {
      const body = async () => {
        ours.info('inside');
        return 3;
      };
      const mine = await capture(() => ours.group(title, body));
      const theirs = await capture(() => core.group(title, body));
      expect(mine).toEqual(theirs);
      const boom = async () => {
        throw new Error('boom');
      };
      const mineThrown = await capture(() => ours.group(title, boom).catch((e: Error) => e.message));
      const theirsThrown = await capture(() => core.group(title, boom).catch((e: Error) => e.message));
      expect(mineThrown).toEqual(theirsThrown);
    }
  });

  test('getInput: names with spaces and dashes, values with surrounding white space, unset inputs', () => {
    process.env['INPUT_MY_INPUT'] = '  a value \n';
    process.env['INPUT_DRY-RUN'] = '\ttrue ';
    process.env['INPUT_EMPTY'] = '';
    for (const name of ['my input', 'dry-run', 'empty', 'never-set', 'My Input']) expect(ours.getInput(name)).toBe(core.getInput(name));
  });

  test('setOutput to GITHUB_OUTPUT: the same blocks once the random delimiters are named in order', async () => {
    const blocks = (fill: (name: string, value: string) => void) => {
      const file = join(dir, `output-${Math.random()}`);
      writeFileSync(file, '');
      process.env.GITHUB_OUTPUT = file;
      for (const [index, text] of TEXTS.entries()) fill(`out-${index}`, text);
      let n = 0;
      const names = new Map<string, string>();
      return readFileSync(file, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, (d) => {
        if (!names.has(d)) names.set(d, `DELIMITER_${n++}`);
        return names.get(d) as string;
      });
    };
    const mine = blocks((name, value) => ours.setOutput(name, value));
    const theirs = blocks((name, value) => core.setOutput(name, value));
    expect(mine).toBe(theirs);
    expect(mine).toContain('DELIMITER_0');
  });

  test('setOutput without GITHUB_OUTPUT: the same ::set-output line', async () => {
    delete process.env.GITHUB_OUTPUT;
    for (const text of TEXTS) {
      const mine = await capture(() => ours.setOutput('na:me,x', text));
      const theirs = await capture(() => core.setOutput('na:me,x', text));
      expect(mine).toEqual(theirs);
    }
  });

  test('the job summary: the same file after appending the same Markdown', async () => {
    const summaryOf = async (append: (markdown: string) => Promise<unknown>) => {
      const file = join(dir, `summary-${Math.random()}`);
      writeFileSync(file, 'an earlier step\n');
      process.env.GITHUB_STEP_SUMMARY = file;
      for (const text of ['## Deployed', '| a | b |\n| - | - |', ...TEXTS.slice(0, 8)]) await append(text);
      return readFileSync(file, 'utf8');
    };
    const mine = await summaryOf((markdown) => ours.appendSummary(markdown));
    const theirs = await summaryOf((markdown) => core.summary.addRaw(markdown, true).write());
    expect(mine).toBe(theirs);
  });
});
