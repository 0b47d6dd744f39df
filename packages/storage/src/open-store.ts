import { ConfigError } from '@dl/core/errors';
import type { ObjectStore } from './object-store.js';
import { LocalStore } from './local-store.js';
import { parseLakeLocation } from './parse-lake-location.js';

/** Connection settings for `s3://` lakes; resolved by the cli (flags > env > the stack's endpoints file). */
export interface S3Settings {
  endpoint?: string;
  region?: string;
  /** Path-style addressing; on by default when an endpoint is set (S3-compatible servers). */
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/** The store a `--data-dir` value names: a LocalStore for paths, the S3 store for `s3://bucket/prefix`. */
export async function openStore(location: string, s3: S3Settings = {}): Promise<ObjectStore> {
  const loc = parseLakeLocation(location);
  if (loc.kind === 'local') return new LocalStore(loc.path);
  void s3;
  throw new ConfigError(`--data-dir "${location}": this build of dl has no S3 backend yet; pass a local directory.`);
}
