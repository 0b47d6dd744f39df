import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openS3Store } from './s3-store.js';
import { isStorageError } from './storage-error.js';
import { signatureMismatch, type SignatureEcho } from '@dl/test-support/s3-signature-echo';

/**
 * Just enough S3 (PUT/GET/HEAD/DELETE of objects, path-style) to open a store against, with a
 * switch for honouring `If-None-Match: *`. A fake on purpose: real servers all honour it.
 */
function fakeS3(opts: {
  honoursIfNoneMatch: boolean;
  status?: number;
  code?: string;
  dropPutResponses?: number[];
  /** Answer every request 403 SignatureDoesNotMatch, echoing its signing material as AWS S3 does ('message': in the message too). */
  echoSignature?: 'body' | 'message';
}): Promise<{ url: string; server: Server; puts: string[]; echoes: SignatureEcho[] }> {
  const objects = new Map<string, Buffer>();
  const puts: string[] = [];
  const echoes: SignatureEcho[] = [];
  const read = async (req: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  const server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const body = await read(req);
      if (opts.echoSignature) {
        const { body: xml, echo } = signatureMismatch(req, opts.echoSignature === 'message');
        echoes.push(echo);
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end(xml);
        return;
      }
      if (opts.status) {
        res.writeHead(opts.status, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0"?><Error><Code>${opts.code}</Code><Message>no</Message></Error>`);
        return;
      }
      if (req.method === 'PUT') {
        puts.push(`${path} if-none-match=${req.headers['if-none-match'] ?? '-'}`);
        if (opts.honoursIfNoneMatch && req.headers['if-none-match'] === '*' && objects.has(path)) {
          res.writeHead(412, { 'content-type': 'application/xml' });
          res.end(
            '<?xml version="1.0"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>',
          );
          return;
        }
        objects.set(path, body);
        // The object is stored, but the answer is lost on the way back (a reset connection).
        if (opts.dropPutResponses?.includes(puts.length)) {
          req.socket.destroy();
          return;
        }
        res.writeHead(200, { etag: '"e"' });
        res.end();
      } else if (req.method === 'DELETE') {
        objects.delete(path);
        res.writeHead(204);
        res.end();
      } else if (/^\/[^/]+\/?$/.test(path)) {
        // ListObjectsV2 of the bucket: nothing listed (enough for `access: 'read'`).
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0"?><ListBucketResult><Name>b</Name><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>');
      } else {
        const o = objects.get(path);
        res.writeHead(o ? 200 : 404, { 'content-length': String(o?.length ?? 0) });
        res.end(req.method === 'HEAD' ? undefined : o);
      }
    })();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, puts, echoes });
    }),
  );
}

const SECRET = 'unit-test-secret-9f3c1e';
const credentials = { accessKeyId: 'unit-test-key', secretAccessKey: SECRET };
let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

