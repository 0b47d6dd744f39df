import { ConfigError } from '@dl/core/errors';
import { isHttpUrl, maskUserInfo } from '@dl/core/url-text';
import type { S3Settings } from '@dl/storage';
import { stackEndpoints, stackEndpointsFile } from './stack-endpoints.js';

/** What the local stack's endpoints file says about its S3 server (written by stack/ while it is up). */
function readStackS3(env: NodeJS.ProcessEnv): { endpoint?: string; region?: string; accessKeyId?: string; secretAccessKey?: string } {
  const v = stackEndpoints(env)?.values ?? {};
  return { endpoint: v.s3Endpoint, region: v.s3Region, accessKeyId: v.s3AccessKeyId, secretAccessKey: v.s3SecretAccessKey };
}

/**
 * S3 connection settings for an `s3://` data dir, with the standard AWS names: `--s3-endpoint`
 * (or AWS_ENDPOINT_URL_S3, both through the settings schema) over AWS_ENDPOINT_URL over the local
 * stack's S3 server; AWS_REGION (or AWS_DEFAULT_REGION). Credentials come from the SDK's default
 * chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, AWS_PROFILE, the shared files,
 * roles); only when that chain has nothing and the endpoint is the stack's own do the stack's test
 * credentials fill in. Path-style addressing whenever an endpoint is set.
 */
export function resolveS3Settings(s3Endpoint: string | undefined, env: NodeJS.ProcessEnv = process.env): S3Settings {
  const stack = readStackS3(env);
  const fallback = (env.AWS_ENDPOINT_URL || undefined) ?? stack.endpoint;
  const endpoint = s3Endpoint ?? fallback;
  if (s3Endpoint === undefined && endpoint !== undefined && !isHttpUrl(endpoint, { withoutUserInfo: true })) {
    const source = env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : stackEndpointsFile(env);
    throw new ConfigError(
      `The S3 endpoint "${maskUserInfo(endpoint)}" (from ${source}) is not an http(s) URL without credentials; pass e.g. --s3-endpoint http://localhost:8333.`,
    );
  }
  const region = (env.AWS_REGION || undefined) ?? (env.AWS_DEFAULT_REGION || undefined) ?? stack.region;
  const chainHasCredentials = Boolean(
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_PROFILE ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  );
  const stackCredentials =
    !chainHasCredentials && endpoint !== undefined && endpoint === stack.endpoint && stack.accessKeyId !== undefined && stack.secretAccessKey !== undefined;
  return {
    ...(endpoint === undefined ? {} : { endpoint: endpoint.replace(/\/+$/, ''), forcePathStyle: true }),
    ...(region === undefined ? {} : { region }),
    ...(stackCredentials ? { accessKeyId: stack.accessKeyId!, secretAccessKey: stack.secretAccessKey! } : {}),
  };
}

/** True when one of `locations` (a data dir, a view target) is an `s3://` URL. */
export function anyOnS3(locations: Array<string | undefined>): boolean {
  return locations.some((l) => l !== undefined && /^s3:\/\//i.test(l));
}

/** The settings, resolved only when one of `locations` is an `s3://` URL (a local run never reads AWS_* or fails on them). */
export function s3SettingsFor(locations: Array<string | undefined>, s3Endpoint: string | undefined, env: NodeJS.ProcessEnv = process.env): S3Settings {
  return anyOnS3(locations) ? resolveS3Settings(s3Endpoint, env) : {};
}
