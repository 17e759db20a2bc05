// src/runner.ts against @actions/core (a devDependency kept as the oracle): for the same calls, the same
// bytes on stdout, the same GITHUB_OUTPUT blocks (delimiters aside, which are random in both) and the
// same job summary. The action stopped loading @actions/core at start-up for its size (issue 15); this
// keeps the replacement honest whenever either side changes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import * as core from '@actions/core';
import * as ours from '../src/runner.js';
import { HOSTILE } from './helpers/untrusted.js';

let stdout: string[] = [];
let dir: string;
const saved = { ...process.env };
beforeEach(() => {
  stdout = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  dir = mkdtempSync(join(tmpdir(), 'runner-conformance-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  process.exitCode = undefined;
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  rmSync(dir, { recursive: true, force: true });
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