describe('openS3Store', () => {
  it('refuses a server that ignores If-None-Match: * with one sentence (UNSUPPORTED)', async () => {
    const fake = await fakeS3({ honoursIfNoneMatch: false });
    servers.push(fake.server);
    const err = await openS3Store({ bucket: 'b', prefix: 'lake', endpoint: fake.url, credentials, maxAttempts: 1 }).catch((e: unknown) => e);
    expect(isStorageError(err, 'UNSUPPORTED')).toBe(true);
    expect((err as Error).message).toBe(
      'The store at s3://b/lake does not honour conditional writes (If-None-Match: *; a second create-only PUT of the same key succeeded), so exactly-once commits are impossible there: use AWS S3 or an S3-compatible server that supports conditional writes.',
    );
    // The probe really sent the header twice, under _dl/ of the prefix.
    expect(fake.puts).toHaveLength(2);
    expect(fake.puts.every((p) => /^\/b\/lake\/_dl\/probes\/conditional-write-\S+ if-none-match=\*$/.test(p))).toBe(true);
  });

  it('opens a store on a server that honours it, and putIfAbsent answers false the second time', async () => {
    const fake = await fakeS3({ honoursIfNoneMatch: true });
    servers.push(fake.server);
    const store = await openS3Store({ bucket: 'b', prefix: '/lake/', endpoint: fake.url, credentials, maxAttempts: 1 });
    expect(store.location).toBe('s3://b/lake');
    expect(await store.putIfAbsent('_dl/log/x', 'a')).toBe(true);
    expect(await store.putIfAbsent('_dl/log/x', 'b')).toBe(false);
    expect(new TextDecoder().decode(await store.get('_dl/log/x'))).toBe('a');
    await store.close();
  });

  it('putIfAbsent whose created answer was lost and retried by the SDK still answers true to its creator, false to anyone else', async () => {
    // PUT 1 is the open probe's create: its answer is lost, the SDK's retry gets 412.
    const fake = await fakeS3({ honoursIfNoneMatch: true, dropPutResponses: [1, 4] });
    servers.push(fake.server);
    const store = await openS3Store({ bucket: 'b', prefix: 'lake', endpoint: fake.url, credentials, maxAttempts: 3 });
    expect(fake.puts).toHaveLength(3); // probe: create (answer lost), its retry, the second create
    // PUT 4: a commit record whose answer is lost; the retry (PUT 5) finds our own bytes there.
    expect(await store.putIfAbsent('_dl/log/x', 'ours')).toBe(true);
    expect(fake.puts).toHaveLength(5);
    expect(await store.putIfAbsent('_dl/log/x', 'theirs')).toBe(false);
    expect(await store.putIfAbsent('_dl/log/x', 'ours')).toBe(false); // a first attempt that found it: not ours
    expect(new TextDecoder().decode(await store.get('_dl/log/x'))).toBe('ours');
    await store.close();
  });

  it("with access 'read' opens by listing, writing nothing (readers may hold read-only credentials)", async () => {
    const fake = await fakeS3({ honoursIfNoneMatch: false });
    servers.push(fake.server);
    const store = await openS3Store({ bucket: 'b', prefix: 'lake', endpoint: fake.url, credentials, maxAttempts: 1, access: 'read' });
    expect(fake.puts).toEqual([]);
    expect(await store.get('missing')).toBeUndefined();
    await store.close();
  });

  it('maps a missing bucket to NOT_FOUND with a sentence saying how to create it', async () => {
    const fake = await fakeS3({ honoursIfNoneMatch: true, status: 404, code: 'NoSuchBucket' });
    servers.push(fake.server);
    const err = await openS3Store({ bucket: 'nope', endpoint: fake.url, credentials, maxAttempts: 1 }).catch((e: unknown) => e);
    expect(isStorageError(err, 'NOT_FOUND')).toBe(true);
    expect((err as Error).message).toBe(
      `The bucket nope does not exist at ${fake.url}: create it (e.g. \`aws s3 mb s3://nope --endpoint-url ${fake.url}\`) or fix the bucket name.`,
    );
  });

  it.each(['InvalidAccessKeyId', 'SignatureDoesNotMatch'])('maps 403 %s to ACCESS_DENIED without the secret anywhere in the error', async (code) => {
    const fake = await fakeS3({ honoursIfNoneMatch: true, status: 403, code });
    servers.push(fake.server);
    const err = await openS3Store({ bucket: 'b', endpoint: fake.url, credentials, maxAttempts: 1 }).catch((e: unknown) => e);
    expect(isStorageError(err, 'ACCESS_DENIED')).toBe(true);
    expect((err as Error).message).toContain(`(${code}): check the access key and secret (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE)`);
    expect(inspect(err, { depth: 8 })).not.toContain(SECRET);
  });

  it.each(['body', 'message'] as const)(
    'a SignatureDoesNotMatch echoing the string to sign and the signature (in its %s) leaves all of it out of the error',
    async (where) => {
      const fake = await fakeS3({ honoursIfNoneMatch: true, echoSignature: where });
      servers.push(fake.server);
      const err = await openS3Store({ bucket: 'b', endpoint: fake.url, credentials, maxAttempts: 1 }).catch((e: unknown) => e);
      expect(isStorageError(err, 'ACCESS_DENIED')).toBe(true);
      const [echo] = fake.echoes;
      // The echo is real: the request was signed, and the server sent its signature back.
      expect(echo!.signature).toMatch(/^[0-9a-f]{64}$/);
      expect((err as Error).message).toContain('(SignatureDoesNotMatch): check the access key and secret');
      // Neither the message nor the cause chain (what DL_DEBUG or a logger prints) holds any of it.
      const everything = `${(err as Error).message}\n${String((err as Error).cause)}\n${inspect(err, { depth: 8 })}`;
      for (const leak of [SECRET, echo!.signature, echo!.stringToSign, echo!.canonicalRequest, 'StringToSign', 'SignatureProvided'])
        expect(everything).not.toContain(leak);
      expect((err as { cause: { $metadata?: { httpStatusCode?: number } } }).cause.$metadata?.httpStatusCode).toBe(403);
    },
  );

  // The SDK backs off a throttling answer by a random delay of up to 1 s, then 2 s: two retries
  // may take ~3 s, and under CI's load they passed vitest's default 5 s once.
  it('retries 503 SlowDown, then answers UNAVAILABLE (retriable)', { timeout: 30_000 }, async () => {
    const fake = await fakeS3({ honoursIfNoneMatch: true, status: 503, code: 'SlowDown' });
    servers.push(fake.server);
    const err = await openS3Store({ bucket: 'b', endpoint: fake.url, credentials, maxAttempts: 3 }).catch((e: unknown) => e);
    expect(isStorageError(err, 'UNAVAILABLE')).toBe(true);
    expect((err as { retriable: boolean }).retriable).toBe(true);
    expect((err as Error).message).toMatch(/\(HTTP 503 SlowDown, 3 attempts\)/);
  });
});
