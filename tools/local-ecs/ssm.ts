// SSM Parameter Store records: the naming rules, writing a version (PutParameter and the seed), finding
// a version by name, `name:version`, `name:label` or ARN, and the ciphertext a SecureString reads as.
import * as arns from './arns.js';
import type { Partition } from './arns.js';
import { AwsError } from './errors.js';
import type { EcsState, ParameterRecord, ParameterTier, ParameterType, ParameterVersionRecord } from './state.js';
import type { Tag } from './types.js';

export const PARAMETER_TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];
export const REQUEST_TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'] as const;
export type RequestTier = (typeof REQUEST_TIERS)[number];
export const DATA_TYPES: ReadonlyArray<ParameterVersionRecord['dataType']> = ['text', 'aws:ec2:image', 'aws:ssm:integration'];
/** The AWS managed key of Parameter Store, used when a SecureString names none. */
export const DEFAULT_KEY_ID = 'alias/aws/ssm';

const STANDARD_MAX_VALUE = 4096;
const ADVANCED_MAX_VALUE = 8192;
/** Parameter Store keeps this many versions of a parameter. */
const MAX_VERSIONS = 100;
const MAX_LEVELS = 15;
/** A name, with the `arn:aws:ssm:<region>:<account>:parameter/` before it, may have this many characters. */
const MAX_NAME_WITH_ARN = 1011;
const MAX_LABELS_PER_VERSION = 10;

const validation = (message: string): AwsError => new AwsError('ValidationException', message);

/** GetParameter's not-found answer carries no message. */
export const parameterNotFound = (): AwsError => new AwsError('ParameterNotFound', '');

const invalidName = (): AwsError =>
  validation(
    'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths ' +
      'divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_',
  );

/** Characters a given value has (code points, as the service counts them). */
const length = (value: string): number => [...value].length;

/**
 * Checks a parameter name (without selector). `write`: the rules of PutParameter, which also refuses the
 * reserved `aws` and `ssm` prefixes; `read`: GetParameter's, which reads those (AWS publishes
 * `/aws/service/...`); `seed`: PutParameter's without the reserved prefixes.
 */
export function checkName(name: string, partition: Partition, mode: 'read' | 'write' | 'seed'): void {
  const write = mode !== 'read';
  if (!/^[a-zA-Z0-9_.\-/]+$/.test(name)) throw invalidName();
  if (name.includes('/')) {
    if (!name.startsWith('/')) {
      if (write) throw validation('Parameter name must be a fully qualified name.');
      throw invalidName();
    }
    const segments = name.slice(1).split('/');
    if (segments.some((s) => s === '')) throw invalidName();
    if (segments.length > MAX_LEVELS) {
      throw new AwsError(
        'HierarchyLevelLimitExceededException',
        `A parameter name can have at most ${MAX_LEVELS} hierarchy levels; ${name} has ${segments.length}.`,
      );
    }
  }
  if (!write) return;
  const bare = name.startsWith('/') ? name.slice(1) : name;
  if (mode === 'write' && bare.toLowerCase().startsWith('aws')) {
    throw new AwsError('AccessDeniedException', `No access to reserved parameter name: ${bare}.`);
  }
  if (mode === 'write' && bare.toLowerCase().startsWith('ssm')) throw invalidName();
  const withArn = length(arns.parameterArn(partition, name));
  if (withArn > MAX_NAME_WITH_ARN) {
    throw validation(
      `The parameter name is too long: with its ARN prefix it has ${withArn} characters, at most ${MAX_NAME_WITH_ARN} are allowed.`,
    );
  }
}

function checkLabel(label: string, name: string): void {
  if (!/^[a-zA-Z0-9_.-]{1,100}$/.test(label) || /^[0-9]/.test(label) || /^(aws|ssm)/i.test(label)) {
    throw new Error(`local-ecs: label ${JSON.stringify(label)} of ${name}: up to 100 letters, digits, . - _, not starting with a digit, aws or ssm`);
  }
}

/** What one PutParameter (or seed entry) asks for; absent fields keep the existing parameter's. */
export interface PutRequest {
  name: string;
  value: string;
  type?: ParameterType;
  overwrite: boolean;
  tier?: RequestTier;
  keyId?: string;
  description?: string;
  allowedPattern?: string;
  dataType?: string;
  tags?: Tag[];
  /** Seed only: labels moved to the new version. */
  labels?: string[];
}

