/**
 * The release flow: several services and schedules moved to the revisions of one release, and rolled
 * back together. Each distinct template is rendered and registered once; the services are updated and
 * followed at once; if one does not complete, `on-partial-failure` puts every service this step moved
 * back on its previous revision (or keeps them); the schedules move only once every service completed.
 * `rollback-to` (previous, one revision, or a JSON object per consumer) restores services and schedules.
 */
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { describeService, describeTaskDefinition } from '../aws/ecs.js';
import { cachingReads } from '../aws/read-cache.js';
import { parseTaskDefinitionArn, resourceName } from '../core/arn.js';
import { DeployError, InputError } from '../core/errors.js';
import type { Settings } from '../core/inputs.js';
import { newFacts, type FlowEnd, type MemberRun, type ReleaseFacts, type RunFacts, type ScheduleRun } from '../core/outcome.js';
import { isScheduleKey, scheduleOf, type ScheduleLine } from '../core/release-inputs.js';
import { diffTaskDefinitions, isEmptyDiff } from '../core/task-def-diff.js';
import { labelledLog } from '../log.js';
import type { Ports } from '../ports.js';
import { cleanupRevisions } from '../steps/cleanup.js';
import { checkConcurrent } from '../steps/concurrent.js';
import { planDeploy, planRender, type DeployPlan, type RenderPlan } from '../steps/deploy-plan.js';
import { writeImageParameter } from '../steps/image-parameter.js';
import { runPreDeployTask } from '../steps/pre-deploy.js';
import { registerRevision } from '../steps/register.js';
import { findPrevious, planRollback } from '../steps/rollback-plan.js';
import { rollOut } from '../steps/roll-out.js';
import { pointSchedule, readSchedule, type ScheduleReading } from '../steps/schedules.js';

interface Member {
  name: string;
  settings: Settings;
  run: MemberRun;
  ctx: Ports;
}

/** A template of the release, with the services and schedules that take its new revision. */
interface Group {
  template: string;
  members: Member[];
  schedules: ScheduleLine[];
  render?: RenderPlan;
  /** The revision they all move to: registered once, or one that already serves the render. */
  arn?: string;
}

export async function release(settings: Settings, ctx: Ports, facts: RunFacts): Promise<FlowEnd> {
  const rel: ReleaseFacts = { services: [], schedules: [] };
  facts.release = rel;
  ctx = { ...ctx, marked: new Set() };
  return settings.rollbackTo !== undefined ? restore(settings, ctx, facts, rel) : deployAll(settings, ctx, facts, rel);
}

/** One service of the release: its settings (own service and template; the release writes the image parameter and cleans up once). */
function member(settings: Settings, ctx: Ports, service: string, kind: RunFacts['kind'], more: Partial<Settings> = {}): Member {
  const name = resourceName(service);
  const own: Settings = { ...settings, service, keepRevisions: 0, ...more };
  delete own.imageParameter;
  const run: MemberRun = { name, facts: newFacts(kind, settings.cluster, service, settings.region) };
  // Told once, for the release as a whole (the GitHub deployment).
  return { name, settings: own, run, ctx: { ...ctx, log: labelledLog(ctx.log, name), onServiceChanged: undefined } as Ports };
}

/** Reads of the template, the serving revisions and the images go out once per distinct request. */
function sharedReads(ctx: Ports): Ports {
  const ecrClients = new Map<string, ReturnType<Ports['ecrFor']>>();
  return {
    ...ctx,
    ecs: cachingReads(ctx.ecs, (c) => c instanceof DescribeTaskDefinitionCommand),
    ecrFor: (region) => {
      let client = ecrClients.get(region);
      if (!client) {
        client = cachingReads(ctx.ecrFor(region), (c) => c instanceof DescribeImagesCommand);
        ecrClients.set(region, client);
      }
      return client;
    },
  };
}

