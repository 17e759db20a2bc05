/** The logging surface the orchestration needs; main.ts binds it to @actions/core. */
export interface Log {
  info(message: string): void;
  warning(message: string): void;
  /** Runs `body` inside a collapsible log group. */
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
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
