/**
 * readSettings: every input's valid forms and defaults, and every kind of bad input as a one-line
 * InputError that names the input and the expected form (and never echoes an overlay value).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import type { InputError } from '../src/core/errors.js';
import { readSettings, type Settings } from '../src/core/inputs.js';
import { expectOneLine, inputErrorOf } from './helpers/errors.js';

const ECR_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:v1.2.3';
const DIGEST = 'sha256:' + 'ab'.repeat(32);

/** The smallest valid set of inputs of a deploy. */
const BASE: Record<string, string> = {
  cluster: 'prod',
  service: 'api',
  template: 'api-template',
  image: ECR_IMAGE,
};

function settingsOf(overrides: Record<string, string | undefined> = {}, env: NodeJS.ProcessEnv = {}): Settings {
  const inputs: Record<string, string | undefined> = { ...BASE, ...overrides };
  // Like core.getInput: an input that is not given reads as ''.
  return readSettings((name) => inputs[name] ?? '', env);
}

/** The InputError readSettings throws for these inputs. */
function inputError(overrides: Record<string, string | undefined>, env: NodeJS.ProcessEnv = {}): InputError {
  return inputErrorOf(() => settingsOf(overrides, env));
}

/** The inputs action.yml declares, with their defaults: read as plain text, without a YAML library. */
function declaredInputs(): Map<string, string | undefined> {
  const text = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'action.yml'), 'utf8');
  const inputs = new Map<string, string | undefined>();
  let inInputs = false;
  let current: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      inInputs = line.startsWith('inputs:');
      current = undefined;
      continue;
    }
    if (!inInputs) continue;
    const name = /^ {2}([a-z][a-z0-9-]*):\s*$/.exec(line);
    if (name) {
      current = name[1] as string;
      inputs.set(current, undefined);
      continue;
    }
    const fallback = /^ {4}default:\s*(.*?)\s*$/.exec(line);
    if (fallback && current !== undefined) inputs.set(current, (fallback[1] as string).replace(/^'(.*)'$|^"(.*)"$/, '$1$2'));
  }
  return inputs;
}

describe('defaults', () => {
  test('the smallest deploy gets every default', () => {
    const settings = settingsOf();
    expect(settings).toMatchObject({
      cluster: 'prod',
      service: 'api',
      template: 'api-template',
      image: ECR_IMAGE,
      images: new Map(),
      environment: [],
      secrets: [],
      tags: [],
      pinImageDigest: true,
      circuitBreaker: 'rollback',
      alarms: [],
      forceNewDeployment: false,
      wait: true,
      timeoutMinutes: 30,
      pollSeconds: 10,
      concurrentDeployment: 'wait',
    });
    // Optional settings without a value are absent, not undefined-valued keys.
    for (const key of ['region', 'containerName', 'family', 'desiredCount'] as const) expect(key in settings).toBe(false);
  });

  test('readSettings reads exactly the inputs action.yml declares', () => {
    const asked = new Set<string>();
    readSettings((name) => {
      asked.add(name);
      return BASE[name] ?? '';
    }, {});
    expect([...asked].sort()).toEqual([...declaredInputs().keys()].sort());
  });

  test('every default action.yml documents is the default readSettings applies', () => {
    const declared = declaredInputs();
    const withDefaults = [...declared].filter((entry): entry is [string, string] => entry[1] !== undefined);
    expect(withDefaults.map(([name]) => name)).toEqual(expect.arrayContaining(['pin-image-digest', 'circuit-breaker', 'force-new-deployment', 'wait', 'timeout-minutes', 'poll-seconds']));
    const implicit = settingsOf();
    const explicit = settingsOf(Object.fromEntries(withDefaults));
    expect(explicit).toEqual(implicit);
  });
});

