// ECS-native deployment strategies (ROLLING, BLUE_GREEN, LINEAR, CANARY) and lifecycle hooks: the
// rules of a deploymentConfiguration's strategy fields, and the stages a non-rolling deployment walks.
import { invalidParameter } from './errors.js';
import type { JsonObject } from './state.js';

export type Strategy = 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY';

export const STRATEGIES: readonly Strategy[] = ['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'];

/** The stages a lifecycle hook can name (DeploymentLifecycleHookStage). */
export const HOOK_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
] as const;

/** Stages where only AWS_LAMBDA hooks may run (the API reference: PAUSE hooks cannot be configured there). */
const NO_PAUSE_STAGES = new Set(['TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT']);

/** AWS defaults (DeploymentLifecycleHookTimeoutConfiguration, LinearConfiguration, CanaryConfiguration). */
export const DEFAULT_HOOK_TIMEOUT_MINUTES = 1440;
export const DEFAULT_HOOK_TIMEOUT_ACTION = 'ROLLBACK';
const DEFAULT_STEP_PERCENT = 10;
const DEFAULT_STEP_BAKE_MINUTES = 6;
const DEFAULT_CANARY_PERCENT = 5;
const DEFAULT_CANARY_BAKE_MINUTES = 10;

const MINUTE = 60_000;
/** How long a stage without its own duration lasts (simulated). */
export const STAGE_MS = 5_000;

const asObject = (v: unknown): JsonObject | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;

// ---- validation ------------------------------------------------------------------------------

function integerIn(value: unknown, name: string, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidParameter(`${name} must be an integer from ${min} to ${max}.`);
  }
}

/** A percentage that is a multiple of 0.1 within [min, 100]. */
function percentIn(value: unknown, name: string, min: number): void {
  if (value === undefined) return;
  const ok = typeof value === 'number' && value >= min && value <= 100 && Math.abs(value * 10 - Math.round(value * 10)) < 1e-9;
  if (!ok) throw invalidParameter(`${name} must be a multiple of 0.1 from ${min.toFixed(1)} to 100.0.`);
}

function objectOrUndefined(value: unknown, name: string): JsonObject | undefined {
  if (value === undefined) return undefined;
  const o = asObject(value);
  if (!o) throw invalidParameter(`${name} must be an object.`);
  return o;
}

function validHook(raw: unknown, i: number): void {
  const name = `deploymentConfiguration.lifecycleHooks[${i}]`;
  const hook = asObject(raw);
  if (!hook) throw invalidParameter(`${name} must be an object.`);
  const targetType = hook.targetType ?? 'AWS_LAMBDA';
  if (targetType !== 'PAUSE' && targetType !== 'AWS_LAMBDA') {
    throw invalidParameter(`${name}.targetType '${String(targetType)}' is not valid. Valid values are AWS_LAMBDA and PAUSE.`);
  }
  if (targetType === 'AWS_LAMBDA' && (typeof hook.hookTargetArn !== 'string' || hook.hookTargetArn === '')) {
    throw invalidParameter(`${name}.hookTargetArn must be specified for an AWS_LAMBDA lifecycle hook.`);
  }
  const stages = hook.lifecycleStages;
  if (!Array.isArray(stages) || stages.length === 0) throw invalidParameter(`${name}.lifecycleStages must be specified.`);
  for (const stage of stages) {
    if (!(HOOK_STAGES as readonly unknown[]).includes(stage)) {
      throw invalidParameter(`${name}.lifecycleStages: '${String(stage)}' is not a valid lifecycle stage. Valid values are ${HOOK_STAGES.join(', ')}.`);
    }
    if (targetType === 'PAUSE' && NO_PAUSE_STAGES.has(stage as string)) {
      throw invalidParameter(`${name}: a PAUSE lifecycle hook cannot be configured at the ${String(stage)} stage.`);
    }
  }
  const timeout = objectOrUndefined(hook.timeoutConfiguration, `${name}.timeoutConfiguration`);
  if (timeout) {
    integerIn(timeout.timeoutInMinutes, `${name}.timeoutConfiguration.timeoutInMinutes`, 1, 20160);
    if (timeout.action !== undefined && timeout.action !== 'ROLLBACK' && timeout.action !== 'CONTINUE') {
      throw invalidParameter(`${name}.timeoutConfiguration.action '${String(timeout.action)}' is not valid. Valid values are ROLLBACK and CONTINUE.`);
    }
  }
}

/**
 * Throws InvalidParameterException when the strategy fields of a deploymentConfiguration break the API
 * reference's rules (other fields are not looked at here).
 */
export function validateStrategyFields(config: JsonObject): void {
  const strategy = config.strategy;
  if (strategy !== undefined && !(STRATEGIES as readonly unknown[]).includes(strategy)) {
    throw invalidParameter(
      `Invalid deployment strategy '${String(strategy)}'. Valid values are ${STRATEGIES.join(', ')}.`,
    );
  }
  integerIn(config.bakeTimeInMinutes, 'deploymentConfiguration.bakeTimeInMinutes', 0, 1440);
  const linear = objectOrUndefined(config.linearConfiguration, 'deploymentConfiguration.linearConfiguration');
  if (linear) {
    percentIn(linear.stepPercent, 'deploymentConfiguration.linearConfiguration.stepPercent', 3);
    integerIn(linear.stepBakeTimeInMinutes, 'deploymentConfiguration.linearConfiguration.stepBakeTimeInMinutes', 0, 1440);
  }
  const canary = objectOrUndefined(config.canaryConfiguration, 'deploymentConfiguration.canaryConfiguration');
  if (canary) {
    percentIn(canary.canaryPercent, 'deploymentConfiguration.canaryConfiguration.canaryPercent', 0.1);
    integerIn(canary.canaryBakeTimeInMinutes, 'deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes', 0, 1440);
  }
  const hooks = config.lifecycleHooks;
  if (hooks === undefined) return;
  if (!Array.isArray(hooks)) throw invalidParameter('deploymentConfiguration.lifecycleHooks must be an array.');
  hooks.forEach(validHook);
}

