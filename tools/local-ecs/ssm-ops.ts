// SSM Parameter Store GetParameter and PutParameter: request validation as the service model states it,
// then the rules of ssm.ts.
import type { Handler } from './context.js';
import { AwsError } from './errors.js';
import {
  PARAMETER_TYPES,
  REQUEST_TIERS,
  checkName,
  ciphertextOf,
  findVersion,
  parseParameterRef,
  putParameter,
} from './ssm.js';
import type { PutRequest, RequestTier } from './ssm.js';
import type { ParameterRecord, ParameterType } from './state.js';
import type { Tag } from './types.js';

const MAX_NAME = 2048;
const MAX_VALUE = 32_768;
const MAX_DESCRIPTION = 1024;
const MAX_ALLOWED_PATTERN = 1024;
const MAX_DATA_TYPE = 128;
const MAX_KEY_ID = 256;
/** Tags a parameter can have. */
const MAX_TAGS = 50;

const validation = (message: string): AwsError => new AwsError('ValidationException', message);

const constraint = (value: unknown, field: string, rule: string, sensitive = false): AwsError =>
  validation(
    `1 validation error detected: Value ${sensitive ? '' : value === null || value === undefined ? 'null ' : `'${String(value)}' `}at '${field}' failed to satisfy constraint: ${rule}`,
  );

function requiredString(value: unknown, field: string, max: number, sensitive = false): string {
  if (value === undefined || value === null) throw constraint(null, field, 'Member must not be null');
  if (typeof value !== 'string') throw new AwsError('SerializationException', `${field} must be a string`);
  if (value.length < 1) throw constraint(value, field, 'Member must have length greater than or equal to 1', sensitive);
  if (value.length > max) throw constraint(value, field, `Member must have length less than or equal to ${max}`, sensitive);
  return value;
}

function optionalString(value: unknown, field: string, min: number, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AwsError('SerializationException', `${field} must be a string`);
  if (value.length < min) throw constraint(value, field, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw constraint(value, field, `Member must have length less than or equal to ${max}`);
  return value;
}

function optionalEnum<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw constraint(value, field, `Member must satisfy enum value set: [${[...allowed].reverse().join(', ')}]`);
  }
  return value as T;
}

function tagsOf(value: unknown): Tag[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new AwsError('SerializationException', 'Tags must be a list');
  if (value.length > MAX_TAGS) throw validation(`A parameter can have at most ${MAX_TAGS} tags; the request has ${value.length}.`);
  const keys = new Set<string>();
  return value.map((raw: unknown, i) => {
    const t = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const key = requiredString(t.Key, `tags.${i + 1}.member.key`, 128);
    if (t.Value === undefined || t.Value === null) throw constraint(null, `tags.${i + 1}.member.value`, 'Member must not be null');
    const tagValue = optionalString(t.Value, `tags.${i + 1}.member.value`, 0, 256) ?? '';
    if (key.toLowerCase().startsWith('aws:')) throw validation(`Tag keys can't start with "aws:": ${key}`);
    if (keys.has(key)) throw validation(`Duplicate tag key ${key}.`);
    keys.add(key);
    return { key, value: tagValue };
  });
}

export const GetParameter: Handler = (p, ctx) => {
  const ref = parseParameterRef(requiredString(p.Name, 'name', MAX_NAME), ctx.state);
  checkName(ref.name, ctx.partition, 'read');
  const { parameter, version } = findVersion(ctx.state, ref);
  const decrypt = p.WithDecryption === true;
  const value = version.type === 'SecureString' && !decrypt ? ciphertextOf(version.keyId ?? '', version.value) : version.value;
  return {
    Parameter: {
      Name: parameter.name,
      Type: version.type,
      Value: value,
      Version: version.version,
      ...(ref.selector !== undefined ? { Selector: `:${ref.selector}` } : {}),
      LastModifiedDate: version.lastModifiedDate / 1000,
      ARN: parameter.arn,
      DataType: version.dataType,
    },
  };
};

