/**
 * The drift report (`drift-check: true`): three questions about a service deployed from a template,
 * answered from what was read. Pure: the drift flow reads, this decides and words.
 *  1. Template ahead: the latest template differs from the one the serving revision was rendered from.
 *  2. Changed outside the action: the service runs a revision this action did not register, or one that
 *     differs from rendering its recorded template with its own images and this step's overlays.
 *  3. Service settings: the circuit breaker and alarms differ from what a deploy with these inputs sets.
 */
import type { DeploymentConfiguration } from '@aws-sdk/client-ecs';
import { diffLines } from './diff-view.js';
import { isEmptyDiff, type TaskDefinitionDiff } from './task-def-diff.js';

export interface TemplateAhead {
  drifted: boolean;
  /** The template revision the serving revision was rendered from (its provenance tag); undefined when unknown. */
  recorded?: string;
  /** The latest template revision read now. */
  latest?: string;
  /** recorded -> latest; empty when they are the same revision or equal in every field. */
  changes: string[];
  /** One line, our words. */
  line: string;
}

export interface ChangedOutside {
  drifted: boolean;
  /** The serving revision carries this action's provenance tag. */
  registeredByAction: boolean;
  family: string;
  deployFamily?: string;
  /** serving revision vs its re-render (keys only for environment and secrets). */
  changes: string[];
  line: string;
}

export interface SettingsCheck {
  /** The setting, e.g. `deploymentCircuitBreaker.rollback`. */
  setting: string;
  expected: unknown;
  actual: unknown;
}

export interface ServiceSettings {
  drifted: boolean;
  /** What was compared: the settings the step's inputs make a deploy set. */
  checked: string[];
  changes: SettingsCheck[];
  line: string;
}

export interface DriftReport {
  drifted: boolean;
  service: string;
  taskDefinitionArn: string;
  templateAhead: TemplateAhead;
  changedOutside: ChangedOutside;
  serviceSettings: ServiceSettings;
}

/** Question 1. `diff` is recorded vs latest (undefined when the recorded revision is unknown or is the latest). */
export function templateAhead(recorded: string | undefined, latest: string, diff: TaskDefinitionDiff | undefined): TemplateAhead {
  if (recorded === undefined) {
    return { drifted: false, latest, changes: [], line: `cannot tell: the serving revision does not record the template it was rendered from; the latest template is ${latest}.` };
  }
  if (recorded === latest || diff === undefined || isEmptyDiff(diff)) {
    const same = recorded === latest ? `${latest} is the latest template revision` : `the latest template ${latest} equals ${recorded} in every field`;
    return { drifted: false, recorded, latest, changes: [], line: `no: the serving revision was rendered from ${recorded}; ${same}.` };
  }
  const changes = diffLines(diff);
  return {
    drifted: true,
    recorded,
    latest,
    changes,
    line: `yes: the serving revision was rendered from ${recorded}; the latest template ${latest} differs in ${changes.length} place${changes.length === 1 ? '' : 's'} (deploy with image: current to roll it out).`,
  };
}

/** Question 2. `diff` is serving vs its re-render; undefined when it could not be re-rendered (not this action's). */
export function changedOutside(serving: { arn: string; family: string; registeredByAction: boolean }, deployFamily: string | undefined, diff: TaskDefinitionDiff | undefined): ChangedOutside {
  const base = { registeredByAction: serving.registeredByAction, family: serving.family, ...(deployFamily !== undefined ? { deployFamily } : {}) };
  if (!serving.registeredByAction) {
    return { ...base, drifted: true, changes: [], line: `yes: the service runs ${serving.arn}, which this action did not register (it has no provenance tag).` };
  }
  if (deployFamily !== undefined && serving.family !== deployFamily) {
    return { ...base, drifted: true, changes: [], line: `yes: the service runs ${serving.arn}, of family ${serving.family}; this action deploys into ${deployFamily}.` };
  }
  const changes = diff ? diffLines(diff) : [];
  if (changes.length === 0) return { ...base, drifted: false, changes, line: `no: ${serving.arn} is what rendering its recorded template with its own images gives.` };
  return {
    ...base,
    drifted: true,
    changes,
    line: `yes: ${serving.arn} differs in ${changes.length} place${changes.length === 1 ? '' : 's'} from rendering its recorded template with its own images and this step's environment and secrets.`,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Question 3. `wanted` is what a deploy with these inputs would send (deploymentConfiguration); `actual` the service's. */
export function serviceSettings(actual: DeploymentConfiguration | undefined, wanted: DeploymentConfiguration, checkCircuitBreaker: boolean, checkAlarms: boolean): ServiceSettings {
  const checked: string[] = [];
  const changes: SettingsCheck[] = [];
  const compare = (setting: string, expected: unknown, value: unknown) => {
    checked.push(setting);
    if (!same(expected, value)) changes.push({ setting, expected, actual: value ?? null });
  };
  if (checkCircuitBreaker) {
    compare('deploymentCircuitBreaker.enable', wanted.deploymentCircuitBreaker?.enable, actual?.deploymentCircuitBreaker?.enable);
    compare('deploymentCircuitBreaker.rollback', wanted.deploymentCircuitBreaker?.rollback, actual?.deploymentCircuitBreaker?.rollback);
  }
  if (checkAlarms) {
    const sorted = (names: string[] | undefined) => (names ? [...names].sort() : undefined);
    compare('alarms.alarmNames', sorted(wanted.alarms?.alarmNames), sorted(actual?.alarms?.alarmNames));
    compare('alarms.enable', wanted.alarms?.enable, actual?.alarms?.enable);
    compare('alarms.rollback', wanted.alarms?.rollback, actual?.alarms?.rollback);
  }
  if (checked.length === 0) return { drifted: false, checked, changes, line: 'not checked: with circuit-breaker: keep and no alarms, a deploy sets no service settings.' };
  if (changes.length === 0) return { drifted: false, checked, changes, line: `no: ${checked.join(', ')} are as a deploy with these inputs sets them.` };
  return {
    drifted: true,
    checked,
    changes,
    line: `yes: ${changes.map((c) => `${c.setting} is ${JSON.stringify(c.actual)} (a deploy sets ${JSON.stringify(c.expected)})`).join('; ')}.`,
  };
}

export function driftReport(service: string, taskDefinitionArn: string, parts: Pick<DriftReport, 'templateAhead' | 'changedOutside' | 'serviceSettings'>): DriftReport {
  const drifted = parts.templateAhead.drifted || parts.changedOutside.drifted || parts.serviceSettings.drifted;
  return { drifted, service, taskDefinitionArn, ...parts };
}

/** The `drift` output: the report as JSON (one line). */
export function driftJson(report: DriftReport): string {
  return JSON.stringify(report);
}

/** The report's log lines: one per question, each followed by what differs (indented). */
export function driftLogLines(report: DriftReport): string[] {
  const indent = (lines: string[]) => lines.map((l) => `    ${l}`);
  return [
    `Drift 1/3, template ahead: ${report.templateAhead.line}`,
    ...indent(report.templateAhead.changes),
    `Drift 2/3, changed outside the action: ${report.changedOutside.line}`,
    ...indent(report.changedOutside.changes),
    `Drift 3/3, service settings: ${report.serviceSettings.line}`,
  ];
}
