/**
 * Records a run as a GitHub deployment of an environment when github-token is set: in progress once
 * the service points at the new revision, then success or failure from the run's conclusion. A GitHub
 * failure is a warning, never a failed deploy.
 */
import { serviceConsoleUrl } from '../core/arn.js';
import type { Conclusion } from '../core/conclude.js';
import type { Settings } from '../core/inputs.js';
import type { RunFacts } from '../core/outcome.js';
import type { RunContext } from '../core/run-context.js';
import type { Log } from '../log.js';
import type { GithubDeploymentHandle, GithubDeploymentRecord } from './deployment.js';

export interface GithubRecorder {
  /** The service points at the revision: create the deployment and set it in_progress. */
  started(facts: RunFacts): Promise<void>;
  /** The run ended: set success or failure (a dry run records nothing). */
  finished(facts: RunFacts | undefined, conclusion: Conclusion): Promise<void>;
}

function recordOf(facts: RunFacts): GithubDeploymentRecord {
  const record: GithubDeploymentRecord = { cluster: facts.cluster, service: facts.service };
  if (facts.taskDefinitionArn) record.taskDefinitionArn = facts.taskDefinitionArn;
  if (facts.image) record.image = facts.image;
  const url = serviceConsoleUrl(facts.region, facts.cluster, facts.service);
  if (url) record.consoleUrl = url;
  return record;
}

export function githubRecorder(settings: Settings, run: RunContext, log: Log): GithubRecorder {
  const token = settings.githubToken;
  let handle: GithubDeploymentHandle | undefined;
  let tried = false;
  const start = async (facts: RunFacts) => {
    if (!token || tried || !run.repository) return;
    tried = true;
    // The GitHub client is loaded only by a run that records a deployment.
    const { startGithubDeployment } = await import('./deployment.js');
    handle = await startGithubDeployment(
      {
        token,
        environment: settings.githubEnvironment as string,
        repository: run.repository,
        ref: run.sha || run.ref || 'HEAD',
        sha: run.sha ?? '',
        ...(run.apiUrl ? { apiUrl: run.apiUrl } : {}),
        ...(run.runUrl ? { runUrl: run.runUrl } : {}),
        log,
      },
      recordOf(facts),
    );
  };
  return {
    started: start,
    finished: async (facts, conclusion) => {
      if (!token || !facts || conclusion.status === 'planned') return;
      if (!run.repository) {
        log.warning('github-token is set but GITHUB_REPOSITORY is not: no GitHub deployment recorded.');
        return;
      }
      await start(facts);
      // A paused deployment waits for a later job (resume): it stays in_progress, and that job records the end.
      if (conclusion.status === 'paused') return;
      await handle?.finish(conclusion.exitCode === 0 ? 'success' : 'failure', recordOf(facts));
    },
  };
}
