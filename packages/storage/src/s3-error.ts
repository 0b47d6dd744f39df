import { StorageError } from './storage-error.js';

/** What an error thrown by the AWS SDK (or its HTTP layer) looks like, as far as we read it. */
interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $retryable?: unknown;
}

/** Where the failing call went, for messages. Never holds credentials. */
export interface S3ErrorContext {
  bucket: string;
  /** `s3://bucket/prefix/key` of the object the call was about (or the store's location). */
  where: string;
  /** The endpoint override, or undefined for AWS itself. */
  endpoint: string | undefined;
  /** The store-relative key, for `StorageError.key`. */
  key: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);
const THROTTLING = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);
const DENIED = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidToken',
  'ExpiredToken',
  'TokenRefreshRequired',
  'AllAccessDisabled',
  'InvalidSecurity',
]);

export function sdkErrorName(e: unknown): string {
  const err = (e ?? {}) as SdkErrorShape;
  return err.name ?? err.Code ?? err.code ?? 'Error';
}

export function sdkStatus(e: unknown): number | undefined {
  return (e as SdkErrorShape | undefined)?.$metadata?.httpStatusCode;
}

/** The network-level code (ECONNREFUSED …) of an error or any of its causes. */
function networkCode(e: unknown): string | undefined {
  for (let cur = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function isNotFound(name: string, status: number | undefined): boolean {
  return name === 'NoSuchKey' || name === 'NotFound' || (status === 404 && name !== 'NoSuchBucket' && name !== 'NoSuchUpload');
}

export function isSdkNotFound(e: unknown): boolean {
  return isNotFound(sdkErrorName(e), sdkStatus(e));
}

export function isPreconditionFailed(e: unknown): boolean {
  return sdkStatus(e) === 412 || sdkErrorName(e) === 'PreconditionFailed';
}

/** AWS answers 409 ConditionalRequestConflict when conditional writes on one key race; retry those. */
export function isConditionalConflict(e: unknown): boolean {
  return sdkErrorName(e) === 'ConditionalRequestConflict' || (sdkStatus(e) === 409 && sdkErrorName(e) !== 'BucketAlreadyOwnedByYou');
}

/**
 * The cause kept for an authentication failure: the error name, HTTP status and request ids, not
 * the SDK's error itself, which carries the server's message and every field of its body (S3's
 * SignatureDoesNotMatch echoes StringToSign, SignatureProvided and CanonicalRequest) to whatever
 * prints causes (DL_DEBUG, a logger's inspect).
 */
function deniedCause(e: unknown, name: string, status: number | undefined): Error {
  const cause = new Error(`${status ? `HTTP ${status}; ` : ''}the server's text is left out (it may echo signing material)`);
  cause.name = name;
  const meta = (e as SdkErrorShape | undefined)?.$metadata;
  return meta ? Object.assign(cause, { $metadata: meta }) : cause;
}

function where(ctx: S3ErrorContext): string {
  return ctx.endpoint ? `${ctx.where} (endpoint ${ctx.endpoint})` : ctx.where;
}

/**
 * One StorageError for any failure of an SDK call. The messages name the object, the endpoint
 * and the fix; they never include credentials, and for authentication failures they leave out
 * the server's text too (some servers echo the string-to-sign and the access key there), also
 * from the cause (see `deniedCause`).
 */
export function toStorageError(e: unknown, ctx: S3ErrorContext): StorageError {
  if (e instanceof StorageError) return e;
  const name = sdkErrorName(e);
  const status = sdkStatus(e);
  const attempts = (e as SdkErrorShape | undefined)?.$metadata?.attempts;
  const message = (e as SdkErrorShape | undefined)?.message ?? String(e);

  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return new StorageError(
      'ACCESS_DENIED',
      ctx.key,
      `No AWS credentials were found for ${where(ctx)}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials), or AWS_PROFILE for a profile in ~/.aws/config.`,
      { cause: e },
    );
  }
  if (DENIED.has(name) || status === 403) {
    return new StorageError(
      'ACCESS_DENIED',
      ctx.key,
      `S3 denied access to ${where(ctx)} (${name}): check the access key and secret (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE) and that they may read and write bucket ${ctx.bucket}.`,
      { cause: deniedCause(e, name, status) },
    );
  }
  if (name === 'NoSuchBucket') {
    return new StorageError(
      'NOT_FOUND',
      ctx.key,
      `The bucket ${ctx.bucket} does not exist${ctx.endpoint ? ` at ${ctx.endpoint}` : ''}: create it (e.g. \`aws s3 mb s3://${ctx.bucket}${ctx.endpoint ? ` --endpoint-url ${ctx.endpoint}` : ''}\`) or fix the bucket name.`,
      { cause: e },
    );
  }
  if (isNotFound(name, status)) {
    return new StorageError('NOT_FOUND', ctx.key, `${ctx.where} does not exist.`, { cause: e });
  }
  if (isPreconditionFailed(e)) {
    return new StorageError('PRECONDITION', ctx.key, `The condition of a request on ${where(ctx)} did not hold (HTTP 412).`, { cause: e });
  }
  const net = networkCode(e);
  const retriable =
    net !== undefined ||
    THROTTLING.has(name) ||
    (status !== undefined && status >= 500) ||
    status === 429 ||
    (e as SdkErrorShape | undefined)?.$retryable !== undefined ||
    name === 'AbortError';
  if (retriable) {
    const why = net ?? (status ? `HTTP ${status} ${name}` : name);
    return new StorageError(
      'UNAVAILABLE',
      ctx.key,
      `S3 is unavailable for ${where(ctx)} (${why}${attempts ? `, ${attempts} attempt${attempts === 1 ? '' : 's'}` : ''}); retrying later may help.`,
      { cause: e },
    );
  }
  return new StorageError('OTHER', ctx.key, `S3 request on ${where(ctx)} failed (${status ? `HTTP ${status} ` : ''}${name}): ${message}`, { cause: e });
}
