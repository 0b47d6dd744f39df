import { describe, expect, it } from 'vitest';
import { Field, Int64, Schema, Table, makeVector, tableFromIPC, tableToIPC } from 'apache-arrow';
import { Encoding, ParquetFile, Table as WasmTable, readParquet, writeParquet } from 'parquet-wasm';
import { parseCommit } from './actions.js';
import { compactTable } from './compact-table.js';
import { DeltaTable, type TxnUnit } from './delta-table.js';
import { fileStats } from './file-stats.js';
import { commitKey } from './log-keys.js';
import { MemoryStore } from './memory-store.js';
import { arrowToDeltaSchema } from './schema-string.js';
import { Snapshot } from './snapshot.js';

const SCHEMA = new Schema([new Field('n', new Int64(), false)]);
const spec = { partitionColumns: ['date'], checkpointInterval: 0 };

async function unit(store: MemoryStore, date: string, from: number, to: number): Promise<TxnUnit> {
  const arrow = new Table(SCHEMA, { n: makeVector(BigInt64Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i))) });
  const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(arrow, 'stream')));
  const rel = `date=${date}/f-${from}-${to}.parquet`;
  await store.put(`t/${rel}`, bytes);
  return {
    appId: `app:${date}`,
    version: to,
    schema: arrowToDeltaSchema(SCHEMA, ['date']),
    files: [{ path: rel, partitionValues: { date }, size: bytes.length, modificationTime: 1, stats: fileStats(arrow) }],
  };
}

async function values(store: MemoryStore): Promise<number[]> {
  const snap = await Snapshot.open(store, 't');
  const out: number[] = [];
  for (const f of snap.files.values()) {
    const t = tableFromIPC(readParquet((await store.get(`t/${f.path}`))!).intoIPCStream());
    for (const v of t.getChild('n')!) out.push(Number(v));
  }
  return out.sort((a, b) => a - b);
}

async function lake(): Promise<{ store: MemoryStore; table: DeltaTable }> {
  const store = new MemoryStore();
  const table = await DeltaTable.open(store, 't', spec);
  for (let k = 0; k < 3; k++) await table.commit([await unit(store, '2026-12-01', k * 10, k * 10 + 9)]);
  await table.commit([await unit(store, '2026-12-02', 100, 104)]);
  return { store, table };
}

describe('compactTable', () => {
  it("merges a partition's files into one with remove + add (dataChange false); rows, txns and the lone file stay", async () => {
    const { store } = await lake();
    const before = await values(store);
    const r = await compactTable(store, 't');
    expect(r).toEqual({ version: 5, filesRemoved: 3, filesAdded: 1, rows: 30 });
    const snap = await Snapshot.open(store, 't');
    expect(snap.files.size).toBe(2);
    expect(snap.numRecords()).toBe(35);
    expect(snap.txnVersion('app:2026-12-01')).toBe(29);
    expect(await values(store)).toEqual(before);
    const commit = parseCommit(Buffer.from((await store.get(commitKey('t', 5)))!).toString());
    expect(commit.filter((a) => 'remove' in a).every((a) => 'remove' in a && !a.remove.dataChange)).toBe(true);
    expect(commit.filter((a) => 'add' in a).every((a) => 'add' in a && !a.add.dataChange && a.add.partitionValues.date === '2026-12-01')).toBe(true);
    expect(commit.some((a) => 'commitInfo' in a && a.commitInfo.operation === 'OPTIMIZE')).toBe(true);
    // Nothing left to merge.
    expect((await compactTable(store, 't')).version).toBeUndefined();
  });

  it('commits after an append that lands meanwhile, and gives up (deleting its file) when another compaction removed its inputs', async () => {
    const { store, table } = await lake();
    store.beforePutIfAbsent = async (key) => {
      store.beforePutIfAbsent = undefined;
      if (key === commitKey('t', 5)) await table.commit([await unit(store, '2026-12-02', 105, 109)]);
    };
    expect((await compactTable(store, 't')).version).toBe(6);
    expect((await Snapshot.open(store, 't')).numRecords()).toBe(40);

    const other = await lake();
    other.store.beforePutIfAbsent = async (key) => {
      other.store.beforePutIfAbsent = undefined;
      if (key === commitKey('t', 5)) await compactTable(other.store, 't');
    };
    const lost = await compactTable(other.store, 't');
    expect(lost.version).toBeUndefined();
    const snap = await Snapshot.open(other.store, 't');
    expect(snap.version).toBe(5);
    const dataFiles = [...other.store.objects.keys()].filter((k) => k.includes('compacted-'));
    expect(dataFiles).toHaveLength(1);
    expect(snap.files.has(dataFiles[0]!.slice(2))).toBe(true);
  });

  it("writes the merged file with the ingester's layout: no dictionary for offsets and the other plain columns", async () => {
    const store = new MemoryStore();
    const table = await DeltaTable.open(store, 't', spec);
    const schema = new Schema([new Field('offset', new Int64(), false), new Field('n', new Int64(), false)]);
    for (let k = 0; k < 2; k++) {
      const arrow = new Table(schema, {
        offset: makeVector(BigInt64Array.from({ length: 10 }, (_, i) => BigInt(k * 10 + i))),
        n: makeVector(BigInt64Array.from({ length: 10 }, () => 7n)),
      });
      const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(arrow, 'stream')));
      const rel = `date=2026-12-01/f-${k}.parquet`;
      await store.put(`t/${rel}`, bytes);
      const files = [{ path: rel, partitionValues: { date: '2026-12-01' }, size: bytes.length, modificationTime: 1, stats: fileStats(arrow) }];
      await table.commit([{ appId: 'app', version: k, schema: arrowToDeltaSchema(schema, ['date']), files }]);
    }
    expect((await compactTable(store, 't')).filesAdded).toBe(1);
    const merged = [...store.objects.keys()].find((k) => k.includes('compacted-'))!;
    const file = await ParquetFile.fromFile(new Blob([(await store.get(merged))!]));
    const encodings = new Map(
      file
        .metadata()
        .rowGroup(0)
        .columns()
        .map((c) => [c.columnPath().join('.'), c.encodings()]),
    );
    const dictionary = (name: string) => encodings.get(name)!.some((e) => e === Encoding.RLE_DICTIONARY || e === Encoding.PLAIN_DICTIONARY);
    expect(dictionary('offset')).toBe(false);
    expect(dictionary('n')).toBe(true);
  });
});