function resolveTier(requested: RequestTier | undefined, existing: ParameterRecord | undefined, value: string): ParameterTier {
  const size = length(value);
  const wanted = requested ?? existing?.tier ?? 'Standard';
  let tier: ParameterTier;
  if (wanted === 'Intelligent-Tiering') tier = existing?.tier === 'Advanced' || size > STANDARD_MAX_VALUE ? 'Advanced' : 'Standard';
  else tier = wanted;
  if (tier === 'Standard' && existing?.tier === 'Advanced') {
    throw validation(
      "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the " +
        'standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.',
    );
  }
  if (tier === 'Standard' && size > STANDARD_MAX_VALUE) {
    throw validation(
      `Standard tier parameters support a maximum parameter value of ${STANDARD_MAX_VALUE} characters. To create a larger parameter ` +
        'value, upgrade the parameter to use the advanced-parameter tier. For more information, see ' +
        'https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html',
    );
  }
  if (size > ADVANCED_MAX_VALUE) {
    throw validation(`Advanced tier parameters support a maximum parameter value of ${ADVANCED_MAX_VALUE} characters.`);
  }
  return tier;
}

/** `alias/<name>`, a key id, a multi-Region key id, or a key or alias ARN. */
const KEY_ID = /^(alias\/[a-zA-Z0-9/_-]+|(mrk-)?[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|arn:aws[a-z-]*:kms:[^:]+:\d{12}:(key\/(mrk-)?[0-9a-f-]+|alias\/[a-zA-Z0-9/_-]+))$/;

/** The pattern a value must match as a whole; InvalidAllowedPatternException when it does not compile. */
function allowedPatternRegExp(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    throw new AwsError('InvalidAllowedPatternException', `The allowed pattern ${pattern} is not a valid regular expression.`);
  }
}

const isHierarchical = (name: string): boolean => name.includes('/');

/** A copy of the current version's fields (what moves into `history` when a new version comes). */
function versionOf(p: ParameterRecord): ParameterVersionRecord {
  const v: ParameterVersionRecord = {
    version: p.version,
    type: p.type,
    value: p.value,
    tier: p.tier,
    dataType: p.dataType,
    lastModifiedDate: p.lastModifiedDate,
    lastModifiedUser: p.lastModifiedUser,
    labels: [...p.labels],
  };
  if (p.keyId !== undefined) v.keyId = p.keyId;
  if (p.description !== undefined) v.description = p.description;
  if (p.allowedPattern !== undefined) v.allowedPattern = p.allowedPattern;
  return v;
}

/**
 * Writes a new version (version 1 when the parameter is new). Type, tier, KMS key, description, allowed
 * pattern and data type that the request leaves out stay as they were. The name must have passed
 * `checkName` (the seed also allows reserved names).
 */
