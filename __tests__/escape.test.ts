// Text from AWS is data, never a runner command or Markdown structure: every hostile string, through
// the log (the real src/runner.ts behind runnerLog), annotations, group titles, outputs and the job
// summary. src/core/escape.ts is the one boundary.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { conclude } from '../src/core/conclude.js';
import { diffMarkdown } from '../src/core/diff-view.js';
import { annotationText, codeBlock, codeSpan, cut, inlineText, logLines, markdownText, MARKER, MAX_LINE, tableCell, visible } from '../src/core/escape.js';
import { DeployError } from '../src/core/errors.js';
import { newFacts, type RunFacts } from '../src/core/outcome.js';
import { renderSummary, type SummaryView } from '../src/core/summary.js';
import { runnerLog } from '../src/log.js';
import * as core from '../src/runner.js';
import { codeSpans, commandsIn, HOSTILE, isRunnerCommand, markdownShape, parseCommand, runnerLines, runnerOutputs } from './helpers/untrusted.js';

const log = runnerLog({
  info: (line) => core.info(line),
  warning: (message) => core.warning(message),
  setFailed: (message) => core.setFailed(message),
  group: (title, body) => core.group(title, body),
});

let stdout: string[] = [];
beforeEach(() => {
  stdout = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  process.exitCode = undefined;
});
const written = () => stdout.join('');

/** No control character but `\n` is left in `text` (bidi and separators included). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

describe('the runner predicate of these tests', () => {
  test.each([
    ['::error::x', true],
    ['  \t::error::x', true],
    ['\u3000::warning::x', true],
    ['x ##[error]y', true],
    ['⟫ ::error::x', false],
    ['x ::error::y', false],
    ['##\\[error]x', false],
  ])('%j is a command: %s', (line, yes) => expect(isRunnerCommand(line)).toBe(yes));
});

describe.each(HOSTILE)('%s', (_name, text) => {
  test('log: no line the runner reads as a command, no control character, no line over the limit', () => {
    log.info(text);
    log.info(`  event: ${text}`);
    const out = written();
    expect(out).not.toMatch(/\r/);
    const lines = runnerLines(out).slice(0, -1);
    expect(lines.filter(isRunnerCommand)).toEqual([]);
    for (const line of lines) {
      expect(line).not.toMatch(CONTROLS);
      expect(line.length).toBeLessThanOrEqual(MAX_LINE + MARKER.length + 60);
    }
    // One log line per line of the value, each shown (neutralised, not dropped).
    expect(lines).toHaveLength(2 * text.replace(/\r\n/g, '\n').split('\n').length);
  });

  test('annotations: one command each, no properties, data whose every line is plain text', () => {
    log.warning(`Polling failed (${text}); trying again.`);
    log.fail(`ECS rolled the deployment back: ${text}; the rollback completed.`);
    const lines = runnerLines(written()).slice(0, -1);
    expect(lines).toHaveLength(2);
    const [warning, error] = lines.map(parseCommand);
    expect(warning).toMatchObject({ name: 'warning', properties: '' });
    expect(error).toMatchObject({ name: 'error', properties: '' });
    expect(process.exitCode).toBe(1);
    for (const command of [warning, error]) {
      const shown = (command?.data ?? '').split('\n');
      expect(shown.filter(isRunnerCommand)).toEqual([]);
      expect(command?.data).not.toMatch(/\r/);
      expect(command?.data).not.toMatch(CONTROLS);
    }
    expect(error?.data.startsWith('ECS rolled the deployment back: ')).toBe(true);
  });

  test('group title: one line, plain text', async () => {
    await log.group(`Rollout of ${text}`, async () => log.info('inside'));
    const lines = runnerLines(written()).slice(0, -1);
    expect(lines.map((l) => parseCommand(l)?.name ?? l)).toEqual(['group', 'inside', 'endgroup']);
    const title = parseCommand(lines[0] as string)?.data ?? '';
    expect(title).not.toMatch(/[\r\n]/);
    expect(isRunnerCommand(title)).toBe(false);
  });

  test('summary: the structure of a benign run, the text inside code or escaped', () => {
    const benign = summaryOf('benign text');
    const hostile = summaryOf(text);
    const want = markdownShape(benign);
    const got = markdownShape(hostile);
    expect(got.headings).toEqual(want.headings);
    expect(got.listItems.length).toBe(want.listItems.length);
    expect(got.blockquotes).toEqual([]);
    expect(got.tableRows.map((r) => r.length)).toEqual(want.tableRows.map((r) => r.length));
    expect(got.codeBlocks.map((b) => b.length)).toEqual(want.codeBlocks.map((b) => b.length));
    expect(got.unclosedFence).toBe(false);
    expect(got.htmlTags).toEqual(want.htmlTags);
    expect(got.strayLessThan).toBe(0);
    expect(got.linkish).toEqual(want.linkish);
    expect(got.emphasis).toEqual(want.emphasis);
    expect(got.strayBackticks).toBe(0);
    // The text is all there, as the code span shows it (cmark-gfm removes the `\` before a `|` in a cell).
    // The one loss: a `|` after an odd run of backslashes shows one backslash more (it cannot be written
    // so that the cell splitter skips it and the span shows it exactly; AWS names, ARNs and images hold neither).
    const imageRow = hostile.split('\n').find((l) => l.startsWith('| Image')) as string;
    const shown = (t: string) => cut(visible(t, 'escape')).replace(/(\\+)\|/g, (m, run: string) => (run.length % 2 === 1 ? `\\${m}` : m));
    expect(codeSpans(imageRow.replace(/\\\|/g, '|'))).toEqual([`app ${text}`, `registered ${text}`, `given ${text}`].map(shown));
    expect(hostile).not.toMatch(CONTROLS);
    // <details> open/close pairs balanced (the tags outside code are exactly ours).
    expect(got.htmlTags.filter((t) => t.startsWith('<details')).length).toBe(got.htmlTags.filter((t) => t === '</details>').length);
  });

  test('plan diff: one line per change inside a fence no value closes', () => {
    const markdown = diffMarkdown(
      {
        images: [{ container: 'app', before: text, after: 'b' }],
        environment: [],
        secrets: [],
        other: [{ path: 'containerDefinitions[app].workingDirectory', before: text, after: `${text}2` }],
      },
      'arn:aws:ecs:us-east-1:123456789012:task-definition/app:1',
    );
    const shape = markdownShape(markdown);
    expect(shape.unclosedFence).toBe(false);
    expect(shape.codeBlocks).toHaveLength(1);
    expect(shape.codeBlocks[0]).toHaveLength(2);
    expect(shape.headings).toEqual([]);
    expect(shape.htmlTags).toEqual([]);
  });
});

/** A rolled-back run's summary with `text` in every field AWS writes. */
function summaryOf(text: string): string {
  const facts: RunFacts = {
    ...newFacts('rollback', 'demo', 'api', 'us-east-1'),
    previousTaskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/api:1 ${text}`,
    taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/api:2 ${text}`,
    changed: true,
    deploymentId: `ecs-svc/1 ${text}`,
    image: text,
    images: [{ container: `app ${text}`, given: `given ${text}`, registered: `registered ${text}` }],
  };
  const view: SummaryView = {
    status: 'rolled-back',
    facts,
    durationMs: 1000,
    failure: `ECS rolled the deployment back: ${text}; the rollback completed.`,
    events: [`2025-01-01T00:00:00.000Z ${text}`, 'a plain event', text],
    stoppedTasks: [`task 1a2b: ${text}; container app exit 1 (${text})`, text],
    sections: [],
  };
  return renderSummary(view);
}

