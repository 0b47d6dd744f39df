import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { LOG_PREFIX } from '@dl/core';
import { LocalStore, StorageError, type ObjectStore } from '@dl/storage';
import { Flusher } from './flusher.js';
import { LakeWriter } from './lake-writer.js';
import { OnceTargets } from './once-targets.js';
import type { ParquetEncoder } from './parquet-encoder.js';
import type { PartitionBuffer } from './partition-buffer.js';
import { PartitionTable } from './partition-table.js';
import { RunControl } from './run-control.js';
import { Stats } from './stats.js';

let root: string;
beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'dl-flusher-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

const encoder = { encode: async () => new Uint8Array([1]) } as unknown as ParquetEncoder;

/** A buffer of offset 0 of t/0 with one file. */
function buffer(epoch = 0): PartitionBuffer {
  const acc = { toTable: () => tableFromArrays({ x: [1] }), partitionPath: 'date=a', firstOffset: 0n, lastOffset: 0n, rows: 1 };
  return {
    topic: 't',
    partition: 0,
    from: 0n,
    lastOffset: 0n,
    readerSchemaId: 1,
    epoch,
    records: 1,
    bytes: 1,
    *accumulators() {
      yield { table: 'parquet', acc };
    },
  } as unknown as PartitionBuffer;
}

/** The local store, but the next listing of the commit log fails once with a transient error (an S3 503) once armed. */
function flakyStore(): { store: ObjectStore; arm: () => void; failures: () => number } {
  const local = new LocalStore(root);
  let armed = false;
  let failures = 0;
  const store = new Proxy(local, {
    get(target, prop, receiver) {
      if (prop !== 'list') return Reflect.get(target, prop, receiver) as unknown;
      return (prefix: string, opts?: object) => {
        if (!armed || !prefix.startsWith(LOG_PREFIX)) return target.list(prefix, opts);
        armed = false;
        failures++;
        return (async function* () {
          yield* [];
          throw new StorageError('UNAVAILABLE', prefix, 'S3 answered 503 Slow Down.');
        })();
      };
    },
  });
  return { store, arm: () => (armed = true), failures: () => failures };
}

async function writer(store: ObjectStore, warnings: string[]): Promise<LakeWriter> {
  const w = new LakeWriter({ store, encoder, retry: { signal: new AbortController().signal, onWait: (e) => warnings.push(e.message) } });
  await w.prepare();
  return w;
}

describe('storage retry after a commit CONFLICT and in the --once check', () => {
  it('a transient error reading the winner’s commit record is retried: the partition resumes after it, the run goes on', async () => {
    const warnings: string[] = [];
    const flaky = flakyStore();
    const loser = await writer(flaky.store, warnings);
    const winner = await writer(new LocalStore(root), []);
    const stats = new Stats();
    const table = new PartitionTable({ latest: (t, p) => loser.latest(t, p), publish: (r) => loser.publish(r) }, stats);
    const control = new RunControl(new AbortController().signal, () => {});
    const flusher = new Flusher({ writer: loser, table, control, stats, flushIntervalMs: 1000, brokers: [], afterCommit: async () => {} });
    const st = await table.load('t', 0);
    st.current = buffer();

    const won = await winner.flush(buffer());
    expect(won.ok).toBe(true);
    flaky.arm();
    await flusher.flush(true);

    expect(flaky.failures()).toBe(1);
    expect(warnings).toEqual(['S3 answered 503 Slow Down.']);
    expect(control.fatal).toBeUndefined();
    expect(stats.conflicts).toBe(1);
    expect(st.committedEnd).toBe(0n); // the winner's end: ours was dropped, consumption resumes at 1
    expect(st.next).toBe(1n);
    await Promise.all([loser.close(true), winner.close(true)]);
  });

  it('OnceTargets.committed rides out a transient error reading the log through the writer', async () => {
    const warnings: string[] = [];
    const flaky = flakyStore();
    const w = await writer(flaky.store, warnings);
    const done = await w.flush(buffer());
    if (done.ok) await w.publish([done.record]);
    const stats = new Stats();
    const targets = new OnceTargets(new Map([['t/0', 0n]]), new PartitionTable(w, stats), w, stats);
    flaky.arm();
    expect(await targets.committed()).toBe(true);
    expect(flaky.failures()).toBe(1);
    expect(warnings).toHaveLength(1);
    await w.close(true);
  });
});

describe('the collection at each seal', () => {
  it('starts one GC per flush that sealed records, none for a flush with nothing to seal', async () => {
    const w = await writer(new LocalStore(root), []);
    const stats = new Stats();
    const table = new PartitionTable({ latest: (t, p) => w.latest(t, p), publish: (r) => w.publish(r) }, stats);
    const control = new RunControl(new AbortController().signal, () => {});
    let gcs = 0;
    const flusher = new Flusher({ writer: w, table, control, stats, flushIntervalMs: 1000, brokers: [], startGc: () => gcs++, afterCommit: async () => {} });
    const st = await table.load('t', 0);
    await flusher.flush(true);
    expect(gcs).toBe(0);
    st.current = buffer();
    await flusher.flush(true);
    expect(gcs).toBe(1);
    expect(st.committedEnd).toBe(0n);
    await flusher.flush(true);
    expect(gcs).toBe(1);
    await w.close(true);
  });
});
