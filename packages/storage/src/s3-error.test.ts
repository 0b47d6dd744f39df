import { describe, expect, it } from 'vitest';
import { toStorageError } from './s3-error.js';

const ctx = { bucket: 'b', where: 's3://b/lake/k', endpoint: undefined, key: 'k' };

describe('toStorageError', () => {
  it('missing credentials: ACCESS_DENIED naming the AWS variables to set', () => {
    const e = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    const s = toStorageError(e, ctx);
    expect(s.kind).toBe('ACCESS_DENIED');
    expect(s.message).toBe(
      'No AWS credentials were found for s3://b/lake/k: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials), or AWS_PROFILE for a profile in ~/.aws/config.',
    );
  });

  it('connection refused: UNAVAILABLE, retriable, with the attempts', () => {
    const e = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', $metadata: { attempts: 4 } });
    const s = toStorageError(e, { ...ctx, endpoint: 'http://127.0.0.1:1' });
    expect(s.kind).toBe('UNAVAILABLE');
    expect(s.retriable).toBe(true);
    expect(s.message).toBe('S3 is unavailable for s3://b/lake/k (endpoint http://127.0.0.1:1) (ECONNREFUSED, 4 attempts); retrying later may help.');
  });

  it('a 404 without a code is NOT_FOUND of the key; a 400 is OTHER with the server text', () => {
    expect(toStorageError(Object.assign(new Error('UnknownError'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }), ctx).kind).toBe('NOT_FOUND');
    const other = toStorageError(Object.assign(new Error('bad key'), { name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } }), ctx);
    expect(other.kind).toBe('OTHER');
    expect(other.message).toBe('S3 request on s3://b/lake/k failed (HTTP 400 InvalidArgument): bad key');
  });
});