describe('valid forms', () => {
  test.each<[string, Record<string, string>, Partial<Settings>]>([
    ['cluster ARN', { cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' }, { cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' }],
    ['service ARN (new form)', { service: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/api' }, { service: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/api' }],
    ['GovCloud cluster ARN', { cluster: 'arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/prod' }, { cluster: 'arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/prod' }],
    ['surrounding whitespace is trimmed', { cluster: '  prod \n' }, { cluster: 'prod' }],
    ['template family:revision', { template: 'api-template:7' }, { template: 'api-template:7' }],
    [
      'template ARN',
      { template: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api-template:12' },
      { template: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api-template:12' },
    ],
    ['Docker Hub image', { image: 'nginx' }, { image: 'nginx' }],
    ['image with registry port and tag', { image: 'registry.example.com:5000/team/api:2025.06.01-1' }, { image: 'registry.example.com:5000/team/api:2025.06.01-1' }],
    ['image by digest', { image: `public.ecr.aws/team/api@${DIGEST}` }, { image: `public.ecr.aws/team/api@${DIGEST}` }],
    ['container-name', { 'container-name': 'api_main-1' }, { containerName: 'api_main-1' }],
    ['family', { family: 'api-blue_2' }, { family: 'api-blue_2' }],
    ['region input', { region: 'ap-southeast-2' }, { region: 'ap-southeast-2' }],
    ['GovCloud region', { region: 'us-gov-west-1' }, { region: 'us-gov-west-1' }],
    ['pin-image-digest false', { 'pin-image-digest': 'false' }, { pinImageDigest: false }],
    ['booleans ignore case', { 'pin-image-digest': 'FALSE', wait: 'False', 'force-new-deployment': 'TRUE' }, { pinImageDigest: false, wait: false, forceNewDeployment: true }],
    ['wait false', { wait: 'false' }, { wait: false }],
    ['wait true', { wait: 'true' }, { wait: true }],
    ['force-new-deployment true', { 'force-new-deployment': 'true' }, { forceNewDeployment: true }],
    ['circuit-breaker enable', { 'circuit-breaker': 'enable' }, { circuitBreaker: 'enable' }],
    ['circuit-breaker keep', { 'circuit-breaker': 'keep' }, { circuitBreaker: 'keep' }],
    ['circuit-breaker ignores case', { 'circuit-breaker': 'Rollback' }, { circuitBreaker: 'rollback' }],
    ['concurrent-deployment proceed', { 'concurrent-deployment': 'proceed' }, { concurrentDeployment: 'proceed' }],
    ['concurrent-deployment fail', { 'concurrent-deployment': 'fail' }, { concurrentDeployment: 'fail' }],
    ['alarms by comma', { alarms: 'api-5xx, api-latency-p99' }, { alarms: ['api-5xx', 'api-latency-p99'] }],
    ['alarms by line, comments and blanks dropped', { alarms: 'api-5xx\n\n# paging alarms\napi latency p99,\n' }, { alarms: ['api-5xx', 'api latency p99'] }],
    ['desired-count 0', { 'desired-count': '0' }, { desiredCount: 0 }],
    ['desired-count 12', { 'desired-count': '12' }, { desiredCount: 12 }],
    ['timeout-minutes decimal', { 'timeout-minutes': '1.5' }, { timeoutMinutes: 1.5 }],
    ['timeout-minutes below one', { 'timeout-minutes': '0.25' }, { timeoutMinutes: 0.25 }],
    ['timeout-minutes at the maximum', { 'timeout-minutes': '360' }, { timeoutMinutes: 360 }],
    ['poll-seconds', { 'poll-seconds': '3' }, { pollSeconds: 3 }],
    ['poll-seconds decimal', { 'poll-seconds': '0.5' }, { pollSeconds: 0.5 }],
  ])('%s', (_name, overrides, expected) => {
    expect(settingsOf(overrides)).toMatchObject(expected);
  });

  test('region: the input wins over AWS_REGION; AWS_REGION, then AWS_DEFAULT_REGION, otherwise', () => {
    expect(settingsOf({ region: 'eu-central-1' }, { AWS_REGION: 'us-east-1' }).region).toBe('eu-central-1');
    expect(settingsOf({}, { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('us-east-1');
    expect(settingsOf({}, { AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('us-west-2');
    expect(settingsOf({}, { AWS_REGION: '' }).region).toBeUndefined();
  });

  test('images: one container=image per line, blank lines and comments ignored', () => {
    const settings = settingsOf({
      image: '',
      images: `api=${ECR_IMAGE}\n\n# the sidecar\n  envoy = public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod  \n`,
    });
    expect(settings.images).toEqual(
      new Map([
        ['api', ECR_IMAGE],
        ['envoy', 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod'],
      ]),
    );
    expect('image' in settings).toBe(false);
  });

  test('image and images together for different containers', () => {
    const settings = settingsOf({ 'container-name': 'api', images: 'envoy=public.ecr.aws/appmesh/aws-appmesh-envoy:v1' });
    expect(settings.image).toBe(ECR_IMAGE);
    expect(settings.images).toEqual(new Map([['envoy', 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1']]));
  });
});

describe('environment', () => {
  test('splits on the first "=", keeps empty values and "=" in values, ignores blank lines and comments', () => {
    const text = [
      '# database',
      'DATABASE_URL=postgres://app:p=w@db:5432/app?sslmode=require',
      '',
      'FEATURE_FLAGS=',
      '   ',
      '  # indented comment',
      'OTEL_RESOURCE_ATTRIBUTES=service.name=api,deployment.environment=prod',
      'GREETING=hello world   ',
      'HASH=#not-a-comment',
    ].join('\n');
    expect(settingsOf({ environment: text }).environment).toEqual([
      { name: 'DATABASE_URL', value: 'postgres://app:p=w@db:5432/app?sslmode=require' },
      { name: 'FEATURE_FLAGS', value: '' },
      { name: 'OTEL_RESOURCE_ATTRIBUTES', value: 'service.name=api,deployment.environment=prod' },
      { name: 'GREETING', value: 'hello world' },
      { name: 'HASH', value: '#not-a-comment' },
    ]);
  });

  test('Windows line ends are accepted', () => {
    expect(settingsOf({ environment: 'A=1\r\nB=2\r\n' }).environment).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
  });

  test('a duplicate key names the key and both lines, and never the values', () => {
    const error = inputError({ environment: 'DB_PASSWORD=first-s3cret\n# note\n\nDB_PASSWORD=second-s3cret' });
    expectOneLine(error, 'environment');
    expect(error.message).toBe('Input "environment": key "DB_PASSWORD" is given twice (lines 1 and 4)');
  });

  test.each([
    ['a line without "="', 'A=1\nhunter2-s3cret', 'line 2 has no "="'],
    ['an empty key', '=hunter2-s3cret', 'line 1 has an empty key'],
    ['a key with whitespace', 'MY KEY=hunter2-s3cret', 'line 1: key "MY KEY" contains whitespace'],
  ])('%s is rejected without echoing the value', (_name, text, detail) => {
    const error = inputError({ environment: text });
    expectOneLine(error, 'environment');
    expect(error.message).toContain(detail);
    expect(error.message).toContain('expected KEY=VALUE lines');
    expect(error.message).not.toContain('hunter2');
  });
});

describe('secrets', () => {
  test.each([
    ['SSM parameter name', 'DB_PASSWORD=/prod/api/db-password'],
    ['SSM parameter name without a path', 'DB_PASSWORD=prod.api.db_password'],
    ['SSM parameter ARN', 'DB_PASSWORD=arn:aws:ssm:eu-west-1:123456789012:parameter/prod/api/db-password'],
    ['Secrets Manager ARN', 'DB_PASSWORD=arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api/db-AbCdEf'],
    ['Secrets Manager ARN with a JSON key', 'DB_PASSWORD=arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api/db-AbCdEf:password::'],
    ['GovCloud Secrets Manager ARN', 'DB_PASSWORD=arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db-AbCdEf'],
  ])('%s', (_name, line) => {
    const [name, valueFrom] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
    expect(settingsOf({ secrets: `# from the vault\n\n${line}` }).secrets).toEqual([{ name, valueFrom }]);
  });

  test.each([
    ['an S3 ARN', 'TOKEN=arn:aws:s3:::bucket/token'],
    ['a URL', 'TOKEN=https://vault.example.com/token'],
    ['an empty source', 'TOKEN='],
    ['a source with spaces', 'TOKEN=my secret name'],
  ])('%s is rejected naming the line and key and the expected forms', (_name, line) => {
    const error = inputError({ secrets: `A=/ok\n${line}` });
    expectOneLine(error, 'secrets');
    expect(error.message).toBe(
      'Input "secrets": line 2 (TOKEN): expected an SSM parameter name or ARN, or a Secrets Manager secret ARN',
    );
  });

  test('a duplicate secret key names both lines', () => {
    expect(inputError({ secrets: 'A=/x\nA=/y' }).message).toBe('Input "secrets": key "A" is given twice (lines 1 and 2)');
  });
});

describe('tags', () => {
  test('key=value lines, value may be empty or hold "="', () => {
    expect(settingsOf({ tags: 'Team=payments\n# cost\nCostCenter=\nExpr=a=b' }).tags).toEqual([
      { key: 'Team', value: 'payments' },
      { key: 'CostCenter', value: '' },
      { key: 'Expr', value: 'a=b' },
    ]);
  });

  test.each([
    ['the reserved aws: prefix', 'aws:cloudformation:stack=x', 'line 1: key "aws:cloudformation:stack" uses the reserved prefix "aws:"'],
    ['the reserved prefix in another case', 'AWS:team=x', 'uses the reserved prefix "aws:"'],
    ['a key over 128 characters', `${'k'.repeat(129)}=x`, 'must be 1 to 128 characters'],
    ['a value over 256 characters', `Team=${'v'.repeat(257)}`, 'value of "Team" must be at most 256 characters'],
    ['a character ECS refuses', 'Team=a|b', 'value of "Team" may hold only letters, digits, spaces and'],
    ['a key without "="', 'Team', 'line 1 has no "="'],
  ])('%s', (_name, text, detail) => {
    const error = inputError({ tags: text });
    expectOneLine(error, 'tags');
    expect(error.message).toContain(detail);
  });

  test('a key of 128 characters and a value of 256 are within the limits', () => {
    expect(settingsOf({ tags: `${'k'.repeat(128)}=${'v'.repeat(256)}` }).tags).toHaveLength(1);
  });
});

describe('bad inputs: one line naming the input and the expected form', () => {
  test.each<[string, Record<string, string>, NodeJS.ProcessEnv, string, RegExp]>([
    ['cluster missing', { cluster: '' }, {}, 'cluster', /is required \(expected a cluster name or ARN\)/],
    ['cluster blank', { cluster: '   ' }, {}, 'cluster', /is required/],
    ['cluster with a space', { cluster: 'my cluster' }, {}, 'cluster', /"my cluster" is not valid \(expected a cluster name or ARN\)/],
    ['service missing', { service: '' }, {}, 'service', /is required \(expected a service name or ARN\)/],
    ['service as an S3 ARN', { service: 'arn:aws:s3:::bucket' }, {}, 'service', /expected a service name or ARN/],
    ['template missing', { template: '' }, {}, 'template', /is required \(expected a task definition family, family:revision or task definition ARN\)/],
    ['template revision 0', { template: 'api-template:0' }, {}, 'template', /expected a task definition family, family:revision or task definition ARN/],
    ['template revision "latest"', { template: 'api-template:latest' }, {}, 'template', /expected a task definition family/],
    ['template ARN without revision', { template: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api-template' }, {}, 'template', /expected a task definition family/],
    ['template as a service ARN', { template: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/api' }, {}, 'template', /expected a task definition family/],
    ['no image and no images', { image: '', images: '' }, {}, 'image', /is required \(expected \[registry\/\]repository\[:tag\]\[@sha256:<64 hex>\]\), or give "images"/],
    ['image with upper case repository', { image: 'Team/API:1' }, {}, 'image', /invalid repository name.*\(expected \[registry\/\]repository/],
    ['image with a bad tag', { image: 'api:-bad' }, {}, 'image', /has an invalid tag "-bad"/],
    ['image with a short digest', { image: 'api@sha256:abc' }, {}, 'image', /malformed digest/],
    ['image with a space', { image: 'api: v1' }, {}, 'image', /"api: v1" is not valid \(expected \[registry\/\]repository/],
    ['images line without "="', { image: '', images: `${ECR_IMAGE}` }, {}, 'images', /line 1 has no "=" \(expected one container=image per line\)/],
    ['images line with a bad image', { image: '', images: 'api=ok:1\nenvoy=Bad:1' }, {}, 'images', /line 2: .*invalid repository name/],
    ['images container named twice', { image: '', images: 'api=a:1\napi=b:2' }, {}, 'images', /key "api" is given twice \(lines 1 and 2\)/],
    ['images with a bad container name', { image: '', images: 'api.main=a:1' }, {}, 'images', /key "api\.main" is not valid/],
    ['image and images for the same container', { 'container-name': 'api', images: 'api=a:1' }, {}, 'images', /container "api" gets an image from both "image" and "images"/],
    ['container-name with a space', { 'container-name': 'my api' }, {}, 'container-name', /"my api" is not valid \(expected a container name of the template\)/],
    ['family with a revision', { family: 'api:3' }, {}, 'family', /"api:3" is not valid \(expected a task definition family: letters, digits, _ and -, up to 255\)/],
    ['family too long', { family: 'f'.repeat(256) }, {}, 'family', /expected a task definition family/],
    ['region input', { region: 'Ireland' }, {}, 'region', /"Ireland" is not valid \(expected an AWS region such as eu-west-1\)/],
    ['region from AWS_REGION', {}, { AWS_REGION: 'eu_west_1' }, 'region', /"eu_west_1" from AWS_REGION is not valid \(expected an AWS region/],
    ['pin-image-digest yes', { 'pin-image-digest': 'yes' }, {}, 'pin-image-digest', /"yes" is not a boolean \(expected true or false\)/],
    ['wait 1', { wait: '1' }, {}, 'wait', /"1" is not a boolean \(expected true or false\)/],
    ['force-new-deployment on', { 'force-new-deployment': 'on' }, {}, 'force-new-deployment', /is not a boolean/],
    ['circuit-breaker off', { 'circuit-breaker': 'off' }, {}, 'circuit-breaker', /"off" is not valid \(expected one of: rollback, enable, keep\)/],
    ['concurrent-deployment queue', { 'concurrent-deployment': 'queue' }, {}, 'concurrent-deployment', /expected one of: wait, proceed, fail/],
    ['alarm name too long', { alarms: `ok-alarm\n${'a'.repeat(256)}` }, {}, 'alarms', /expected CloudWatch alarm names separated by commas or new lines/],
    ['desired-count negative', { 'desired-count': '-1' }, {}, 'desired-count', /"-1" is not valid \(expected a whole number from 0 to 10000\)/],
    ['desired-count decimal', { 'desired-count': '1.5' }, {}, 'desired-count', /expected a whole number/],
    ['desired-count word', { 'desired-count': 'three' }, {}, 'desired-count', /expected a whole number/],
    ['desired-count too large', { 'desired-count': '10001' }, {}, 'desired-count', /expected a whole number from 0 to 10000/],
    ['timeout-minutes 0', { 'timeout-minutes': '0' }, {}, 'timeout-minutes', /"0" is not valid \(expected a number from 0\.01 to 360\)/],
    ['timeout-minutes too large', { 'timeout-minutes': '361' }, {}, 'timeout-minutes', /expected a number from 0\.01 to 360/],
    ['timeout-minutes with a unit', { 'timeout-minutes': '30m' }, {}, 'timeout-minutes', /expected a number/],
    ['timeout-minutes in exponent form', { 'timeout-minutes': '1e2' }, {}, 'timeout-minutes', /expected a number/],
    ['poll-seconds 0', { 'poll-seconds': '0' }, {}, 'poll-seconds', /expected a number from 0\.05 to 300/],
    ['poll-seconds negative', { 'poll-seconds': '-5' }, {}, 'poll-seconds', /expected a number from 0\.05 to 300/],
  ])('%s', (_name, overrides, env, input, detail) => {
    const error = inputError(overrides, env);
    expectOneLine(error, input);
    expect(error.message).toMatch(detail);
  });

  test('a multi-line value in a single-line input still gives a one-line message', () => {
    for (const [input, value] of [
      ['cluster', 'prod\nstaging'],
      ['wait', 'true\nfalse'],
      ['circuit-breaker', 'rollback\nkeep'],
      ['timeout-minutes', '10\n20'],
      ['region', 'eu-west-1\nus-east-1'],
    ] as const) {
      const error = inputError({ [input]: value });
      expectOneLine(error, input);
    }
    expect(inputError({ cluster: 'prod\r\nstaging' }).message).toBe('Input "cluster": "prod\\nstaging" is not valid (expected a cluster name or ARN)');
  });

  test('the first bad input in the order of action.yml is reported', () => {
    const error = inputError({ cluster: '', service: '', template: '' });
    expect(error.input).toBe('cluster');
  });
});

describe('rollback, dry run, revision keeping and GitHub deployments', () => {
  const ROLLBACK_ARN = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:41';

  test.each<[string, Record<string, string>, Partial<Settings>]>([
    ['rollback-to previous, no template or image needed', { template: '', image: '', 'rollback-to': 'previous' }, { rollbackTo: 'previous' }],
    ['rollback-to family:revision', { template: '', image: '', 'rollback-to': 'api:41' }, { rollbackTo: 'api:41' }],
    ['rollback-to an ARN', { template: '', image: '', 'rollback-to': ROLLBACK_ARN }, { rollbackTo: ROLLBACK_ARN }],
    ['rollback-to with a template given: the template is still checked and kept', { image: '', 'rollback-to': 'previous', template: 'api-template:3' }, { rollbackTo: 'previous', template: 'api-template:3' }],
    ['dry-run true', { 'dry-run': 'true' }, { dryRun: true }],
    ['keep-revisions', { 'keep-revisions': '5' }, { keepRevisions: 5 }],
    ['github-token with github-environment', { 'github-token': 'ghs_exampletoken', 'github-environment': 'production' }, { githubToken: 'ghs_exampletoken', githubEnvironment: 'production' }],
    ['github-environment alone (nothing recorded without a token)', { 'github-environment': 'staging eu' }, { githubEnvironment: 'staging eu' }],
  ])('%s', (_name, overrides, expected) => {
    expect(settingsOf(overrides)).toMatchObject(expected);
  });

  test('a deploy has no rollbackTo, dry-run false, keep-revisions 0, no GitHub settings', () => {
    const settings = settingsOf();
    expect(settings).toMatchObject({ dryRun: false, keepRevisions: 0 });
    for (const key of ['rollbackTo', 'githubToken', 'githubEnvironment'] as const) expect(key in settings).toBe(false);
  });

  test('a rollback without a template has no template key', () => {
    expect('template' in settingsOf({ template: '', image: '', 'rollback-to': 'previous' })).toBe(false);
  });

  test.each<[string, Record<string, string>, string, RegExp]>([
    ['rollback-to latest', { 'rollback-to': 'latest' }, 'rollback-to', /"latest" is not valid \(expected a task definition ARN, family:revision, or previous\)/],
    ['rollback-to a family without revision', { 'rollback-to': 'api' }, 'rollback-to', /expected a task definition ARN, family:revision, or previous/],
    ['rollback-to with a bad template', { 'rollback-to': 'previous', template: 'api:latest' }, 'template', /expected a task definition family/],
    ['keep-revisions decimal', { 'keep-revisions': '2.5' }, 'keep-revisions', /"2\.5" is not valid \(expected a whole number from 0 to 10000\)/],
    ['dry-run maybe', { 'dry-run': 'maybe' }, 'dry-run', /"maybe" is not a boolean/],
    ['github-token without github-environment', { 'github-token': 'ghs_exampletoken' }, 'github-environment', /is required with github-token/],
    ['github-environment too long', { 'github-environment': 'e'.repeat(256) }, 'github-environment', /expected a GitHub environment name/],
  ])('%s', (_name, overrides, input, detail) => {
    const error = inputError(overrides);
    expectOneLine(error, input);
    expect(error.message).toMatch(detail);
  });

  test('the github-token is never echoed in an error', () => {
    const error = inputError({ 'github-token': 'ghs_secretvalue123' });
    expect(error.message).not.toContain('ghs_secretvalue123');
  });
});

describe('the environment read by default is process.env', () => {
  test('AWS_REGION from process.env when no env is passed', () => {
    const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };
    try {
      process.env.AWS_REGION = 'sa-east-1';
      delete process.env.AWS_DEFAULT_REGION;
      expect(readSettings((name) => BASE[name] ?? '').region).toBe('sa-east-1');
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
