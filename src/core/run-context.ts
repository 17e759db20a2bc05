/** The GitHub run this step belongs to, read once from the runner's environment. Pure. */

export interface RunContext {
  /** `owner/repo` (GITHUB_REPOSITORY). */
  repository?: string;
  /** https://github.com or a GitHub Enterprise host (GITHUB_SERVER_URL), without a trailing slash. */
  serverUrl?: string;
  /** REST API base (GITHUB_API_URL), without a trailing slash. */
  apiUrl?: string;
  runId?: string;
  runAttempt?: string;
  /** The commit (GITHUB_SHA). */
  sha?: string;
  /** The ref (GITHUB_REF). */
  ref?: string;
  /** Who triggered the run (GITHUB_ACTOR). */
  actor?: string;
  /** The workflow run's page, with the attempt when known. */
  runUrl?: string;
}

/** Reads the run context; blank variables count as unset. */
export function readRunContext(env: NodeJS.ProcessEnv): RunContext {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const ctx: RunContext = {};
  const set = <K extends keyof RunContext>(key: K, v: RunContext[K] | undefined) => {
    if (v !== undefined) ctx[key] = v;
  };
  set('repository', value('GITHUB_REPOSITORY'));
  set('serverUrl', value('GITHUB_SERVER_URL')?.replace(/\/+$/, ''));
  set('apiUrl', value('GITHUB_API_URL')?.replace(/\/+$/, ''));
  set('runId', value('GITHUB_RUN_ID'));
  set('runAttempt', value('GITHUB_RUN_ATTEMPT'));
  set('sha', value('GITHUB_SHA'));
  set('ref', value('GITHUB_REF'));
  set('actor', value('GITHUB_ACTOR'));
  if (ctx.serverUrl && ctx.repository && ctx.runId) {
    set('runUrl', `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}${ctx.runAttempt ? `/attempts/${ctx.runAttempt}` : ''}`);
  }
  return ctx;
}
