import { CreateMultipartUploadCommand, HeadObjectCommand, ListMultipartUploadsCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stackS3 } from '@dl/test-support/stack-env';
import { multipartPut } from '../src/multipart-put.js';
import { openS3Store } from '../src/s3-store.js';
import { isStorageError } from '../src/storage-error.js';
import { objectStoreContract } from './object-store-contract.js';

// The real S3 server of the local stack (s3proxy), found through .stack/endpoints.json.
const s3 = stackS3();
const prefix = `it-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const openStore = (extra: Record<string, unknown> = {}) => openS3Store({ ...s3, prefix, ...extra });
const rawClient = () => new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: s3.credentials });

objectStoreContract(`S3 (${s3.endpoint})`, () => openStore());

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('S3Store against the stack server', () => {
  it('opens (the server honours If-None-Match: *) and leaves no probe object behind', async () => {
    const store = await openStore();
    const left = [];
    for await (const o of store.list('_dl/probes/')) left.push(o.key);
    expect(left).toEqual([]);
    await store.close();
  });

  it('a put of 16 MiB or more goes up as a multipart upload (ETag "<md5>-<parts>")', async () => {
    const store = await openStore();
    const client = rawClient();
    await store.put('mp/big', randomBytes(20 * 2 ** 20));
    await store.put('mp/small', randomBytes(2 ** 20));
    const etag = async (k: string) => (await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/${k}` }))).ETag;
    expect(await etag('mp/big')).toMatch(/^"[0-9a-f]{32}-3"$/);
    expect(await etag('mp/small')).toMatch(/^"[0-9a-f]{32}"$/);
    await store.delete('mp/big');
    await store.delete('mp/small');
    client.destroy();
    await store.close();
  });

  it('an aborted multipart upload leaves nothing visible, and abortStaleUploads clears crashed ones', async () => {
    const store = await openStore();
    const client = rawClient();
    const key = `${prefix}/mp/aborted.parquet`;
    const err = await multipartPut({
      client,
      bucket: s3.bucket,
      key,
      body: randomBytes(11 * 2 ** 20),
      partSize: 5 * 2 ** 20,
      beforeComplete: async () => {
        throw new Error('writer died before completing');
      },
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('writer died before completing');
    expect(await store.head('mp/aborted.parquet')).toBeUndefined();
    const listed = [];
    for await (const o of store.list('mp/')) listed.push(o.key);
    expect(listed).toEqual([]);
    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: s3.bucket, Prefix: `${prefix}/mp/` }));
    expect(uploads.Uploads ?? []).toEqual([]);

    // A writer that crashed mid-upload (parts sent, never completed nor aborted): the start-up
    // cleanup aborts it, and the object never appears.
    const crashed = await client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: `${prefix}/mp/crashed` }));
    await client.send(
      new UploadPartCommand({ Bucket: s3.bucket, Key: `${prefix}/mp/crashed`, UploadId: crashed.UploadId, PartNumber: 1, Body: randomBytes(1024) }),
    );
    const before = await client.send(new ListMultipartUploadsCommand({ Bucket: s3.bucket, Prefix: `${prefix}/` }));
    expect((before.Uploads ?? []).map((u) => u.UploadId)).toEqual([crashed.UploadId]);
    // Younger than the age given: kept (a live writer's upload).
    expect(await store.abortStaleUploads(3_600_000)).toBe(0);
    expect(await store.abortStaleUploads(0)).toBe(1);
    const after = await client.send(new ListMultipartUploadsCommand({ Bucket: s3.bucket, Prefix: `${prefix}/` }));
    expect(after.Uploads ?? []).toEqual([]);
    expect(await store.head('mp/crashed')).toBeUndefined();
    client.destroy();
    await store.close();
  }, 120_000);

  it('wrong credentials: ACCESS_DENIED, and the secret is nowhere in the error', async () => {
    const secretAccessKey = `wrong-secret-${randomBytes(8).toString('hex')}`;
    const err = await openStore({ credentials: { accessKeyId: s3.credentials.accessKeyId, secretAccessKey } }).catch((e: unknown) => e);
    expect(isStorageError(err, 'ACCESS_DENIED')).toBe(true);
    expect((err as Error).message).toMatch(
      /^S3 denied access to s3:\/\/dl-lake\/.+ \((SignatureDoesNotMatch|AccessDenied|InvalidAccessKeyId)\): check the access key/,
    );
    expect(inspect(err, { depth: 10 })).not.toContain(secretAccessKey);
    expect(inspect(err, { depth: 10 })).not.toContain(s3.credentials.secretAccessKey);

    const unknownKey = await openStore({ credentials: { accessKeyId: 'nobody', secretAccessKey } }).catch((e: unknown) => e);
    expect(isStorageError(unknownKey, 'ACCESS_DENIED')).toBe(true);
    expect(inspect(unknownKey, { depth: 10 })).not.toContain(secretAccessKey);
  });

  it('a missing bucket: NOT_FOUND with a sentence saying how to create it', async () => {
    const err = await openS3Store({ ...s3, bucket: 'dl-no-such-bucket', prefix }).catch((e: unknown) => e);
    expect(isStorageError(err, 'NOT_FOUND')).toBe(true);
    expect((err as Error).message).toBe(
      `The bucket dl-no-such-bucket does not exist at ${s3.endpoint}: create it (e.g. \`aws s3 mb s3://dl-no-such-bucket --endpoint-url ${s3.endpoint}\`) or fix the bucket name.`,
    );
  });

  it("access 'read': opens a real bucket without writing, and still reports a missing bucket or bad credentials at open", async () => {
    const reader = await openStore({ access: 'read' });
    const writer = await openStore();
    await writer.put('read/x', 'seen by the reader');
    expect(new TextDecoder().decode(await reader.get('read/x'))).toBe('seen by the reader');
    const missing = await openS3Store({ ...s3, bucket: 'dl-no-such-bucket', prefix, access: 'read' }).catch((e: unknown) => e);
    expect(isStorageError(missing, 'NOT_FOUND')).toBe(true);
    expect((missing as Error).message).toMatch(/^The bucket dl-no-such-bucket does not exist at /);
    const denied = await openStore({ access: 'read', credentials: { accessKeyId: s3.credentials.accessKeyId, secretAccessKey: 'wrong' } }).catch(
      (e: unknown) => e,
    );
    expect(isStorageError(denied, 'ACCESS_DENIED')).toBe(true);
    await Promise.all([reader.close(), writer.close()]);
  });

  it('a server that is down: UNAVAILABLE (retriable) after the retries', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const err = await openS3Store({ ...s3, endpoint, prefix, maxAttempts: 3 }).catch((e: unknown) => e);
    expect(isStorageError(err, 'UNAVAILABLE')).toBe(true);
    expect((err as { retriable: boolean }).retriable).toBe(true);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^S3 is unavailable for s3://dl-lake/${prefix}/_dl/probes/\\S+ \\(endpoint ${endpoint}\\) \\(ECONNREFUSED, 3 attempts\\); retrying later may help\\.$`,
      ),
    );
  });

  it('the bucket is private: an anonymous GET of an object is refused', async () => {
    const store = await openStore();
    await store.put('private/x', 'secret data');
    const res = await fetch(`${s3.endpoint}/${s3.bucket}/${prefix}/private/x`);
    expect(res.status).toBe(403);
    const list = await fetch(`${s3.endpoint}/${s3.bucket}?list-type=2`);
    expect(list.status).toBe(403);
    await store.close();
  });
});
