import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRegistry, DlError, nameSettings, orderSchema } from '@dl/core';
import { settingFlag } from '@dl/core/config';

/** What the cli prints for a library error that names settings as {key}. */
const cli = (e: DlError) => nameSettings(e.template ?? e.message, settingFlag);

/** A tiny Confluent-style registry on loopback; each test sets how it answers. */
type Handler = (req: http.IncomingMessage, body: string) => { status: number; body?: unknown; raw?: string; delayMs?: number };
let handler: Handler;
let requests: { method: string; url: string; auth?: string }[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization });
      const out = handler(req, body);
      const send = () => {
        res.writeHead(out.status, { 'content-type': 'application/json' });
        res.end(out.raw ?? (out.body === undefined ? '' : JSON.stringify(out.body)));
      };
      if (out.delayMs) setTimeout(send, out.delayMs);
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  requests = [];
});

const ORDER_TEXT = JSON.stringify(orderSchema());

async function rejection(p: Promise<unknown>): Promise<DlError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DlError);
    return e as DlError;
  }
  throw new Error('expected a rejection');
}

describe('SchemaRegistry', () => {
  it('registers and returns the id', async () => {
    handler = (req, body) => {
      expect(req.url).toBe('/subjects/dev.orders-value/versions');
      expect(JSON.parse(body)).toEqual({ schema: ORDER_TEXT });
      return { status: 200, body: { id: 42 } };
    };
    expect(await createRegistry({ url: base }).register('dev.orders-value', orderSchema())).toBe(42);
  });

  it('parses a schema by id once and caches it', async () => {
    handler = () => ({ status: 200, body: { schema: ORDER_TEXT } });
    const reg = createRegistry({ url: base });
    const [a, b] = await Promise.all([reg.getById(7), reg.getById(7)]);
    const c = await reg.getById(7);
    expect(a).toBe(b);
    expect(c).toBe(a);
    expect(a).toMatchObject({ id: 7, text: ORDER_TEXT, fullName: 'dev.dl.orders.Order' });
    expect(requests).toHaveLength(1);
  });

  it('maps an unknown id to REGISTRY_NOT_FOUND and remembers it briefly', async () => {
    handler = () => ({ status: 404, body: { error_code: 40403, message: 'Schema not found' } });
    const reg = createRegistry({ url: base });
    const e = await rejection(reg.getById(2147483000));
    expect(e.code).toBe('REGISTRY_NOT_FOUND');
    expect(e.retriable).toBe(false);
    expect(e.message).toBe(`Schema id 2147483000 was not found in the schema registry at ${base} (404 40403: Schema not found).`);
    await rejection(reg.getById(2147483000));
    expect(requests).toHaveLength(1);
  });

  it('takes a 4xx without a registry error code as a URL that is not the API (CONFIG, exit 2), not as an unknown id', async () => {
    // Apicurio's root instead of /apis/ccompat/v7, a proxy's HTML page, another service: before,
    // such a 404 was "schema id not found", and dl ingest made every good record a dead letter.
    const answers: Array<ReturnType<Handler>> = [
      { status: 404, body: { detail: 'NotFoundException: RESTEASY003210: Could not find resource for full path', status: 404, name: 'NotFoundException' } },
      { status: 404, raw: '<html><body>Not Found</body></html>' },
      { status: 405, raw: '' },
      { status: 400, body: { message: 'Bad Request' } },
    ];
    for (const answer of answers) {
      handler = () => answer;
      const e = await rejection(createRegistry({ url: base }).getById(1));
      expect(e.code, JSON.stringify(answer)).toBe('CONFIG');
      expect(e.exitCode).toBe(2);
      expect(cli(e)).toBe(
        `Schema registry at ${base} answered fetching schema id 1 with HTTP ${answer.status} and no registry error code, so it is not a schema registry's API: is --registry-url its API root (for Apicurio, .../apis/ccompat/v7)?`,
      );
    }
    // A 2xx that is not JSON (a web page where the API was expected) says the same kind of thing.
    handler = () => ({ status: 200, raw: '<html>registry UI</html>' });
    const page = await rejection(createRegistry({ url: base }).getById(2));
    expect(page.code).toBe('CONFIG');
    expect(cli(page)).toContain("is --registry-url the registry's API root?");
    // With a registry's own code, a 404 is still an unknown id and a 400 still a rejection.
    handler = () => ({ status: 404, body: { error_code: 40403, message: 'Schema not found' } });
    expect((await rejection(createRegistry({ url: base }).getById(3))).code).toBe('REGISTRY_NOT_FOUND');
    handler = () => ({ status: 400, body: { error_code: 400, message: 'Bad Request' } });
    expect((await rejection(createRegistry({ url: base }).getById(4))).code).toBe('REGISTRY_REJECTED');
    // Credentials and throttling keep their meaning without a code.
    handler = () => ({ status: 401, raw: '' });
    expect((await rejection(createRegistry({ url: base }).getById(5))).code).toBe('REGISTRY_REJECTED');
    handler = () => ({ status: 429, raw: '' });
    expect((await rejection(createRegistry({ url: base }).getById(6))).retriable).toBe(true);
  });

  it('bounds the negative cache and lets entries expire', async () => {
    handler = () => ({ status: 404, body: { error_code: 40403, message: 'Schema not found' } });
    const reg = createRegistry({ url: base, notFoundMax: 2, notFoundTtlMs: 50 });
    for (const id of [1, 2, 3]) await rejection(reg.getById(id));
    await rejection(reg.getById(1)); // evicted as the oldest: asked again
    expect(requests).toHaveLength(4);
    await new Promise((r) => setTimeout(r, 60));
    await rejection(reg.getById(3)); // expired: asked again
    expect(requests).toHaveLength(5);
  });

  it("gets the latest version and a subject's ids", async () => {
    handler = (req) => {
      if (req.url === '/subjects/dev.orders-value/versions') return { status: 200, body: [1, 2] };
      const m = /\/versions\/(\w+)$/.exec(req.url ?? '');
      const v = m?.[1] === 'latest' ? 2 : Number(m?.[1]);
      return { status: 200, body: { subject: 'dev.orders-value', version: v, id: 10 + v, schema: ORDER_TEXT } };
    };
    const reg = createRegistry({ url: base });
    const latest = await reg.getLatest('dev.orders-value');
    expect(latest).toMatchObject({ id: 12, version: 2, subject: 'dev.orders-value' });
    expect(latest.schema.fullName).toBe('dev.dl.orders.Order');
    expect(await reg.getSubjectIds('dev.orders-value')).toEqual(
      new Map([
        [11, 1],
        [12, 2],
      ]),
    );
    const before = requests.length;
    await reg.getSubjectIds('dev.orders-value');
    expect(requests.length).toBe(before);
    await reg.getSubjectIds('dev.orders-value', { refresh: true });
    expect(requests.length).toBe(before + 1); // only the listing; known versions are not fetched again
  });

  it('maps an unknown subject and version to REGISTRY_NOT_FOUND naming them', async () => {
    handler = (req) =>
      req.url?.endsWith('/latest')
        ? { status: 404, body: { error_code: 40401, message: 'Subject not found.' } }
        : { status: 404, body: { error_code: 40402, message: 'Version not found.' } };
    const reg = createRegistry({ url: base });
    expect((await rejection(reg.getLatest('nope-value'))).message).toMatch(/^Subject "nope-value" was not found in the schema registry/);
    const e = await rejection(reg.getVersion('dev.orders-value', 9));
    expect(e.code).toBe('REGISTRY_NOT_FOUND');
    expect(e.message).toMatch(/^Subject "dev.orders-value" or its version 9 was not found/);
  });

  it("maps 409 and 422 to REGISTRY_REJECTED with the registry's reason", async () => {
    for (const status of [409, 422]) {
      handler = () => ({ status, body: { error_code: status === 409 ? 409 : 42201, message: 'Schema being registered is incompatible' } });
      const e = await rejection(createRegistry({ url: base }).register('s-value', { type: 'string' }));
      expect(e.code).toBe('REGISTRY_REJECTED');
      expect(e.retriable).toBe(false);
      expect(e.message).toContain('incompatible');
      expect(e.message).toContain('subject "s-value"');
    }
  });

  it('maps 5xx to a retriable REGISTRY_UNAVAILABLE', async () => {
    handler = () => ({ status: 503, raw: 'Service Unavailable' });
    const e = await rejection(createRegistry({ url: base }).getById(1));
    expect(e.code).toBe('REGISTRY_UNAVAILABLE');
    expect(e.retriable).toBe(true);
    expect(e.message).toContain('HTTP 503');
    // Outages are not remembered: the next call asks again.
    handler = () => ({ status: 200, body: { schema: '"string"' } });
    expect((await createRegistry({ url: base }).getById(1)).fullName).toBe('string');
  });

  it('maps a timeout to REGISTRY_UNAVAILABLE', async () => {
    handler = () => ({ status: 200, body: { schema: '"string"' }, delayMs: 300 });
    const e = await rejection(createRegistry({ url: base, timeoutMs: 50 }).getById(3));
    expect(e).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
    expect(e.message).toBe(`Schema registry at ${base} did not answer within 50 ms (fetching schema id 3).`);
  });

  it('maps a refused connection to REGISTRY_UNAVAILABLE naming the URL but never the password', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const e = await rejection(createRegistry({ url: `http://bob:s3cret@127.0.0.1:${port}/apis/ccompat/v7` }).getLatest('x-value'));
    expect(e).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
    expect(cli(e)).toBe(
      `Cannot reach the schema registry at http://127.0.0.1:${port}/apis/ccompat/v7 (ECONNREFUSED) for fetching version latest of subject "x-value": ` +
        'is it running? Start the local stack with `pnpm stack:up` or pass --registry-url.',
    );
    expect(e.message).toMatch(/or pass registryUrl\.$/);
    expect(e.message).not.toContain('s3cret');
  });

  it('sends basic auth and keeps credentials out of 401 messages', async () => {
    handler = () => ({ status: 401, body: { error_code: 401, message: 'Unauthorized' } });
    const e = await rejection(createRegistry({ url: base, auth: { username: 'bob', password: 's3cret' } }).listSubjects());
    expect(requests[0]?.auth).toBe(`Basic ${Buffer.from('bob:s3cret').toString('base64')}`);
    expect(e.code).toBe('REGISTRY_REJECTED');
    expect(cli(e)).toContain('--registry-auth');
    expect(e.message).not.toContain('s3cret');
    const anonymous = await rejection(createRegistry({ url: base }).listSubjects());
    expect(cli(anonymous)).toMatch(/with HTTP 401: it needs credentials; pass --registry-auth user:password/);
  });

  it('rejects non-Avro and unparsable schemas with SCHEMA', async () => {
    handler = () => ({ status: 200, body: { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";' } });
    expect((await rejection(createRegistry({ url: base }).getById(5))).message).toBe('Schema id 5 is a PROTOBUF schema; only Avro is supported.');
    handler = () => ({ status: 200, body: { schema: '{"type":"nope"}' } });
    expect((await rejection(createRegistry({ url: base }).getById(6))).code).toBe('SCHEMA');
  });

  it('lists subjects', async () => {
    handler = () => ({ status: 200, body: ['a-value', 'b-value'] });
    expect(await createRegistry({ url: base }).listSubjects()).toEqual(['a-value', 'b-value']);
  });
});