const settled = (run: MemberRun) =>
  run.error === undefined && (run.end?.type === 'unchanged' || run.end?.type === 'started' || (run.end?.type === 'watched' && run.end.watch.status === 'completed'));

/** Records a member's end or error; never throws (one service's failure does not stop the others). */
async function attempt(run: MemberRun | NonNullable<MemberRun['restore']>, body: () => Promise<FlowEnd>): Promise<void> {
  try {
    run.end = await body();
  } catch (error) {
    run.error = error;
  }
}

async function deployAll(settings: Settings, ctx: Ports, facts: RunFacts, rel: ReleaseFacts): Promise<FlowEnd> {
  const { log } = ctx;
  const reads = sharedReads(ctx);
  const members = settings.services.map((line) => member(settings, ctx, line.service, 'deploy', line.template !== undefined ? { template: line.template } : {}));
  rel.services = members.map((m) => m.run);
  const groups = groupByTemplate(settings, members);
  log.info(
    `Release: ${members.length} service(s) (${members.map((m) => m.name).join(', ') || 'none'}) and ${settings.schedules.length} schedule(s), ` +
      `from ${groups.length} template(s): ${groups.map((g) => g.template).join(', ')}.`,
  );

  // 1. Plan: every read, at once. Any failure here ends the release before anything is written.
  const plans = new Map<Member, DeployPlan>();
  const readings = new Map<string, ScheduleReading>();
  await Promise.all([
    ...members.map(async (m) => {
      plans.set(m, await named(m.name, planDeploy(m.settings, { ...reads, log: m.ctx.log }, m.run.facts)));
    }),
    ...settings.schedules.map(async (line) => {
      readings.set(line.id, await readSchedule(ctx, line));
    }),
  ]);
  for (const group of groups) {
    const first = group.members[0];
    if (first) group.render = sameRender(group, plans);
    else {
      // A template only schedules take: rendered against what the first of them runs.
      const reading = readings.get(group.schedules[0]?.id as string) as ScheduleReading;
      group.render = await planRender({ ...settings, template: group.template }, reads, newFacts('deploy', settings.cluster, '', settings.region), () =>
        describeTaskDefinition(reads.ecs, reading.taskDefinitionArn, 'task definition of the schedule'),
      );
    }
  }
  const firstPlan = plans.get(members[0] as Member);
  Object.assign(facts, { images: firstPlan?.images.map(({ container, given, registered }) => ({ container, given, registered })) ?? [] });
  const mainImage = firstPlan?.images.find((i) => i.container === firstPlan.mainContainer)?.registered ?? firstPlan?.images[0]?.registered;
  if (mainImage) facts.image = mainImage;
  rel.schedules = settings.schedules.map((line) => ({ id: line.id, previousArn: readings.get(line.id)?.taskDefinitionArn, changed: false }) as ScheduleRun);

  if (settings.dryRun) return planned(ctx, rel, groups, plans, readings);

  // 2. Register: once per template, unless a revision that equals the render serves already.
  for (const group of groups) {
    const render = group.render as RenderPlan;
    const serving = group.members.map((m) => plans.get(m) as DeployPlan).find((p) => p.sameRevision);
    const scheduleRunning = group.schedules.map((l) => readings.get(l.id) as ScheduleReading).find((r) => r.taskDefinitionArn === render.current.taskDefinition.taskDefinitionArn);
    if (serving) group.arn = serving.previousArn;
    else if (group.members.length === 0 && scheduleRunning && isEmptyDiff(diffTaskDefinitions(render.current.taskDefinition, render.rendered))) {
      group.arn = scheduleRunning.taskDefinitionArn;
    } else {
      group.arn = await registerRevision(render.rendered, ctx);
      for (const m of group.members) m.run.facts.registeredArn = group.arn;
    }
    log.info(`Template ${group.template}: ${group.arn}${group.members.length > 0 ? ` for ${group.members.map((m) => m.name).join(', ')}` : ''}${group.schedules.length > 0 ? ` and ${group.schedules.map((s) => s.id).join(', ')}` : ''}.`);
  }

  // 3. The pre-deploy task (migrations): once, before any service changes.
  const moving = members.filter((m) => (plans.get(m) as DeployPlan).updatesService);
  const migrator = moving.find((m) => (plans.get(m) as DeployPlan).preDeployContainer !== undefined);
  if (migrator && settings.preDeployCommand.length > 0) {
    const plan = plans.get(migrator) as DeployPlan;
    const arn = groupOf(groups, migrator).arn as string;
    const revision = revisionOf(plan, arn);
    const stopped = await log.group('Pre-deploy task', () =>
      runPreDeployTask(migrator.settings, ctx, facts, { service: plan.service, arn, containers: revision.containers, container: plan.preDeployContainer as string, revisionTags: revision.tags }),
    );
    if (stopped) {
      log.info('No service was changed and no schedule moved.');
      for (const m of members) m.run.end = { type: 'unchanged' };
      return stopped;
    }
  }

  // 4. Every service at once.
  let told = false;
  const tell = async () => {
    if (told) return;
    told = true;
    await ctx.onServiceChanged?.(facts);
  };
  await Promise.all(
    members.map((m) =>
      attempt(m.run, async () => {
        const plan = plans.get(m) as DeployPlan;
        const arn = groupOf(groups, m).arn as string;
        if (!plan.updatesService) {
          m.ctx.log.info(`Serves ${plan.previousArn}, the revision of this release: nothing to update.`);
          m.run.facts.taskDefinitionArn = plan.previousArn;
          return { type: 'unchanged' };
        }
        await checkConcurrent(m.settings, m.ctx, plan.service);
        const { end } = await rollOut(m.settings, { ...m.ctx, onServiceChanged: tell }, m.run.facts, {
          service: plan.service,
          arn,
          previousArn: plan.previousArn,
          registeredNow: arn !== plan.previousArn,
          since: ctx.clock.now(),
          containers: revisionOf(plan, arn).containers,
        });
        return end;
      }),
    ),
  );
  facts.changed = members.some((m) => m.run.facts.changed);

  // 5. A service that did not complete: on-partial-failure.
  const failed = members.filter((m) => !settled(m.run));
  if (failed.length > 0) {
    const names = failed.map((m) => m.name);
    rel.partialFailure = { policy: settings.onPartialFailure, failed: names };
    for (const s of rel.schedules) s.skipped = `not moved: ${names.join(', ')} did not complete`;
    if (ctx.signal.aborted) return { type: 'release' };
    if (settings.onPartialFailure === 'keep') {
      log.warning(`${names.join(', ')} did not complete; on-partial-failure is keep: every other service stays on its new revision, and no schedule moved.`);
      return { type: 'release' };
    }
    await putBack(settings, ctx, members.filter((m) => m.run.facts.changed), names);
    return { type: 'release' };
  }

  // 6. The schedules, once every service completed.
  await moveSchedules(ctx, rel, readings, (line) => groups.find((g) => g.schedules.includes(line))?.arn as string, settings.schedules);
  if (rel.schedules.some((s) => s.error !== undefined)) return { type: 'release' };

  // 7. What a completed release does once: the image parameter, and the cleanup that knows every consumer.
  const completed = members.some((m) => m.run.end?.type === 'watched');
  if (completed || members.length === 0) await writeImageParameter(settings, ctx, facts);
  if (settings.keepRevisions > 0 && members.every((m) => m.run.end?.type !== 'started')) await cleanUp(settings, ctx, facts, rel, groups);
  return { type: 'release' };
}

