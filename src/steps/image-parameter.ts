/**
 * `image-parameter`: after a completed rollout, the SSM parameter Terraform reads the image from is set
 * to the image the service now runs, so that a later `terraform apply` does not undo the deploy. Its
 * type, tier and KMS key are kept as they are.
 */
import { isAwsError } from '../aws/call.js';
import { DeployError } from '../core/errors.js';
import type { Settings } from '../core/inputs.js';
import type { RunFacts } from '../core/outcome.js';
import type { Ports } from '../ports.js';
import { safeWrite } from './write.js';

/** The value written: the image of the container that got `image`; with `images`, a JSON object container -> image. */
export function parameterValue(settings: Pick<Settings, 'images'>, facts: Pick<RunFacts, 'image' | 'images'>): string | undefined {
  if (settings.images.size > 0) return JSON.stringify(Object.fromEntries(facts.images.map((i) => [i.container, i.registered])));
  return facts.image;
}

/** Writes the parameter; a failure is a DeployError that says the rollout completed and what to set by hand. */
export async function writeImageParameter(settings: Settings, ctx: Ports, facts: RunFacts): Promise<void> {
  const name = settings.imageParameter;
  const value = parameterValue(settings, facts);
  if (name === undefined || value === undefined) return;
  const fail = (why: string, cause?: unknown) =>
    new DeployError(
      `The rollout completed, but the SSM parameter "${name}" was not set to ${value}: ${why}. Set it by hand, or a later terraform apply that reads it deploys the old image.`,
      cause === undefined ? undefined : { cause },
    );
  try {
    const { describeParameter, overwriteParameter } = await import('../aws/ssm.js');
    const shape = await describeParameter(ctx.ssm, name);
    if (shape === undefined) throw fail('it does not exist (create it in Terraform, with lifecycle ignore_changes = [value])');
    // Overwriting with the same value and shape twice is harmless, so a lost answer is simply sent again.
    const version = await safeWrite(ctx, { what: `Writing SSM parameter ${name}`, write: () => overwriteParameter(ctx.ssm, name, value, shape) });
    facts.imageParameter = { name, value, ...(version !== undefined ? { version } : {}) };
    ctx.log.info(`SSM parameter ${name} now holds ${value}${version !== undefined ? ` (version ${version})` : ''}.`);
  } catch (error) {
    if (error instanceof DeployError && !isAwsError(error)) throw error;
    throw fail((error as Error).message, error);
  }
}
