/** The rules a deploy follows before it writes: which services, families and containers it accepts. Pure. */
import type { DeploymentConfiguration, Service } from '@aws-sdk/client-ecs';
import { DeployError, InputError } from './errors.js';
import type { CircuitBreakerMode } from './inputs.js';
import { deepClone } from './clone.js';

const TEMPLATE_SUFFIX = '-template';

/** Checks that the service can be deployed by this action; returns the ARN it serves now. */
export function checkService(service: Service, cluster: string): string {
  const name = service.serviceName ?? '?';
  if (service.status !== 'ACTIVE') {
    throw new DeployError(`Service "${name}" in cluster "${cluster}" is ${service.status ?? 'not ACTIVE'}; only an ACTIVE service can be deployed.`);
  }
  const controller = service.deploymentController?.type ?? 'ECS';
  if (controller !== 'ECS') {
    throw new DeployError(
      `Service "${name}" uses the ${controller} deployment controller; this action deploys only services with the ECS deployment controller` +
        (controller === 'CODE_DEPLOY'
          ? '. For blue/green, move the service to the ECS controller with deployment_configuration strategy BLUE_GREEN (or LINEAR, CANARY) and a PAUSE lifecycle hook where a person approves: this action follows those stages, pauses and resumes (README: Blue/green with an approval).'
          : ' (an EXTERNAL controller manages its own task sets).'),
    );
  }
  if (!service.taskDefinition) throw new DeployError(`Service "${name}" has no task definition.`);
  return service.taskDefinition;
}

/** The family to register into: the input, or the template family without its `-template` suffix. */
export function targetFamily(templateFamily: string, family: string | undefined): string {
  const target = family ?? (templateFamily.endsWith(TEMPLATE_SUFFIX) ? templateFamily.slice(0, -TEMPLATE_SUFFIX.length) : undefined);
  if (target === undefined || target === '') {
    throw new InputError(
      'family',
      `is required because the template family "${templateFamily}" does not end in "${TEMPLATE_SUFFIX}" (expected the family to register deploys into)`,
    );
  }
  if (target === templateFamily) {
    throw new InputError('family', `must differ from the template family "${templateFamily}" (the template is never registered into)`);
  }
  return target;
}

/** The container `image` and the overlays apply to: `container-name`, or the template's only container. */
export function mainContainerName(containers: ReadonlyArray<{ name: string }>, containerName: string | undefined): string | undefined {
  if (containerName !== undefined) {
    if (!containers.some((c) => c.name === containerName)) {
      throw new InputError('container-name', `"${containerName}" is not a container of the template (its containers: ${containers.map((c) => c.name).join(', ')})`);
    }
    return containerName;
  }
  return containers.length === 1 ? containers[0]?.name : undefined;
}

/** The error for an input that needs `container-name` because the template has several containers. */
export function severalContainers(containers: ReadonlyArray<{ name: string }>, why: string): InputError {
  return new InputError('container-name', `is required ${why}: the template has several containers (${containers.map((c) => c.name).join(', ')})`);
}

/** The service's deployment configuration with the circuit breaker and alarms set as asked; other fields kept. */
export function deploymentConfiguration(
  current: DeploymentConfiguration | undefined,
  circuitBreaker: CircuitBreakerMode,
  alarms: readonly string[],
): DeploymentConfiguration {
  const config: DeploymentConfiguration = deepClone(current ?? {});
  if (circuitBreaker !== 'keep') config.deploymentCircuitBreaker = { enable: true, rollback: circuitBreaker === 'rollback' };
  if (alarms.length > 0) config.alarms = { alarmNames: [...alarms], enable: true, rollback: true };
  return config;
}

/** The service's other deployments that are in flight, one line each; empty when the service is settled. */
export function otherDeployments(service: Service): string | undefined {
  const deployments = service.deployments ?? [];
  if (deployments.length <= 1 && !deployments.some((d) => d.rolloutState === 'IN_PROGRESS')) return undefined;
  return deployments
    .map((d) => {
      const since = d.createdAt ? `, since ${d.createdAt.toISOString()}` : '';
      return `${d.id} (${d.status}, ${d.rolloutState ?? '?'}, ${d.taskDefinition}${since}, ${d.runningCount ?? 0}/${d.desiredCount ?? 0} running)`;
    })
    .join('; ');
}
