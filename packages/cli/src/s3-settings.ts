import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '@dl/core/errors';
import type { S3Settings } from '@dl/storage';
import { stackEndpointsFile } from './connection.js';

export interface S3Flags {
  s3Endpoint?: string;
}

/** What the local stack's endpoints file may say about its S3 server (written by stack/ while it is up). */
interface StackS3 {
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

function readStackS3(env: NodeJS.ProcessEnv): StackS3 {
  const file = stackEndpointsFile(env);
  if (!existsSync(file)) return {};
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { s3?: StackS3 & { url?: string } };
    const s3 = json.s3 ?? {};
    return { ...s3, ...(s3.endpoint === undefined && s3.url !== undefined ? { endpoint: s3.url } : {}) };
  } catch {
    return {};
  }
}

/**
 * S3 connection settings for an `s3://` data dir, with the standard AWS names: `--s3-endpoint`
 * over `AWS_ENDPOINT_URL_S3` over `AWS_ENDPOINT_URL` over the local stack's S3 server; `AWS_REGION`
 * (or `AWS_DEFAULT_REGION`). Credentials come from the SDK's default chain (AWS_ACCESS_KEY_ID/
 * AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, AWS_PROFILE and the shared files); only when none of
 * those is set and the endpoint is the stack's own do its test credentials fill in. Path-style
 * addressing whenever an endpoint is set (S3-compatible servers rarely do virtual hosts).
 */
export function resolveS3Settings(flags: S3Flags, env: NodeJS.ProcessEnv = process.env): S3Settings {
  const stack = readStackS3(env);
  const given = flags.s3Endpoint ?? (env.AWS_ENDPOINT_URL_S3 || undefined) ?? (env.AWS_ENDPOINT_URL || undefined);
  const endpoint = given ?? stack.endpoint;
  if (endpoint !== undefined) {
    let ok = false;
    try {
      const u = new URL(endpoint);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === '';
    } catch {
      ok = false;
    }
    if (!ok) {
      const source = flags.s3Endpoint !== undefined ? '--s3-endpoint' : env.AWS_ENDPOINT_URL_S3 ? 'AWS_ENDPOINT_URL_S3' : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : stackEndpointsFile(env);
      throw new ConfigError(`The S3 endpoint "${endpoint.replace(/\/\/[^/@]*@/, '//***@')}" (from ${source}) is not an http(s) URL without credentials; pass e.g. --s3-endpoint http://localhost:8333.`);
    }
  }
  const region = (env.AWS_REGION || undefined) ?? (env.AWS_DEFAULT_REGION || undefined) ?? stack.region;
  const chainHasCredentials = Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI);
  const useStackCredentials = !chainHasCredentials && endpoint !== undefined && endpoint === stack.endpoint && stack.accessKeyId !== undefined && stack.secretAccessKey !== undefined;
  return {
    ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }),
    ...(region === undefined ? {} : { region }),
    ...(useStackCredentials ? { accessKeyId: stack.accessKeyId!, secretAccessKey: stack.secretAccessKey! } : {}),
  };
}

/** The settings, resolved only when one of `locations` is an `s3://` URL (a local run never reads AWS_* or fails on them). */
export function s3SettingsFor(locations: Array<string | undefined>, flags: S3Flags, env: NodeJS.ProcessEnv = process.env): S3Settings {
  return locations.some((l) => l !== undefined && /^s3:\/\//i.test(l)) ? resolveS3Settings(flags, env) : {};
}