describe('log lines', () => {
  test.each([
    ['::error::x', `${MARKER}::error::x`],
    ['   ::add-mask::s', `${MARKER}   ::add-mask::s`],
    ['a\r::error::x', 'a\\r::error::x'],
    ['##[group]x', '##\\[group]x'],
    ['exit 1 ##[add-mask]s ###[x', 'exit 1 ##\\[add-mask]s ###\\[x'],
    ['\u0000 \u001b \u007f \u0085 \u202e \u2066', '\\u0000 \\u001b \\u007f \\u0085 \\u202e \\u2066'],
    ['tab\there', 'tab\\there'],
    ['[command]x', `${MARKER}[command]x`],
    ['plain text: Essential container in task exited', 'plain text: Essential container in task exited'],
  ])('%j is shown as %j', (text, shown) => expect(logLines(text)).toEqual([shown]));

  test('multi-line values become one line per line, each neutralised; CRLF is a line break', () => {
    expect(logLines('ok\r\n::warning::x\n##[error]y\n')).toEqual(['ok', `${MARKER}::warning::x`, '##\\[error]y', '']);
  });

  test(`a line over ${MAX_LINE} characters is cut and says how much`, () => {
    const [line] = logLines('y'.repeat(10_240));
    expect(line).toBe(`${'y'.repeat(MAX_LINE)} … [cut: ${10_240 - MAX_LINE} more characters]`);
    expect(cut('a'.repeat(MAX_LINE))).toBe('a'.repeat(MAX_LINE));
  });

  test('a cut never splits a surrogate pair', () => {
    const text = `${'a'.repeat(MAX_LINE - 1)}😀tail`;
    expect(cut(text)).toBe(`${'a'.repeat(MAX_LINE - 1)} … [cut: 6 more characters]`);
  });

  test('group titles are one line; annotations keep their lines, each neutralised', () => {
    expect(inlineText('Rollout of x\n::error::y')).toBe('Rollout of x\\n::error::y');
    expect(annotationText('a\n::error::b')).toBe(`a\n${MARKER}::error::b`);
  });

  test('stop-commands from AWS cannot silence the commands that follow', () => {
    log.info('::stop-commands::pwned');
    log.fail('the real failure');
    expect(commandsIn(written()).map((c) => c.name)).toEqual(['error']);
  });
});

