/**
 * The thin AWS adapters: the exact request each sends, what each returns, and how failures are worded
 * (what was being done, the AWS code, and for AccessDenied the IAM action to grant).
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import 'aws-sdk-client-mock-jest';
import { table } from './helpers/table.js';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeImagesCommand, ECRClient, ImageNotFoundException, RepositoryNotFoundException } from '@aws-sdk/client-ecr';
import {
  AccessDeniedException,
  ClientException,
  ClusterNotFoundException,
  DeregisterTaskDefinitionCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  ServiceNotActiveException,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { AwsError, awsCall, classify, type AwsErrorKind } from '../src/aws/call.js';
import { resolveEcrDigest, resolveEcrDigests } from '../src/aws/ecr.js';
import {
  deregisterTaskDefinition,
  describeService,
  describeServiceDeployment,
  describeStoppedTasks,
  describeTaskDefinition,
  listServiceDeployments,
  listTaskDefinitions,
  registerTaskDefinition,
  tagResource,
  updateService,
} from '../src/aws/ecs.js';
import { DeployError } from '../src/core/errors.js';
import { parseImageRef, type ImageRef } from '../src/core/image-ref.js';
import type { TaskDefinitionInput } from '../src/core/types.js';
import { loadFixture } from './fixtures/load.js';

const ecs = new ECSClient({ region: 'eu-west-1' });
const ecsMock = mockClient(ecs);
const ecr = new ECRClient({ region: 'eu-west-1' });
const ecrMock = mockClient(ecr);

beforeEach(() => {
  ecsMock.reset();
  ecrMock.reset();
});

const meta = { $metadata: { httpStatusCode: 400, requestId: 'req-1' } };
const accessDenied = (action: string) =>
  new AccessDeniedException({
    ...meta,
    message: `User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
  });

/** Runs `call`, expects it to reject, and returns the error. */
async function failureOf(call: () => Promise<unknown>): Promise<Error> {
  try {
    await call();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

/** The one input the mock received for a command, for exact comparison. */
function onlyInput(mock: typeof ecsMock | typeof ecrMock, command: Parameters<typeof ecsMock.commandCalls>[0]): unknown {
  const calls = (mock as typeof ecsMock).commandCalls(command);
  expect(calls).toHaveLength(1);
  return calls[0]?.args[0].input;
}

describe('describeService', () => {
  test('sends DescribeServices for the one service and returns it', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [{ serviceName: 'api', status: 'ACTIVE', taskDefinition: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:4' }],
      failures: [],
    });
    const service = await describeService(ecs, 'prod', 'api');
    expect(service.taskDefinition).toBe('arn:aws:ecs:eu-west-1:123456789012:task-definition/api:4');
    expect(onlyInput(ecsMock, DescribeServicesCommand)).toEqual({ cluster: 'prod', services: ['api'] });
    expect(ecsMock.calls()).toHaveLength(1);
  });

  test('a missing service (failures MISSING) is a DeployError naming service, cluster and the inputs to check', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [],
      failures: [{ arn: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/api', reason: 'MISSING' }],
    });
    const error = await failureOf(() => describeService(ecs, 'prod', 'api'));
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toBe(
      'Service "api" was not found in cluster "prod" (MISSING). Check the "service", "cluster" and "region" inputs.',
    );
  });

  test('an answer with neither services nor failures is still a clear not-found error', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({});
    const error = await failureOf(() => describeService(ecs, 'prod', 'api'));
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toMatch(/^Service "api" was not found in cluster "prod"/);
  });

  test('ClusterNotFoundException says what was being done and to check the cluster input', async () => {
    ecsMock.on(DescribeServicesCommand).rejects(new ClusterNotFoundException({ ...meta, message: 'Cluster not found.' }));
    const error = await failureOf(() => describeService(ecs, 'prod', 'api'));
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).code).toBe('ClusterNotFoundException');
    expect(error.message).toBe(
      'Describing service "api" in cluster "prod" failed (ClusterNotFoundException: Cluster not found.). Check the "cluster" input and the region.',
    );
  });

  test('AccessDenied names ecs:DescribeServices', async () => {
    ecsMock.on(DescribeServicesCommand).rejects(accessDenied('ecs:DescribeServices'));
    const error = await failureOf(() => describeService(ecs, 'prod', 'api'));
    expect(error.message).toMatch(/^Describing service "api" in cluster "prod" failed \(AccessDeniedException: /);
    expect(error.message).toContain('needs the IAM permission "ecs:DescribeServices"');
  });
});

