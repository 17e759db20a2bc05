// SSM Parameter Store (GetParameter, PutParameter) of the local endpoint through the real SDK: create,
// overwrite, versions and selectors, ARNs, SecureString, validation, IAM, faults, seed and env().
import { afterEach, beforeEach, describe, expect, it, test } from '@jest/globals';
import { DescribeParametersCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { GetParameterCommandInput, PutParameterCommandInput } from '@aws-sdk/client-ssm';
import { startLocalEcs } from '../tools/local-ecs/index.js';
import type { LocalEcs } from '../tools/local-ecs/index.js';
import { clients, fastRetry, rejection } from './local-ecs-helpers.js';

const ACCOUNT = '123456789012';
const ARN = (nameWithoutSlash: string): string => `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/${nameWithoutSlash}`;
const PRINCIPAL = `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/gha`;
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-app@sha256:' + 'a'.repeat(64);

let local: LocalEcs;
let ssm: SSMClient;

beforeEach(async () => {
  local = await startLocalEcs({});
  ({ ssm } = clients(local));
});

afterEach(async () => {
  ssm.destroy();
  await local.close();
});

const put = (input: PutParameterCommandInput) => ssm.send(new PutParameterCommand(input));
const get = (input: GetParameterCommandInput) => ssm.send(new GetParameterCommand(input));
/** Name and message of the error a call fails with. */
const failure = async (promise: Promise<unknown>): Promise<[string, string]> => {
  const err = await rejection(promise);
  return [err.name, err.message];
};

describe('PutParameter and GetParameter', () => {
  it('creates a parameter at version 1 and reads it back in the GetParameter shape', async () => {
    const before = local.now();
    expect(await put({ Name: '/api/prod/image', Value: IMAGE, Type: 'String', Description: 'the image Terraform reads' })).toMatchObject({
      Version: 1,
      Tier: 'Standard',
    });
    const out = await get({ Name: '/api/prod/image' });
    expect(out.Parameter).toEqual({
      Name: '/api/prod/image',
      Type: 'String',
      Value: IMAGE,
      Version: 1,
      LastModifiedDate: expect.any(Date),
      ARN: ARN('api/prod/image'),
      DataType: 'text',
    });
    expect(Math.abs((out.Parameter?.LastModifiedDate?.getTime() ?? 0) - before)).toBeLessThan(5_000);
    expect(local.state.parameters.get('/api/prod/image')).toMatchObject({
      name: '/api/prod/image',
      type: 'String',
      value: IMAGE,
      version: 1,
      tier: 'Standard',
      dataType: 'text',
      description: 'the image Terraform reads',
      lastModifiedUser: PRINCIPAL,
      history: [],
      labels: [],
    });
    expect(local.log.map((e) => [e.operation, e.status])).toEqual([
      ['ssm:PutParameter', 200],
      ['ssm:GetParameter', 200],
    ]);
  });

  it('refuses to replace an existing parameter without Overwrite (ParameterAlreadyExists)', async () => {
    await put({ Name: 'plain', Value: 'one', Type: 'String' });
    expect(await failure(put({ Name: 'plain', Value: 'two', Type: 'String' }))).toEqual([
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    ]);
    expect((await get({ Name: 'plain' })).Parameter?.Value).toBe('one');
  });

  it('overwrites: bumps the version and keeps type, tier and KMS key that the request leaves out', async () => {
    await put({ Name: '/api/secret', Value: 's1', Type: 'SecureString', Tier: 'Advanced', KeyId: 'alias/api' });
    expect(await put({ Name: '/api/secret', Value: 's2', Overwrite: true })).toMatchObject({ Version: 2, Tier: 'Advanced' });
    expect(await put({ Name: '/api/secret', Value: 's3', Overwrite: true })).toMatchObject({ Version: 3, Tier: 'Advanced' });
    const record = local.state.parameters.get('/api/secret');
    expect(record).toMatchObject({ type: 'SecureString', tier: 'Advanced', keyId: 'alias/api', value: 's3', version: 3 });
    expect(record?.history.map((v) => [v.version, v.value, v.keyId])).toEqual([
      [1, 's1', 'alias/api'],
      [2, 's2', 'alias/api'],
    ]);
    expect((await get({ Name: '/api/secret', WithDecryption: true })).Parameter).toMatchObject({ Type: 'SecureString', Value: 's3', Version: 3 });
    // What the action sends: the same type, tier and key again.
    expect(
      await put({ Name: '/api/secret', Value: 's4', Overwrite: true, Type: 'SecureString', Tier: 'Advanced', KeyId: 'alias/api' }),
    ).toMatchObject({ Version: 4, Tier: 'Advanced' });
  });

  it('reads a version with name:version and a label with name:label, and says which (Selector)', async () => {
    await put({ Name: '/app/image', Value: 'v1', Type: 'String' });
    await put({ Name: '/app/image', Value: 'v2', Overwrite: true });
    local.seed({ ssmParameters: [{ name: '/app/image', value: 'v3', labels: ['prod'] }] });
    expect((await get({ Name: '/app/image' })).Parameter).toMatchObject({ Value: 'v3', Version: 3 });
    expect((await get({ Name: '/app/image' })).Parameter?.Selector).toBeUndefined();
    expect((await get({ Name: '/app/image:1' })).Parameter).toMatchObject({ Name: '/app/image', Value: 'v1', Version: 1, Selector: ':1' });
    expect((await get({ Name: '/app/image:prod' })).Parameter).toMatchObject({ Value: 'v3', Version: 3, Selector: ':prod' });
    // Moving a label takes it off the version that had it.
    local.seed({ ssmParameters: [{ name: '/app/image', value: 'v4', labels: ['prod'] }] });
    expect((await get({ Name: '/app/image:prod' })).Parameter).toMatchObject({ Value: 'v4', Version: 4 });
    expect(local.state.parameters.get('/app/image')?.history.map((v) => v.labels)).toEqual([[], [], []]);

    expect(await failure(get({ Name: '/app/image:9' }))).toEqual([
      'ParameterVersionNotFound',
      'Systems Manager could not find version 9 of /app/image. Verify the version and try again.',
    ]);
    expect((await failure(get({ Name: '/app/image:staging' })))[0]).toBe('ParameterNotFound');
    expect((await failure(get({ Name: '/app/image:1:2' })))[0]).toBe('ValidationException');
  });

  it('takes a parameter ARN as the name (with or without selector)', async () => {
    await put({ Name: '/app/image', Value: 'v1', Type: 'String' });
    await put({ Name: '/app/image', Value: 'v2', Overwrite: true });
    await put({ Name: 'flat', Value: 'f', Type: 'String' });
    expect((await get({ Name: ARN('app/image') })).Parameter).toMatchObject({ Name: '/app/image', Value: 'v2', ARN: ARN('app/image') });
    expect((await get({ Name: `${ARN('app/image')}:1` })).Parameter).toMatchObject({ Value: 'v1', Selector: ':1' });
    expect((await get({ Name: ARN('flat') })).Parameter).toMatchObject({ Name: 'flat', ARN: ARN('flat') });
    // Another account's or Region's parameter is not here (shared parameters are not modelled).
    expect((await failure(get({ Name: `arn:aws:ssm:us-east-1:999999999999:parameter/app/image` })))[0]).toBe('ParameterNotFound');
    expect((await failure(get({ Name: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/image` })))[0]).toBe('ParameterNotFound');
  });

  it('answers ParameterNotFound (HTTP 400, no message) for a parameter that does not exist', async () => {
    const err = await rejection(get({ Name: '/api/missing/image', WithDecryption: true }));
    expect(err.name).toBe('ParameterNotFound');
    expect((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(400);
    expect(local.log.at(-1)).toMatchObject({ operation: 'ssm:GetParameter', status: 400, error: 'ParameterNotFound' });
  });

  it('SecureString: a ciphertext-looking value without WithDecryption, the plain value with it', async () => {
    await put({ Name: '/db/password', Value: 'hunter2', Type: 'SecureString' });
    expect(local.state.parameters.get('/db/password')?.keyId).toBe('alias/aws/ssm');
    const hidden = (await get({ Name: '/db/password' })).Parameter?.Value ?? '';
    expect(hidden).not.toContain('hunter2');
    expect(hidden).toMatch(/^AQICA[A-Za-z0-9+/=]+$/);
    expect((await get({ Name: '/db/password', WithDecryption: false })).Parameter?.Value).toBe(hidden);
    expect((await get({ Name: '/db/password', WithDecryption: true })).Parameter?.Value).toBe('hunter2');
    // WithDecryption is ignored for String and StringList.
    await put({ Name: '/db/hosts', Value: 'a,b', Type: 'StringList' });
    expect((await get({ Name: '/db/hosts' })).Parameter).toMatchObject({ Type: 'StringList', Value: 'a,b' });
  });

  it('tiers: Intelligent-Tiering resolves to the tier the value needs; Advanced is never downgraded', async () => {
    const big = 'x'.repeat(5000);
    expect(await put({ Name: '/t/small', Value: 'x', Type: 'String', Tier: 'Intelligent-Tiering' })).toMatchObject({ Tier: 'Standard' });
    expect(await put({ Name: '/t/big', Value: big, Type: 'String', Tier: 'Intelligent-Tiering' })).toMatchObject({ Tier: 'Advanced' });
    expect(local.state.parameters.get('/t/big')?.tier).toBe('Advanced');
    const [code, message] = await failure(put({ Name: '/t/standard', Value: big, Type: 'String' }));
    expect([code, message.split('.')[0]]).toEqual(['ValidationException', 'Standard tier parameters support a maximum parameter value of 4096 characters']);
    expect((await failure(put({ Name: '/t/huge', Value: 'x'.repeat(8193), Type: 'String', Tier: 'Advanced' })))[0]).toBe('ValidationException');
    // A small value into an Advanced parameter stays Advanced; asking for Standard is refused.
    expect(await put({ Name: '/t/big', Value: 'x', Overwrite: true, Tier: 'Intelligent-Tiering' })).toMatchObject({ Version: 2, Tier: 'Advanced' });
    const [downgrade, why] = await failure(put({ Name: '/t/big', Value: 'x', Overwrite: true, Tier: 'Standard' }));
    expect([downgrade, why]).toEqual(['ValidationException', expect.stringContaining("You can't downgrade a parameter from the advanced-parameter tier")]);
    // A Standard parameter may be upgraded.
    expect(await put({ Name: '/t/small', Value: big, Overwrite: true, Tier: 'Advanced' })).toMatchObject({ Version: 2, Tier: 'Advanced' });
  });

  it('type: required to create; changeable on overwrite outside a hierarchy, not in one', async () => {
    expect(await failure(put({ Name: '/new', Value: 'x' }))).toEqual(['ValidationException', 'A parameter type is required when you create a parameter.']);
    await put({ Name: 'flat', Value: 'x', Type: 'String' });
    expect(await put({ Name: 'flat', Value: 'y', Type: 'SecureString', Overwrite: true })).toMatchObject({ Version: 2 });
    expect(local.state.parameters.get('flat')).toMatchObject({ type: 'SecureString', keyId: 'alias/aws/ssm' });
    expect(await put({ Name: 'flat', Value: 'z', Type: 'String', Overwrite: true })).toMatchObject({ Version: 3 });
    expect(local.state.parameters.get('flat')?.keyId).toBeUndefined();

    await put({ Name: '/app/config', Value: 'x', Type: 'String' });
    expect((await failure(put({ Name: '/app/config', Value: 'y', Type: 'SecureString', Overwrite: true })))[0]).toBe(
      'HierarchyTypeMismatchException',
    );
    expect(local.state.parameters.get('/app/config')?.version).toBe(1);
  });

  it('AllowedPattern: the value must match it, on create and on every overwrite that keeps it', async () => {
    await put({ Name: '/app/port', Value: '8080', Type: 'String', AllowedPattern: '\\d+' });
    expect(await failure(put({ Name: '/app/port', Value: 'eighty', Overwrite: true }))).toEqual([
      'ParameterPatternMismatchException',
      'Parameter value, cannot be validated against allowedPattern: \\d+',
    ]);
    expect(await put({ Name: '/app/port', Value: '9090', Overwrite: true })).toMatchObject({ Version: 2 });
    expect((await failure(put({ Name: '/app/other', Value: 'x', Type: 'String', AllowedPattern: '([' })))[0]).toBe('InvalidAllowedPatternException');
  });

  it('validates names, values and options as Parameter Store does', async () => {
    const cases: Array<[PutParameterCommandInput, string, RegExp?]> = [
      [{ Name: 'my param', Value: 'x', Type: 'String' }, 'ValidationException', /^Parameter name: can't be prefixed with "ssm"/],
      [{ Name: '/app/p@ram', Value: 'x', Type: 'String' }, 'ValidationException', /^Parameter name:/],
      [{ Name: 'app/param', Value: 'x', Type: 'String' }, 'ValidationException', /^Parameter name must be a fully qualified name\.$/],
      [{ Name: '/app//param', Value: 'x', Type: 'String' }, 'ValidationException'],
      [{ Name: '/app/param/', Value: 'x', Type: 'String' }, 'ValidationException'],
      [{ Name: '/aws/app', Value: 'x', Type: 'String' }, 'AccessDeniedException', /^No access to reserved parameter name: aws\/app\.$/],
      [{ Name: 'AWSlimits', Value: 'x', Type: 'String' }, 'AccessDeniedException'],
      [{ Name: '/ssm/app', Value: 'x', Type: 'String' }, 'ValidationException', /^Parameter name: can't be prefixed with "ssm"/],
      [{ Name: '/' + Array.from({ length: 16 }, (_, i) => `l${i}`).join('/'), Value: 'x', Type: 'String' }, 'HierarchyLevelLimitExceededException'],
      [{ Name: '/' + 'n'.repeat(2048), Value: 'x', Type: 'String' }, 'ValidationException', /at 'name' failed to satisfy constraint: Member must have length less than or equal to 2048$/],
      [{ Name: '/' + 'n'.repeat(1000), Value: 'x', Type: 'String' }, 'ValidationException', /1011/],
      [{ Name: '/app/param', Value: '', Type: 'String' }, 'ValidationException', /^1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1$/],
      [{ Name: '/app/param', Value: 'x', Type: 'Secret' as 'String' }, 'ValidationException', /Member must satisfy enum value set: \[SecureString, StringList, String\]$/],
      [{ Name: '/app/param', Value: 'x', Type: 'String', Tier: 'Basic' as 'Standard' }, 'ValidationException', /at 'tier'/],
      [{ Name: '/app/param', Value: 'x', Type: 'String', KeyId: 'alias/app' }, 'ValidationException', /KeyId/],
      [{ Name: '/app/param', Value: 'x', Type: 'SecureString', KeyId: 'not a key' }, 'InvalidKeyId'],
      [{ Name: '/app/param', Value: 'x', Type: 'String', DataType: 'TEXT' }, 'ValidationException', /^The following data type is not supported: TEXT/],
      [{ Name: '/app/param', Value: 'x', Type: 'String', DataType: 'aws:ec2:image' }, 'ValidationException', /AMI/],
      [{ Name: '/app/param', Value: 'ami-0123456789abcdef0', Type: 'SecureString', DataType: 'aws:ec2:image' }, 'ValidationException'],
    ];
    for (const [input, code, message] of cases) {
      const [name, text] = await failure(put(input));
      expect([input.Name?.slice(0, 40), name]).toEqual([input.Name?.slice(0, 40), code]);
      if (message) expect(text).toMatch(message);
    }
    expect(local.state.parameters.size).toBe(0);
    // GetParameter checks the name's form too, but reads reserved names (AWS publishes /aws/service/...).
    expect((await failure(get({ Name: 'app/param' })))[0]).toBe('ValidationException');
    expect((await failure(get({ Name: '/aws/service/ecs/optimized-ami' })))[0]).toBe('ParameterNotFound');
    // An AMI id with its data type is fine.
    expect(await put({ Name: '/app/ami', Value: 'ami-0123456789abcdef0', Type: 'String', DataType: 'aws:ec2:image' })).toMatchObject({ Version: 1 });
    expect((await get({ Name: '/app/ami' })).Parameter?.DataType).toBe('aws:ec2:image');
  });

  it('takes tags on create only: Tags with Overwrite is a ValidationException', async () => {
    await put({ Name: '/app/tagged', Value: 'x', Type: 'String', Tags: [{ Key: 'Team', Value: 'platform' }] });
    expect(local.state.parameters.get('/app/tagged')?.tags).toEqual([{ key: 'Team', value: 'platform' }]);
    const [code, message] = await failure(put({ Name: '/app/tagged', Value: 'y', Overwrite: true, Tags: [{ Key: 'Team', Value: 'x' }] }));
    expect([code, message]).toEqual(['ValidationException', expect.stringMatching(/^Invalid request: tags and overwrite can't be used together\./)]);
    await put({ Name: '/app/tagged', Value: 'y', Overwrite: true });
    expect(local.state.parameters.get('/app/tagged')?.tags).toEqual([{ key: 'Team', value: 'platform' }]);
  });

  it('keeps 100 versions: the oldest goes, unless it has a label (ParameterMaxVersionLimitExceeded)', async () => {
    local.seed({ ssmParameters: Array.from({ length: 100 }, (_, i) => ({ name: '/app/v', value: `v${i + 1}` })) });
    expect(await put({ Name: '/app/v', Value: 'v101', Overwrite: true })).toMatchObject({ Version: 101 });
    const record = local.state.parameters.get('/app/v');
    expect([record?.history.length, record?.history[0]?.version]).toEqual([99, 2]);
    expect((await failure(get({ Name: '/app/v:1' })))[0]).toBe('ParameterVersionNotFound');

    local.seed({ ssmParameters: [{ name: '/app/l', value: 'first', labels: ['keep'] }] });
    local.seed({ ssmParameters: Array.from({ length: 99 }, (_, i) => ({ name: '/app/l', value: `v${i + 2}` })) });
    expect((await failure(put({ Name: '/app/l', Value: 'v101', Overwrite: true })))[0]).toBe('ParameterMaxVersionLimitExceeded');
  });
});

describe('IAM, faults, seed and env()', () => {
  it('denies what the allow-list leaves out, naming the parameter ARN', async () => {
    await put({ Name: '/api/prod/image', Value: IMAGE, Type: 'String' });
    local.setAllow(['ssm:GetParameter']);
    expect(await failure(put({ Name: '/api/prod/image', Value: 'x', Overwrite: true }))).toEqual([
      'AccessDeniedException',
      `User: ${PRINCIPAL} is not authorized to perform: ssm:PutParameter on resource: ${ARN('api/prod/image')} ` +
        'because no identity-based policy allows the ssm:PutParameter action',
    ]);
    expect((await get({ Name: '/api/prod/image' })).Parameter?.Value).toBe(IMAGE);
    local.setAllow(['ecs:*']);
    for (const name of ['/api/prod/image:1', ARN('api/prod/image'), `${ARN('api/prod/image')}:1`]) {
      expect((await failure(get({ Name: name })))[1]).toContain(`perform: ssm:GetParameter on resource: ${ARN('api/prod/image')} because`);
    }
    local.setAllow(['SSM:Get*', 'ssm:put*']);
    expect(await put({ Name: '/api/prod/image', Value: 'y', Overwrite: true })).toMatchObject({ Version: 2 });
  });

  it('applies faults to the ssm operations like to the others', async () => {
    local.setFaults({ throttleRate: 1, operations: ['ssm:GetParameter'] });
    const retrying = clients(local, { retryStrategy: fastRetry(2) }).ssm;
    try {
      expect(await failure(retrying.send(new GetParameterCommand({ Name: '/x' })))).toEqual(['ThrottlingException', 'Rate exceeded']);
      expect(await retrying.send(new PutParameterCommand({ Name: '/x', Value: 'x', Type: 'String' }))).toMatchObject({ Version: 1 });
      local.setFaults({ lostResponseRate: 1, operations: ['ssm:PutParameter'] });
      await rejection(retrying.send(new PutParameterCommand({ Name: '/x', Value: 'y', Overwrite: true })));
    } finally {
      retrying.destroy();
    }
    // The lost answers' writes took effect, once per attempt.
    expect(local.state.parameters.get('/x')?.version).toBe(3);
  });

  it('seeds parameters (defaults String, Standard, text) and refuses bad seed entries', async () => {
    local.seed({
      ssmParameters: [
        { name: '/api/staging/image', value: IMAGE },
        { name: '/api/key', value: 'k', type: 'SecureString', keyId: 'alias/api', description: 'd' },
        { name: '/aws/service/ecs/optimized-ami', value: 'ami-0123456789abcdef0', dataType: 'aws:ec2:image' },
        { name: '/api/big', value: 'x'.repeat(5000), tier: 'Intelligent-Tiering' },
      ],
    });
    expect((await get({ Name: '/api/staging/image' })).Parameter).toMatchObject({ Type: 'String', Value: IMAGE, Version: 1, DataType: 'text' });
    expect(local.state.parameters.get('/api/key')).toMatchObject({ type: 'SecureString', keyId: 'alias/api', description: 'd', tier: 'Standard' });
    expect((await get({ Name: '/aws/service/ecs/optimized-ami' })).Parameter?.Value).toBe('ami-0123456789abcdef0');
    expect(local.state.parameters.get('/api/big')?.tier).toBe('Advanced');
    // Seeding a name again adds a version and keeps what the entry leaves out.
    local.seed({ ssmParameters: [{ name: '/api/key', value: 'k2' }] });
    expect(local.state.parameters.get('/api/key')).toMatchObject({ type: 'SecureString', keyId: 'alias/api', version: 2, value: 'k2' });

    expect(() => local.seed({ ssmParameters: [{ name: 'app/x', value: 'x' }] })).toThrow(
      'local-ecs seed: SSM parameter app/x: ValidationException: Parameter name must be a fully qualified name.',
    );
    expect(() => local.seed({ ssmParameters: [{ name: '/app/x', value: '' }] })).toThrow(/non-empty value/);
    expect(() => local.seed({ ssmParameters: [{ name: '/app/x', value: 'x', labels: ['1st'] }] })).toThrow(/label/);
  });

  it('is reached through AWS_ENDPOINT_URL_SSM from env()', async () => {
    const env = local.env();
    expect(env.AWS_ENDPOINT_URL_SSM).toBe(local.url);
    local.seed({ ssmParameters: [{ name: '/via/env', value: 'yes' }] });
    const saved = process.env.AWS_ENDPOINT_URL_SSM;
    process.env.AWS_ENDPOINT_URL_SSM = env.AWS_ENDPOINT_URL_SSM;
    const client = new SSMClient({ region: local.region, credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
    try {
      expect((await client.send(new GetParameterCommand({ Name: '/via/env' }))).Parameter?.Value).toBe('yes');
    } finally {
      client.destroy();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SSM;
      else process.env.AWS_ENDPOINT_URL_SSM = saved;
    }
  });
});

describe('DescribeParameters', () => {
  test('a Name Equals filter answers the metadata of that parameter, no value; BeginsWith pages', async () => {
    local.seed({
      ssmParameters: [
        { name: '/app/a', value: 'x-secret-value', type: 'SecureString', keyId: 'alias/deploys', tier: 'Advanced' },
        { name: '/app/b', value: 'y' },
        { name: '/other', value: 'z' },
      ],
    });
    const one = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: ['/app/a'] }] }));
    expect(one.Parameters).toHaveLength(1);
    expect(one.Parameters?.[0]).toMatchObject({ Name: '/app/a', Type: 'SecureString', KeyId: 'alias/deploys', Tier: 'Advanced', Version: 1 });
    expect(JSON.stringify(one)).not.toContain('x-secret-value');
    const none = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: ['/missing'] }] }));
    expect(none.Parameters).toEqual([]);
    const filter = [{ Key: 'Name', Option: 'BeginsWith', Values: ['/app/'] }];
    const first = await ssm.send(new DescribeParametersCommand({ ParameterFilters: filter, MaxResults: 1 }));
    expect(first.Parameters?.map((p) => p.Name)).toEqual(['/app/a']);
    const second = await ssm.send(new DescribeParametersCommand({ ParameterFilters: filter, MaxResults: 1, NextToken: first.NextToken }));
    expect(second.Parameters?.map((p) => p.Name)).toEqual(['/app/b']);
    expect(second.NextToken).toBeUndefined();
    await expect(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Bogus', Values: ['x'] }] }))).rejects.toMatchObject({ name: 'InvalidFilterKey' });
  });
});
