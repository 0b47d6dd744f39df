import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveS3Settings } from './s3-settings.js';

let stackDir: string;
beforeEach(() => {
  stackDir = mkdtempSync(path.join(os.tmpdir(), 'dl-s3-settings-'));
});
afterEach(() => rmSync(stackDir, { recursive: true, force: true }));
const stack = (s3: { endpoint: string; region?: string; accessKeyId?: string; secretAccessKey?: string }) =>
  writeFileSync(
    path.join(stackDir, 'endpoints.json'),
    JSON.stringify({
      brokers: 'localhost:9092',
      s3Endpoint: s3.endpoint,
      s3Bucket: 'dl-lake',
      s3Region: s3.region,
      s3AccessKeyId: s3.accessKeyId,
      s3SecretAccessKey: s3.secretAccessKey,
    }),
  );

describe('resolveS3Settings', () => {
  it('takes the setting (--s3-endpoint / AWS_ENDPOINT_URL_S3) over AWS_ENDPOINT_URL over the stack, path-style whenever an endpoint is set', () => {
    stack({ endpoint: 'http://127.0.0.1:8333', region: 'us-east-1', accessKeyId: 'stack-key', secretAccessKey: 'stack-secret' });
    const env = { DL_STACK_DIR: stackDir };
    expect(resolveS3Settings(undefined, env)).toEqual({
      endpoint: 'http://127.0.0.1:8333',
      forcePathStyle: true,
      region: 'us-east-1',
      accessKeyId: 'stack-key',
      secretAccessKey: 'stack-secret',
    });
    expect(resolveS3Settings(undefined, { ...env, AWS_ENDPOINT_URL: 'http://b:1' }).endpoint).toBe('http://b:1');
    expect(resolveS3Settings('https://d:3', { ...env, AWS_ENDPOINT_URL: 'http://b:1' }).endpoint).toBe('https://d:3');
  });

  it("uses the stack's test credentials only for the stack's endpoint and only when the SDK chain has none", () => {
    stack({ endpoint: 'http://127.0.0.1:8333', accessKeyId: 'stack-key', secretAccessKey: 'stack-secret' });
    const env = { DL_STACK_DIR: stackDir };
    expect(resolveS3Settings('http://elsewhere:9000', env).accessKeyId).toBeUndefined();
    expect(resolveS3Settings(undefined, { ...env, AWS_ACCESS_KEY_ID: 'mine', AWS_SECRET_ACCESS_KEY: 'x' }).accessKeyId).toBeUndefined();
    expect(resolveS3Settings(undefined, { ...env, AWS_PROFILE: 'prod' }).accessKeyId).toBeUndefined();
  });

  it('without an endpoint anywhere it is plain AWS: virtual-hosted, region from AWS_REGION', () => {
    expect(resolveS3Settings(undefined, { DL_STACK_DIR: stackDir, AWS_REGION: 'eu-west-1' })).toEqual({ region: 'eu-west-1' });
  });

  it('refuses an AWS_ENDPOINT_URL that is not an http(s) URL, naming where it came from, without echoing credentials', () => {
    expect(() => resolveS3Settings(undefined, { DL_STACK_DIR: stackDir, AWS_ENDPOINT_URL: 'localhost:8333' })).toThrow(
      'The S3 endpoint "localhost:8333" (from AWS_ENDPOINT_URL) is not an http(s) URL without credentials; pass e.g. --s3-endpoint http://localhost:8333.',
    );
    expect(() => resolveS3Settings(undefined, { DL_STACK_DIR: stackDir, AWS_ENDPOINT_URL: 'http://key:secret@h:1' })).toThrow(
      /"http:\/\/\*\*\*@h:1" \(from AWS_ENDPOINT_URL\)/,
    );
  });
});
