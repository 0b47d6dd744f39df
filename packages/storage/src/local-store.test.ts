import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalStore } from './local-store.js';
import { isStorageError } from './storage-error.js';
import { localStorageError } from './local-error.js';

let root: string;
let store: LocalStore;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'dl-local-store-'));
  store = new LocalStore(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString('utf8'));
async function keys(prefix: string, startAfter?: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of store.list(prefix, startAfter === undefined ? {} : { startAfter })) out.push(o.key);
  return out;
}

describe('LocalStore', () => {
  it('putIfAbsent creates once: of 16 concurrent writers exactly one wins, and its bytes are there', async () => {
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => store.putIfAbsent('_dl/log/t/0/x.json', `writer ${i}`)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(text(await store.get('_dl/log/t/0/x.json'))).toBe(`writer ${winner}`);
    expect(await store.putIfAbsent('_dl/log/t/0/x.json', 'again')).toBe(false);
    expect(readdirSync(path.join(root, '_dl/log/t/0'))).toEqual(['x.json']); // no temp files left
  });

  it('put overwrites whole; get reads ranges; missing keys are undefined', async () => {
    await store.put('a/b.bin', 'first version');
    await store.put('a/b.bin', '0123456789');
    expect(text(await store.get('a/b.bin'))).toBe('0123456789');
    expect(text(await store.get('a/b.bin', { offset: 3, length: 4 }))).toBe('3456');
    expect(text(await store.get('a/b.bin', { offset: 8, length: 10 }))).toBe('89');
    expect(await store.get('a/missing')).toBeUndefined();
    expect(await store.head('a/missing')).toBeUndefined();
    expect((await store.head('a/b.bin'))?.size).toBe(10);
  });

  it('copy hard-links to the destination (no data copied) and overwrites it; NOT_FOUND for a missing source', async () => {
    await store.put('_dl/staging/w/1/parquet/date=2026-01-01/f.parquet', 'data');
    await store.put('parquet/date=2026-01-01/f.parquet', 'stale');
    await store.copy('_dl/staging/w/1/parquet/date=2026-01-01/f.parquet', 'parquet/date=2026-01-01/f.parquet');
    expect(text(await store.get('parquet/date=2026-01-01/f.parquet'))).toBe('data');
    expect(statSync(path.join(root, 'parquet/date=2026-01-01/f.parquet')).nlink).toBe(2);
    const e = await store.copy('_dl/staging/w/9/gone', 'parquet/x').catch((err: unknown) => err);
    expect(isStorageError(e, 'NOT_FOUND')).toBe(true);
  });

  it('delete is idempotent and removes directories it empties, not the root', async () => {
    await store.put('_dl/staging/w/1/parquet/f', 'x');
    await store.delete('_dl/staging/w/1/parquet/f');
    await store.delete('_dl/staging/w/1/parquet/f');
    expect(readdirSync(root)).toEqual([]);
  });

  it('list returns keys in byte order across directories, after startAfter, without temp files', async () => {
    for (const k of ['a-c', 'a/x', 'a/y/z', 'b', 'a.d', '_dl/log/t/0/00000000000000000010.json', '_dl/log/t/0/00000000000000000002.json'])
      await store.put(k, k);
    mkdirSync(path.join(root, 'a'), { recursive: true });
    writeFileSync(path.join(root, 'a', '.x.0123.tmp'), 'half');
    expect(await keys('')).toEqual(
      [...['a-c', 'a.d', 'a/x', 'a/y/z', 'b', '_dl/log/t/0/00000000000000000002.json', '_dl/log/t/0/00000000000000000010.json']].sort((p, q) =>
        Buffer.compare(Buffer.from(p), Buffer.from(q)),
      ),
    );
    expect(await keys('a/')).toEqual(['a/x', 'a/y/z']);
    expect(await keys('a')).toEqual(['a-c', 'a.d', 'a/x', 'a/y/z']);
    expect(await keys('_dl/log/t/0/', '_dl/log/t/0/00000000000000000002.json')).toEqual(['_dl/log/t/0/00000000000000000010.json']);
    expect(await keys('nothing/')).toEqual([]);
  });

  it('refuses keys that could leave the root', async () => {
    for (const bad of ['../x', '/etc/passwd', 'a//b', 'a/./b', '', 'a/']) {
      await expect(store.put(bad, 'x'), bad).rejects.toThrow(/Invalid object key/);
    }
  });

  it('maps errno to kinds with the sentences the CLI prints', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(localStorageError('write', '/l/x', err('ENOSPC')).kind).toBe('NO_SPACE');
    expect(localStorageError('write', '/l/x', err('ENOSPC')).message).toMatch(/^Cannot write \/l\/x: the disk is full; free space/);
    expect(localStorageError('write', '/l/x', err('EROFS')).kind).toBe('READ_ONLY');
    expect(localStorageError('write', '/l/x', err('EROFS')).message).toMatch(/the data directory is not writable/);
    expect(localStorageError('write', '/l/x', err('EACCES')).kind).toBe('ACCESS_DENIED');
    expect(localStorageError('read', '/l/x', err('ENOENT')).kind).toBe('NOT_FOUND');
    expect(localStorageError('read', '/l/x', err('EIO')).kind).toBe('OTHER');
    expect(localStorageError('read', '/l/x', err('EIO')).retriable).toBe(false);
  });

  it('a write under a read-only directory is ACCESS_DENIED or READ_ONLY, never silently lost', async () => {
    if (process.getuid?.() === 0) return; // root ignores permissions; the chaos disk scenario covers EROFS
    mkdirSync(path.join(root, 'ro'));
    const { chmodSync } = await import('node:fs');
    chmodSync(path.join(root, 'ro'), 0o500);
    const e = await store.put('ro/x', 'x').catch((err: unknown) => err);
    expect(isStorageError(e, 'ACCESS_DENIED')).toBe(true);
  });
});