// ---- the stages of a deployment ----------------------------------------------------------------

export function strategyOf(config: JsonObject): Strategy {
  const s = config.strategy;
  return (STRATEGIES as readonly unknown[]).includes(s) ? (s as Strategy) : 'ROLLING';
}

/** One step of a staged deployment: its stage, how long it lasts, and the traffic it requests on entry. */
export interface StageStep {
  stage: string;
  /** Simulated ms; `scale-up` lasts until the new tasks run. */
  duration: number | 'scale-up';
  productionWeight?: number;
  testWeight?: number;
}

const num = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);
const tenth = (v: number): number => Math.round(v * 10) / 10;

/** The production traffic shifts: [100] (BLUE_GREEN), [canary, 100] (CANARY), stepPercent steps to 100 (LINEAR). */
function productionShifts(config: JsonObject): Array<{ weight: number; bakeMs: number }> {
  switch (strategyOf(config)) {
    case 'LINEAR': {
      const linear = asObject(config.linearConfiguration) ?? {};
      const step = num(linear.stepPercent, DEFAULT_STEP_PERCENT);
      const bakeMs = num(linear.stepBakeTimeInMinutes, DEFAULT_STEP_BAKE_MINUTES) * MINUTE;
      const shifts: Array<{ weight: number; bakeMs: number }> = [];
      for (let k = 1; shifts.at(-1)?.weight !== 100; k++) shifts.push({ weight: Math.min(100, tenth(k * step)), bakeMs });
      return shifts;
    }
    case 'CANARY': {
      const canary = asObject(config.canaryConfiguration) ?? {};
      const percent = num(canary.canaryPercent, DEFAULT_CANARY_PERCENT);
      const bakeMs = num(canary.canaryBakeTimeInMinutes, DEFAULT_CANARY_BAKE_MINUTES) * MINUTE;
      return percent >= 100 ? [{ weight: 100, bakeMs: 0 }] : [{ weight: percent, bakeMs }, { weight: 100, bakeMs: 0 }];
    }
    default:
      return [{ weight: 100, bakeMs: 0 }];
  }
}

/**
 * The steps of a BLUE_GREEN, LINEAR or CANARY deployment, in order: RECONCILE_SERVICE (only when more
 * than one revision runs), PRE_SCALE_UP, SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT,
 * POST_TEST_TRAFFIC_SHIFT, then PRE_PRODUCTION_TRAFFIC_SHIFT + PRODUCTION_TRAFFIC_SHIFT per traffic
 * shift (the step bake time inside the shift, none after the last), POST_PRODUCTION_TRAFFIC_SHIFT,
 * BAKE_TIME and CLEAN_UP.
 */
export function stageSteps(config: JsonObject, reconcile: boolean): StageStep[] {
  const steps: StageStep[] = [];
  if (reconcile) steps.push({ stage: 'RECONCILE_SERVICE', duration: STAGE_MS });
  steps.push(
    { stage: 'PRE_SCALE_UP', duration: STAGE_MS },
    { stage: 'SCALE_UP', duration: 'scale-up' },
    { stage: 'POST_SCALE_UP', duration: STAGE_MS },
    { stage: 'TEST_TRAFFIC_SHIFT', duration: STAGE_MS, testWeight: 100 },
    { stage: 'POST_TEST_TRAFFIC_SHIFT', duration: STAGE_MS },
  );
  const shifts = productionShifts(config);
  shifts.forEach((shift, i) => {
    const last = i === shifts.length - 1;
    steps.push(
      { stage: 'PRE_PRODUCTION_TRAFFIC_SHIFT', duration: STAGE_MS },
      { stage: 'PRODUCTION_TRAFFIC_SHIFT', duration: STAGE_MS + (last ? 0 : shift.bakeMs), productionWeight: shift.weight },
    );
  });
  steps.push(
    { stage: 'POST_PRODUCTION_TRAFFIC_SHIFT', duration: STAGE_MS },
    { stage: 'BAKE_TIME', duration: num(config.bakeTimeInMinutes, 0) * MINUTE },
    { stage: 'CLEAN_UP', duration: STAGE_MS },
  );
  return steps;
}

/** A PAUSE hook configured at a stage, with its timeout resolved to the AWS defaults. */
export interface PauseHook {
  timeoutMinutes: number;
  timeoutAction: 'ROLLBACK' | 'CONTINUE';
}

/** The PAUSE hooks of `config` that name `stage` (AWS_LAMBDA hooks pass at once and are not returned). */
export function pauseHooksAt(config: JsonObject, stage: string): PauseHook[] {
  const hooks = Array.isArray(config.lifecycleHooks) ? config.lifecycleHooks : [];
  return hooks
    .map(asObject)
    .filter((h): h is JsonObject => h?.targetType === 'PAUSE' && Array.isArray(h.lifecycleStages) && h.lifecycleStages.includes(stage))
    .map((h) => {
      const timeout = asObject(h.timeoutConfiguration) ?? {};
      return {
        timeoutMinutes: num(timeout.timeoutInMinutes, DEFAULT_HOOK_TIMEOUT_MINUTES),
        timeoutAction: timeout.action === 'CONTINUE' ? 'CONTINUE' : DEFAULT_HOOK_TIMEOUT_ACTION,
      };
    });
}