describe('describeTaskDefinition', () => {
  test('asks for the tags and returns the task definition with them', async () => {
    const fixture = loadFixture('fargate-web');
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: fixture.taskDefinition as never,
      tags: fixture.tags,
    });
    const described = await describeTaskDefinition(ecs, 'storefront-web-template', 'template task definition');
    expect(onlyInput(ecsMock, DescribeTaskDefinitionCommand)).toEqual({ taskDefinition: 'storefront-web-template', include: ['TAGS'] });
    expect(described.taskDefinition).toEqual(loadFixture('fargate-web').taskDefinition);
    expect(described.tags).toEqual([
      { key: 'Environment', value: 'production' },
      { key: 'ManagedBy', value: 'terraform' },
      { key: 'Service', value: 'storefront-web' },
    ]);
  });

  test('no tags in the answer gives an empty list', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { family: 'x', containerDefinitions: [] } });
    expect((await describeTaskDefinition(ecs, 'x:1')).tags).toEqual([]);
  });

  test('an unknown template is wrapped with what was being described', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejects(new ClientException({ ...meta, message: 'Unable to describe task definition.' }));
    const error = await failureOf(() => describeTaskDefinition(ecs, 'api-template:99', 'template task definition'));
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toMatch(
      /^Describing template task definition "api-template:99" failed \(ClientException: Unable to describe task definition\.\)\. /,
    );
  });

  test('AccessDenied names ecs:DescribeTaskDefinition', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).rejects(accessDenied('ecs:DescribeTaskDefinition'));
    const error = await failureOf(() => describeTaskDefinition(ecs, 'api-template'));
    expect(error.message).toContain('"ecs:DescribeTaskDefinition"');
    expect(error.message).toMatch(/^Describing task definition "api-template" failed/);
  });

  test('an answer without a task definition is an error', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({});
    const error = await failureOf(() => describeTaskDefinition(ecs, 'api-template'));
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toBe('Describing task definition "api-template" returned no task definition.');
  });
});

describe('registerTaskDefinition', () => {
  const input: TaskDefinitionInput = {
    family: 'api',
    containerDefinitions: [{ name: 'api', image: 'repo@sha256:' + 'a'.repeat(64), environment: [{ name: 'EMPTY', value: '' }] }],
    ephemeralStorage: { sizeInGiB: 50 },
    tags: [{ key: 'ManagedBy', value: 'terraform' }],
  };

  test('sends the rendered input unchanged and returns the registered revision with its tags', async () => {
    ecsMock.on(RegisterTaskDefinitionCommand).resolves({
      taskDefinition: {
        ...(input as object),
        taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:8',
        revision: 8,
      } as never,
      tags: [{ key: 'ManagedBy', value: 'terraform' }],
    });
    const registered = await registerTaskDefinition(ecs, input);
    expect(onlyInput(ecsMock, RegisterTaskDefinitionCommand)).toEqual(input);
    expect(registered.taskDefinition.taskDefinitionArn).toBe('arn:aws:ecs:eu-west-1:123456789012:task-definition/api:8');
    expect(registered.tags).toEqual([{ key: 'ManagedBy', value: 'terraform' }]);
  });

  test('AccessDenied names ecs:RegisterTaskDefinition and the family', async () => {
    ecsMock.on(RegisterTaskDefinitionCommand).rejects(accessDenied('ecs:RegisterTaskDefinition'));
    const error = await failureOf(() => registerTaskDefinition(ecs, input));
    expect(error.message).toMatch(/^Registering a revision of family "api" failed \(AccessDeniedException: /);
    expect(error.message).toContain('needs the IAM permission "ecs:RegisterTaskDefinition"');
  });

  test('an answer without an ARN is an error', async () => {
    ecsMock.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { family: 'api' } });
    const error = await failureOf(() => registerTaskDefinition(ecs, input));
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toBe('Registering family "api" returned no task definition.');
  });
});

