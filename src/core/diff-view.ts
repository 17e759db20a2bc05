/** A readable view of a task definition diff, for the log and the job summary. Pure; keys only for env and secrets. */
import { codeBlock, codeSpan } from './escape.js';
import type { KeyChanges, TaskDefinitionDiff } from './task-def-diff.js';

const MAX_VALUE = 200;

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function keyLines(kind: string, changes: KeyChanges[]): string[] {
  const lines: string[] = [];
  for (const c of changes) {
    const parts = [
      c.added.length > 0 ? `added ${c.added.join(', ')}` : '',
      c.removed.length > 0 ? `removed ${c.removed.join(', ')}` : '',
      c.changed.length > 0 ? `changed ${c.changed.join(', ')}` : '',
    ].filter(Boolean);
    lines.push(`~ ${kind} (${c.container}): ${parts.join('; ')}`);
  }
  return lines;
}

/** One line per change: `~` changed, `+` added, `-` removed. Empty when nothing differs. */
export function diffLines(diff: TaskDefinitionDiff): string[] {
  const lines: string[] = [];
  for (const image of diff.images) lines.push(`~ image (${image.container}): ${image.before ?? '(none)'} -> ${image.after ?? '(none)'}`);
  lines.push(...keyLines('environment keys', diff.environment));
  lines.push(...keyLines('secret keys', diff.secrets));
  for (const change of diff.other) {
    if (change.before === undefined) lines.push(`+ ${change.path}: ${show(change.after)}`);
    else if (change.after === undefined) lines.push(`- ${change.path}: ${show(change.before)}`);
    else lines.push(`~ ${change.path}: ${show(change.before)} -> ${show(change.after)}`);
  }
  return lines;
}

/** The diff as a Markdown block for the job summary (values escaped by src/core/escape.ts). */
export function diffMarkdown(diff: TaskDefinitionDiff, against: string): string {
  const lines = diffLines(diff);
  if (lines.length === 0) return `No difference from ${codeSpan(against)}.`;
  // Task definition values are AWS text: in a code block whose fence no value can close.
  return [`Against ${codeSpan(against)}, the serving revision:`, '', ...codeBlock(lines.map((l) => l.replace(/^~/, '!')), 'diff')].join('\n');
}
