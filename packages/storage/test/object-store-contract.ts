import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectInfo, ObjectStore } from '../src/object-store.js';
import { isStorageError } from '../src/storage-error.js';

export interface ContractOptions {
  /** Size of the body that must go up as a multipart upload on S3 (default 40 MiB). */
  largeBytes?: number;
  /** Keys for the pagination test; more than S3's page of 1000 by default. */
  manyKeys?: number;
}

const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : new TextDecoder().decode(b));
const sha = (b: Uint8Array | undefined): string =>
  createHash('sha256')
    .update(b ?? new Uint8Array(0))
    .digest('hex');

async function collect(it: AsyncIterable<ObjectInfo>): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const o of it) out.push(o);
  return out;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/**
 * The ObjectStore contract (see src/object-store.ts) as tests, for any implementation: call it
 * from a test file with a factory that opens a fresh, empty-enough store (each test works under
 * its own random prefix, so a shared bucket or directory is fine).
 */
export function objectStoreContract(name: string, open: () => Promise<ObjectStore>, opts: ContractOptions = {}): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let store: ObjectStore;
    const base = (): string => `contract-${randomBytes(4).toString('hex')}/`;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('put then get returns the bytes; put overwrites; strings are UTF-8', async () => {
      const b = base();
      const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
      await store.put(`${b}bin`, bytes);
      expect(Array.from((await store.get(`${b}bin`)) ?? [])).toEqual([0, 1, 2, 250, 255]);
      await store.put(`${b}txt`, 'première');
      await store.put(`${b}txt`, 'zweite — ünïcode');
      expect(text(await store.get(`${b}txt`))).toBe('zweite — ünïcode');
      await store.put(`${b}empty`, new Uint8Array(0));
      expect((await store.get(`${b}empty`))?.length).toBe(0);
    });

    it('get and head of a missing key answer undefined; head gives the size', async () => {
      const b = base();
      expect(await store.get(`${b}missing`)).toBeUndefined();
      expect(await store.get(`${b}missing`, { offset: 0, length: 4 })).toBeUndefined();
      expect(await store.head(`${b}missing`)).toBeUndefined();
      await store.put(`${b}k`, '0123456789');
      const info = await store.head(`${b}k`);
      expect(info?.key).toBe(`${b}k`);
      expect(info?.size).toBe(10);
      expect(info?.lastModified).toBeInstanceOf(Date);
    });

    it('a ranged get returns exactly those bytes', async () => {
      const b = base();
      const body = randomBytes(100_000);
      await store.put(`${b}r`, body);
      expect(sha(await store.get(`${b}r`, { offset: 0, length: 8 }))).toBe(sha(body.subarray(0, 8)));
      expect(sha(await store.get(`${b}r`, { offset: 54_321, length: 4096 }))).toBe(sha(body.subarray(54_321, 54_321 + 4096)));
      // A Parquet footer: the last 8 bytes.
      expect(sha(await store.get(`${b}r`, { offset: 99_992, length: 8 }))).toBe(sha(body.subarray(99_992)));
    });

    it('list returns every key under a prefix in byte order, sizes included, after startAfter', async () => {
      const b = base();
      const names = [
        'date=2026-01-02/b.parquet',
        'date=2026-01-01/a.parquet',
        '_dl/log/t/0/00000000000000000010.json',
        '_dl/log/t/0/00000000000000000002.json',
        'a-b',
        'a/b',
        'a.b',
        'Z',
        'date=2026-01-01/_tmp',
      ];
      for (const n of names) await store.put(`${b}${n}`, n);
      const listed = await collect(store.list(b));
      const expected = names.map((n) => `${b}${n}`).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      expect(listed.map((o) => o.key)).toEqual(expected);
      expect(listed.every((o) => o.size === Buffer.byteLength(o.key.slice(b.length)))).toBe(true);
      // A prefix is a string prefix, not a directory.
      expect((await collect(store.list(`${b}a`))).map((o) => o.key)).toEqual([`${b}a-b`, `${b}a.b`, `${b}a/b`]);
      expect((await collect(store.list(`${b}_dl/log/t/0/`, { startAfter: `${b}_dl/log/t/0/00000000000000000002.json` }))).map((o) => o.key)).toEqual([
        `${b}_dl/log/t/0/00000000000000000010.json`,
      ]);
      expect(await collect(store.list(`${b}nothing/`))).toEqual([]);
    });

    it(`list pages through ${opts.manyKeys ?? 1100} keys in order, and startAfter works across pages`, async () => {
      const b = base();
      const n = opts.manyKeys ?? 1100;
      const keys = Array.from({ length: n }, (_, i) => `${b}k/${String(i).padStart(6, '0')}`);
      await pool([...keys].reverse(), 16, (k) => store.put(k, 'x'));
      const listed = (await collect(store.list(`${b}k/`))).map((o) => o.key);
      expect(listed).toEqual(keys);
      const after = (await collect(store.list(`${b}k/`, { startAfter: keys[n - 51] }))).map((o) => o.key);
      expect(after).toEqual(keys.slice(n - 50));
    }, 300_000);

    it('copy is a full copy that overwrites the target; copying a missing key is NOT_FOUND', async () => {
      const b = base();
      const body = randomBytes(300_000);
      await store.put(`${b}_dl/staging/f.parquet`, body);
      await store.put(`${b}date=x/f.parquet`, 'old');
      await store.copy(`${b}_dl/staging/f.parquet`, `${b}date=x/f.parquet`);
      expect(sha(await store.get(`${b}date=x/f.parquet`))).toBe(sha(body));
      expect(sha(await store.get(`${b}_dl/staging/f.parquet`))).toBe(sha(body));
      // Keys as Hive partitions and escaped values make them: '=', '%', '+', spaces, non-ASCII.
      const odd = `${b}_dl/staging/name_part=a b+c%2F€/f 1.parquet`;
      await store.put(odd, 'odd');
      await store.copy(odd, `${b}name_part=a b+c%2F€/f 1.parquet`);
      expect(text(await store.get(`${b}name_part=a b+c%2F€/f 1.parquet`))).toBe('odd');
      expect((await collect(store.list(`${b}name_part=`))).map((o) => o.key)).toEqual([`${b}name_part=a b+c%2F€/f 1.parquet`]);
      const err = await store.copy(`${b}missing`, `${b}to`).catch((e: unknown) => e);
      expect(isStorageError(err, 'NOT_FOUND')).toBe(true);
      expect(await store.head(`${b}to`)).toBeUndefined();
    });

    it('delete removes a key and is idempotent', async () => {
      const b = base();
      await store.put(`${b}d`, 'x');
      await store.delete(`${b}d`);
      expect(await store.get(`${b}d`)).toBeUndefined();
      await store.delete(`${b}d`);
      await store.delete(`${b}never-existed`);
      expect(await collect(store.list(b))).toEqual([]);
    });

    it('putIfAbsent creates once: true, then false, and the first body stays', async () => {
      const b = base();
      expect(await store.putIfAbsent(`${b}_dl/log/t/0/0.json`, '{"first":true}')).toBe(true);
      expect(await store.putIfAbsent(`${b}_dl/log/t/0/0.json`, '{"second":true}')).toBe(false);
      expect(text(await store.get(`${b}_dl/log/t/0/0.json`))).toBe('{"first":true}');
      // Also false over an object that `put` wrote.
      await store.put(`${b}p`, 'put');
      expect(await store.putIfAbsent(`${b}p`, 'again')).toBe(false);
      expect(text(await store.get(`${b}p`))).toBe('put');
    });

    it('16 concurrent putIfAbsent on one key: exactly one wins, and its body is the one stored', async () => {
      const b = base();
      for (let round = 0; round < 5; round++) {
        const key = `${b}race-${round}`;
        const results = await Promise.all(Array.from({ length: 16 }, (_, i) => store.putIfAbsent(key, `writer-${i}`)));
        const winners = results.flatMap((r, i) => (r ? [i] : []));
        expect(winners).toHaveLength(1);
        expect(text(await store.get(key))).toBe(`writer-${winners[0]}`);
      }
    });

    it(`a ${Math.round((opts.largeBytes ?? 40 * 2 ** 20) / 2 ** 20)} MiB put reads back equal`, async () => {
      const b = base();
      const body = randomBytes(opts.largeBytes ?? 40 * 2 ** 20);
      await store.put(`${b}big`, body);
      expect((await store.head(`${b}big`))?.size).toBe(body.length);
      expect(sha(await store.get(`${b}big`))).toBe(sha(body));
      const tail = await store.get(`${b}big`, { offset: body.length - 1000, length: 1000 });
      expect(sha(tail)).toBe(sha(body.subarray(body.length - 1000)));
      await store.delete(`${b}big`);
    }, 300_000);
  });
}