/** The ECR/template reads of one service failed: say which service. */
async function named<T>(name: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new DeployError(`Service ${name}: ${(error as Error).message}`, { cause: error });
  }
}

function groupByTemplate(settings: Settings, members: Member[]): Group[] {
  const groups: Group[] = [];
  const of = (template: string) => {
    let group = groups.find((g) => g.template === template);
    if (!group) {
      group = { template, members: [], schedules: [] };
      groups.push(group);
    }
    return group;
  };
  for (const m of members) of(m.settings.template as string).members.push(m);
  for (const line of settings.schedules) of(line.template ?? (settings.template as string)).schedules.push(line);
  return groups;
}

const groupOf = (groups: Group[], m: Member) => groups.find((g) => g.members.includes(m)) as Group;

/** What a service will run at `arn`: the revision it serves again, or the render (registered, or served by another service of the template). */
function revisionOf(plan: DeployPlan, arn: string): { containers: DeployPlan['rendered']['containerDefinitions']; tags: NonNullable<DeployPlan['rendered']['tags']> } {
  return arn === plan.previousArn
    ? { containers: plan.current.taskDefinition.containerDefinitions, tags: plan.current.tags }
    : { containers: plan.rendered.containerDefinitions, tags: plan.rendered.tags ?? [] };
}

