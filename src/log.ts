/** The logging surface the orchestration needs; main.ts binds it to the runner's workflow commands (src/runner.ts) through `runnerLog`. */
import { annotationText, inlineText, logLines } from './core/escape.js';

export interface Log {
  info(message: string): void;
  warning(message: string): void;
  /** Runs `body` inside a collapsible log group. */
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
}

/** What the runner offers: src/runner.ts's functions of these names. */
export interface RunnerCommands {
  info(line: string): void;
  warning(message: string): void;
  setFailed(message: string): void;
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
}

/** The Log bound to the runner, plus the step's one failure. */
export interface RunnerLog extends Log {
  /** The failure annotation (`::error::`); the exit code 1. */
  fail(message: string): void;
}

/**
 * The Log boundary: every message, warning, group title and the failure goes through
 * src/core/escape.ts on its way to the runner, so no caller can forget. A message becomes one line
 * per line, none of which the runner reads as a command; warnings and the failure are annotations
 * whose text is escaped the same way (src/runner.ts escapes `%`, `\r`, `\n` in their data).
 */
export function runnerLog(runner: RunnerCommands): RunnerLog {
  return {
    info: (message) => {
      for (const line of logLines(message)) runner.info(line);
    },
    warning: (message) => runner.warning(annotationText(message)),
    group: (title, body) => runner.group(inlineText(title), body),
    fail: (message) => runner.setFailed(annotationText(message)),
  };
}

/** A Log that keeps lines in memory, for tests and for quiet callers. */
export function memoryLog(lines: string[] = []): Log & { lines: string[] } {
  return {
    lines,
    info: (m) => void lines.push(m),
    warning: (m) => void lines.push(`warning: ${m}`),
    group: async (title, body) => {
      lines.push(`[group] ${title}`);
      return body();
    },
  };
}

/**
 * A Log whose lines say which member of a release they are about (`[worker] ...`). Several members run at
 * once, so a group would interleave: its title becomes a labelled line and its body runs ungrouped.
 */
export function labelledLog(log: Log, label: string): Log {
  const prefix = `[${label}] `;
  const each = (message: string) =>
    message
      .split('\n')
      .map((line) => prefix + line)
      .join('\n');
  return {
    info: (message) => log.info(each(message)),
    warning: (message) => log.warning(prefix + message),
    group: async (title, body) => {
      log.info(each(title));
      return body();
    },
  };
}
