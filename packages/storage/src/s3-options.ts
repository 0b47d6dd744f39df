import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/**
 * How to reach a bucket. The library never reads argv or env itself; what it does not get here
 * the AWS SDK's default chains supply: credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
 * AWS_SESSION_TOKEN, AWS_PROFILE and ~/.aws/{config,credentials} (and instance roles), the region
 * from AWS_REGION and the config file. The CLI maps the endpoint itself: `--s3-endpoint`, else
 * AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, passed as `endpoint` (path-style follows from it).
 */
export interface S3StoreOptions {
  bucket: string;
  /** Keys go under `prefix/` ('' = the bucket's root). Leading and trailing slashes are ignored. */
  prefix?: string;
  /** An S3-compatible server, e.g. `http://localhost:9000`. Unset = AWS S3. */
  endpoint?: string;
  /** Default: the SDK's chain (AWS_REGION, config file), or `us-east-1` when an endpoint is set. */
  region?: string;
  /** Path-style URLs (`endpoint/bucket/key`). Default: true when an endpoint is set. */
  forcePathStyle?: boolean;
  /** Static credentials; default: the SDK's chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** A profile of the shared config files; default: AWS_PROFILE or `default` (via the SDK). */
  profile?: string;
  /** Attempts per request, with the SDK's exponential backoff between them (default 6). */
  maxAttempts?: number;
  /** Bodies of at least this many bytes go up as multipart uploads (default 16 MiB, at least 5 MiB). */
  multipartThreshold?: number;
  /** Part size of multipart uploads (default 8 MiB, at least 5 MiB: S3's minimum). */
  partSize?: number;
  /** Socket idle / connect timeouts in ms (defaults 60 s / 10 s); a timeout is retried. */
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  /**
   * `'read-write'` (default): `openS3Store` proves conditional writes with a probe object.
   * `'read'`: for readers such as `dl view`, which may hold read-only credentials: open only lists
   * one key (so a missing bucket, bad credentials or a dead server still fail at open) and writes
   * nothing. Writes through such a store are not blocked, but were never checked.
   */
  access?: 'read-write' | 'read';
}

export const MIN_PART_SIZE = 5 * 1024 * 1024;

export interface ResolvedS3Options {
  bucket: string;
  /** '' or `prefix/` — prepended to every store key. */
  root: string;
  endpoint: string | undefined;
  multipartThreshold: number;
  partSize: number;
}

export function resolveS3Options(opts: S3StoreOptions): ResolvedS3Options {
  const prefix = (opts.prefix ?? '').replace(/^\/+|\/+$/g, '');
  const partSize = Math.max(MIN_PART_SIZE, opts.partSize ?? 8 * 1024 * 1024);
  return {
    bucket: opts.bucket,
    root: prefix ? `${prefix}/` : '',
    endpoint: opts.endpoint,
    partSize,
    multipartThreshold: Math.max(MIN_PART_SIZE, opts.multipartThreshold ?? 16 * 1024 * 1024),
  };
}

export function makeS3Client(opts: S3StoreOptions): S3Client {
  const config: S3ClientConfig = {
    maxAttempts: opts.maxAttempts ?? 6,
    retryMode: 'standard',
    requestHandler: {
      requestTimeout: opts.requestTimeoutMs ?? 60_000,
      connectionTimeout: opts.connectTimeoutMs ?? 10_000,
    },
  };
  if (opts.endpoint) {
    config.endpoint = opts.endpoint;
    config.forcePathStyle = opts.forcePathStyle ?? true;
    config.region = opts.region ?? 'us-east-1';
    // S3-compatible servers differ in which of the SDK's newer default checksums (CRC32 trailers)
    // they accept; send and check them only where the API requires them.
    config.requestChecksumCalculation = 'WHEN_REQUIRED';
    config.responseChecksumValidation = 'WHEN_REQUIRED';
  } else {
    if (opts.region) config.region = opts.region;
    if (opts.forcePathStyle !== undefined) config.forcePathStyle = opts.forcePathStyle;
  }
  if (opts.credentials) config.credentials = opts.credentials;
  if (opts.profile) config.profile = opts.profile;
  return new S3Client(config);
}
