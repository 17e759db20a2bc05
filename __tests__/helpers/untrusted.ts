// What the GitHub runner and GitHub's Markdown would make of text the action wrote: used by the
// hostile-text tests (escape.test.ts, e2e/hostile.test.ts) to check that AWS text stays data.

/**
 * Hostile strings: what a container's exit reason, a service event, a rollout reason or a task
 * definition field could hold.
 */
export const HOSTILE: ReadonlyArray<readonly [string, string]> = [
  ['an error command', '::error::pwned'],
  ['an error command with properties', '::error file=app.js,line=1,title=x::pwned'],
  ['a mask', '::add-mask::secret'],
  ['stop-commands, then a command', '::stop-commands::token\n::error::x'],
  ['set-env', '::set-env name=X::1'],
  ['set-output', '::set-output name=status::completed'],
  ['a command in upper case', '::ERROR::x'],
  ['a lone CR before a command', 'Essential container exited\r::error::x'],
  ['CRLF before a command', 'ok\r\n::warning::x'],
  ['a v1 error', '##[error]x'],
  ['a v1 group', '##[group]x'],
  ['a v1 command mid-line (the runner finds `##[` anywhere)', 'exit 1 ##[add-mask]secret'],
  ['a v1 set-output with properties', 'x ##[set-output name=status;]completed'],
  ['leading spaces', '   ::error::x'],
  ['leading tab, NBSP, ideographic space', '\t\u00a0\u3000::error::x'],
  ['NUL', '\u0000::error::x'],
  ['NUL mid-line', 'a\u0000b'],
  ['NEL (C1) before a command', 'a\u0085::error::x'],
  ['LS before a command', 'a\u2028::error::x'],
  ['BOM before a command', '\ufeff::error::x'],
  ['ANSI colour', '\u001b[31mred\u001b[0m'],
  ['bidi overrides and isolates', 'invoice\u202etxt.exe \u202a\u202b\u202c\u202d \u2066\u2067\u2068\u2069'],
  ['an encoded newline', 'x%0A::error::y%0D%25'],
  ['a 10 KB reason', `OutOfMemoryError: ${'x'.repeat(10_240)}`],
  ['a 10 KB reason of commands', '::error::x\n'.repeat(1000)],
  ['backtick runs of 1 to 5', 'a ` b `` c ``` d ```` e ````` f'],
  ['backticks at both ends', '`start and end`'],
  ['code fences', '```\n</details>\n```\n~~~\n'],
  ['HTML', '</details><script>alert(1)</script><img src=x onerror=alert(1)>'],
  ['a heading', '# heading'],
  ['a list item', '- list'],
  ['an ordered list item', '1. first'],
  ['a blockquote', '> quote'],
  ['a table row', '| table | x |'],
  ['an escaped pipe', 'a \\| b \\\\| c'],
  ['a link', '[link](javascript:alert(1))'],
  ['an image', '![x](https://evil.example/x.png)'],
  ['an autolink', '<https://evil.example> https://evil.example www.evil.example'],
  ['emphasis and math', '**bold** _it_ ~~gone~~ $x^2$'],
  ['a heading after a newline', 'ok\n# heading\n- item\n| a | b |\n|---|---|'],
  ['an entity', '&lt;script&gt;'],
  ['the marker itself', '⟫ ::error::x'],
  ['[command]', '[command]rm -rf /'],
];

/** Stdout split the way the runner reads it: on `\n`, `\r` and `\r\n`. */
export function runnerLines(stdout: string): string[] {
  return stdout.split(/\r\n|\r|\n/);
}

/** Whitespace .NET's TrimStart removes (char.IsWhiteSpace), and more: strict. */
const LEADING = /^[\s\u0085\u180e\u200b]+/;

/**
 * Whether the runner would read this line as a command: it starts with `::` after TrimStart
 * (ActionCommand.TryParseV2), or holds `##[` anywhere (ActionCommand.TryParse, IndexOf).
 */
export function isRunnerCommand(line: string): boolean {
  return line.replace(LEADING, '').startsWith('::') || line.includes('##[');
}

export interface RunnerCommand {
  name: string;
  properties: string;
  data: string;
}

/** A `::name props::data` line as TryParseV2 reads it, data unescaped. */
export function parseCommand(line: string): RunnerCommand | undefined {
  const message = line.replace(LEADING, '');
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  return {
    name: (space < 0 ? info : info.slice(0, space)).toLowerCase(),
    properties: space < 0 ? '' : info.slice(space + 1),
    data: message
      .slice(end + 2)
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%25/g, '%'),
  };
}

/** The commands in stdout. */
export function commandsIn(stdout: string): RunnerCommand[] {
  return runnerLines(stdout)
    .filter(isRunnerCommand)
    .map((line) => parseCommand(line) ?? { name: `(v1) ${line}`, properties: '', data: '' });
}

/** GITHUB_OUTPUT read as the runner reads it on Linux (EnvFileKeyValuePairs: lines split on `\n`). */
export function runnerOutputs(file: string): Map<string, string> {
  const outputs = new Map<string, string>();
  const lines = file.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      outputs.set(line.slice(0, eq), line.slice(eq + 1));
      continue;
    }
    if (heredoc < 0) throw new Error(`Invalid format "${line}"`);
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    const value: string[] = [];
    for (i++; ; i++) {
      if (i >= lines.length) throw new Error(`Matching delimiter not found "${delimiter}"`);
      if (lines[i] === delimiter) break;
      value.push(lines[i] as string);
    }
    outputs.set(name, value.join('\n'));
  }
  return outputs;
}