export function putParameter(state: EcsState, req: PutRequest, at: number, principalArn: string): ParameterRecord {
  const existing = state.parameters.get(req.name);
  if (existing && !req.overwrite) {
    throw new AwsError(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
  }
  if (!existing && req.type === undefined) throw validation('A parameter type is required when you create a parameter.');
  const type = req.type ?? (existing?.type as ParameterType);
  if (existing && type !== existing.type && isHierarchical(req.name)) {
    throw new AwsError(
      'HierarchyTypeMismatchException',
      `The parameter ${req.name} is in a hierarchy: its type ${existing.type} can't be changed to ${type}. Create a new parameter instead.`,
    );
  }
  if (req.keyId !== undefined && type !== 'SecureString') {
    throw validation(`KeyId is only valid for SecureString parameters, not for a ${type} parameter.`);
  }
  let keyId: string | undefined;
  if (type === 'SecureString') {
    keyId = req.keyId ?? (existing?.type === 'SecureString' ? existing.keyId : undefined) ?? DEFAULT_KEY_ID;
    if (!KEY_ID.test(keyId)) throw new AwsError('InvalidKeyId', `Invalid keyId ${keyId}`);
  }
  const dataType = req.dataType ?? existing?.dataType ?? 'text';
  if (!(DATA_TYPES as readonly string[]).includes(dataType)) {
    throw validation(`The following data type is not supported: ${dataType} (Data type names are all lowercase.)`);
  }
  if (dataType !== 'text' && type !== 'String') {
    throw validation(`The data type ${dataType} is only supported for String parameters, not for ${type}.`);
  }
  if (dataType === 'aws:ec2:image' && !/^ami-[0-9a-f]{8,17}$/.test(req.value)) {
    throw validation(`The value ${req.value} is not an AMI id (ami-<8 to 17 hex digits>), which data type aws:ec2:image requires.`);
  }
  const description = req.description ?? existing?.description;
  const allowedPattern = req.allowedPattern ?? existing?.allowedPattern;
  if (allowedPattern !== undefined && !allowedPatternRegExp(allowedPattern).test(req.value)) {
    throw new AwsError('ParameterPatternMismatchException', `Parameter value, cannot be validated against allowedPattern: ${allowedPattern}`);
  }
  const tier = resolveTier(req.tier, existing, req.value);

  const history = existing ? [...existing.history, versionOf(existing)] : [];
  if (history.length >= MAX_VERSIONS) {
    const oldest = history[0];
    if (oldest && oldest.labels.length > 0) {
      throw new AwsError(
        'ParameterMaxVersionLimitExceeded',
        `Parameter Store keeps ${MAX_VERSIONS} versions of ${req.name}, and its oldest, version ${oldest.version}, has a label ` +
          `(${oldest.labels.join(', ')}): move or remove the label first.`,
      );
    }
    history.shift();
  }
  const labels = [...new Set(req.labels ?? [])];
  for (const label of labels) checkLabel(label, req.name);
  if (labels.length > MAX_LABELS_PER_VERSION) throw new Error(`local-ecs: ${req.name}: at most ${MAX_LABELS_PER_VERSION} labels per version`);
  // A label names one version: moving it takes it off the version that had it.
  for (const v of history) v.labels = v.labels.filter((l) => !labels.includes(l));

  const record: ParameterRecord = {
    name: req.name,
    arn: arns.parameterArn(state.partition, req.name),
    version: existing ? existing.version + 1 : 1,
    type,
    value: req.value,
    tier,
    dataType: dataType as ParameterVersionRecord['dataType'],
    lastModifiedDate: at,
    lastModifiedUser: principalArn,
    labels,
    history,
    tags: existing ? existing.tags : (req.tags ?? []).map((t) => ({ ...t })),
  };
  if (keyId !== undefined) record.keyId = keyId;
  if (description !== undefined) record.description = description;
  if (allowedPattern !== undefined) record.allowedPattern = allowedPattern;
  state.parameters.set(req.name, record);
  return record;
}

/** A GetParameter `Name` taken apart: the parameter name and the `:version` or `:label` selector. */
export interface ParameterRef {
  name: string;
  selector?: string;
}

/**
 * Parses a name, `name:version`, `name:label` or a parameter ARN (with or without selector). An ARN of
 * another account or Region is ParameterNotFound (shared parameters are not modelled). An ARN's
 * `parameter/<rest>` names `/<rest>` when `rest` has a slash; otherwise `rest` if that parameter exists,
 * else `/<rest>` (both names have the same ARN).
 */
export function parseParameterRef(value: string, state: EcsState): ParameterRef {
  let text = value;
  let fromArn = false;
  if (value.startsWith('arn:')) {
    const arn = arns.parseParameterArn(value);
    if (!arn) throw invalidName();
    if (arn.region !== state.partition.region || arn.accountId !== state.partition.accountId) throw parameterNotFound();
    text = arn.rest;
    fromArn = true;
  }
  const parts = text.split(':');
  if (parts.length > 2) throw invalidName();
  let name = parts[0] ?? '';
  const selector = parts[1];
  if (selector !== undefined && !/^[a-zA-Z0-9_.-]{1,100}$/.test(selector)) throw invalidName();
  if (fromArn && name !== '') {
    name = name.includes('/') || !state.parameters.has(name) ? `/${name}` : name;
  }
  if (name === '') throw invalidName();
  return selector === undefined ? { name } : { name, selector };
}

/** The version a reference names: the current one, `:<version>` or `:<label>`. */
export function findVersion(state: EcsState, ref: ParameterRef): { parameter: ParameterRecord; version: ParameterVersionRecord } {
  const parameter = state.parameters.get(ref.name);
  if (!parameter) throw parameterNotFound();
  const all: ParameterVersionRecord[] = [...parameter.history, parameter];
  if (ref.selector === undefined) return { parameter, version: parameter };
  if (/^[0-9]+$/.test(ref.selector)) {
    const wanted = Number(ref.selector);
    const version = all.find((v) => v.version === wanted);
    if (!version) {
      throw new AwsError(
        'ParameterVersionNotFound',
        `Systems Manager could not find version ${ref.selector} of ${ref.name}. Verify the version and try again.`,
      );
    }
    return { parameter, version };
  }
  const selector = ref.selector;
  const version = all.find((v) => v.labels.includes(selector));
  if (!version) throw parameterNotFound();
  return { parameter, version };
}

/**
 * What a SecureString reads as without WithDecryption: base64 of a blob shaped like a KMS ciphertext
 * (a version header, the key, the value). Not encryption: only a different string than the value.
 */
export function ciphertextOf(keyId: string, value: string): string {
  return Buffer.concat([Buffer.from([1, 2, 2, 0]), Buffer.from(keyId, 'utf8'), Buffer.from([0]), Buffer.from(value, 'utf8')]).toString('base64');
}
