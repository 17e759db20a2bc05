/** Thin adapters over SSM Parameter Store: read a parameter, describe it, overwrite its value. */
import {
  DescribeParametersCommand,
  GetParameterCommand,
  PutParameterCommand,
  type ParameterTier,
  type ParameterType,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { DeployError } from '../core/errors.js';
import { awsCall } from './call.js';

/** GetParameter (decrypted); a missing parameter is a not-found AwsError. */
export async function getParameterValue(ssm: SSMClient, name: string): Promise<string> {
  const out = await awsCall(`Reading SSM parameter "${name}"`, 'ssm:GetParameter', () => ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true })), [
    'ParameterNotFound',
  ]);
  if (out.Parameter?.Value === undefined) throw new DeployError(`Reading SSM parameter "${name}" returned no value.`);
  return out.Parameter.Value;
}

export interface ParameterShape {
  type?: ParameterType;
  tier?: ParameterTier;
  keyId?: string;
}

/** DescribeParameters for one name: its type, tier and KMS key, or undefined when it does not exist. */
export async function describeParameter(ssm: SSMClient, name: string): Promise<ParameterShape | undefined> {
  const out = await awsCall(`Describing SSM parameter "${name}"`, 'ssm:DescribeParameters', () =>
    ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }] })),
  );
  const found = out.Parameters?.[0];
  if (!found) return undefined;
  return { ...(found.Type ? { type: found.Type } : {}), ...(found.Tier ? { tier: found.Tier } : {}), ...(found.KeyId ? { keyId: found.KeyId } : {}) };
}

/** PutParameter with Overwrite, sending the type, tier and key it had so that none of them changes. */
export async function overwriteParameter(ssm: SSMClient, name: string, value: string, shape: ParameterShape): Promise<number | undefined> {
  const out = await awsCall(`Writing SSM parameter "${name}"`, 'ssm:PutParameter', () =>
    ssm.send(
      new PutParameterCommand({
        Name: name,
        Value: value,
        Overwrite: true,
        ...(shape.type ? { Type: shape.type } : {}),
        ...(shape.tier ? { Tier: shape.tier } : {}),
        ...(shape.type === 'SecureString' && shape.keyId ? { KeyId: shape.keyId } : {}),
      }),
    ),
  );
  return out.Version;
}
