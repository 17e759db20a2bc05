/** Orchestration: inputs -> plan -> act -> report. The only place that fails the step. */
import * as core from '@actions/core';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient, type Service } from '@aws-sdk/client-ecs';
import { describeService, describeTaskDefinition, tagResource } from './aws/ecs.js';
import { cleanupRevisions } from './steps/cleanup.js';
import { systemClock, type Clock } from './clock.js';
import { checkService, planDeploy, pointServiceAt, registerRevision, type DeployContext, type UpdateResult } from './deploy.js';
import { diffLines, diffMarkdown } from './core/diff-view.js';
import { DeployError, InputError } from './core/errors.js';
import { startGithubDeployment, type GithubDeploymentHandle, type GithubDeploymentRecord } from './github/deployment.js';
import { readSettings, type Settings } from './core/inputs.js';
import type { Log } from './log.js';
import { consoleUrl, newReport, outputsOf, renderSummary, type StepReport } from './core/summary.js';
import { checkTarget, describeTarget, findPrevious, parseTaskDefinitionArn, templateFamilyOf } from './rollback.js';
import { TAG_KEYS } from './core/tags.js';
import { diffTaskDefinitions, type TaskDefinitionDiff } from './core/task-def-diff.js';
import { waitForOtherDeployments, watchRollout, type WatchResult } from './steps/watch.js';

export interface RunDeps {
  ecs?: ECSClient;
  ecrFor?: (region: string) => ECRClient;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

const USER_AGENT: [string, string] = ['ecs-template-deploy', '0.1.0'];

const coreLog: Log = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  group: (title, body) => core.group(title, body),
};

function makeEcrFactory(): (region: string) => ECRClient {
  const clients = new Map<string, ECRClient>();
  return (region) => {
    let client = clients.get(region);
    if (!client) {
      client = new ECRClient({ region, maxAttempts: 6, customUserAgent: [USER_AGENT] });
      clients.set(region, client);
    }
    return client;
  };
}

