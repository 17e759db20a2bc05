import { describe, expect, test } from '@jest/globals';
import { consoleHost, familyRevision, parseArn, parseTaskDefinitionArn, resourceName, serviceConsoleUrl } from '../src/core/arn.js';
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
      ['eusc-de-east-1', undefined],
      ['us-iso-east-1', undefined],
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
    expect(serviceConsoleUrl('eusc-de-east-1', 'prod', 'api')).toBeUndefined();
  });
});