/** The services of a template get one revision: their renders must agree (they differ only with image: current and different serving images). */
function sameRender(group: Group, plans: Map<Member, DeployPlan>): RenderPlan {
  const [first, ...rest] = group.members.map((m) => [m, plans.get(m) as DeployPlan] as const);
  const [firstMember, firstPlan] = first as readonly [Member, DeployPlan];
  for (const [m, plan] of rest) {
    if (!isEmptyDiff(diffTaskDefinitions(firstPlan.rendered, plan.rendered))) {
      throw new DeployError(
        `Services ${firstMember.name} and ${m.name} share the template ${group.template}, but their renders differ (with image: current, each keeps the images it runs). ` +
          'Give them the same images (image or images), or deploy them in separate steps. Nothing was written.',
      );
    }
  }
  return firstPlan;
}

/** on-partial-failure rollback: every service this step moved and that is not back on its previous revision is rolled back, all at once. */
async function putBack(settings: Settings, ctx: Ports, moved: Member[], failed: readonly string[]): Promise<void> {
  ctx.log.warning(
    `${failed.join(', ')} did not complete; on-partial-failure is rollback: putting ${moved.map((m) => m.name).join(', ') || 'no service'} back on the previous revision.`,
  );
  await Promise.all(
    moved.map(async (m) => {
      const previous = m.run.facts.previousTaskDefinitionArn as string;
      const restore: NonNullable<MemberRun['restore']> = { facts: newFacts('rollback', settings.cluster, m.settings.service, settings.region) };
      await attempt(restore, async () => {
        const service = await describeService(ctx.ecs, settings.cluster, m.settings.service);
        const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
        // ECS rolled it back already (circuit breaker, alarm, on-abort's stop): it is back, or on its way back.
        if (primary?.taskDefinition === previous) {
          restore.facts.taskDefinitionArn = previous;
          m.ctx.log.info(`Already back on ${previous} (ECS rolled it back).`);
          return { type: 'unchanged' };
        }
        const arn = service.taskDefinition as string;
        const target = await describeTaskDefinition(ctx.ecs, previous, 'previous revision');
        restore.facts.previousTaskDefinitionArn = arn;
        m.ctx.log.info(`Rolling back from ${arn} to ${previous}.`);
        const { end } = await rollOut({ ...m.settings, forceNewDeployment: false }, m.ctx, restore.facts, {
          service,
          arn: previous,
          previousArn: arn,
          registeredNow: false,
          since: ctx.clock.now(),
          containers: target.taskDefinition.containerDefinitions,
        });
        return end;
      });
      m.run.restore = restore;
    }),
  );
}