export const PutParameter: Handler = (p, ctx) => {
  const name = requiredString(p.Name, 'name', MAX_NAME);
  const value = requiredString(p.Value, 'value', MAX_VALUE, true);
  const req: PutRequest = { name, value, overwrite: p.Overwrite === true };
  const type = optionalEnum<ParameterType>(p.Type, 'type', PARAMETER_TYPES);
  if (type !== undefined) req.type = type;
  const tier = optionalEnum<RequestTier>(p.Tier, 'tier', REQUEST_TIERS);
  if (tier !== undefined) req.tier = tier;
  const keyId = optionalString(p.KeyId, 'keyId', 1, MAX_KEY_ID);
  if (keyId !== undefined) req.keyId = keyId;
  const description = optionalString(p.Description, 'description', 0, MAX_DESCRIPTION);
  if (description !== undefined) req.description = description;
  const allowedPattern = optionalString(p.AllowedPattern, 'allowedPattern', 0, MAX_ALLOWED_PATTERN);
  if (allowedPattern !== undefined) req.allowedPattern = allowedPattern;
  const dataType = optionalString(p.DataType, 'dataType', 0, MAX_DATA_TYPE);
  if (dataType !== undefined) req.dataType = dataType;
  if (p.Policies !== undefined && p.Policies !== null) {
    throw validation('Parameter policies are not supported by this endpoint.');
  }
  const tags = tagsOf(p.Tags);
  if (tags !== undefined && tags.length > 0 && req.overwrite) {
    throw validation(
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. " +
        'To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.',
    );
  }
  if (tags !== undefined) req.tags = tags;
  checkName(name, ctx.partition, 'write');
  const record = putParameter(ctx.state, req, ctx.now, ctx.principalArn);
  return { Version: record.version, Tier: record.tier };
};

const FILTER_KEYS = new Set(['Name', 'Type', 'KeyId', 'Path', 'Tier', 'DataType', 'Label']);
const FILTER_OPTIONS = new Set(['Equals', 'BeginsWith', 'Recursive', 'OneLevel']);

/**
 * DescribeParameters with `ParameterFilters` (Name/Type/KeyId/Tier/DataType with Equals or BeginsWith;
 * other keys refused as unsupported here), `MaxResults` 1..50 and `NextToken`. Values are never
 * answered, only metadata: Name, ARN, Type, KeyId, Version, Tier, DataType, LastModifiedDate/User.
 */
export const DescribeParameters: Handler = (p, ctx) => {
  if (p.Filters !== undefined) throw validation('Filters is deprecated here; use ParameterFilters.');
  const filters = Array.isArray(p.ParameterFilters) ? (p.ParameterFilters as Array<Record<string, unknown>>) : [];
  if (filters.length > 50) throw constraint(filters.length, 'parameterFilters', 'Member must have length less than or equal to 50');
  const tests = filters.map((f) => {
    const key = String(f.Key ?? '');
    const option = f.Option === undefined ? 'Equals' : String(f.Option);
    const values = Array.isArray(f.Values) ? f.Values.map(String) : [];
    if (!FILTER_KEYS.has(key) && !key.startsWith('tag:')) throw new AwsError('InvalidFilterKey', `The filter key ${key} is not valid.`);
    if (!FILTER_OPTIONS.has(option)) throw new AwsError('InvalidFilterOption', `The filter option ${option} is not valid for key ${key}.`);
    if (key === 'Path' || key === 'Label' || key.startsWith('tag:') || option === 'Recursive' || option === 'OneLevel') {
      throw new AwsError('InvalidFilterKey', `local-ecs does not model the ${key} filter with ${option}.`);
    }
    if (values.length === 0) throw new AwsError('InvalidFilterValue', `The filter ${key} needs at least one value.`);
    return (field: string | undefined) => values.some((v) => (option === 'BeginsWith' ? (field ?? '').startsWith(v) : field === v));
  });
  const fieldOf = (record: ParameterRecord, key: string): string | undefined =>
    key === 'Name' ? record.name : key === 'Type' ? record.type : key === 'KeyId' ? record.keyId : key === 'Tier' ? record.tier : record.dataType;
  const keys = filters.map((f) => String(f.Key));
  const matching = [...ctx.state.parameters.values()]
    .filter((record) => tests.every((test, i) => test(fieldOf(record, keys[i] as string))))
    .sort((a, b) => a.name.localeCompare(b.name));
  const size = p.MaxResults === undefined ? 50 : Number(p.MaxResults);
  if (!Number.isInteger(size) || size < 1 || size > 50) throw constraint(p.MaxResults, 'maxResults', 'Member must have value less than or equal to 50');
  const start = typeof p.NextToken === 'string' ? Number(p.NextToken) : 0;
  if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidNextToken', 'The specified token is not valid.');
  const page = matching.slice(start, start + size);
  return {
    Parameters: page.map((r) => ({
      Name: r.name,
      ARN: r.arn,
      Type: r.type,
      ...(r.keyId !== undefined ? { KeyId: r.keyId } : {}),
      Version: r.version,
      Tier: r.tier,
      DataType: r.dataType,
      LastModifiedDate: r.lastModifiedDate / 1000,
      LastModifiedUser: r.lastModifiedUser,
      ...(r.description !== undefined ? { Description: r.description } : {}),
      ...(r.allowedPattern !== undefined ? { AllowedPattern: r.allowedPattern } : {}),
      Policies: [],
    })),
    ...(start + size < matching.length ? { NextToken: String(start + size) } : {}),
  };
};
