/** Wiring only: read the inputs once, build the ports, run one flow, and hand what happened to conclude. */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ecrClients, ecsClients, eventsClient, logsClients, schedulerClient, ssmClient } from './aws/clients.js';
import { systemClock, type Clock } from './clock.js';
import { conclude, type Conclusion } from './core/conclude.js';
import { readSettings } from './core/inputs.js';
import { newFacts, type FlowEnd, type RunFacts } from './core/outcome.js';
import { readRunContext } from './core/run-context.js';
import { deploy } from './flows/deploy.js';
import { driftCheck } from './flows/drift.js';
import { resume } from './flows/resume.js';
import { plan } from './flows/plan.js';
import { release } from './flows/release.js';
import { rollback } from './flows/rollback.js';
import { githubRecorder, type GithubRecorder } from './github/recorder.js';
import { runnerLog } from './log.js';
import type { Ports } from './ports.js';
import * as runner from './runner.js';

export interface RunDeps {
  ecs?: ECSClient;
  ecrFor?: (region: string) => ECRClient;
  logsFor?: (region: string) => CloudWatchLogsClient;
  ssm?: SSMClient;
  events?: () => EventBridgeClient;
  scheduler?: () => SchedulerClient;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** The Log port on the runner's workflow commands: every line, title, warning and the failure escaped (src/log.ts, src/core/escape.ts). */
const coreLog = runnerLog({
  info: (line) => runner.info(line),
  warning: (message) => runner.warning(message),
  setFailed: (message) => runner.setFailed(message),
  group: (title, body) => runner.group(title, body),
});

/** Aborts when the runner sends SIGINT or SIGTERM. */
function cancellationSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const on = (name: string) => () => {
    runner.warning(`Received ${name}: stopping.`);
    controller.abort();
  };
  const onInt = on('SIGINT');
  const onTerm = on('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

/**
 * Writes what conclude decided: log lines, outputs, job summary, and the failure (exit code 1) or the
 * closing line. Log lines and the failure go through coreLog (escaped). Outputs are written as they
 * are: src/runner.ts puts each in a `name<<ghadelimiter_<random UUID>` heredoc and refuses a value
 * that holds the delimiter, so no value can end its block early or add another output.
 */
async function apply(conclusion: Conclusion): Promise<void> {
  for (const line of conclusion.details) coreLog.info(line);
  for (const [name, value] of Object.entries(conclusion.outputs)) runner.setOutput(name, value);
  if (process.env.GITHUB_STEP_SUMMARY) {
    try {
      await runner.appendSummary(conclusion.summary);
    } catch (error) {
      coreLog.warning(`Could not write the job summary: ${(error as Error).message}`);
    }
  }
  if (conclusion.failure !== undefined) coreLog.fail(conclusion.failure);
  else if (conclusion.closing !== undefined) coreLog.info(conclusion.closing);
}

async function runOnce(deps: RunDeps, env: NodeJS.ProcessEnv): Promise<void> {
  const clock = deps.clock ?? systemClock;
  const started = clock.now();
  const token = runner.getInput('github-token');
  if (token) runner.setSecret(token);
  const runContext = readRunContext(env);
  const cancel = deps.signal ? { signal: deps.signal, dispose: () => {} } : cancellationSignal();
  let facts: RunFacts | undefined;
  let end: FlowEnd | undefined;
  let error: unknown;
  let github: GithubRecorder | undefined;
  try {
    const settings = readSettings((name) => runner.getInput(name), env);
    for (const warning of settings.warnings) coreLog.warning(warning);
    const kind = settings.driftCheck ? 'drift-check' : settings.resume !== undefined ? 'resume' : settings.rollbackTo !== undefined ? 'rollback' : 'deploy';
    facts = newFacts(kind, settings.cluster, settings.service, settings.region);
    github = githubRecorder(settings, runContext, coreLog);
    const clientOptions = { region: settings.region, env, deadline: started + settings.timeoutMinutes * 60_000 };
    const ports: Ports = {
      ...(deps.ecs ? { ecs: deps.ecs, ecsPolls: deps.ecs, ecsWrites: deps.ecs } : ecsClients(clientOptions)),
      ecrFor: deps.ecrFor ?? ecrClients(clientOptions),
      logsFor: deps.logsFor ?? logsClients(clientOptions),
      ssm: deps.ssm ?? ssmClient(clientOptions),
      events: deps.events ?? eventsClient(clientOptions),
      scheduler: deps.scheduler ?? schedulerClient(clientOptions),
      clock,
      log: coreLog,
      run: runContext,
      deadline: clientOptions.deadline,
      ...(Number(env.AWS_MAX_ATTEMPTS) >= 1 ? { maxAttempts: Math.floor(Number(env.AWS_MAX_ATTEMPTS)) } : {}),
      signal: cancel.signal,
      onServiceChanged: github.started,
    };
    // Several services, schedules, or a rollback by a JSON object: a release.
    const several = settings.services.length !== 1 || settings.schedules.length > 0 || settings.rollbackMap !== undefined;
    const flow = settings.driftCheck
      ? driftCheck
      : settings.resume !== undefined
        ? resume
        : several
          ? release
          : settings.dryRun
            ? plan
            : settings.rollbackTo !== undefined
              ? rollback
              : deploy;
    end = await flow(settings, ports, facts);
  } catch (thrown) {
    error = thrown;
  } finally {
    cancel.dispose();
  }
  const conclusion = conclude({ facts, end, error, durationMs: clock.now() - started });
  await github?.finished(facts, conclusion);
  await apply(conclusion);
}

/** Runs the action. Never rejects: even a bug in concluding ends with status error and exit code 1. */
export async function run(deps: RunDeps = {}): Promise<void> {
  const env = deps.env ?? process.env;
  try {
    await runOnce(deps, env);
  } catch (bug) {
    try {
      await apply(conclude({ error: bug, durationMs: 0 }));
    } catch {
      process.exitCode = 1;
    }
  }
}
