import type { ObjectStore } from './object-store.js';
import { LocalStore } from './local-store.js';
import { parseLakeLocation } from './parse-lake-location.js';

/** Connection settings for `s3://` lakes; resolved by the cli (flags > env > the stack's endpoints file). */
export interface S3Settings {
  endpoint?: string;
  region?: string;
  /** Path-style addressing; on by default when an endpoint is set (S3-compatible servers). */
  forcePathStyle?: boolean;
  /** Static credentials; unset = the AWS SDK's default chain (env, AWS_PROFILE, shared files, roles). */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/**
 * The store a `--data-dir` value names: a LocalStore for paths, the S3 store for
 * `s3://bucket/prefix` (opened with its conditional-write probe: a server that would let two
 * writers create one commit record is refused here). Malformed values are ConfigErrors (exit 2);
 * no credentials, access denied and a missing bucket are StorageErrors with a sentence (exit 1).
 * `access: 'read'` (dl view, a dry run) opens by listing instead, so read-only credentials do
 * and nothing is written.
 */
export async function openStore(
  location: string,
  s3: S3Settings = {},
  { access = 'read-write' }: { access?: 'read-write' | 'read' } = {},
): Promise<ObjectStore> {
  const loc = parseLakeLocation(location);
  if (loc.kind === 'local') return new LocalStore(loc.path);
  const { openS3Store } = await import('./s3-store.js');
  return openS3Store({
    access,
    bucket: loc.bucket,
    prefix: loc.prefix,
    ...(s3.endpoint === undefined ? {} : { endpoint: s3.endpoint }),
    ...(s3.region === undefined ? {} : { region: s3.region }),
    ...(s3.forcePathStyle === undefined ? {} : { forcePathStyle: s3.forcePathStyle }),
    ...(s3.accessKeyId !== undefined && s3.secretAccessKey !== undefined
      ? { credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, ...(s3.sessionToken ? { sessionToken: s3.sessionToken } : {}) } }
      : {}),
  });
}
