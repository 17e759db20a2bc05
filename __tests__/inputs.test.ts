/**
 * readSettings: every input's valid forms and defaults, and every kind of bad input as a one-line
 * InputError that names the input and the expected form (and never echoes an overlay value).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import type { InputError } from '../src/core/errors.js';
import { INPUT_NAMES, inputVariable, readSettings, unknownInputs, type Settings } from '../src/core/inputs.js';
import { inputVariable as runnerVariable } from '../tools/run-action.js';
import { expectOneLine, inputErrorOf } from './helpers/errors.js';

const ECR_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:v1.2.3';
const DIGEST = 'sha256:' + 'ab'.repeat(32);
const SD_ARN = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/api/r9i43YFjvgF_xlg7m2eJ1r';

/** The smallest valid set of inputs of a deploy. */
const BASE: Record<string, string> = {
  cluster: 'prod',
  service: 'api',
  template: 'api-template',
  image: ECR_IMAGE,
};

/** A region is always needed: the tests get one from AWS_REGION unless they pass their own env. */
const ENV: NodeJS.ProcessEnv = { AWS_REGION: 'eu-west-1' };

function settingsOf(overrides: Record<string, string | undefined> = {}, env: NodeJS.ProcessEnv = ENV): Settings {
  const inputs: Record<string, string | undefined> = { ...BASE, ...overrides };
  // Like core.getInput: an input that is not given reads as ''.
  return readSettings((name) => inputs[name] ?? '', env);
}

/** The InputError readSettings throws for these inputs. */
function inputError(overrides: Record<string, string | undefined>, env: NodeJS.ProcessEnv = ENV): InputError {
  return inputErrorOf(() => settingsOf(overrides, env));
}