describe('updateService', () => {
  const input = {
    cluster: 'prod',
    service: 'api',
    taskDefinition: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:8',
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    },
  };

  test('sends the given input and returns the service', async () => {
    ecsMock.on(UpdateServiceCommand).resolves({ service: { serviceName: 'api', deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY' }] } });
    const service = await updateService(ecs, input);
    expect(onlyInput(ecsMock, UpdateServiceCommand)).toEqual(input);
    expect(service.deployments?.[0]?.id).toBe('ecs-svc/1');
  });

  test('AccessDeniedException names ecs:UpdateService and says what was being done', async () => {
    ecsMock.on(UpdateServiceCommand).rejects(accessDenied('ecs:UpdateService'));
    const error = await failureOf(() => updateService(ecs, input));
    expect(error).toBeInstanceOf(DeployError);
    expect((error as AwsError).code).toBe('AccessDeniedException');
    expect(error.message).toMatch(/^Updating service "api" failed \(AccessDeniedException: User: .* not authorized to perform: ecs:UpdateService/);
    expect(error.message).toContain('The role this job assumes needs the IAM permission "ecs:UpdateService"');
    expect(error.message).not.toContain('\n');
  });

  test('ServiceNotActiveException advises to recreate the service', async () => {
    ecsMock.on(UpdateServiceCommand).rejects(new ServiceNotActiveException({ ...meta, message: 'Service was not ACTIVE.' }));
    const error = await failureOf(() => updateService(ecs, input));
    expect(error.message).toContain('(ServiceNotActiveException: Service was not ACTIVE.)');
    expect(error.message).toContain('recreate it');
  });

  test('an answer without a service is an error', async () => {
    ecsMock.on(UpdateServiceCommand).resolves({});
    const error = await failureOf(() => updateService(ecs, input));
    expect(error.message).toBe('Updating service "api" returned no service.');
  });
});

describe('tagResource and deregisterTaskDefinition', () => {
  const arn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:8';

  test('TagResource sends the ARN and the tags', async () => {
    ecsMock.on(TagResourceCommand).resolves({});
    await tagResource(ecs, arn, [{ key: 'ecs-template-deploy:rollout-completed', value: '2025-06-01T12:00:00.000Z' }]);
    expect(onlyInput(ecsMock, TagResourceCommand)).toEqual({
      resourceArn: arn,
      tags: [{ key: 'ecs-template-deploy:rollout-completed', value: '2025-06-01T12:00:00.000Z' }],
    });
  });

  test('TagResource AccessDenied names ecs:TagResource', async () => {
    ecsMock.on(TagResourceCommand).rejects(accessDenied('ecs:TagResource'));
    const error = await failureOf(() => tagResource(ecs, arn, [{ key: 'k', value: 'v' }]));
    expect(error.message).toMatch(new RegExp(`^Tagging "${arn}" failed`));
    expect(error.message).toContain('"ecs:TagResource"');
  });

  test('DeregisterTaskDefinition sends the one ARN', async () => {
    ecsMock.on(DeregisterTaskDefinitionCommand).resolves({});
    await deregisterTaskDefinition(ecs, arn);
    expect(onlyInput(ecsMock, DeregisterTaskDefinitionCommand)).toEqual({ taskDefinition: arn });
  });

  test('DeregisterTaskDefinition AccessDenied names ecs:DeregisterTaskDefinition', async () => {
    ecsMock.on(DeregisterTaskDefinitionCommand).rejects(accessDenied('ecs:DeregisterTaskDefinition'));
    const error = await failureOf(() => deregisterTaskDefinition(ecs, arn));
    expect(error.message).toContain('"ecs:DeregisterTaskDefinition"');
  });
});

describe('listing and watching adapters', () => {
  test('ListTaskDefinitions asks for one family, newest first, 100 a page, and passes the next token on', async () => {
    ecsMock
      .on(ListTaskDefinitionsCommand)
      .resolvesOnce({ taskDefinitionArns: ['arn:a:9', 'arn:a:8'], nextToken: 'page-2' })
      .resolvesOnce({ taskDefinitionArns: ['arn:a:7'] });
    const first = await listTaskDefinitions(ecs, 'api', 'ACTIVE');
    const second = await listTaskDefinitions(ecs, 'api', 'ACTIVE', first.nextToken);
    expect(first).toEqual({ arns: ['arn:a:9', 'arn:a:8'], nextToken: 'page-2' });
    expect(second).toEqual({ arns: ['arn:a:7'] });
    expect('nextToken' in second).toBe(false);
    const inputs = ecsMock.commandCalls(ListTaskDefinitionsCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { familyPrefix: 'api', status: 'ACTIVE', sort: 'DESC', maxResults: 100 },
      { familyPrefix: 'api', status: 'ACTIVE', sort: 'DESC', maxResults: 100, nextToken: 'page-2' },
    ]);
  });

  test('ListServiceDeployments sends the filter only when given', async () => {
    ecsMock.on(ListServiceDeploymentsCommand).resolves({ serviceDeployments: [{ serviceDeploymentArn: 'arn:sd:1' }] });
    const after = new Date('2025-06-01T11:59:55.000Z');
    expect(await listServiceDeployments(ecs, 'prod', 'api', { createdAfter: after })).toEqual([{ serviceDeploymentArn: 'arn:sd:1' }]);
    await listServiceDeployments(ecs, 'prod', 'api', { status: ['IN_PROGRESS'] });
    const inputs = ecsMock.commandCalls(ListServiceDeploymentsCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { cluster: 'prod', service: 'api', createdAt: { after } },
      { cluster: 'prod', service: 'api', status: ['IN_PROGRESS'] },
    ]);
  });

  test('DescribeServiceDeployments sends the one ARN and returns the first', async () => {
    ecsMock.on(DescribeServiceDeploymentsCommand).resolves({ serviceDeployments: [{ serviceDeploymentArn: 'arn:sd:1', status: 'SUCCESSFUL' }] });
    expect(await describeServiceDeployment(ecs, 'arn:sd:1')).toEqual({ serviceDeploymentArn: 'arn:sd:1', status: 'SUCCESSFUL' });
    expect(onlyInput(ecsMock, DescribeServiceDeploymentsCommand)).toEqual({ serviceDeploymentArns: ['arn:sd:1'] });
  });

  test('stopped tasks: ListTasks STOPPED of the service, DescribeTasks of those, newest first, limited', async () => {
    ecsMock.on(ListTasksCommand).resolves({ taskArns: ['t1', 't2', 't3'] });
    ecsMock.on(DescribeTasksCommand).resolves({
      tasks: [
        { taskArn: 't1', stoppedAt: new Date('2025-06-01T12:00:01Z') },
        { taskArn: 't2', stoppedAt: new Date('2025-06-01T12:00:09Z') },
        { taskArn: 't3', createdAt: new Date('2025-06-01T12:00:05Z') },
      ],
    });
    const tasks = await describeStoppedTasks(ecs, 'prod', 'api', 2);
    expect(tasks.map((t) => t.taskArn)).toEqual(['t2', 't3']);
    expect(onlyInput(ecsMock, ListTasksCommand)).toEqual({ cluster: 'prod', serviceName: 'api', desiredStatus: 'STOPPED', maxResults: 100 });
    expect(onlyInput(ecsMock, DescribeTasksCommand)).toEqual({ cluster: 'prod', tasks: ['t1', 't2', 't3'] });
  });

  test('no stopped tasks: no DescribeTasks call', async () => {
    ecsMock.on(ListTasksCommand).resolves({ taskArns: [] });
    expect(await describeStoppedTasks(ecs, 'prod', 'api')).toEqual([]);
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(0);
  });
});

describe('resolveEcrDigests', () => {
  const image = parseImageRef('123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:v1') as ImageRef & { ecr: { registryId: string } };
  const d = (n: string) => 'sha256:' + n.repeat(64);

  test('every tag of a repository in one DescribeImages, a tag given twice asked once', async () => {
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: d('a'), imageTags: ['v1', 'latest'] }, { imageDigest: d('b'), imageTags: ['v2'] }] });
    const digests = await resolveEcrDigests(ecr, image, ['v1', 'v2', 'v1']);
    expect([...digests]).toEqual([
      ['v1', d('a')],
      ['v2', d('b')],
    ]);
    expect(onlyInput(ecrMock, DescribeImagesCommand)).toEqual({ registryId: '123456789012', repositoryName: 'team/api', imageIds: [{ imageTag: 'v1' }, { imageTag: 'v2' }] });
  });

  test('a missing tag fails the batch; each tag is then asked alone and the error names the missing one', async () => {
    ecrMock.on(DescribeImagesCommand).callsFake((input: { imageIds: Array<{ imageTag: string }> }) => {
      if (input.imageIds.length > 1 || input.imageIds[0]?.imageTag === 'v9') throw new ImageNotFoundException({ ...meta, message: 'missing' });
      return { imageDetails: [{ imageDigest: d('a'), imageTags: ['v1'] }] };
    });
    const error = await failureOf(() => resolveEcrDigests(ecr, image, ['v1', 'v9']));
    expect(error.message).toBe('Image tag "v9" was not found in ECR repository "team/api" (registry 123456789012). Push the image before deploying, or check the "image" input.');
    expect(ecrMock.commandCalls(DescribeImagesCommand)).toHaveLength(3);
  });
});

