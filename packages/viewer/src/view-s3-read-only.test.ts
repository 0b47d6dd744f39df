import { readdirSync, readFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../test/helpers/capture.js';
import { writeOrdersTable } from '../test/helpers/lake-fixtures.js';
import { view } from './view.js';

/**
 * Read-only S3 (path-style GET/HEAD with ranges, ListObjectsV2) over a lake written to disk: any
 * write (PUT, POST, DELETE) is refused with 403 AccessDenied, as read-only credentials get, and
 * recorded.
 */
function readOnlyS3(objects: Map<string, Buffer>): Promise<{ url: string; server: Server; writes: string[] }> {
  const writes: string[] = [];
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const p = decodeURIComponent(u.pathname);
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      writes.push(`${req.method} ${p}`);
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>read-only</Message></Error>');
      return;
    }
    if (u.searchParams.get('list-type') === '2') {
      const prefix = `${p.replace(/^\/+|\/+$/g, '')}/${u.searchParams.get('prefix') ?? ''}`;
      const startAfter = u.searchParams.get('start-after');
      const bucket = prefix.slice(0, prefix.indexOf('/'));
      const keys = [...objects.keys()]
        .filter((k) => k.startsWith(prefix))
        .map((k) => k.slice(bucket.length + 1))
        .filter((k) => !startAfter || k > startAfter)
        .sort();
      const contents = keys
        .map(
          (k) =>
            `<Contents><Key>${k}</Key><Size>${objects.get(`${bucket}/${k}`)!.length}</Size><LastModified>2024-01-01T00:00:00.000Z</LastModified></Contents>`,
        )
        .join('');
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0"?><ListBucketResult><Name>${bucket}</Name><KeyCount>${keys.length}</KeyCount><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
      );
      return;
    }
    const o = objects.get(p.replace(/^\/+/, ''));
    if (!o) {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end(req.method === 'HEAD' ? undefined : '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>no</Message></Error>');
      return;
    }
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const [from, to] = m ? [Number(m[1]), m[2] === '' ? o.length - 1 : Math.min(Number(m[2]), o.length - 1)] : [0, o.length - 1];
    const body = o.subarray(from, to + 1);
    res.writeHead(m ? 206 : 200, {
      'content-length': String(body.length),
      'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT',
      ...(m ? { 'content-range': `bytes ${from}-${to}/${o.length}` } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, writes })),
  );
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dl-view-s3-'));
let fake: Awaited<ReturnType<typeof readOnlyS3>>;
beforeAll(async () => {
  writeOrdersTable(path.join(tmp, 'parquet'), 2, 5, 5);
  const objects = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else objects.set(`lake-bucket/orders/${path.relative(tmp, full).split(path.sep).join('/')}`, readFileSync(full));
    }
  };
  walk(tmp);
  fake = await readOnlyS3(objects);
});
afterAll(async () => {
  await new Promise((r) => fake.server.close(r));
  rmSync(tmp, { recursive: true, force: true });
});

describe('dl view of an s3:// lake', () => {
  it('works with read-only credentials: it reads the rows and writes no object (no write probe)', async () => {
    const io = captureIo({ columns: 120 });
    const s3 = { endpoint: fake.url, region: 'us-east-1', forcePathStyle: true, accessKeyId: 'read-only-key', secretAccessKey: 'read-only-secret' };
    await view({ target: 'parquet', dataDir: 's3://lake-bucket/orders', s3, count: true }, io);
    expect(io.out().trim()).toBe('10');
    expect(fake.writes).toEqual([]);
  });
});
