/**
 * The one escaping boundary for text this code did not write (AWS answers, error messages, task
 * definition fields, tag values). Pure.
 *
 * The runner reads a stdout line as a command when, after .NET `TrimStart()`, it starts with `::`
 * (`::add-mask::`, `::stop-commands::`, `::error::`, ...), and, in the older form, when `##[` appears
 * ANYWHERE in the line (`ActionCommand.TryParse` uses `IndexOf("##[")`). It splits stdout on `\n`,
 * `\r` and `\r\n`. So for the log:
 * - `\r`, NUL and every other C0/C1 control character (`\n` splits lines), DEL, the Unicode bidi
 *   controls and line/paragraph separators are shown escaped: `\r`, `\t`, `\u0000`, `\u202e`;
 * - every `##[` becomes `##\[`;
 * - a line that starts, after any whitespace, with `::` (or `[command]`, which the log viewer styles)
 *   gets the visible marker `⟫ ` in front: U+27EB is not whitespace, so TrimStart keeps it;
 * - a line longer than MAX_LINE characters (after escaping) is cut and says how much was cut.
 *
 * For the job summary, text goes into code spans and blocks whose fence is longer than any backtick run
 * in it, or is escaped for Markdown prose (HTML entities for `&`, `<`, `>`, a backslash before every
 * other character Markdown gives meaning to), so no HTML, heading, list, table or link comes from it.
 */

/** Put before a line that would otherwise start like a runner command. */
export const MARKER = '⟫ ';
/** The longest line (log line, annotation line, summary item) shown whole, in UTF-16 code units. */
export const MAX_LINE = 4096;

/** Controls shown escaped: C0 (with `\n` handled by the caller), DEL, C1, ALM, LRM/RLM, LS/PS, bidi embeddings/overrides/isolates, BOM. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const NAMED: Record<string, string> = { '\r': '\\r', '\t': '\\t', '\n': '\\n' };
/** Whatever .NET's TrimStart (char.IsWhiteSpace) could remove, and a little more. */
const LEADING_SPACE = '[\\s\\u0085\\u180e\\u200b]*';
const COMMAND_START = new RegExp(`^${LEADING_SPACE}(?:::|\\[command\\])`, 'i');

function escapeChar(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Every control and bidi character shown escaped, `\r` and `\n` included, exactly as they stand (for echoing a value). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeChar).replace(/\n/g, '\\n');
}

/** The text with control and bidi characters shown escaped; `\n` kept, or escaped too with `newlines: 'escape'`. */
export function visible(text: string, newlines: 'keep' | 'escape' = 'keep'): string {
  const t = text.replace(/\r\n/g, '\n').replace(CONTROL, escapeChar);
  return newlines === 'escape' ? t.replace(/\n/g, '\\n') : t;
}

/** The line cut to `max` characters, saying how many were cut; a surrogate pair is never split. */
export function cut(line: string, max = MAX_LINE): string {
  if (line.length <= max) return line;
  let end = max;
  const last = line.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${line.slice(0, end)} … [cut: ${line.length - end} more characters]`;
}

/** A line (without `\n`, controls already escaped) that the runner reads as text only. */
function neutralise(line: string): string {
  const t = line.replace(/##\[/g, '##\\[');
  return COMMAND_START.test(t) ? `${MARKER}${t}` : t;
}

/** One safe log line per line of `text` (`\n` and `\r\n` split it). */
export function logLines(text: string): string[] {
  return visible(String(text))
    .split('\n')
    .map((line) => neutralise(cut(line)));
}

/** `text` as one safe line, `\n` shown as `\n`: a group title. */
export function inlineText(text: string): string {
  return neutralise(cut(visible(String(text), 'escape')));
}

/**
 * The message of an annotation (`::warning::`, `::error::`). src/runner.ts escapes `%`, `\r` and `\n`
 * in the data, so nothing in it ends the command or adds properties; this also makes each line of the
 * message, as the runner shows it, plain text.
 */
export function annotationText(text: string): string {
  return logLines(text).join('\n');
}

// ---- job summary (Markdown) ----------------------------------------------------------------

/** The longest run of backticks in `text`. */
function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}

/** `&`, `<`, `>`, `"`, `'` as HTML entities. */
export function htmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * `text` as one Markdown code span: a fence one backtick longer than the longest run inside, padded
 * with spaces where the text starts or ends with a backtick or a space. Newlines are shown as `\n`, so
 * the span cannot reach another line (where `</details>` or a fence would start a block).
 */
export function codeSpan(text: string): string {
  const t = cut(visible(String(text), 'escape'));
  if (t === '') return '` `';
  const fence = '`'.repeat(longestBacktickRun(t) + 1);
  const pad = /^[` ]|[` ]$/.test(t) ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/**
 * Items as a fenced code block, one line each (a newline inside an item is shown as `\n`, so an item
 * cannot pass for another), with a fence of max(3, longest backtick run + 1) backticks.
 */
export function codeBlock(items: readonly string[], info = ''): string[] {
  const shown = items.map((item) => cut(visible(String(item), 'escape')));
  const fence = '`'.repeat(Math.max(3, ...shown.map((l) => longestBacktickRun(l) + 1)));
  return [`${fence}${info}`, ...shown, fence];
}

/**
 * `text` as Markdown prose on one line: `&`, `<`, `>` as entities, and a backslash before each
 * character that could start emphasis, code, a link or image, strikethrough, math, a table cell or a
 * heading; `://` and `www.` are broken so no autolink forms. Quotes stay as they are: prose is never
 * inside an HTML attribute here.
 */
export function markdownText(text: string): string {
  return (
    cut(visible(String(text), 'escape'))
      .replace(/[\\`*_[\]|~$#!]/g, (c) => `\\${c}`)
      .replace(/[&<>]/g, (c) => htmlText(c))
      .replace(/:\/\//g, '\\://')
      .replace(/\b(www)\./gi, '$1\\.')
      // What only the start of a line gives meaning to: a list marker, a setext underline, indentation.
      .replace(/^([-+=])/, '\\$1')
      .replace(/^(\d+)([.)])/, '$1\\$2')
      .replace(/^[ \t]+/, (s) => '&#32;'.repeat(s.length))
  );
}

/**
 * A Markdown table cell: one line, and every `|` escaped so that the table's cell splitter (which
 * reads `\\` as an escaped backslash) sees none, inside code spans too.
 */
export function tableCell(markdown: string): string {
  return markdown.replace(/\r?\n/g, ' ').replace(/(\\*)\|/g, (_m, slashes: string) => `${slashes}${slashes.length % 2 === 0 ? '\\' : '\\\\'}|`);
}
