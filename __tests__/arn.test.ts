import { describe, expect, test } from '@jest/globals';
import { partition as sdkPartition } from '@aws-sdk/core/client';
import {
  arnPartitionProblem,
  consoleHost,
  familyRevision,
  parseArn,
  PARTITIONS,
  partitionOf,
  parseTaskDefinitionArn,
  resourceName,
  serviceConsoleUrl,
} from '../src/core/arn.js';
import { table } from './helpers/table.js';

describe('parseArn', () => {
  test('splits the parts, in every partition', () => {
    expect(parseArn('arn:aws:ecs:eu-west-1:123456789012:service/prod/api')).toEqual({
      partition: 'aws',
      service: 'ecs',
      region: 'eu-west-1',
      account: '123456789012',
      resource: 'service/prod/api',
    });
    expect(parseArn('arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/api:3')?.partition).toBe('aws-cn');
    expect(parseArn('arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/prod')?.region).toBe('us-gov-west-1');
    expect(parseArn('arn:aws:iam::123456789012:role/deploy')).toMatchObject({ service: 'iam', region: '', resource: 'role/deploy' });
  });
  test.each(['api', 'arn:aws:ecs', 'arn:other:ecs:eu-west-1:123456789012:service/x', 'arn:aws:ecs:eu-west-1:12345:service/x'])('%s is not an ARN', (text) => {
    expect(parseArn(text)).toBeUndefined();
  });
});