describe('Markdown', () => {
  test.each([
    ['plain', '`plain`'],
    ['one ` tick', '``one ` tick``'],
    ['runs ` `` ``` ```` `````', '`````` runs ` `` ``` ```` ````` ``````'],
    ['`edges`', '`` `edges` ``'],
    [' spaced ', '`  spaced  `'],
    ['', '` `'],
    ['a\nb', '`a\\nb`'],
  ])('code span of %j is %j', (text, span) => {
    expect(codeSpan(text)).toBe(span);
    if (text.trim() !== '') expect(codeSpans(span)).toEqual([visible(text, 'escape')]);
  });

  test('a code block fence is max(3, longest backtick run + 1) and one item is one line', () => {
    expect(codeBlock(['a'])).toEqual(['```', 'a', '```']);
    expect(codeBlock(['a ````` b', '```'], 'diff')).toEqual(['``````diff', 'a ````` b', '```', '``````']);
    expect(codeBlock(['x\n```\ny'])).toEqual(['````', 'x\\n```\\ny', '````']);
  });

  test.each([
    ['</details><script>', '&lt;/details&gt;&lt;script&gt;'],
    ['# heading', '\\# heading'],
    ['- list', '\\- list'],
    ['1. first', '1\\. first'],
    ['| a |', '\\| a \\|'],
    ['[link](javascript:alert(1))', '\\[link\\](javascript:alert(1))'],
    ['**b** _i_ ~s~ $m$ `c`', '\\*\\*b\\*\\* \\_i\\_ \\~s\\~ \\$m\\$ \\`c\\`'],
    ['see https://x.example or www.x.example', 'see https\\://x.example or www\\.x.example'],
    ['a & b', 'a &amp; b'],
    ['   indented', '&#32;&#32;&#32;indented'],
    ['Input "cluster": is required', 'Input "cluster": is required'],
  ])('prose %j is %j', (text, escaped) => expect(markdownText(text)).toBe(escaped));

  test('a table cell leaves no pipe for the splitter, whatever backslashes precede it', () => {
    for (const text of ['a|b', 'a\\|b', 'a\\\\|b', 'a\\\\\\|b']) {
      const row = `| k | ${tableCell(codeSpan(text))} |`;
      expect(markdownShape(row).tableRows).toEqual([[' k ', expect.any(String)]]);
    }
  });

  test('conclude: a bad input and a failure with hostile text keep the summary whole', () => {
    const bad = conclude({ error: new DeployError('::error::x\n# h\n</details>`'), durationMs: 0 });
    expect(bad.summary).toBe('### ⚠️ ECS deploy: error\n\n**Why:** ::error::x\\\\n\\# h\\\\n&lt;/details&gt;\\`\n');
    const facts = newFacts('deploy', 'demo', 'api');
    const failed = conclude({ facts, error: new DeployError('</details><script>'), durationMs: 0 });
    expect(markdownShape(failed.summary).strayLessThan).toBe(0);
  });
});

describe('outputs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'escape-outputs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a value with newlines and delimiter-looking lines neither ends its block nor adds an output', () => {
    const file = join(dir, 'output');
    writeFileSync(file, '');
    const saved = process.env.GITHUB_OUTPUT;
    process.env.GITHUB_OUTPUT = file;
    try {
      const hostile = [
        'x',
        'status<<EOF',
        'completed',
        'EOF',
        'ghadelimiter_00000000-0000-0000-0000-000000000000',
        'changed=true',
        'status=completed',
        '::set-output name=status::completed',
      ].join('\n');
      core.setOutput('image', hostile);
      core.setOutput('status', 'rolled-back');
      const outputs = runnerOutputs(readFileSync(file, 'utf8'));
      expect([...outputs.keys()]).toEqual(['image', 'status']);
      expect(outputs.get('image')).toBe(hostile);
      expect(outputs.get('status')).toBe('rolled-back');
      // src/runner.ts refuses a value holding its delimiter rather than writing it.
      const text = readFileSync(file, 'utf8');
      const delimiter = /^image<<(.+)$/m.exec(text)?.[1] as string;
      expect(delimiter).toMatch(/^ghadelimiter_[0-9a-f-]{36}$/);
    } finally {
      if (saved === undefined) delete process.env.GITHUB_OUTPUT;
      else process.env.GITHUB_OUTPUT = saved;
    }
    expect(commandsIn(written())).toEqual([]);
  });
});
