import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { REPO } from './stack-env.js';

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * The S3-compatible server of the local stack (its `s3` entry in endpoints.json, written by
 * `pnpm stack:up`), or one named by env: AWS_ENDPOINT_URL_S3 with AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and DL_TEST_S3_BUCKET (default dl-lake).
 */
export function s3TestServer(): S3TestServer {
  const file = path.join(process.env.DL_STACK_DIR ?? path.join(REPO, '.stack'), 'endpoints.json');
  const stack = existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { s3?: Partial<S3TestServer> & { url?: string } }).s3 ?? {}) : {};
  const endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? stack.endpoint ?? stack.url;
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID ?? stack.accessKeyId;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY ?? stack.secretAccessKey;
  if (!endpoint || !accessKeyId || !secretAccessKey) {
    throw new Error('S3 integration tests need the local stack with its S3 server (`pnpm stack:up`), or AWS_ENDPOINT_URL_S3, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of one.');
  }
  return { endpoint, accessKeyId, secretAccessKey, bucket: process.env.DL_TEST_S3_BUCKET ?? stack.bucket ?? 'dl-lake', region: process.env.AWS_REGION ?? stack.region ?? 'us-east-1' };
}

/** A fresh `s3://bucket/<prefix>` lake for one test. */
export function tempS3Lake(server: S3TestServer, prefix = 'test'): string {
  return `s3://${server.bucket}/${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** What `bin/dl` and the Python checks need in env to reach the server. */
export function s3Env(server: S3TestServer): NodeJS.ProcessEnv {
  return { AWS_ENDPOINT_URL_S3: server.endpoint, AWS_ACCESS_KEY_ID: server.accessKeyId, AWS_SECRET_ACCESS_KEY: server.secretAccessKey, AWS_REGION: server.region, NODE_NO_WARNINGS: '1' };
}
