import path from 'node:path';
import { OptionError } from '@dl/core/errors';
import { maskUserInfo } from '@dl/core/url-text';

export type LakeLocation = { kind: 'local'; path: string } | { kind: 's3'; bucket: string; prefix: string };

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;
// S3's rules for new buckets: 3-63 characters, lowercase letters, digits, dots and hyphens,
// beginning and ending with a letter or digit.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * A data directory (the `dataDir` setting): `s3://bucket/prefix` or a local path (relative paths
 * resolve against the working directory). Anything that looks like a URL but is not one we can
 * open is an OptionError naming the value and the fix (exit 2); `label` names a value that is not
 * the setting's (`The view target`).
 */
export function parseLakeLocation(value: string, label?: string): LakeLocation {
  // Every message echoes the value with any credentials in it masked.
  const shown = maskUserInfo(value);
  const bad = (problem: string, fix: string) =>
    new OptionError({ setting: 'dataDir', value: shown, ...(label === undefined ? {} : { subject: `${label} "${shown}"` }), problem, fix });
  const scheme = SCHEME.exec(value)?.[1];
  if (scheme === undefined) {
    if (value.trim() === '') throw bad('is empty', 'pass a directory or s3://bucket/prefix');
    return { kind: 'local', path: path.resolve(value) };
  }
  if (scheme.toLowerCase() === 'file') return { kind: 'local', path: path.resolve(decodeURIComponent(value.slice('file://'.length))) };
  if (scheme.toLowerCase() !== 's3') {
    throw bad(
      `uses the scheme ${scheme}://, which dl cannot write to`,
      'pass a local directory or s3://bucket/prefix (any S3-compatible server, with {s3Endpoint})',
    );
  }
  const rest = value.slice(scheme.length + 3);
  if (/[?#]/.test(rest)) throw bad('has a query or fragment', 'write it as s3://bucket/prefix, and pass connection settings as flags or AWS_* variables');
  const cut = rest.indexOf('/');
  const bucket = cut < 0 ? rest : rest.slice(0, cut);
  if (bucket === '') throw bad('has no bucket name', 'write it as s3://<bucket>/<prefix>, e.g. s3://dl-lake/orders');
  if (bucket.includes('@') || bucket.includes(':')) {
    throw bad(
      'puts credentials or a port in the URL',
      'write s3://<bucket>/<prefix> and pass the server with {s3Endpoint} and credentials as AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
    );
  }
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw bad(
      `has "${bucket}", which is not a valid S3 bucket name`,
      'use 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit',
    );
  }
  const segments = (cut < 0 ? '' : rest.slice(cut + 1)).split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..'))
    throw bad('has a "." or ".." in its prefix', `write the prefix as plain names, e.g. s3://${bucket}/lake/orders`);
  return { kind: 's3', bucket, prefix: segments.join('/') };
}