// ---- Markdown --------------------------------------------------------------------------------

const PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * A line's prose as CommonMark reads it: code spans become `\u0002`, backslash-escaped characters
 * `\u0001`, so what is left is what Markdown could give meaning to.
 */
export function prose(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; ) {
    const c = line[i] as string;
    if (c === '\\' && i + 1 < line.length && PUNCTUATION.test(line[i + 1] as string)) {
      out += '\u0001';
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(line.slice(i))?.[0].length ?? 1;
      const rest = line.slice(i + run);
      const close = new RegExp(`(?<!\`)\`{${run}}(?!\`)`).exec(rest);
      if (close) {
        out += '\u0002';
        i += run + close.index + run;
        continue;
      }
      out += '`'.repeat(run);
      i += run;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** The contents of code spans in a line (fence and one padding space each side removed, as CommonMark does). */
export function codeSpans(line: string): string[] {
  const spans: string[] = [];
  for (let i = 0; i < line.length; ) {
    const c = line[i] as string;
    if (c === '\\' && i + 1 < line.length && PUNCTUATION.test(line[i + 1] as string)) {
      i += 2;
      continue;
    }
    if (c !== '`') {
      i++;
      continue;
    }
    const run = /^`+/.exec(line.slice(i))?.[0].length ?? 1;
    const rest = line.slice(i + run);
    const close = new RegExp(`(?<!\`)\`{${run}}(?!\`)`).exec(rest);
    if (!close) {
      i += run;
      continue;
    }
    let content = rest.slice(0, close.index);
    if (content.length > 1 && content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') content = content.slice(1, -1);
    spans.push(content);
    i += run + close.index + run;
  }
  return spans;
}

/** A table row split into cells the way cmark-gfm does (`\` escapes the next character, `|` splits). */
export function tableCells(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    const c = row[i] as string;
    if (c === '\\' && i + 1 < row.length) {
      cell += c + (row[i + 1] as string);
      i++;
    } else if (c === '|') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  if (cells[0]?.trim() === '') cells.shift();
  if (cells.at(-1)?.trim() === '') cells.pop();
  return cells;
}

export interface MarkdownShape {
  /** Headings outside code blocks. */
  headings: string[];
  /** List items and blockquotes outside code blocks. */
  listItems: string[];
  blockquotes: string[];
  /** Each table row's cells. */
  tableRows: string[][];
  /** Each fenced code block's lines, and whether a fence was left open. */
  codeBlocks: string[][];
  unclosedFence: boolean;
  /** HTML tags in prose (outside code). */
  htmlTags: string[];
  /** `<` in prose that is not part of a tag. */
  strayLessThan: number;
  /** Unescaped `[`, `]` (links, images), `://` and `www.` (autolinks) in prose. */
  linkish: string[];
  /** Unescaped `*`, `_`, `~`, `$` in prose. */
  emphasis: string[];
  /** Backticks in prose that open no code span (a code span that did not close as meant). */
  strayBackticks: number;
}

/** The block and inline structure of a Markdown document, roughly as GitHub would read it. */
export function markdownShape(markdown: string): MarkdownShape {
  const shape: MarkdownShape = {
    headings: [],
    listItems: [],
    blockquotes: [],
    tableRows: [],
    codeBlocks: [],
    unclosedFence: false,
    htmlTags: [],
    strayLessThan: 0,
    linkish: [],
    emphasis: [],
    strayBackticks: 0,
  };
  let fence: { char: string; length: number; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (fence) {
      const close = new RegExp(`^ {0,3}\\${fence.char}{${fence.length},}\\s*$`).test(line);
      if (close) {
        shape.codeBlocks.push(fence.lines);
        fence = undefined;
      } else fence.lines.push(line);
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (open && !(open[1]?.startsWith('`') && open[2]?.includes('`'))) {
      fence = { char: (open[1] as string)[0] as string, length: (open[1] as string).length, lines: [] };
      continue;
    }
    if (/^ {0,3}#{1,6}(\s|$)/.test(line)) shape.headings.push(line);
    if (/^ {0,3}([-+*]|\d{1,9}[.)])(\s|$)/.test(line)) shape.listItems.push(line);
    if (/^ {0,3}>/.test(line)) shape.blockquotes.push(line);
    if (/^\s*\|/.test(line)) shape.tableRows.push(tableCells(line));
    const text = prose(line);
    shape.htmlTags.push(...(text.match(/<\/?[a-zA-Z][^<>]*>/g) ?? []));
    shape.strayLessThan += (text.replace(/<\/?[a-zA-Z][^<>]*>/g, '').match(/</g) ?? []).length;
    shape.linkish.push(...(text.match(/[[\]]|:\/\/|\bwww\./gi) ?? []));
    shape.strayBackticks += (text.match(/`/g) ?? []).length;
    shape.emphasis.push(...(text.replace(/\*\*(Why|Reason):\*\*|\*\*[a-z-]+\*\*/g, '').match(/[*_~$]/g) ?? []));
  }
  if (fence) {
    shape.unclosedFence = true;
    shape.codeBlocks.push(fence.lines);
  }
  return shape;
}
