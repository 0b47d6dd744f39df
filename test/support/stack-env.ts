import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The running local stack's endpoints (`pnpm stack:up`), or env overrides. */
export function stackEndpoints(): { brokers: string[]; registryUrl: string } {
  const file = path.join(process.env.DL_STACK_DIR ?? path.join(REPO, '.stack'), 'endpoints.json');
  const fromFile = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { brokers: string; registryUrl: string }) : undefined;
  const brokers = process.env.KAFKA_BROKERS ?? fromFile?.brokers;
  const registryUrl = process.env.SCHEMA_REGISTRY_URL ?? fromFile?.registryUrl;
  if (!brokers || !registryUrl) {
    throw new Error('Integration tests need the local stack: run `pnpm stack:up` first (or set KAFKA_BROKERS and SCHEMA_REGISTRY_URL).');
  }
  return { brokers: brokers.split(','), registryUrl };
}

export function uniqueTopic(prefix = 't'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function tempLake(prefix = 'dl-lake-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const ORDER_SCHEMA = JSON.parse(readFileSync(path.join(REPO, 'packages/core/schemas/order.avsc'), 'utf8')) as Record<string, unknown>;

export interface StackS3 {
  endpoint: string;
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** The local stack's S3 server (`pnpm stack:up` writes it to endpoints.json). */
export function stackS3(): StackS3 {
  const file = path.join(process.env.DL_STACK_DIR ?? path.join(REPO, '.stack'), 'endpoints.json');
  const e = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string | undefined>) : {};
  if (!e.s3Endpoint || !e.s3Bucket || !e.s3AccessKeyId || !e.s3SecretAccessKey) {
    throw new Error(
      `S3 tests need the local stack's S3 server, and ${file} has no s3Endpoint: run \`node stack/stack.mjs down && node stack/stack.mjs up\` with this checkout (or point DL_STACK_DIR at a stack that has one).`,
    );
  }
  return {
    endpoint: e.s3Endpoint,
    bucket: e.s3Bucket,
    region: e.s3Region ?? 'us-east-1',
    credentials: { accessKeyId: e.s3AccessKeyId, secretAccessKey: e.s3SecretAccessKey },
  };
}

/** delta-rs's storage options for the stack's S3 server (for `DL_DELTA_STORAGE_OPTIONS`). */
export function deltaRsS3Options(s3: StackS3, extra: Record<string, string> = {}): string {
  return JSON.stringify({
    AWS_ENDPOINT_URL: s3.endpoint,
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    AWS_REGION: s3.region,
    AWS_ALLOW_HTTP: 'true',
    ...extra,
  });
}