/** Cancels the wait when the runner sends SIGINT or SIGTERM. */
function cancellationSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: string) => {
    core.warning(`Received ${name}: stopping the wait.`);
    controller.abort();
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
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

/** Runs the action. */
export async function run(deps: RunDeps = {}): Promise<void> {
  const env = deps.env ?? process.env;
  const token = core.getInput('github-token');
  if (token) core.setSecret(token);
  const clock = deps.clock ?? systemClock;
  const started = clock.now();
  let settings: Settings;
  try {
    settings = readSettings((name) => core.getInput(name), env);
  } catch (error) {
    core.setFailed((error as Error).message);
    return;
  }

  const report = newReport(settings.cluster, settings.service, settings.region);
  const cancel = deps.signal ? { signal: deps.signal, dispose: () => {} } : cancellationSignal();
  const github = githubRecorder(settings, env, report);
  const ctx: RunContext = {
    onStarted: github.started,
    ecs: deps.ecs ?? new ECSClient({ ...(settings.region ? { region: settings.region } : {}), maxAttempts: 6, customUserAgent: [USER_AGENT] }),
    ecrFor: deps.ecrFor ?? makeEcrFactory(),
    log: coreLog,
    clock,
    provenance: {
      ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
      ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
      ...(env.GITHUB_SERVER_URL ? { serverUrl: env.GITHUB_SERVER_URL } : {}),
      ...(env.GITHUB_RUN_ID ? { runId: env.GITHUB_RUN_ID } : {}),
      ...(env.GITHUB_RUN_ATTEMPT ? { runAttempt: env.GITHUB_RUN_ATTEMPT } : {}),
    },
  };
  try {
    if (settings.rollbackTo !== undefined) await rollback(settings, ctx, report, cancel.signal);
    else await deploy(settings, ctx, report, cancel.signal);
  } catch (error) {
    report.failure = (error as Error).message;
    // Before the service was changed a failure is `failed`; after it, the status already says how far it got.
    if (!report.changed) report.status = 'failed';
  } finally {
    cancel.dispose();
  }
  report.durationMs = clock.now() - started;
  await github.finished();
  await finish(report);
}

/** Records the run as a GitHub deployment when github-token is set: in_progress once started, then success or failure. */
function githubRecorder(settings: Settings, env: NodeJS.ProcessEnv, report: StepReport) {
  const token = settings.githubToken;
  let handle: GithubDeploymentHandle | undefined;
  let tried = false;
  const record = (): GithubDeploymentRecord => {
    const r: GithubDeploymentRecord = { cluster: settings.cluster, service: settings.service };
    if (report.taskDefinitionArn) r.taskDefinitionArn = report.taskDefinitionArn;
    if (report.image) r.image = report.image;
    const url = consoleUrl(report);
    if (url) r.consoleUrl = url;
    return r;
  };
  const start = async () => {
    if (!token || tried || !env.GITHUB_REPOSITORY) return;
    tried = true;
    const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
    handle = await startGithubDeployment(
      {
        token,
        environment: settings.githubEnvironment as string,
        repository: env.GITHUB_REPOSITORY,
        ref: env.GITHUB_SHA || env.GITHUB_REF || 'HEAD',
        sha: env.GITHUB_SHA ?? '',
        ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
        ...(runUrl ? { runUrl } : {}),
        log: coreLog,
      },
      record(),
    );
  };
  return {
    started: async () => start(),
    finished: async () => {
      if (!token || report.status === 'planned') return;
      if (!env.GITHUB_REPOSITORY) {
        core.warning('github-token is set but GITHUB_REPOSITORY is not: no GitHub deployment recorded.');
        return;
      }
      await start();
      const ok = !report.failure;
      await handle?.finish(ok ? 'success' : 'failure', record());
    },
  };
}

type RunContext = DeployContext & {
  clock: Clock;
  /** Called once the service points at the new revision. */
  onStarted?: (report: StepReport) => Promise<void>;
};

async function deploy(settings: Settings, ctx: RunContext, report: StepReport, signal: AbortSignal): Promise<void> {
  const { log } = ctx;
  report.environmentKeys = settings.environment.map((e) => e.name);
  report.secretKeys = settings.secrets.map((s) => s.name);
  if (report.environmentKeys.length > 0) log.info(`Environment keys to set: ${report.environmentKeys.join(', ')}`);
  if (report.secretKeys.length > 0) log.info(`Secret keys to set: ${report.secretKeys.join(', ')}`);

  const plan = await log.group('Plan', () => planDeploy(settings, ctx));
  report.previousTaskDefinitionArn = plan.previousArn;
  report.images = plan.images.map(({ container, given, registered }) => ({ container, given, registered }));
  report.image = (plan.images.find((i) => i.container === plan.mainContainer) ?? plan.images[0])?.registered;

  if (settings.dryRun) {
    showPlan(ctx.log, report, plan.diff, plan.previousArn);
    return;
  }
  const countChanges = settings.desiredCount !== undefined && settings.desiredCount !== plan.service.desiredCount;
  if (plan.sameRevision && !settings.forceNewDeployment && !countChanges) {
    log.info(`The rendered revision equals ${plan.previousArn}, which the service serves: nothing to register or update.`);
    report.status = 'unchanged';
    report.taskDefinitionArn = plan.previousArn;
    return;
  }

  await checkConcurrent(settings, ctx, plan.service, signal);
  const since = ctx.clock.now();
  const registeredNow = !plan.sameRevision;
  const arn = registeredNow ? await registerRevision(plan, ctx) : plan.previousArn;
  if (!registeredNow) log.info(`The revision is unchanged; ${settings.forceNewDeployment ? 'forcing a new deployment' : 'updating the desired count'} of ${arn}.`);
  const update = await rollOut(settings, ctx, report, { service: plan.service, arn, previousArn: plan.previousArn, registeredNow, since, signal });
  if (report.status === 'completed' && settings.keepRevisions > 0) {
    // Never the revision serving, the previous one, or one a deployment of the service still uses.
    const inUse = [...(update.service.deployments ?? []), ...(plan.service.deployments ?? [])].map((d) => d.taskDefinition);
    const keep = new Set([arn, plan.previousArn, ...inUse].filter((t): t is string => !!t));
    const removed = await cleanupRevisions(ctx, plan.family, settings.keepRevisions, keep).catch((e: unknown) => {
      log.warning(`Cleanup failed: ${(e as Error).message}`);
      return [] as string[];
    });
    report.sections.push({
      title: 'Cleanup',
      markdown: removed.length > 0 ? removed.map((r) => `- deregistered \`${r}\``).join('\n') : `Nothing to deregister (keep-revisions: ${settings.keepRevisions}).`,
    });
  }
}

/** A rollback run: point the service at an earlier revision and watch it like a deploy. */
async function rollback(settings: Settings, ctx: RunContext, report: StepReport, signal: AbortSignal): Promise<void> {
  const { log } = ctx;
  const ref = settings.rollbackTo as string;
  report.kind = 'rollback';
  if (settings.template !== undefined || settings.image !== undefined || settings.images.size > 0) {
    log.info('rollback-to is set: the template and image inputs are not used.');
  }
  const service = await describeService(ctx.ecs, settings.cluster, settings.service);
  const currentArn = checkService(service, settings.cluster);
  report.previousTaskDefinitionArn = currentArn;
  const current = await describeTaskDefinition(ctx.ecs, currentArn, 'serving task definition');
  const family = current.taskDefinition.family;
  const templateFamily = settings.template ? (parseTaskDefinitionArn(settings.template)?.family ?? settings.template) : templateFamilyOf(current);
  if (templateFamily !== undefined && family === templateFamily) {
    throw new DeployError(`The service serves ${currentArn} of the template family "${family}": there is no deployed revision to roll back from yet.`);
  }
  const target =
    ref === 'previous' ? await findPrevious(ctx, family, current.taskDefinition.revision ?? Number.MAX_SAFE_INTEGER) : await describeTarget(ctx, ref);
  checkTarget(target, family, templateFamily ?? templateFamilyOf(target));
  const arn = target.taskDefinition.taskDefinitionArn as string;
  log.info(`Rollback target: ${arn}`);
  const main = target.taskDefinition.containerDefinitions;
  const image = (settings.containerName ? main.find((c) => c.name === settings.containerName) : main[0])?.image;
  if (image) report.image = image;
  report.images = main.filter((c) => c.image).map((c) => ({ container: c.name, given: c.image as string, registered: c.image as string }));

  if (settings.dryRun) {
    showPlan(log, report, diffTaskDefinitions(current.taskDefinition, target.taskDefinition), currentArn);
    report.taskDefinitionArn = arn;
    return;
  }
  if (arn === currentArn) {
    log.info(`The service already serves ${arn}: nothing to do.`);
    report.status = 'unchanged';
    report.taskDefinitionArn = arn;
    return;
  }
  await checkConcurrent(settings, ctx, service, signal);
  await rollOut(settings, ctx, report, { service, arn, previousArn: currentArn, registeredNow: false, since: ctx.clock.now(), signal });
}

function showPlan(log: Log, report: StepReport, diff: TaskDefinitionDiff, against: string): void {
  const lines = diffLines(diff);
  log.info(lines.length > 0 ? `Plan against ${against}:\n${lines.map((l) => `  ${l}`).join('\n')}` : `Plan: no difference from ${against}.`);
  report.status = 'planned';
  report.sections.push({ title: 'Plan (dry run: nothing was written)', markdown: diffMarkdown(diff, against) });
}

interface RollOutRequest {
  service: Service;
  arn: string;
  previousArn: string;
  registeredNow: boolean;
  since: number;
  signal: AbortSignal;
}

/** Points the service at `arn`, then (with `wait`) follows the rollout and concludes the report. */
async function rollOut(settings: Settings, ctx: RunContext, report: StepReport, req: RollOutRequest): Promise<UpdateResult> {
  const { log } = ctx;
  const update = await pointServiceAt(settings, ctx, req.service, req.arn, { registeredNow: req.registeredNow, force: settings.forceNewDeployment });
  // Only now does the service point at it: a failed UpdateService leaves the output empty (the error names the ARN).
  report.taskDefinitionArn = req.arn;
  report.changed = true;
  report.status = 'started';
  if (update.deploymentId) report.deploymentId = update.deploymentId;
  await ctx.onStarted?.(report);
  if (!settings.wait) {
    log.info('wait is false: not following the rollout.');
    return update;
  }
  const result = await log.group(`Rollout of ${req.arn}`, () =>
    watchRollout(
      {
        cluster: settings.cluster,
        service: settings.service,
        tracked: { taskDefinitionArn: req.arn, previousArn: req.previousArn, ...(update.deploymentId ? { deploymentId: update.deploymentId } : {}) },
        ...(update.serviceDeploymentArn ? { serviceDeploymentArn: update.serviceDeploymentArn } : {}),
        since: req.since,
        knownEventIds: (req.service.events ?? []).map((e) => e.id).filter((id): id is string => !!id),
        timeoutMs: settings.timeoutMinutes * 60_000,
        pollMs: settings.pollSeconds * 1000,
        signal: req.signal,
      },
      ctx,
    ),
  );
  await concludeRollout(settings, ctx, report, result, req.arn);
  return update;
}

async function checkConcurrent(settings: Settings, ctx: RunContext, service: Service, signal: AbortSignal): Promise<void> {
  const busy = (service.deployments ?? []).filter((d) => d.rolloutState === 'IN_PROGRESS');
  if (busy.length === 0 && (service.deployments?.length ?? 0) <= 1) return;
  const what = (service.deployments ?? []).map((d) => `${d.id} (${d.status}, ${d.rolloutState ?? '?'}, ${d.taskDefinition})`).join('; ');
  if (settings.concurrentDeployment === 'fail') {
    throw new InputError('concurrent-deployment', `is "fail" and another deployment of the service is in progress: ${what}. Nothing was changed.`);
  }
  if (settings.concurrentDeployment === 'proceed') {
    ctx.log.warning(`Another deployment of the service is in progress (${what}); proceeding as concurrent-deployment is "proceed".`);
    return;
  }
  ctx.log.info(`Another deployment of the service is in progress (${what}); waiting for it to end (concurrent-deployment: wait).`);
  await waitForOtherDeployments(
    { cluster: settings.cluster, service: settings.service, timeoutMs: settings.timeoutMinutes * 60_000, pollMs: settings.pollSeconds * 1000, signal },
    ctx,
  );
}

async function concludeRollout(settings: Settings, ctx: RunContext, report: StepReport, result: WatchResult, arn: string): Promise<void> {
  const { log } = ctx;
  report.events = result.events;
  report.stoppedTasks = result.stoppedTasks;
  if (result.state?.reason) report.reason = result.state.reason;
  const rollbackHint = `To roll back, point the service at ${report.previousTaskDefinitionArn} (the previous-task-definition-arn output).`;
  switch (result.status) {
    case 'completed':
      report.status = 'completed';
      log.info(`Rollout of ${arn} completed in ${Math.round(result.durationMs / 1000)}s.`);
      await tagResource(ctx.ecs, arn, [{ key: TAG_KEYS.rolloutCompleted, value: new Date(ctx.clock.now()).toISOString() }]).catch((e: unknown) =>
        log.warning(`Could not mark ${arn} as completed (${(e as Error).message}); "rollback-to: previous" will not consider it.`),
      );
      return;
    case 'rolled-back': {
      report.status = 'rolled-back';
      const done = result.state?.rollbackSucceeded;
      const rollback = done === true ? 'the rollback completed' : done === false ? 'the rollback itself FAILED' : 'the rollback is still in progress';
      report.failure = `ECS rolled the deployment of ${arn} back to ${report.previousTaskDefinitionArn}: ${result.state?.reason ?? 'no reason given'}; ${rollback}.`;
      break;
    }
    case 'failed':
      report.status = 'failed';
      report.failure = `The deployment of ${arn} failed: ${result.state?.reason ?? 'no reason given'}. ${rollbackHint}`;
      break;
    case 'superseded':
      report.status = 'superseded';
      report.failure = `The deployment of ${arn} was superseded: ${result.state?.reason ?? 'another deployment replaced it'}${result.state?.replacedBy ? ` (now ${result.state.replacedBy})` : ''}.`;
      break;
    case 'timed-out':
      report.status = 'timed-out';
      report.failure = `The rollout of ${arn} did not finish within ${settings.timeoutMinutes} minutes; ECS goes on with the deployment. ${rollbackHint}`;
      break;
    case 'cancelled':
      report.status = 'started';
      report.failure = `Cancelled while the rollout of ${arn} was in flight; ECS goes on with the deployment. ${rollbackHint}`;
      break;
  }
  if (report.stoppedTasks.length > 0) {
    log.info('Stopped tasks of the new revision:');
    for (const t of report.stoppedTasks) log.info(`  ${t}`);
  }
}

async function finish(report: StepReport): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(report))) core.setOutput(name, value);
  if (process.env.GITHUB_STEP_SUMMARY) {
    try {
      await core.summary.addRaw(renderSummary(report), true).write();
    } catch (error) {
      core.warning(`Could not write the job summary: ${(error as Error).message}`);
    }
  }
  if (report.failure) core.setFailed(report.failure);
  else core.info(`status=${report.status} task-definition-arn=${report.taskDefinitionArn ?? ''}`);
}
