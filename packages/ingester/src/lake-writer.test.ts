import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { DlError, commitRecordKey } from '@dl/core';
import { LocalStore } from '@dl/storage';
import { LakeWriter } from './lake-writer.js';
import type { ParquetEncoder } from './parquet-encoder.js';
import type { PartitionBuffer } from './partition-buffer.js';

const TTL = 1000;
let root: string;
let store: LocalStore;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'dl-lake-writer-'));
  store = new LocalStore(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const retry = { signal: new AbortController().signal, onWait: () => {} };
/** Encodes file n as [n]; the encode of file `stallAt` waits for `release()`. */
function gatedEncoder(stallAt: number): { encoder: ParquetEncoder; release: () => void; stalled: Promise<void> } {
  let release = (): void => {};
  let stalledNow = (): void => {};
  const gate = new Promise<void>((r) => (release = r));
  const stalled = new Promise<void>((r) => (stalledNow = r));
  let n = 0;
  const encoder = {
    async encode(): Promise<Uint8Array> {
      n++;
      if (n === stallAt) {
        stalledNow();
        await gate;
      }
      return new Uint8Array([n]);
    },
  } as unknown as ParquetEncoder;
  return { encoder, release, stalled };
}
function buffer(): PartitionBuffer {
  const acc = (p: string) => ({ toTable: () => tableFromArrays({ x: [1] }), partitionPath: p, firstOffset: 0n, lastOffset: 0n, rows: 1 });
  return {
    topic: 't',
    partition: 0,
    from: 0n,
    lastOffset: 0n,
    readerSchemaId: 1,
    *accumulators() {
      yield { table: 'parquet', acc: acc('date=a') };
      yield { table: 'parquet', acc: acc('date=b') };
    },
  } as unknown as PartitionBuffer;
}
/** Everything under `_dl/` looks untouched for ten TTLs: the writer stalled (an outage, a pause). */
async function ageLake(): Promise<void> {
  const t = new Date(Date.now() - 10 * TTL);
  for await (const o of store.list('_dl/')) utimesSync(store.pathOf(o.key), t, t);
}
async function finalBytes(): Promise<number[]> {
  const out: number[] = [];
  for await (const o of store.list('parquet/')) out.push(...(await store.get(o.key))!);
  return out;
}

/** What the flusher does with one buffer: the commit record, then the publish step. */
async function flushAndPublish(w: LakeWriter): ReturnType<LakeWriter['flush']> {
  const outcome = await w.flush(buffer());
  if (outcome.ok) await w.publish([outcome.record]);
  return outcome;
}

describe('LakeWriter when its lease ran out while it was stalled', () => {
  it("a peer's recovery removes the stalled writer's staging; the writer re-stages from memory and loses no file", async () => {
    const { encoder, release, stalled } = gatedEncoder(2);
    const a = new LakeWriter({ store, encoder, retry, leaseTtlMs: TTL, leaseRefreshMs: 10_000_000 });
    await a.prepare();
    const flushing = flushAndPublish(a);
    await stalled; // file 1 is staged, file 2 is being encoded
    await ageLake();
    const peer = new LakeWriter({ store, encoder: gatedEncoder(0).encoder, retry, leaseTtlMs: TTL });
    expect((await peer.recover()).removedStaging).toBe(1);
    release();
    const outcome = await flushing;
    expect(outcome.ok).toBe(true);
    expect(await finalBytes()).toEqual([1, 2]);
    // The next start finds nothing to repair and nothing missing.
    const next = new LakeWriter({ store, encoder, retry, leaseTtlMs: TTL });
    expect((await next.recover()).republished).toBe(0);
    await a.close(true);
  });

  it("keeps a writer's staging when its lease was renewed after the peer listed it", async () => {
    const { encoder, release, stalled } = gatedEncoder(2);
    const a = new LakeWriter({ store, encoder, retry, leaseTtlMs: TTL, leaseRefreshMs: 10_000_000 });
    await a.prepare();
    const flushing = flushAndPublish(a);
    await stalled;
    await ageLake();
    // The peer's listing sees the lease expired; the writer renews before the peer deletes.
    const slowList: LocalStore = Object.create(store);
    let renewed = false;
    slowList.list = async function* (prefix, opts) {
      yield* store.list(prefix, opts);
      if (prefix.startsWith('_dl/staging') && !renewed) {
        renewed = true;
        await store.put(`_dl/writers/${a.writerId}.json`, '{}');
      }
    };
    const peer = new LakeWriter({ store: slowList, encoder, retry, leaseTtlMs: TTL });
    expect((await peer.recover()).removedStaging).toBe(0);
    expect(renewed).toBe(true);
    release();
    expect((await flushing).ok).toBe(true);
    expect(await finalBytes()).toEqual([1, 2]);
    await a.close(true);
  });

  it('a staged file deleted between the commit record and the publish is uploaded again from memory', async () => {
    const { encoder } = gatedEncoder(0);
    const racing: LocalStore = Object.create(store);
    racing.putIfAbsent = async (key, body) => {
      const created = await store.putIfAbsent(key, body);
      for await (const o of store.list('_dl/staging/')) await store.delete(o.key);
      return created;
    };
    const a = new LakeWriter({ store: racing, encoder, retry, leaseTtlMs: TTL });
    await a.prepare();
    expect((await flushAndPublish(a)).ok).toBe(true);
    expect(await finalBytes()).toEqual([1, 2]);
    await a.close(true);
  });

  it('recovery of a commit whose staged and final copies are both gone is LAKE_CORRUPT naming the record', async () => {
    const { encoder } = gatedEncoder(0);
    const failing: LocalStore = Object.create(store);
    // The writer dies right after its commit record is created; then its staging is lost.
    failing.copy = async () => {
      throw new Error('killed');
    };
    const a = new LakeWriter({ store: failing, encoder, retry, leaseTtlMs: TTL });
    await a.prepare();
    await expect(flushAndPublish(a)).rejects.toThrow('killed');
    for await (const o of store.list('_dl/staging/')) await store.delete(o.key);
    const e = await new LakeWriter({ store, encoder, retry, leaseTtlMs: TTL }).recover().catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DlError);
    expect((e as DlError).code).toBe('LAKE_CORRUPT');
    expect((e as DlError).message).toContain(commitRecordKey('t', 0, 0n));
  });
});

describe('LakeWriter.recover and incomplete multipart uploads', () => {
  it('aborts only uploads older than a day, not those of a writer merely past its lease', async () => {
    const ages: number[] = [];
    const s3ish = Object.assign(Object.create(store) as LocalStore, {
      abortStaleUploads: async (olderThanMs: number) => {
        ages.push(olderThanMs);
        return 0;
      },
    });
    await new LakeWriter({ store: s3ish, encoder: gatedEncoder(0).encoder, retry, leaseTtlMs: TTL }).recover();
    expect(ages).toEqual([24 * 3_600_000]);
  });
});
