import { describe, expect, it } from 'vitest';
import { Field, Int64, Schema, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { MemoryStore, Snapshot, commitKey } from '@dl/delta';
import type { CommitRecord, CommittedFile } from '@dl/core';
import { DeltaFormat } from './delta-format.js';

const SCHEMA = new Schema([new Field('offset', new Int64(), false), new Field('error_class', new Utf8(), false)]);

function arrow(from: number, to: number): Table {
  const offsets = Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i));
  return new Table(SCHEMA, {
    offset: vectorFromArray(offsets, new Int64()),
    error_class: vectorFromArray(
      offsets.map(() => 'X'),
      new Utf8(),
    ),
  });
}

async function record(format: DeltaFormat, partition: number, from: number, to: number): Promise<CommitRecord> {
  const files: CommittedFile[] = [];
  for (const table of ['parquet', 'parquet-dlq'] as const) {
    const name = `t+${partition}+${String(from).padStart(20, '0')}-${String(to).padStart(20, '0')}.parquet`;
    files.push(
      await format.stage({
        table,
        final: `${table}/date=2026-12-01/${name}`,
        partitionPath: 'date=2026-12-01',
        bytes: new Uint8Array([1, 2, 3]),
        rows: to - from + 1,
        arrow: arrow(from, to),
        writerId: 'w',
        txn: 1,
      }),
    );
  }
  return {
    version: 1,
    topic: 't',
    partition,
    from: String(from),
    to: String(to),
    files,
    rows: { table: to - from + 1, dlq: to - from + 1 },
    readerSchemaId: 1,
    committedAt: '2026-12-01T10:00:00.000Z',
    writer: 'w',
  };
}

const options = (store: MemoryStore) => ({ store, partitionBy: { kind: 'date' } as const, checkpointInterval: 10 });

describe('DeltaFormat', () => {
  it('publishes a flush of several partitions as one commit per table, with a txn per partition', async () => {
    const store = new MemoryStore();
    const f = new DeltaFormat(options(store));
    await f.prepare();
    expect(await f.publish([await record(f, 0, 0, 9), await record(f, 1, 0, 4)])).toBe(2);
    for (const table of ['parquet', 'parquet-dlq']) {
      const snap = await Snapshot.open(store, table);
      expect(snap.version).toBe(1);
      expect(snap.files.size).toBe(2);
      expect([...snap.txns]).toEqual([
        ['dl-ingest:t:0', 9],
        ['dl-ingest:t:1', 4],
      ]);
      expect(snap.metaData!.partitionColumns).toEqual(['date']);
      expect(snap.numRecords()).toBe(15);
    }
  });

  it("a crash between the two tables' commits: the next owner republishes and only the missing table gets a commit", async () => {
    const store = new MemoryStore();
    const first = new DeltaFormat(options(store));
    const rec = await record(first, 0, 0, 9);
    // The main table's commit went in, then the process died before the DLQ's.
    let calls = 0;
    store.beforePutIfAbsent = (key) => {
      if (key === commitKey('parquet-dlq', 1) && ++calls === 1) throw new Error('killed');
    };
    await expect(first.publish([rec])).rejects.toThrow('killed');
    store.beforePutIfAbsent = undefined;
    const next = new DeltaFormat(options(store));
    await next.prepare();
    expect(await next.publish([rec])).toBe(1);
    const table = await Snapshot.open(store, 'parquet');
    const dlq = await Snapshot.open(store, 'parquet-dlq');
    expect([table.version, table.files.size, dlq.version, dlq.files.size]).toEqual([1, 1, 1, 1]);
    // And once more (a third owner): nothing is added anywhere.
    expect(await new DeltaFormat(options(store)).publish([rec])).toBe(0);
    expect((await Snapshot.open(store, 'parquet')).version).toBe(1);
  });

  it('writes data files in place under names no other writer uses (staged is final)', async () => {
    const store = new MemoryStore();
    const a = await record(new DeltaFormat(options(store)), 0, 0, 9);
    const b = await record(new DeltaFormat(options(store)), 0, 0, 9);
    expect(a.files[0]!.final).not.toBe(b.files[0]!.final);
    expect(a.files[0]!.staged).toBe(a.files[0]!.final);
    expect(await store.head(a.files[0]!.final)).toBeDefined();
    expect(await store.head(b.files[0]!.final)).toBeDefined();
  });

  it('checks a new reader schema against the table before it decodes anything', async () => {
    const store = new MemoryStore();
    const f = new DeltaFormat(options(store));
    await f.prepare();
    await f.publish([await record(f, 0, 0, 9)]);
    const g = new DeltaFormat(options(store));
    await g.prepare();
    expect(() => g.checkSchema(new Schema([...SCHEMA.fields, new Field('coupon', new Utf8(), true)]))).not.toThrow();
    expect(() => g.checkSchema(new Schema([new Field('offset', new Utf8(), false)]))).toThrow('changes column "offset" of the Delta table from long to string');
  });
});
