import { describe, expect, test } from '@jest/globals';
import type { Service } from '@aws-sdk/client-ecs';
import { checkService, deploymentConfiguration, mainContainerName, otherDeployments, severalContainers, targetFamily } from '../src/core/deploy-rules.js';
import { DeployError, InputError } from '../src/core/errors.js';

const service = (overrides: Partial<Service> = {}): Service => ({
  serviceName: 'api',
  status: 'ACTIVE',
  taskDefinition: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:41',
  deploymentController: { type: 'ECS' },
  ...overrides,
});

describe('checkService', () => {
  test('an ACTIVE ECS-controlled service: the revision it serves', () => {
    expect(checkService(service(), 'prod')).toBe('arn:aws:ecs:eu-west-1:123456789012:task-definition/api:41');
    expect(checkService(service({ deploymentController: undefined }), 'prod')).toMatch(/api:41$/);
  });
  test.each([
    ['DRAINING', service({ status: 'DRAINING' }), 'Service "api" in cluster "prod" is DRAINING; only an ACTIVE service can be deployed.'],
    ['no status', service({ status: undefined }), 'Service "api" in cluster "prod" is not ACTIVE; only an ACTIVE service can be deployed.'],
    ['CODE_DEPLOY', service({ deploymentController: { type: 'CODE_DEPLOY' } }), /CODE_DEPLOY deployment controller.*strategy BLUE_GREEN.*PAUSE lifecycle hook/],
    ['EXTERNAL', service({ deploymentController: { type: 'EXTERNAL' } }), /EXTERNAL controller manages its own task sets/],
    ['no task definition', service({ taskDefinition: undefined }), 'Service "api" has no task definition.'],
  ])('refuses %s', (_label, s, message) => {
    expect(() => checkService(s, 'prod')).toThrow(DeployError);
    expect(() => checkService(s, 'prod')).toThrow(message);
  });
});

describe('targetFamily', () => {
  test('the template family without -template, or the family input', () => {
    expect(targetFamily('api-template', undefined)).toBe('api');
    expect(targetFamily('api-template', 'api-blue')).toBe('api-blue');
    expect(targetFamily('base', 'api')).toBe('api');
  });
  test.each([
    ['base', undefined, 'Input "family": is required because the template family "base" does not end in "-template"'],
    ['-template', undefined, 'Input "family": is required because the template family "-template"'],
    ['api-template', 'api-template', 'Input "family": must differ from the template family "api-template"'],
  ])('%s with family %s is refused', (template, family, message) => {
    expect(() => targetFamily(template, family)).toThrow(InputError);
    expect(() => targetFamily(template, family)).toThrow(message);
  });
});

describe('mainContainerName', () => {
  const one = [{ name: 'api' }];
  const two = [{ name: 'api' }, { name: 'envoy' }];
  test('container-name when the template has it, else the only container, else none', () => {
    expect(mainContainerName(two, 'envoy')).toBe('envoy');
    expect(mainContainerName(one, undefined)).toBe('api');
    expect(mainContainerName(two, undefined)).toBeUndefined();
  });
  test('a container-name the template lacks lists its containers', () => {
    expect(() => mainContainerName(two, 'web')).toThrow('Input "container-name": "web" is not a container of the template (its containers: api, envoy)');
  });
  test('severalContainers says why container-name is needed', () => {
    expect(severalContainers(two, 'to place "image"').message).toBe(
      'Input "container-name": is required to place "image": the template has several containers (api, envoy)',
    );
  });
});

describe('deploymentConfiguration', () => {
  const current = { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: false, rollback: false }, strategy: 'ROLLING' as const };
  test('rollback and enable set the circuit breaker; other settings are kept; the input is not changed', () => {
    const before = JSON.stringify(current);
    expect(deploymentConfiguration(current, 'rollback', [])).toEqual({ ...current, deploymentCircuitBreaker: { enable: true, rollback: true } });
    expect(deploymentConfiguration(current, 'enable', [])).toEqual({ ...current, deploymentCircuitBreaker: { enable: true, rollback: false } });
    expect(JSON.stringify(current)).toBe(before);
  });
  test('keep leaves the circuit breaker; alarms are set with rollback', () => {
    expect(deploymentConfiguration(current, 'keep', ['api-5xx', 'api-latency'])).toEqual({
      ...current,
      alarms: { alarmNames: ['api-5xx', 'api-latency'], enable: true, rollback: true },
    });
    expect(deploymentConfiguration(undefined, 'keep', [])).toEqual({});
  });
});

describe('otherDeployments', () => {
  test('a settled service has none; a second deployment or one in progress is listed', () => {
    const td = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:41';
    expect(otherDeployments(service({ deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: 'COMPLETED', taskDefinition: td }] }))).toBeUndefined();
    expect(otherDeployments(service({ deployments: [] }))).toBeUndefined();
    const createdAt = new Date('2025-06-01T11:58:00.000Z');
    expect(
      otherDeployments(service({ deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: 'IN_PROGRESS', taskDefinition: td, createdAt, runningCount: 1, desiredCount: 2 }] })),
    ).toBe(`ecs-svc/1 (PRIMARY, IN_PROGRESS, ${td}, since 2025-06-01T11:58:00.000Z, 1/2 running)`);
    expect(
      otherDeployments(
        service({
          deployments: [
            { id: 'ecs-svc/2', status: 'PRIMARY', taskDefinition: td },
            { id: 'ecs-svc/1', status: 'ACTIVE', rolloutState: 'COMPLETED', taskDefinition: td },
          ],
        }),
      ),
    ).toBe(`ecs-svc/2 (PRIMARY, ?, ${td}, 0/0 running); ecs-svc/1 (ACTIVE, COMPLETED, ${td}, 0/0 running)`);
  });
});
