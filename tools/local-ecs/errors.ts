// AWS errors as the JSON 1.1 protocol carries them: a code, a message and an HTTP status.

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Members of the error shape besides the message (e.g. ConflictException's resourceIds). */
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export const clientException = (message: string): AwsError => new AwsError('ClientException', message);

export const invalidParameter = (message: string): AwsError => new AwsError('InvalidParameterException', message);

export const clusterNotFound = (): AwsError => new AwsError('ClusterNotFoundException', 'Cluster not found.');

export const serviceNotFound = (): AwsError => new AwsError('ServiceNotFoundException', 'Service not found.');

export const serviceNotActive = (): AwsError => new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.');

export const serviceDeploymentNotFound = (): AwsError =>
  new AwsError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.');

/** ConflictException with the resources in conflict (`resourceIds`). */
export const conflict = (message: string, resourceIds: string[]): AwsError =>
  new AwsError('ConflictException', message, 400, { resourceIds });

export const resourceNotFound = (): AwsError =>
  new AwsError('ResourceNotFoundException', 'The specified resource could not be found.');

export const throttling = (): AwsError => new AwsError('ThrottlingException', 'Rate exceeded');

export const serverError = (): AwsError =>
  new AwsError('ServerException', 'Service Unavailable. Please try again later.', 500);

/** The service prefix of an operation key (`scheduler` of `scheduler:GetSchedule`). */
const serviceOf = (operation: string): string => operation.split(':')[0] ?? '';

/** ThrottlingException as the operation's service sends it (EventBridge Scheduler: HTTP 429). */
export const throttlingFor = (operation: string): AwsError =>
  serviceOf(operation) === 'scheduler' ? new AwsError('ThrottlingException', 'Rate exceeded', 429) : throttling();

/** A 5xx in the operation's service's own code: InternalException (EventBridge), InternalServerException (Scheduler), else ServerException. */
export function serverErrorFor(operation: string, message?: string): AwsError {
  const service = serviceOf(operation);
  const code = service === 'events' ? 'InternalException' : service === 'scheduler' ? 'InternalServerException' : 'ServerException';
  return message === undefined && code === 'ServerException' ? serverError() : new AwsError(code, message ?? 'Service Unavailable. Please try again later.', 500);
}

export const unknownOperation = (target: string): AwsError =>
  new AwsError('UnknownOperationException', `Unknown operation ${target}`);

export const serializationError = (message: string): AwsError => new AwsError('SerializationException', message);

export function accessDenied(principal: string, action: string, resource: string): AwsError {
  return new AwsError(
    'AccessDeniedException',
    `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ` +
      `because no identity-based policy allows the ${action} action`,
  );
}

/** Throws InvalidParameterException unless `value` is a non-empty string. */
export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw invalidParameter(`${name} must be specified.`);
  return value;
}
