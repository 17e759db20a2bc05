/**
 * The drift flow (`drift-check: true`): read the service, its serving revision and the templates, and
 * answer the three drift questions (src/core/drift.ts). Read only: no write call, like a dry run.
 * Calls: DescribeServices, DescribeTaskDefinition (serving), DescribeTaskDefinition (latest template),
 * and DescribeTaskDefinition (the recorded template) when that is not the latest one.
 */
import { describeService, describeTaskDefinition } from '../aws/ecs.js';
import { parseTaskDefinitionArn } from '../core/arn.js';
import { checkService, deploymentConfiguration, mainContainerName, severalContainers, targetFamily } from '../core/deploy-rules.js';
import { changedOutside, driftLogLines, driftReport, serviceSettings, templateAhead } from '../core/drift.js';
import type { Settings } from '../core/inputs.js';
import type { FlowEnd, RunFacts } from '../core/outcome.js';
import { renderTaskDefinition } from '../core/render.js';
import type { DescribedWithTags } from '../core/revisions.js';
import { TAG_KEYS, withoutOwnTags } from '../core/tags.js';
import { diffTaskDefinitions } from '../core/task-def-diff.js';
import type { Ports } from '../ports.js';

export async function driftCheck(settings: Settings, ctx: Ports, facts: RunFacts): Promise<FlowEnd> {
  const { ecs, log } = ctx;
  const service = await describeService(ecs, settings.cluster, settings.service);
  const servingArn = checkService(service, settings.cluster);
  facts.taskDefinitionArn = servingArn;
  log.info(`Service ${service.serviceName} serves ${servingArn}`);
  const serving = await describeTaskDefinition(ecs, servingArn, 'serving task definition');
  const recordedArn = serving.tags.find((t) => t.key === TAG_KEYS.template)?.value;
  const servingFamily = serving.taskDefinition.family;

  // The latest template: the input, else the family of the template the serving revision records.
  const latestRef = settings.template ?? (recordedArn !== undefined ? parseTaskDefinitionArn(recordedArn)?.family : undefined);
  let latest: DescribedWithTags | undefined;
  let recorded: DescribedWithTags | undefined;
  if (latestRef !== undefined) {
    latest = await describeTaskDefinition(ecs, latestRef, 'template task definition');
    const latestArn = latest.taskDefinition.taskDefinitionArn;
    if (recordedArn !== undefined) recorded = recordedArn === latestArn ? latest : await describeTaskDefinition(ecs, recordedArn, 'recorded template task definition');
  }

  const ahead =
    latest === undefined
      ? { drifted: false, changes: [], line: 'cannot tell: the serving revision records no template and the template input is empty.' }
      : templateAhead(
          recordedArn,
          latest.taskDefinition.taskDefinitionArn ?? latestRef ?? '?',
          recorded && recorded !== latest ? diffTaskDefinitions(recorded.taskDefinition, latest.taskDefinition) : undefined,
        );

  // Re-render the serving revision: its recorded template, its own images, this step's overlays.
  let deployFamily: string | undefined;
  let rerendered;
  if (recorded !== undefined) {
    try {
      deployFamily = targetFamily(recorded.taskDefinition.family, settings.family);
    } catch {
      deployFamily = undefined;
    }
    const containers = recorded.taskDefinition.containerDefinitions;
    const main = mainContainerName(containers, settings.containerName);
    if (settings.environment.length + settings.secrets.length > 0 && main === undefined) throw severalContainers(containers, 'to place "environment" and "secrets"');
    const served = new Map(serving.taskDefinition.containerDefinitions.map((c) => [c.name, c.image]));
    const images = new Map(containers.flatMap((c) => (served.get(c.name) ? [[c.name, served.get(c.name) as string] as [string, string]] : [])));
    const rendered = renderTaskDefinition(recorded.taskDefinition, withoutOwnTags(recorded.tags), {
      family: servingFamily,
      images,
      environment: settings.environment,
      secrets: settings.secrets,
      tags: [],
      ...(main !== undefined ? { overlayContainer: main } : {}),
    });
    rerendered = diffTaskDefinitions(rendered, serving.taskDefinition);
  }
  const outside = changedOutside({ arn: servingArn, family: servingFamily, registeredByAction: recordedArn !== undefined }, deployFamily, rerendered);
  const wanted = deploymentConfiguration(service.deploymentConfiguration, settings.circuitBreaker, settings.alarms);
  const settingsAnswer = serviceSettings(service.deploymentConfiguration, wanted, settings.circuitBreaker !== 'keep', settings.alarms.length > 0);

  const report = driftReport(service.serviceName ?? settings.service, servingArn, { templateAhead: ahead, changedOutside: outside, serviceSettings: settingsAnswer });
  facts.drift = report;
  for (const line of driftLogLines(report)) log.info(line);
  return { type: 'drift', drifted: report.drifted, fail: settings.failOnDrift };
}
