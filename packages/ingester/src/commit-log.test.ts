import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, utimesSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commitRecordKey, stagedKey, writerLeaseKey, type CommitRecord } from '@dl/core';
import { LocalStore } from '@dl/storage';
import { CommitLog } from './commit-log.js';
import { LakeWriter } from './lake-writer.js';
import type { ParquetEncoder } from './parquet-encoder.js';

let root: string;
let store: LocalStore;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'dl-commit-log-'));
  store = new LocalStore(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function record(from: number, to: number, writer: string, files: CommitRecord['files'] = []): CommitRecord {
  return {
    version: 1,
    topic: 't',
    partition: 0,
    from: String(from),
    to: String(to),
    files,
    rows: { table: to - from + 1, dlq: 0 },
    readerSchemaId: 1,
    committedAt: '2026-01-01T00:00:00.000Z',
    writer,
  };
}
const file = (writer: string, txn: number, name: string) => {
  const final = `parquet/date=2026-01-01/${name}`;
  return { table: 'parquet' as const, staged: stagedKey(writer, txn, final), final, rows: 1, bytes: 4 };
};
const old = (key: string) => {
  const t = new Date(Date.now() - 3_600_000);
  utimesSync(store.pathOf(key), t, t);
};

describe('CommitLog on a store', () => {
  it('commits each chain position once: another record there is a CONFLICT, a retry of our own is not', async () => {
    const log = new CommitLog(store);
    expect(await log.append(record(0, 9, 'a'))).toEqual({ ok: true });
    expect(await log.append(record(0, 9, 'b'))).toEqual({ ok: false, reason: 'CONFLICT' });
    // The same bytes again: a put-if-absent whose first attempt landed but whose answer was lost.
    expect(await log.append(record(0, 9, 'a'))).toEqual({ ok: true });
    expect((await store.head(commitRecordKey('t', 0, 0n)))?.size).toBeGreaterThan(0);
  });

  it('finds the newest record, also one another writer added after it looked, and forgets an emptied lake', async () => {
    const log = new CommitLog(store);
    expect(await log.latest('t', 0)).toBeUndefined();
    await log.append(record(0, 9, 'a'));
    expect((await log.latest('t', 0))?.to).toBe('9');
    await new CommitLog(store).append(record(10, 19, 'b'));
    expect((await log.latest('t', 0))?.to).toBe('19');
    await store.delete(commitRecordKey('t', 0, 0n));
    await store.delete(commitRecordKey('t', 0, 10n));
    expect(await log.latest('t', 0)).toBeUndefined();
  });

  it('publishes idempotently: copies staged to final and deletes staged; a file already published is skipped; one in neither place fails', async () => {
    const log = new CommitLog(store);
    const f = file('w', 1, 'a.parquet');
    await store.put(f.staged, 'data');
    expect(await log.publish(record(0, 0, 'w', [f]))).toBe(1);
    expect(Buffer.from((await store.get(f.final))!).toString()).toBe('data');
    expect(await store.head(f.staged)).toBeUndefined();
    expect(await log.publish(record(0, 0, 'w', [f]))).toBe(0);
    const lost = file('w', 2, 'b.parquet');
    const e = await log.publish(record(1, 1, 'w', [lost])).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'LAKE_CORRUPT' });
    expect(String(e)).toContain(commitRecordKey('t', 0, 1n));
  });
});

describe('LakeWriter.recover', () => {
  const writer = () =>
    new LakeWriter({ store, encoder: {} as ParquetEncoder, retry: { signal: new AbortController().signal, onWait: () => {} }, leaseTtlMs: 60_000 });

  it('publishes pending commits and removes staging of writers whose lease expired, keeping what a commit names and what live writers staged', async () => {
    // dead: lease expired; one staged file belongs to its newest (unpublished) commit, one is garbage.
    const pending = file('dead', 1, 'p.parquet');
    await store.put(pending.staged, 'pending');
    await store.put(stagedKey('dead', 2, 'parquet/date=2026-01-01/garbage.parquet'), 'garbage');
    await new CommitLog(store).append(record(0, 0, 'dead', [pending]));
    await store.put(writerLeaseKey('dead'), '{}');
    old(writerLeaseKey('dead'));
    // live: fresh lease. fresh-no-lease: staged just now by a writer without a lease (an older version).
    await store.put(writerLeaseKey('live'), '{}');
    await store.put(stagedKey('live', 1, 'parquet/x.parquet'), 'live');
    await store.put(stagedKey('fresh-no-lease', 1, 'parquet/y.parquet'), 'fresh');
    // stale-no-lease: an old version's writer that died long ago.
    await store.put(stagedKey('stale-no-lease', 1, 'parquet/z.parquet'), 'stale');
    old(stagedKey('stale-no-lease', 1, 'parquet/z.parquet'));

    const result = await writer().recover();

    expect(result).toEqual({ republished: 1, removedStaging: 2, abortedUploads: 0 });
    expect(Buffer.from((await store.get(pending.final))!).toString()).toBe('pending');
    const left: string[] = [];
    for await (const o of store.list('_dl/')) left.push(o.key);
    expect(left).toEqual([
      commitRecordKey('t', 0, 0n),
      stagedKey('fresh-no-lease', 1, 'parquet/y.parquet'),
      stagedKey('live', 1, 'parquet/x.parquet'),
      writerLeaseKey('live'),
    ]);
    expect(existsSync(path.join(root, '_dl', 'staging', 'dead'))).toBe(false);
  });

  it('a writer holds a lease while it runs and gives it up when it closes', async () => {
    const w = writer();
    await w.prepare();
    expect(await store.head(writerLeaseKey(w.writerId))).toBeDefined();
    await w.close(true);
    expect(await store.head(writerLeaseKey(w.writerId))).toBeUndefined();
  });
});