describe('resolveEcrDigest', () => {
  const digest = 'sha256:' + '3f'.repeat(32);
  const image = parseImageRef('123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:v1.2.3') as ImageRef & { ecr: { registryId: string } };

  test('sends DescribeImages with the registry, repository and tag, and returns the digest', async () => {
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: digest, imageTags: ['v1.2.3'] }] });
    expect(await resolveEcrDigest(ecr, image, 'v1.2.3')).toBe(digest);
    expect(onlyInput(ecrMock, DescribeImagesCommand)).toEqual({
      registryId: '123456789012',
      repositoryName: 'team/api',
      imageIds: [{ imageTag: 'v1.2.3' }],
    });
  });

  test('ImageNotFoundException: a DeployError saying the tag was not found in the repository', async () => {
    ecrMock
      .on(DescribeImagesCommand)
      .rejects(new ImageNotFoundException({ ...meta, message: "The image with imageId {imageTag:'v1.2.3'} does not exist" }));
    const error = await failureOf(() => resolveEcrDigest(ecr, image, 'v1.2.3'));
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toBe(
      'Image tag "v1.2.3" was not found in ECR repository "team/api" (registry 123456789012). Push the image before deploying, or check the "image" input.',
    );
  });

  test('RepositoryNotFoundException: says the repository does not exist', async () => {
    ecrMock.on(DescribeImagesCommand).rejects(new RepositoryNotFoundException({ ...meta, message: 'no repo' }));
    const error = await failureOf(() => resolveEcrDigest(ecr, image, 'v1.2.3'));
    expect(error.message).toBe('ECR repository "team/api" does not exist in registry 123456789012. Check the "image" input.');
  });

  test('AccessDenied names ecr:DescribeImages', async () => {
    ecrMock.on(DescribeImagesCommand).rejects(Object.assign(new Error('not authorized to perform: ecr:DescribeImages'), { name: 'AccessDeniedException' }));
    const error = await failureOf(() => resolveEcrDigest(ecr, image, 'v1.2.3'));
    expect(error).toBeInstanceOf(AwsError);
    expect(error.message).toMatch(/^Resolving ECR image "123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/team\/api:v1\.2\.3" failed \(AccessDeniedException: /);
    expect(error.message).toContain('needs the IAM permission "ecr:DescribeImages"');
  });

  test('an answer without a digest is an error', async () => {
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [] });
    const error = await failureOf(() => resolveEcrDigest(ecr, image, 'v1.2.3'));
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toContain('ECR returned no digest');
  });
});