describe('task definition names', () => {
  test.each(
    table([
      ['arn:aws:ecs:eu-west-1:123456789012:task-definition/api:42', { family: 'api', revision: 42 }, 'api:42'],
      ['api-worker:7', { family: 'api-worker', revision: 7 }, 'api-worker:7'],
      ['api', undefined, 'api'],
      ['arn:aws:ecs:eu-west-1:123456789012:task-definition/api', undefined, 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api'],
    ] as const),
  )('%s', (text, parsed, short) => {
    expect(parseTaskDefinitionArn(text)).toEqual(parsed);
    expect(familyRevision(text)).toBe(short);
  });
  test('resourceName takes the part after the last slash', () => {
    expect(resourceName('arn:aws:ecs:eu-west-1:123456789012:service/prod/api')).toBe('api');
    expect(resourceName('api')).toBe('api');
  });
});

describe('console links', () => {
  test.each(
    table([
      ['eu-west-1', 'eu-west-1.console.aws.amazon.com'],
      ['ap-southeast-2', 'ap-southeast-2.console.aws.amazon.com'],
      ['cn-north-1', 'console.amazonaws.cn'],
      ['us-gov-west-1', 'console.amazonaws-us-gov.com'],
      ['cn-northwest-1', 'console.amazonaws.cn'],
      ['us-gov-west-1', 'console.amazonaws-us-gov.com'],
      ['us-gov-east-1', 'console.amazonaws-us-gov.com'],
      // No AWS documentation names these consoles: no link rather than a wrong one.
      ['eusc-de-east-1', undefined],
      ['us-iso-east-1', undefined],
      ['us-isob-east-1', undefined],
      ['eu-isoe-west-1', undefined],
      ['us-isof-south-1', undefined],
      ['xx-nowhere-1', undefined],
      ['', undefined],
    ] as const),
  )('%s -> %s', (region, host) => {
    expect(consoleHost(region)).toBe(host);
  });
  test('the service deployments page, names taken from ARNs and encoded; none without a known console', () => {
    expect(serviceConsoleUrl('eu-west-1', 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod', 'arn:aws:ecs:eu-west-1:123456789012:service/prod/api')).toBe(
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/api/deployments?region=eu-west-1',
    );
    expect(serviceConsoleUrl('cn-north-1', 'prod', 'api')).toBe('https://console.amazonaws.cn/ecs/v2/clusters/prod/services/api/deployments?region=cn-north-1');
    expect(serviceConsoleUrl(undefined, 'prod', 'api')).toBeUndefined();
    expect(serviceConsoleUrl('us-gov-west-1', 'prod', 'api')).toBe(
      'https://console.amazonaws-us-gov.com/ecs/v2/clusters/prod/services/api/deployments?region=us-gov-west-1',
    );
    expect(serviceConsoleUrl('eusc-de-east-1', 'prod', 'api')).toBeUndefined();
    expect(serviceConsoleUrl('us-iso-east-1', 'prod', 'api')).toBeUndefined();
  });
});

describe('partitions', () => {
  test.each(
    table([
      ['eu-west-1', 'aws', 'amazonaws.com'],
      ['us-east-1', 'aws', 'amazonaws.com'],
      ['il-central-1', 'aws', 'amazonaws.com'],
      ['mx-central-1', 'aws', 'amazonaws.com'],
      ['cn-north-1', 'aws-cn', 'amazonaws.com.cn'],
      ['cn-northwest-1', 'aws-cn', 'amazonaws.com.cn'],
      ['us-gov-west-1', 'aws-us-gov', 'amazonaws.com'],
      ['us-gov-east-1', 'aws-us-gov', 'amazonaws.com'],
      ['us-iso-east-1', 'aws-iso', 'c2s.ic.gov'],
      ['us-iso-west-1', 'aws-iso', 'c2s.ic.gov'],
      ['us-isob-east-1', 'aws-iso-b', 'sc2s.sgov.gov'],
      ['eu-isoe-west-1', 'aws-iso-e', 'cloud.adc-e.uk'],
      ['us-isof-south-1', 'aws-iso-f', 'csp.hci.ic.gov'],
      ['eusc-de-east-1', 'aws-eusc', 'amazonaws.eu'],
    ] as const),
  )('%s is in %s (%s), as the SDK says', (region, id, dnsSuffix) => {
    expect(partitionOf(region)).toMatchObject({ id, dnsSuffix });
    // The SDK's own partition table (the one it builds endpoints from) agrees.
    expect(sdkPartition(region)).toMatchObject({ name: id, dnsSuffix });
  });

  test('every partition of the SDK is in the table, with the same DNS suffix', () => {
    for (const region of ['us-east-1', 'cn-north-1', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-south-1', 'eusc-de-east-1']) {
      const sdk = sdkPartition(region);
      expect(PARTITIONS.find((p) => p.id === sdk.name)?.dnsSuffix).toBe(sdk.dnsSuffix);
    }
    expect(PARTITIONS.map((p) => p.id).sort()).toEqual(['aws', 'aws-cn', 'aws-eusc', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-us-gov']);
  });

  test.each(['xx-nowhere-1', 'eu-west', 'cn-north', 'eusc-fr-east', 'us-gov', ''])('%j is in no known partition', (region) => {
    expect(partitionOf(region)).toBeUndefined();
  });

  test.each(
    table([
      ['arn:aws:ecs:eu-west-1:123456789012:cluster/prod', undefined],
      ['arn:aws-cn:ecs:cn-north-1:123456789012:cluster/prod', undefined],
      ['arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/prod', undefined],
      ['arn:aws-iso:ecs:us-iso-east-1:123456789012:cluster/prod', undefined],
      ['arn:aws-iso-b:ecs:us-isob-east-1:123456789012:cluster/prod', undefined],
      ['arn:aws-eusc:ecs:eusc-de-east-1:123456789012:cluster/prod', undefined],
      ['arn:aws:iam::123456789012:role/deploy', undefined],
      ['arn:aws-future:ecs:zz-new-1:123456789012:cluster/prod', undefined],
      ['prod', undefined],
      ['arn:aws:ecs:cn-north-1:123456789012:cluster/prod', 'its region cn-north-1 is in partition aws-cn, so the ARN starts arn:aws-cn:, not arn:aws:'],
      ['arn:aws-cn:ecs:eu-west-1:123456789012:cluster/prod', 'its region eu-west-1 is in partition aws, so the ARN starts arn:aws:, not arn:aws-cn:'],
      ['arn:aws:ecs:eusc-de-east-1:123456789012:cluster/prod', 'its region eusc-de-east-1 is in partition aws-eusc, so the ARN starts arn:aws-eusc:, not arn:aws:'],
    ] as const),
  )('arnPartitionProblem(%s)', (arn, problem) => {
    expect(arnPartitionProblem(arn)).toBe(problem);
  });

  test('parseArn reads every partition', () => {
    for (const partition of ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']) {
      expect(parseArn(`arn:${partition}:ecs:r-x-1:123456789012:cluster/prod`)?.partition).toBe(partition);
    }
    expect(parseArn('arn:awsfoo:ecs:eu-west-1:123456789012:cluster/prod')).toBeUndefined();
  });
});
