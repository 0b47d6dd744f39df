import { randomBytes } from 'node:crypto';
import { stackS3 } from './stack-env.js';

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * The S3-compatible server of the local stack (`stackS3()`: its keys in endpoints.json, written by
 * `pnpm stack:up`), or one named by env: AWS_ENDPOINT_URL_S3 with AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and DL_TEST_S3_BUCKET (default dl-lake).
 */
export function s3TestServer(): S3TestServer {
  const endpoint = process.env.AWS_ENDPOINT_URL_S3;
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (endpoint && accessKeyId && secretAccessKey) {
    return { endpoint, accessKeyId, secretAccessKey, bucket: process.env.DL_TEST_S3_BUCKET ?? 'dl-lake', region: process.env.AWS_REGION ?? 'us-east-1' };
  }
  const s = stackS3();
  return { endpoint: s.endpoint, bucket: s.bucket, region: s.region, accessKeyId: s.credentials.accessKeyId, secretAccessKey: s.credentials.secretAccessKey };
}

/** A fresh `s3://bucket/<prefix>` lake for one test. */
export function tempS3Lake(server: S3TestServer, prefix = 'test'): string {
  return `s3://${server.bucket}/${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** What `bin/dl` and the Python checks need in env to reach the server. */
export function s3Env(server: S3TestServer): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL_S3: server.endpoint,
    AWS_ACCESS_KEY_ID: server.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
    AWS_REGION: server.region,
    NODE_NO_WARNINGS: '1',
  };
}
