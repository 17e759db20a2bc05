/** Wraps AWS calls so that a failure says what was being done, why it failed and what to do. */
import { DeployError } from '../core/errors.js';

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnauthorizedException']);
const NO_CREDENTIALS = new Set(['CredentialsProviderError', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException']);

function errorName(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; Code?: unknown; code?: unknown };
    for (const candidate of [e.name, e.Code, e.code]) if (typeof candidate === 'string' && candidate !== 'Error') return candidate;
  }
  return 'Error';
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The AWS error code of a thrown error (`name` for SDK v3 errors). */
export function awsErrorCode(error: unknown): string {
  return errorName(error);
}

/** True for an AWS authorisation failure. */
export function isAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED.has(errorName(error));
}

/** The advice for a failed call, by error code. */
function advice(code: string, action: string): string {
  if (ACCESS_DENIED.has(code)) return `The role this job assumes needs the IAM permission "${action}" (see the IAM policy in the README).`;
  if (NO_CREDENTIALS.has(code)) return 'Configure AWS credentials before this step (for example with aws-actions/configure-aws-credentials and OIDC).';
  if (code === 'ThrottlingException' || code === 'TooManyRequestsException') return 'AWS throttled the request after retries; re-run the job, or raise poll-seconds.';
  if (code === 'ClusterNotFoundException') return 'Check the "cluster" input and the region.';
  if (code === 'ServiceNotFoundException') return 'Check the "service" input, the cluster and the region.';
  if (code === 'ServiceNotActiveException') return 'The service is being deleted or is inactive; recreate it (Terraform) before deploying.';
  if (code === 'PlatformUnknownException' || code === 'PlatformTaskDefinitionIncompatibilityException') return 'Check the service platform version against the task definition.';
  return 'Check the message above; re-run the job if it was a passing AWS fault.';
}

/**
 * Runs one AWS call. On failure throws a DeployError: "<what> failed (<code>: <message>). <advice>".
 * `action` is the IAM action the call needs, e.g. `ecs:UpdateService`.
 */
export async function awsCall<T>(what: string, action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DeployError) throw error;
    const code = errorName(error);
    throw new AwsCallError(`${what} failed (${code}: ${errorMessage(error)}). ${advice(code, action)}`, code, { cause: error });
  }
}

/** A wrapped AWS failure that keeps the AWS error code. */
export class AwsCallError extends DeployError {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AwsCallError';
  }
}