/** The inputs action.yml declares, in its order, with their defaults. */
function declaredInputs(): Map<string, string | undefined> {
  const text = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'action.yml'), 'utf8');
  const action = parse(text) as { inputs: Record<string, { default?: unknown }> };
  return new Map(Object.entries(action.inputs).map(([name, spec]) => [name, spec.default === undefined ? undefined : String(spec.default)]));
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
      region: 'eu-west-1',
      warnings: [],
    });
    // Optional settings without a value are absent, not undefined-valued keys.
    for (const key of ['containerName', 'family', 'desiredCount'] as const) expect(key in settings).toBe(false);
  });

  test('INPUT_NAMES is the list of action.yml inputs, in its order', () => {
    expect([...INPUT_NAMES]).toEqual([...declaredInputs().keys()]);
  });

  test('inputVariable spells the variable as the runner does', () => {
    for (const name of INPUT_NAMES) expect(inputVariable(name)).toBe(runnerVariable(name));
    expect(inputVariable('dry-run')).toBe('INPUT_DRY-RUN');
    expect(inputVariable('my input')).toBe('INPUT_MY_INPUT');
  });

  test('readSettings reads exactly the inputs action.yml declares', () => {
    const asked = new Set<string>();
    readSettings((name) => {
      asked.add(name);
      return BASE[name] ?? '';
    }, ENV);
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
    ['wait false: concurrent-deployment defaults to proceed', { wait: 'false' }, { wait: false, concurrentDeployment: 'proceed' }],
    ['wait false, concurrent-deployment wait asked for', { wait: 'false', 'concurrent-deployment': 'wait' }, { wait: false, concurrentDeployment: 'wait' }],
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
    expect(settingsOf({}, { AWS_REGION: '', AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('us-west-2');
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
    ['a key with whitespace', 'MY KEY=hunter2-s3cret', 'line 1: the key contains whitespace'],
    ['a key with whitespace that holds the secret', 'DB_PASSWORD: hunter2=x', 'line 1: the key contains whitespace'],
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
      'Input "secrets": line 2 ("TOKEN"): expected an SSM parameter name or ARN, or a Secrets Manager secret ARN',
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
    ['no image and no images', { image: '', images: '' }, {}, 'image', /is required \(expected \[registry\/\]repository\[:tag\]\[@sha256:<64 hex>\], current, or ssm:<parameter>\), or give "images"/],
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
    ['region input', { region: 'Ireland' }, {}, 'region', /"Ireland" is not valid \(expected an AWS region such as eu-west-1, cn-north-1, us-gov-west-1 or eusc-de-east-1\)/],
    ['region from AWS_REGION', {}, { AWS_REGION: 'eu_west_1' }, 'region', /"eu_west_1" from AWS_REGION is not valid \(expected an AWS region/],
    ['region from AWS_DEFAULT_REGION', {}, { AWS_REGION: '', AWS_DEFAULT_REGION: 'Frankfurt' }, 'region', /"Frankfurt" from AWS_DEFAULT_REGION is not valid/],
    ['region missing', {}, { AWS_REGION: '', AWS_DEFAULT_REGION: '' }, 'region', /no region is set/],
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
    const error = inputError(overrides, { ...ENV, ...env });
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
    expect(inputError({ cluster: 'prod\r\nstaging' }).message).toBe('Input "cluster": "prod\\r\\nstaging" is not valid (expected a cluster name or ARN)');
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
    ['delete-revisions with keep-revisions', { 'keep-revisions': '5', 'delete-revisions': 'true' }, { keepRevisions: 5, deleteRevisions: true }],
    ['github-token with github-environment', { 'github-token': 'ghs_exampletoken', 'github-environment': 'production' }, { githubToken: 'ghs_exampletoken', githubEnvironment: 'production' }],
    ['github-environment alone (nothing recorded without a token)', { 'github-environment': 'staging eu' }, { githubEnvironment: 'staging eu' }],
    ['pre-deploy-command as a line', { 'pre-deploy-command': `bin/rails db:migrate 'VERSION=1 2'` }, { preDeployCommand: ['bin/rails', 'db:migrate', 'VERSION=1 2'] }],
    ['pre-deploy-command as JSON, with a container', { 'pre-deploy-command': '["sh","-c","a && b"]', 'pre-deploy-container': 'migrate' }, { preDeployCommand: ['sh', '-c', 'a && b'], preDeployContainer: 'migrate' }],
    ['log-lines 0 turns the log tails off', { 'log-lines': '0' }, { logLines: 0 }],
    ['image: current', { image: 'current' }, { imageSource: { kind: 'current' } }],
    ['image: ssm: a parameter name', { image: 'ssm:/app/staging/image' }, { imageSource: { kind: 'ssm', parameter: '/app/staging/image' } }],
    ['image: ssm: a parameter ARN', { image: 'ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/app/image' }, { imageSource: { kind: 'ssm', parameter: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/image' } }],
    ['image: current with images for a new container', { image: 'current', images: 'sidecar=envoy:v1' }, { imageSource: { kind: 'current' } }],
    ['image-parameter', { 'image-parameter': '/app/prod/image' }, { imageParameter: '/app/prod/image' }],
  ])('%s', (_name, overrides, expected) => {
    expect(settingsOf(overrides)).toMatchObject(expected);
  });

  test('a deploy has no rollbackTo, dry-run false, keep-revisions 0, no pre-deploy task, 50 log lines, no GitHub settings', () => {
    const settings = settingsOf();
    expect(settings).toMatchObject({ dryRun: false, keepRevisions: 0, deleteRevisions: false, preDeployCommand: [], logLines: 50 });
    expect('preDeployContainer' in settings).toBe(false);
    for (const key of ['rollbackTo', 'githubToken', 'githubEnvironment'] as const) expect(key in settings).toBe(false);
  });

  test('a rollback without a template has no template key', () => {
    expect('template' in settingsOf({ template: '', image: '', 'rollback-to': 'previous' })).toBe(false);
  });

  test.each<[string, Record<string, string>, string, RegExp]>([
    ['rollback-to latest', { 'rollback-to': 'latest' }, 'rollback-to', /"latest" is not valid \(expected a task definition ARN, family:revision, previous, or a JSON object of service or schedule -> revision\)/],
    ['rollback-to a family without revision', { 'rollback-to': 'api' }, 'rollback-to', /expected a task definition ARN, family:revision, previous, or a JSON object/],
    ['rollback-to with a bad template', { 'rollback-to': 'previous', template: 'api:latest' }, 'template', /expected a task definition family/],
    ['keep-revisions decimal', { 'keep-revisions': '2.5' }, 'keep-revisions', /"2\.5" is not valid \(expected a whole number from 0 to 10000\)/],
    ['dry-run maybe', { 'dry-run': 'maybe' }, 'dry-run', /"maybe" is not a boolean/],
    ['delete-revisions without keep-revisions', { 'delete-revisions': 'true' }, 'delete-revisions', /is true, but keep-revisions is 0.*expected keep-revisions of 1 or more/],
    ['delete-revisions not a boolean', { 'keep-revisions': '3', 'delete-revisions': 'yes' }, 'delete-revisions', /"yes" is not a boolean/],
    ['github-token without github-environment', { 'github-token': 'ghs_exampletoken' }, 'github-environment', /is required with github-token/],
    ['github-environment too long', { 'github-environment': 'e'.repeat(256) }, 'github-environment', /expected a GitHub environment name/],
    ['pre-deploy-container without a command', { 'pre-deploy-container': 'app' }, 'pre-deploy-container', /pre-deploy-command is empty/],
    ['pre-deploy-container not a container name', { 'pre-deploy-command': 'x', 'pre-deploy-container': 'a b' }, 'pre-deploy-container', /expected a container name/],
    ['pre-deploy-command in a rollback', { 'rollback-to': 'previous', image: '', 'pre-deploy-command': 'x' }, 'pre-deploy-command', /a rollback runs no pre-deploy task/],
    ['pre-deploy-command unterminated quote', { 'pre-deploy-command': `echo 'hi` }, 'pre-deploy-command', /quote/],
    ['log-lines over 1000', { 'log-lines': '1001' }, 'log-lines', /expected a whole number from 0 to 1000/],
    ['image: ssm: with a bad name', { image: 'ssm:bad name' }, 'image', /is not valid/],
    ['image: ssm: of the wrong partition', { image: 'ssm:arn:aws:ssm:cn-north-1:123456789012:parameter/x' }, 'image', /expected ssm: followed by an SSM parameter name/],
    ['image: current in a rollback', { image: 'current', 'rollback-to': 'previous' }, 'image', /not used with rollback-to/],
    ['image-parameter with wait false', { 'image-parameter': '/app/prod/image', wait: 'false' }, 'image-parameter', /expected wait: true/],
    ['image-parameter not a name', { 'image-parameter': 'a b' }, 'image-parameter', /expected an SSM parameter name/],
    ['on-pause unknown', { 'on-pause': 'approve' }, 'on-pause', /"approve" is not valid \(expected one of: exit, continue, wait\)/],
    ['on-abort unknown', { 'on-abort': 'stop' }, 'on-abort', /"stop" is not valid \(expected one of: rollback, leave\)/],
    ['resume unknown', { template: '', image: '', resume: 'yes' }, 'resume', /"yes" is not valid \(expected one of: continue, rollback\)/],
    ['resume with an image', { resume: 'continue' }, 'image', /is set with resume; .*expected image empty/],
    ['resume with rollback-to', { image: '', resume: 'rollback', 'rollback-to': 'previous' }, 'rollback-to', /is set with resume/],
    ['resume with dry-run', { image: '', resume: 'continue', 'dry-run': 'true' }, 'dry-run', /is true with resume/],
    ['resume with drift-check', { image: '', resume: 'continue', 'drift-check': 'true' }, 'drift-check', /is true with resume/],
    ['service-deployment-arn without resume', { 'service-deployment-arn': SD_ARN }, 'service-deployment-arn', /resume is not/],
    ['service-deployment-arn not an ARN', { image: '', resume: 'continue', 'service-deployment-arn': 'abc' }, 'service-deployment-arn', /expected a service deployment ARN/],
    ['service-deployment-arn of a task definition', { image: '', resume: 'continue', 'service-deployment-arn': ROLLBACK_ARN }, 'service-deployment-arn', /expected a service deployment ARN/],
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

describe('every AWS partition', () => {
  test.each([
    ['aws', 'eu-west-1'],
    ['aws-cn', 'cn-north-1'],
    ['aws-cn', 'cn-northwest-1'],
    ['aws-us-gov', 'us-gov-west-1'],
    ['aws-iso', 'us-iso-east-1'],
    ['aws-iso-b', 'us-isob-east-1'],
    ['aws-iso-e', 'eu-isoe-west-1'],
    ['aws-iso-f', 'us-isof-south-1'],
    ['aws-eusc', 'eusc-de-east-1'],
  ])('%s: region %s from the input and from AWS_REGION; ARNs of the partition in every ARN input', (partition, region) => {
    const arn = (resource: string, service = 'ecs') => `arn:${partition}:${service}:${region}:123456789012:${resource}`;
    expect(settingsOf({ region }).region).toBe(region);
    expect(settingsOf({}, { AWS_REGION: region }).region).toBe(region);
    const deploy = settingsOf({
      cluster: arn('cluster/prod'),
      service: arn('service/prod/api'),
      template: arn('task-definition/api-template:3'),
      secrets: `DB=${arn('parameter/prod/db', 'ssm')}\nAPI_KEY=${arn('secret:prod/api-AbCdEf', 'secretsmanager')}`,
    });
    expect(deploy).toMatchObject({ cluster: arn('cluster/prod'), service: arn('service/prod/api'), template: arn('task-definition/api-template:3') });
    expect(deploy.secrets.map((s) => s.valueFrom)).toEqual([arn('parameter/prod/db', 'ssm'), arn('secret:prod/api-AbCdEf', 'secretsmanager')]);
    expect(settingsOf({ template: '', image: '', 'rollback-to': arn('task-definition/api:41') }).rollbackTo).toBe(arn('task-definition/api:41'));
  });

  test.each([
    ['cluster', 'arn:aws:ecs:cn-north-1:123456789012:cluster/prod', 'arn:aws-cn:'],
    ['service', 'arn:aws-cn:ecs:eu-west-1:123456789012:service/prod/api', 'arn:aws:'],
    ['template', 'arn:aws:ecs:eusc-de-east-1:123456789012:task-definition/api-template:3', 'arn:aws-eusc:'],
    ['rollback-to', 'arn:aws:ecs:us-gov-west-1:123456789012:task-definition/api:41', 'arn:aws-us-gov:'],
  ])('%s: an ARN whose partition is not its region\'s is refused, naming the right one', (input, value, right) => {
    const overrides = input === 'rollback-to' ? { template: '', image: '', [input]: value } : { [input]: value };
    const error = inputError(overrides);
    expectOneLine(error, input);
    expect(error.message).toContain(`so the ARN starts ${right}`);
  });

  test('a secret ARN of the wrong partition is refused without showing it', () => {
    const error = inputError({ secrets: 'DB=arn:aws:ssm:cn-north-1:123456789012:parameter/hunter2' });
    expectOneLine(error, 'secrets');
    expect(error.message).not.toContain('hunter2');
  });

  test.each(['eu-west', 'cn-north', 'us-gov-west', 'EU-WEST-1', 'eu-west-1a', 'eusc-de-east', 'abcdef-west-1'])('region %s is refused', (region) => {
    expectOneLine(inputError({ region }), 'region');
  });

  test('no region anywhere: one line that says how to set one, not the SDK text', () => {
    const error = inputError({}, {});
    expectOneLine(error, 'region');
    expect(error.message).toBe(
      'Input "region": no region is set: give the region input, or set AWS_REGION (for example with aws-actions/configure-aws-credentials and its aws-region)',
    );
  });
});

describe('INPUT_* variables that match no input', () => {
  /** The variables the runner sets for the BASE inputs, plus `extra`. */
  const envWith = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
    ...ENV,
    PATH: '/usr/bin',
    ...Object.fromEntries(Object.entries(BASE).map(([name, value]) => [inputVariable(name), value])),
    ...extra,
  });

  test('the variables of known inputs (and other variables) give no warning', () => {
    expect(unknownInputs(envWith({ INPUT: 'x', MY_INPUT_DRY_RUN: 'true', GITHUB_ACTIONS: 'true' }))).toEqual([]);
    expect(settingsOf({}, envWith({})).warnings).toEqual([]);
  });

  test.each([
    ['INPUT_CONTAINER_NAME', 'container-name', 'INPUT_CONTAINER-NAME'],
    ['INPUT_PIN_IMAGE_DIGEST', 'pin-image-digest', 'INPUT_PIN-IMAGE-DIGEST'],
    ['INPUT_TIMEOUT', 'timeout-minutes', 'INPUT_TIMEOUT-MINUTES'],
    ['INPUT_ROLLBACK_TO', 'rollback-to', 'INPUT_ROLLBACK-TO'],
    ['INPUT_GITHUB_TOKEN', 'github-token', 'INPUT_GITHUB-TOKEN'],
    ['INPUT_IMAGES ', 'images', 'INPUT_IMAGES'],
    ['INPUT_image', 'image', 'INPUT_IMAGE'],
    ['INPUT_CLUSTR', 'cluster', 'INPUT_CLUSTER'],
    ['INPUT_ENV', 'environment', 'INPUT_ENVIRONMENT'],
  ])('%j: a warning naming the nearest input, "%s", and never the value', (variable, near, right) => {
    const settings = settingsOf({}, envWith({ [variable]: 'the-value-s3cret' }));
    expect(settings.warnings).toHaveLength(1);
    const [warning] = settings.warnings as [string];
    expect(warning).toBe(`The variable ${JSON.stringify(variable)} matches no input of this action and is ignored; the nearest input is "${near}" (passed as ${right}).`);
    expect(warning).not.toContain('s3cret');
  });

  test('several unknown variables: one warning each, in name order', () => {
    const warnings = unknownInputs(envWith({ INPUT_WAIT_FOR: 'true', INPUT_ALARM: 'x' }));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('"INPUT_ALARM"');
    expect(warnings[1]).toContain('"INPUT_WAIT_FOR"');
  });

  test('a hostile variable name is shown escaped and cut', () => {
    const [warning] = unknownInputs({ [`INPUT_X\n::error::${'y'.repeat(200)}`]: '1' }) as [string];
    expect(warning).not.toMatch(/[\r\n]/);
    expect(warning).toContain('\\n::error::');
    expect(warning).toContain('…"');
  });

  test.each([
    ['INPUT_DRY_RUN', 'true'],
    ['INPUT_DRYRUN', 'true'],
    ['INPUT_DRY-RUN ', 'true'],
    ['INPUT_dry-run', 'true'],
    ['INPUT_Dry_Run', 'true'],
    ['INPUT_DRY RUN', 'true'],
    ['INPUT_DRY__RUN', 'true'],
    ['INPUT_DRY-RUNS', 'true'],
    ['INPUT_DRYRUM', 'true'],
    ['INPUT_DRY-RUN-ONLY', 'true'],
    ['INPUT_DRY_RUN', 'false'],
    ['INPUT_DRY_RUN', ''],
  ])('%j (value %j) looks like dry-run: the step stops before reading anything else', (variable, value) => {
    // Even with every other input bad, the dry-run error comes first: nothing is sent anywhere.
    const error = inputErrorOf(() => readSettings(() => '', { [variable]: value }));
    expectOneLine(error, 'dry-run');
    expect(error.message).toBe(
      `Input "dry-run": the variable ${JSON.stringify(variable)} is not an input of this action (the runner passes dry-run as INPUT_DRY-RUN), ` +
        'so a dry run asked for under it would be a real deploy; nothing was done. Rename it to dry-run',
    );
  });

  test('the real INPUT_DRY-RUN is read as the dry-run input, with no warning', () => {
    const settings = readSettings((name) => (name === 'dry-run' ? 'true' : (BASE[name] ?? '')), envWith({ 'INPUT_DRY-RUN': 'true' }));
    expect(settings).toMatchObject({ dryRun: true, warnings: [] });
  });
});

describe('echoed values: cut to 80 characters, secrets never', () => {
  test.each(['cluster', 'service', 'template', 'family', 'container-name', 'region', 'wait', 'circuit-breaker', 'timeout-minutes'])(
    'a 5,000-character %s is shown cut, with an ellipsis',
    (input) => {
      const value = `bad value ${'x'.repeat(5000)}`;
      const error = inputError({ [input]: value });
      expectOneLine(error, input);
      expect(error.message).toContain(`"bad value ${'x'.repeat(69)}…"`);
      expect(error.message.length).toBeLessThan(300);
    },
  );

  test('rollback-to refusals say rollback-to and show the value cut', () => {
    const error = inputError({ template: '', image: '', 'rollback-to': `latest${'x'.repeat(500)}` });
    expectOneLine(error, 'rollback-to');
    expect(error.message).toMatch(/^Input "rollback-to": "latestx+…" is not valid \(expected a task definition ARN, family:revision, previous, or a JSON object of service or schedule -> revision\)$/);
  });

  const SECRET = 'hunter2-s3cret';
  test.each<[string, Record<string, string>, string]>([
    ['environment: no "="', { environment: `A=1\n${SECRET}` }, 'environment'],
    ['environment: empty key', { environment: `=${SECRET}` }, 'environment'],
    ['environment: key with whitespace', { environment: `PASS ${SECRET}=x` }, 'environment'],
    ['environment: key with a tab', { environment: `PASS\t${SECRET}=x` }, 'environment'],
    ['environment: a repeated key', { environment: `A=${SECRET}\nA=${SECRET}` }, 'environment'],
    ['secrets: no "="', { secrets: `${SECRET}` }, 'secrets'],
    ['secrets: key with whitespace', { secrets: `PASS ${SECRET}=/x` }, 'secrets'],
    ['secrets: a bad source', { secrets: `A=https://${SECRET}` }, 'secrets'],
    ['secrets: a source with spaces', { secrets: `A=/x ${SECRET}` }, 'secrets'],
    ['github-token with no github-environment', { 'github-token': `ghs_${SECRET}` }, 'github-environment'],
    ['github-token with a bad github-environment', { 'github-token': `ghs_${SECRET}`, 'github-environment': 'e'.repeat(300) }, 'github-environment'],
    ['github-token with another bad input', { 'github-token': `ghs_${SECRET}`, wait: 'maybe' }, 'wait'],
  ])('%s: the error never shows the secret', (_name, overrides, input) => {
    const error = inputError(overrides);
    expectOneLine(error, input);
    expect(error.message).not.toContain('hunter2');
  });
});

describe('pause, abort and resume', () => {
  test('a deploy exits at a pause and rolls back on abort by default, and is no resume', () => {
    const settings = settingsOf();
    expect(settings).toMatchObject({ onPause: 'exit', onAbort: 'rollback' });
    expect(settings.resume).toBeUndefined();
    expect(settings.serviceDeploymentArn).toBeUndefined();
  });

  test.each([['exit'], ['continue'], ['wait']])('on-pause %s', (mode) => {
    expect(settingsOf({ 'on-pause': mode }).onPause).toBe(mode);
  });

  test('on-abort leave', () => {
    expect(settingsOf({ 'on-abort': 'leave' }).onAbort).toBe('leave');
  });

  test('a resume needs no template or image, and takes a service deployment ARN', () => {
    const settings = settingsOf({ template: '', image: '', resume: 'rollback', 'service-deployment-arn': SD_ARN });
    expect(settings).toMatchObject({ resume: 'rollback', serviceDeploymentArn: SD_ARN });
    expect(settings.template).toBeUndefined();
    expect(settingsOf({ template: '', image: '', resume: 'continue' }).serviceDeploymentArn).toBeUndefined();
  });
});