/** Points each schedule at its revision; a failure is recorded for that schedule and the others go on. */
async function moveSchedules(ctx: Ports, rel: ReleaseFacts, readings: Map<string, ScheduleReading>, arnOf: (line: ScheduleLine) => string, lines: ScheduleLine[]): Promise<void> {
  for (const line of lines) {
    const run = rel.schedules.find((s) => s.id === line.id) as ScheduleRun;
    const reading = readings.get(line.id) as ScheduleReading;
    const arn = arnOf(line);
    run.taskDefinitionArn = arn;
    try {
      if (reading.taskDefinitionArn !== arn) {
        await pointSchedule(ctx, reading, arn);
        run.changed = true;
      } else ctx.log.info(`Schedule ${line.id} runs ${arn} already.`);
    } catch (error) {
      run.error = error;
      ctx.log.warning(`Schedule ${line.id} was not moved: ${(error as Error).message}`);
    }
  }
}

/** keep-revisions once per family, never deregistering what a service of the cluster, a schedule or an output of this step names. */
async function cleanUp(settings: Settings, ctx: Ports, facts: RunFacts, rel: ReleaseFacts, groups: Group[]): Promise<void> {
  const protect = new Map<string, string>();
  for (const s of rel.schedules) {
    for (const arn of [s.taskDefinitionArn, s.previousArn]) if (arn) protect.set(arn, 'a schedule of this step');
  }
  for (const m of rel.services) {
    for (const arn of [m.facts.taskDefinitionArn, m.facts.previousTaskDefinitionArn]) if (arn) protect.set(arn, 'an output of this step');
  }
  const families = [...new Set(groups.map((g) => g.render?.family).filter((f): f is string => !!f))];
  const removed: string[] = [];
  const kept: Array<{ reason: string; count: number }> = [];
  const deleted: string[] = [];
  for (const family of families) {
    try {
      const result = await cleanupRevisions(ctx, { cluster: settings.cluster, family, keep: settings.keepRevisions, protect, delete: settings.deleteRevisions });
      removed.push(...result.removed);
      kept.push(...result.kept);
      if (result.deleted) deleted.push(...result.deleted);
    } catch (error) {
      ctx.log.warning(`Cleanup of ${family} failed: ${(error as Error).message}`);
    }
  }
  facts.cleanup = { keep: settings.keepRevisions, removed, kept, ...(settings.deleteRevisions ? { deleted } : {}) };
}

/** A dry run: what each service and schedule would move to, nothing written. */
function planned(ctx: Ports, rel: ReleaseFacts, groups: Group[], plans: Map<Member, DeployPlan>, readings: Map<string, ScheduleReading>): FlowEnd {
  rel.planned = true;
  for (const group of groups) {
    const next = `the next revision of ${group.render?.family ?? '?'}`;
    for (const m of group.members) {
      const plan = plans.get(m) as DeployPlan;
      m.run.facts.plan = { diff: plan.diff, against: plan.previousArn };
      m.run.end = { type: 'planned' };
      m.ctx.log.info(plan.updatesService ? `Would move from ${plan.previousArn} to ${plan.sameRevision ? plan.previousArn : next}.` : `Serves the render already (${plan.previousArn}).`);
    }
    const servingArn = group.members.map((m) => plans.get(m) as DeployPlan).find((p) => p.sameRevision)?.previousArn;
    for (const line of group.schedules) {
      const run = rel.schedules.find((s) => s.id === line.id) as ScheduleRun;
      run.skipped = 'dry run: nothing written';
      const target = servingArn ?? next;
      if (servingArn) run.taskDefinitionArn = servingArn;
      ctx.log.info(`Schedule ${line.id}: would move from ${readings.get(line.id)?.taskDefinitionArn ?? '?'} to ${target}.`);
    }
  }
  return { type: 'planned' };
}

