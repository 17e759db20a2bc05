/**
 * The one place AWS errors are classified: every adapter call goes through awsCall, which turns an SDK
 * error into an AwsError that says what was being done, why it failed and what to do, and carries a
 * kind that flows switch on (never on error names).
 */
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import { DeployError } from '../core/errors.js';

/**
 * - `throttled`: AWS asked to slow down (retried by the SDK first).
 * - `transient`: a 5xx answer, a timeout or a dropped connection; trying again may work.
 * - `denied`: the role lacks `iamAction` (or has no valid credentials).
 * - `not-found`: the resource named does not exist.
 * - `invalid`: AWS refused the request as given.
 * - `conflict`: the resource is busy or in a state that forbids the call.
 * - `unsupported`: the endpoint does not know the operation.
 */
export type AwsErrorKind = 'throttled' | 'transient' | 'denied' | 'not-found' | 'invalid' | 'conflict' | 'unsupported' | 'other';

/** A failed AWS call, already worded: "<what> failed (<code>: <message>). <advice>". */
export class AwsError extends DeployError {
  constructor(
    message: string,
    readonly kind: AwsErrorKind,
    /** The AWS error code (`ServiceNotFoundException`), or `Error` when there is none. */
    readonly code: string,
    /** The IAM action the call needs (`ecs:UpdateService`). */
    readonly iamAction: string,
    /** The HTTP status of the answer, when there was one. */
    readonly httpStatus: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AwsError';
  }
}

/** True when `error` is an AwsError of one of `kinds`. */
export function isAwsError(error: unknown, ...kinds: AwsErrorKind[]): error is AwsError {
  return error instanceof AwsError && (kinds.length === 0 || kinds.includes(error.kind));
}

interface SdkErrorLike {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const DENIED = /^(?:AccessDenied(?:Exception)?|UnauthorizedOperation|UnauthorizedException|UnrecognizedClientException|InvalidClientTokenId|ExpiredToken(?:Exception)?|InvalidSignatureException|MissingAuthenticationToken|CredentialsProviderError)$/;
const CREDENTIALS = /^(?:UnrecognizedClientException|InvalidClientTokenId|ExpiredToken(?:Exception)?|InvalidSignatureException|MissingAuthenticationToken|CredentialsProviderError)$/;
const CONFLICT = /^(?:ConflictException|UpdateInProgressException|ResourceInUseException|ServiceNotActiveException)$/;
const UNSUPPORTED = /^(?:UnknownOperationException|UnsupportedFeatureException|InvalidAction)$/;

/** The error code: the SDK error's name, else the protocol's `Code` or Node's `code` (`ECONNRESET`). */
function codeOf(error: SdkErrorLike): string {
  for (const candidate of [error.name, error.Code, error.code]) if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error') return candidate;
  return 'Error';
}

/** The kind of an SDK error: the SDK's own retry classification first, then the error's fault and code. */
export function classify(error: unknown): AwsErrorKind {
  if (error === null || typeof error !== 'object') return 'other';
  const e = error as SdkErrorLike;
  const code = codeOf(e);
  const status = e.$metadata?.httpStatusCode;
  const sdk = error as Parameters<typeof isThrottlingError>[0];
  if (isThrottlingError(sdk)) return 'throttled';
  if (DENIED.test(code) || status === 403) return 'denied';
  if (UNSUPPORTED.test(code) || status === 501) return 'unsupported';
  if (isTransientError(sdk) || isServerError(sdk) || e.$fault === 'server' || (status !== undefined && status >= 500)) return 'transient';
  if (/NotFound/.test(code) || status === 404) return 'not-found';
  if (CONFLICT.test(code) || status === 409) return 'conflict';
  if (e.$fault === 'client' || (status !== undefined && status >= 400)) return 'invalid';
  return 'other';
}

/** What to do about a failed call, by kind (and code where it tells more). */
function advice(kind: AwsErrorKind, code: string, iamAction: string): string {
  switch (kind) {
    case 'denied':
      return CREDENTIALS.test(code)
        ? 'Configure AWS credentials before this step (for example with aws-actions/configure-aws-credentials and OIDC).'
        : `The role this job assumes needs the IAM permission "${iamAction}" (see the IAM policy in the README).`;
    case 'throttled':
      return 'AWS throttled the request after retries; re-run the job, or raise poll-seconds.';
    case 'transient':
      return 'AWS or the network failed after retries; re-run the job.';
    case 'unsupported':
      return `This endpoint does not support ${iamAction}.`;
    case 'not-found':
      if (code === 'ClusterNotFoundException') return 'Check the "cluster" input and the region.';
      if (code === 'ServiceNotFoundException') return 'Check the "service" input, the cluster and the region.';
      return 'Check the name and the region.';
    case 'conflict':
      if (code === 'ServiceNotActiveException') return 'The service is being deleted or is inactive; recreate it (Terraform) before deploying.';
      return 'The resource is busy; re-run the job when the other change has ended.';
    case 'invalid':
      if (code === 'PlatformUnknownException' || code === 'PlatformTaskDefinitionIncompatibilityException') {
        return 'Check the service platform version against the task definition.';
      }
      return 'Check the message above.';
    default:
      return 'Check the message above; re-run the job if it was a passing AWS fault.';
  }
}

/** Wraps an SDK error thrown by `what` (needing `iamAction`). */
export function toAwsError(what: string, iamAction: string, error: unknown, notFoundCodes: readonly string[] = []): AwsError {
  const e = (error !== null && typeof error === 'object' ? error : {}) as SdkErrorLike;
  const code = codeOf(e);
  const kind = notFoundCodes.includes(code) ? 'not-found' : classify(error);
  const message = error instanceof Error ? error.message : String(error);
  return new AwsError(`${what} failed (${code}: ${message}). ${advice(kind, code, iamAction)}`, kind, code, iamAction, e.$metadata?.httpStatusCode, {
    cause: error,
  });
}

/**
 * Runs one AWS call; a failure becomes an AwsError. `action` is the IAM action the call needs, e.g.
 * `ecs:UpdateService`; `notFoundCodes` are error codes that mean "no such resource" for this call
 * (ECS answers a missing task definition with a plain ClientException). A DeployError thrown by the
 * callback (already worded) passes through.
 */
export async function awsCall<T>(what: string, action: string, call: () => Promise<T>, notFoundCodes: readonly string[] = []): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DeployError) throw error;
    throw toAwsError(what, action, error, notFoundCodes);
  }
}