describe('awsCall', () => {
  const named = (name: string, message = 'boom') => Object.assign(new Error(message), { name });

  test.each([
    ['AccessDeniedException', /needs the IAM permission "ecs:ListTasks"/],
    ['UnauthorizedOperation', /needs the IAM permission "ecs:ListTasks"/],
    ['CredentialsProviderError', /Configure AWS credentials before this step/],
    ['ExpiredTokenException', /Configure AWS credentials before this step/],
    ['ThrottlingException', /throttled the request after retries/],
    ['ServiceNotFoundException', /Check the "service" input/],
    ['InternalFailure', /re-run the job if it was a passing AWS fault/],
  ])('%s gets its advice', async (name, advice) => {
    const error = await failureOf(() => awsCall('Listing tasks', 'ecs:ListTasks', () => Promise.reject(named(name))));
    expect(error).toBeInstanceOf(AwsError);
    expect(error.message).toMatch(new RegExp(`^Listing tasks failed \\(${name}: boom\\)\\. `));
    expect(error.message).toMatch(advice);
    expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(Error);
  });

  test('only AccessDenied names the IAM action', async () => {
    const error = await failureOf(() => awsCall('Listing tasks', 'ecs:ListTasks', () => Promise.reject(named('ThrottlingException'))));
    expect(error.message).not.toContain('ecs:ListTasks');
  });

  test('a DeployError passes through unchanged; a value is returned as is', async () => {
    const inner = new DeployError('already worded');
    await expect(awsCall('x', 'ecs:X', () => Promise.reject(inner))).rejects.toBe(inner);
    await expect(awsCall('x', 'ecs:X', () => Promise.resolve(42))).resolves.toBe(42);
  });

  test('the code: name, then Code, then code; a plain Error is "Error"', async () => {
    const codeOf = async (e: unknown) => ((await failureOf(() => awsCall('x', 'ecs:X', () => Promise.reject(e)))) as AwsError).code;
    expect(await codeOf(named('ThrottlingException'))).toBe('ThrottlingException');
    expect(await codeOf({ Code: 'AccessDenied' })).toBe('AccessDenied');
    expect(await codeOf(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(await codeOf(new Error('x'))).toBe('Error');
  });

  const sdkError = (name: string, fault: 'client' | 'server', status: number, extra: object = {}) =>
    Object.assign(new Error(`${name} happened`), { name, $fault: fault, $metadata: { httpStatusCode: status }, ...extra });
  test.each(
    table([
      ['ThrottlingException 400', sdkError('ThrottlingException', 'client', 400), 'throttled'],
      ['any 429', sdkError('SlowDown', 'client', 429), 'throttled'],
      ['$retryable throttling', sdkError('Whatever', 'client', 400, { $retryable: { throttling: true } }), 'throttled'],
      ['ServerException 500', sdkError('ServerException', 'server', 500), 'transient'],
      ['ServiceUnavailable 503', sdkError('ServiceUnavailable', 'server', 503), 'transient'],
      ['an HTML 500 page (no code)', Object.assign(new Error('Unknown'), { $metadata: { httpStatusCode: 500 } }), 'transient'],
      ['a dropped connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
      ['TimeoutError', named('TimeoutError'), 'transient'],
      ['AccessDeniedException', sdkError('AccessDeniedException', 'client', 400), 'denied'],
      ['a bare 403', Object.assign(new Error('Forbidden'), { $metadata: { httpStatusCode: 403 } }), 'denied'],
      ['ExpiredTokenException', sdkError('ExpiredTokenException', 'client', 400), 'denied'],
      ['UnknownOperationException', sdkError('UnknownOperationException', 'client', 400), 'unsupported'],
      ['HTTP 501', Object.assign(new Error('Not Implemented'), { $metadata: { httpStatusCode: 501 } }), 'unsupported'],
      ['ServiceNotFoundException', sdkError('ServiceNotFoundException', 'client', 400), 'not-found'],
      ['RepositoryNotFoundException', sdkError('RepositoryNotFoundException', 'client', 400), 'not-found'],
      ['UpdateInProgressException', sdkError('UpdateInProgressException', 'client', 400), 'conflict'],
      ['ServiceNotActiveException', sdkError('ServiceNotActiveException', 'client', 400), 'conflict'],
      ['InvalidParameterException', sdkError('InvalidParameterException', 'client', 400), 'invalid'],
      ['ClientException', sdkError('ClientException', 'client', 400), 'invalid'],
      ['a plain Error', new Error('x'), 'other'],
      ['not an object', 'boom', 'other'],
    ] as const),
  )('classify: %s is %s', (_label, error, kind) => {
    expect(classify(error)).toBe(kind as AwsErrorKind);
  });

  test('a call-specific not-found code: ClientException of DescribeTaskDefinition is not-found', async () => {
    const error = await failureOf(() =>
      awsCall('Describing', 'ecs:DescribeTaskDefinition', () => Promise.reject(sdkError('ClientException', 'client', 400)), ['ClientException']),
    );
    expect((error as AwsError).kind).toBe('not-found');
    expect((error as AwsError).iamAction).toBe('ecs:DescribeTaskDefinition');
    expect((error as AwsError).httpStatus).toBe(400);
  });
});