/** rollback-to in a release: each service to its target (at once), then each schedule. */
async function restore(settings: Settings, ctx: Ports, facts: RunFacts, rel: ReleaseFacts): Promise<FlowEnd> {
  const map = settings.rollbackMap;
  const serviceNames = map ? [...map.keys()].filter((k) => !isScheduleKey(k)) : settings.services.map((l) => l.service);
  // Keyed as the object gives them, so that each finds its own entry (inputs.ts checked every one).
  const scheduleLines: ScheduleLine[] = map
    ? [...map.keys()].filter(isScheduleKey).map((k) => ({ ...(scheduleOf(k) as ScheduleLine), id: k }))
    : settings.schedules;
  const targetOf = (key: string) => map?.get(key) ?? (settings.rollbackTo as string);
  const members = serviceNames.map((service) => member(settings, ctx, service, 'rollback', { rollbackTo: targetOf(resourceName(service)) }));
  rel.services = members.map((m) => m.run);
  ctx.log.info(`Rollback of ${members.length} service(s) and ${scheduleLines.length} schedule(s).`);

  const readings = new Map<string, ScheduleReading>();
  const plans = new Map<Member, Awaited<ReturnType<typeof planRollback>>>();
  await Promise.all([
    ...members.map(async (m) => {
      plans.set(m, await named(m.name, planRollback(m.settings, m.ctx, m.run.facts)));
    }),
    ...scheduleLines.map(async (line) => {
      readings.set(line.id, await readSchedule(ctx, line));
    }),
  ]);
  // Where each schedule goes: its own entry, or (previous) the newest earlier completed revision of its family.
  const scheduleTargets = new Map<string, string>();
  for (const line of scheduleLines) {
    const reading = readings.get(line.id) as ScheduleReading;
    const ref = targetOf(line.id);
    const current = parseTaskDefinitionArn(reading.taskDefinitionArn);
    const target =
      ref === 'previous'
        ? await findPrevious(ctx, reading.family, current?.revision ?? Number.MAX_SAFE_INTEGER)
        : await describeTaskDefinition(ctx.ecs, ref, `rollback target of ${line.id}`);
    scheduleTargets.set(line.id, target.taskDefinition.taskDefinitionArn as string);
  }
  rel.schedules = scheduleLines.map((line) => ({ id: line.id, previousArn: readings.get(line.id)?.taskDefinitionArn, changed: false }) as ScheduleRun);
  if (settings.dryRun) {
    rel.planned = true;
    for (const m of members) {
      const plan = plans.get(m) as Awaited<ReturnType<typeof planRollback>>;
      m.run.facts.taskDefinitionArn = plan.targetArn;
      m.run.facts.plan = { diff: diffTaskDefinitions(plan.current.taskDefinition, plan.target.taskDefinition), against: plan.currentArn };
      m.run.end = { type: 'planned' };
    }
    for (const s of rel.schedules) {
      s.skipped = 'dry run: nothing written';
      s.taskDefinitionArn = scheduleTargets.get(s.id) as string;
      ctx.log.info(`Schedule ${s.id}: would move from ${s.previousArn ?? '?'} to ${s.taskDefinitionArn}.`);
    }
    return { type: 'planned' };
  }
  await Promise.all(
    members.map((m) =>
      attempt(m.run, async () => {
        const plan = plans.get(m) as Awaited<ReturnType<typeof planRollback>>;
        if (plan.targetArn === plan.currentArn) {
          m.ctx.log.info(`Serves ${plan.targetArn} already: nothing to do.`);
          m.run.facts.taskDefinitionArn = plan.targetArn;
          return { type: 'unchanged' };
        }
        await checkConcurrent(m.settings, m.ctx, plan.service);
        const { end } = await rollOut(m.settings, m.ctx, m.run.facts, {
          service: plan.service,
          arn: plan.targetArn,
          previousArn: plan.currentArn,
          registeredNow: false,
          since: ctx.clock.now(),
          containers: plan.target.taskDefinition.containerDefinitions,
        });
        return end;
      }),
    ),
  );
  facts.changed = members.some((m) => m.run.facts.changed);
  // A rollback restores the schedules whatever the services did: their targets are revisions known to work.
  await moveSchedules(ctx, rel, readings, (line) => scheduleTargets.get(line.id) as string, scheduleLines);
  return { type: 'release' };
}

