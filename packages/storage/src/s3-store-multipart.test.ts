import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openS3Store } from './s3-store.js';

/**
 * Enough S3 for a multipart put (create, upload part, complete, abort) and a GET, where the
 * first CompleteMultipartUpload does complete the object but answers 404 NoSuchUpload: what a
 * completion retried by the SDK after its first answer was lost gets from S3.
 */
function multipartS3(): Promise<{ url: string; server: Server; objects: Map<string, Buffer>; completes: number[] }> {
  const objects = new Map<string, Buffer>();
  const uploads = new Map<string, Map<number, Buffer>>();
  const completes: number[] = [];
  let ids = 0;
  const read = async (req: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  const xml = (res: import('node:http').ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
  };
  const server = createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const key = decodeURIComponent(u.pathname);
      const body = await read(req);
      const uploadId = u.searchParams.get('uploadId');
      if (req.method === 'POST' && u.searchParams.has('uploads')) {
        const id = `u${++ids}`;
        uploads.set(id, new Map());
        return xml(res, 200, `<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>${key}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
      }
      if (req.method === 'PUT' && uploadId) {
        uploads.get(uploadId)?.set(Number(u.searchParams.get('partNumber')), body);
        res.writeHead(200, { etag: `"p${u.searchParams.get('partNumber')}"` });
        return res.end();
      }
      if (req.method === 'POST' && uploadId) {
        const parts = uploads.get(uploadId);
        completes.push(Number(uploadId.slice(1)));
        if (!parts) return xml(res, 404, '<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>');
        objects.set(key, Buffer.concat([...parts.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b)));
        uploads.delete(uploadId);
        if (completes.length === 1) return xml(res, 404, '<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>');
        return xml(res, 200, `<CompleteMultipartUploadResult><Key>${key}</Key><ETag>"done"</ETag></CompleteMultipartUploadResult>`);
      }
      if (req.method === 'DELETE' && uploadId) {
        uploads.delete(uploadId);
        res.writeHead(204);
        return res.end();
      }
      if (req.method === 'PUT') {
        // The open probe's create-only PUTs.
        if (req.headers['if-none-match'] === '*' && objects.has(key))
          return xml(res, 412, '<Error><Code>PreconditionFailed</Code><Message>no</Message></Error>');
        objects.set(key, body);
        res.writeHead(200, { etag: '"e"' });
        return res.end();
      }
      if (req.method === 'DELETE') {
        objects.delete(key);
        res.writeHead(204);
        return res.end();
      }
      const o = objects.get(key);
      if (!o) return xml(res, 404, '<Error><Code>NoSuchKey</Code><Message>no</Message></Error>');
      res.writeHead(200, { 'content-length': String(o.length) });
      res.end(req.method === 'HEAD' ? undefined : o);
    })();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, objects, completes })),
  );
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

describe('S3Store.put of a large object (multipart)', () => {
  it('uploads the whole object again when its upload is gone (NoSuchUpload), and the object is whole', async () => {
    const fake = await multipartS3();
    servers.push(fake.server);
    const store = await openS3Store({
      bucket: 'b',
      prefix: 'lake',
      endpoint: fake.url,
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
      maxAttempts: 1,
      multipartThreshold: 5 * 1024 * 1024,
      partSize: 5 * 1024 * 1024,
    });
    const body = new Uint8Array(11 * 1024 * 1024).map((_, i) => (i * 7) % 251);
    await store.put('parquet/big.parquet', body);
    expect(fake.completes).toEqual([1, 2]); // the first upload's completion said NoSuchUpload; a second upload
    expect(Buffer.from((await store.get('parquet/big.parquet'))!).equals(Buffer.from(body))).toBe(true);
    await store.close();
  });
});
