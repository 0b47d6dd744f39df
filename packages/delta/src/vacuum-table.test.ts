import { describe, expect, it } from 'vitest';
import { compactTable } from './compact-table.js';
import { DeltaTable } from './delta-table.js';
import { MemoryStore } from './memory-store.js';
import { Snapshot } from './snapshot.js';
import { vacuumTable } from './vacuum-table.js';
import { writeCheckpoint } from './write-checkpoint.js';
import { Field, Int64, Schema, Table, makeVector, tableToIPC } from 'apache-arrow';
import { Table as WasmTable, writeParquet } from 'parquet-wasm';
import { arrowToDeltaSchema } from './schema-string.js';
import { fileStats } from './file-stats.js';

const SCHEMA = new Schema([new Field('n', new Int64(), false)]);
const HOUR = 3_600_000;

async function addFile(store: MemoryStore, t: DeltaTable, from: number): Promise<void> {
  const arrow = new Table(SCHEMA, { n: makeVector(BigInt64Array.from([BigInt(from), BigInt(from + 1)])) });
  const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(arrow, 'stream')));
  const rel = `date=2026-12-01/f-${from}.parquet`;
  await store.put(`t/${rel}`, bytes);
  await t.commit([
    {
      appId: 'a',
      version: from + 1,
      schema: arrowToDeltaSchema(SCHEMA, ['date']),
      files: [{ path: rel, partitionValues: { date: '2026-12-01' }, size: bytes.length, modificationTime: 1, stats: fileStats(arrow) }],
    },
  ]);
}

/** Makes every object look `ms` older (files on disk age; the memory store's do not). */
function age(store: MemoryStore, ms: number): void {
  for (const o of store.objects.values()) o.lastModified = new Date(o.lastModified.getTime() - ms);
}

describe('vacuumTable', () => {
  it('deletes removed files past the retention and old never-committed ones; keeps live, recent and log files', async () => {
    const store = new MemoryStore();
    const t = await DeltaTable.open(store, 't', { partitionColumns: ['date'], checkpointInterval: 0 });
    for (const from of [0, 10, 20]) await addFile(store, t, from);
    await store.put('t/date=2026-12-01/orphan-old.parquet', 'x');
    age(store, 48 * HOUR);
    await store.put('t/date=2026-12-01/orphan-new.parquet', 'x');
    const tidy = await compactTable(store, 't');
    expect(tidy.filesRemoved).toBe(3);
    // Within the retention of the removal, the tidied files stay (readers of older versions need them).
    const soon = await vacuumTable(store, 't', { retentionMs: 24 * HOUR });
    expect(soon.deleted).toEqual(['date=2026-12-01/orphan-old.parquet']);
    // A day later (and through a checkpoint, which keeps the tombstones), they go.
    await writeCheckpoint(await Snapshot.open(store, 't'));
    const later = await vacuumTable(store, 't', { retentionMs: 24 * HOUR, now: Date.now() + 25 * HOUR, dryRun: true });
    expect(later.deleted.sort()).toEqual([
      'date=2026-12-01/f-0.parquet',
      'date=2026-12-01/f-10.parquet',
      'date=2026-12-01/f-20.parquet',
      'date=2026-12-01/orphan-new.parquet',
    ]);
    expect(await store.head('t/date=2026-12-01/f-0.parquet')).toBeDefined(); // dry run
    await vacuumTable(store, 't', { retentionMs: 24 * HOUR, now: Date.now() + 25 * HOUR });
    const snap = await Snapshot.open(store, 't');
    expect(snap.numRecords()).toBe(6);
    for (const f of snap.files.keys()) expect(await store.head(`t/${f}`)).toBeDefined();
    expect([...store.objects.keys()].filter((k) => k.startsWith('t/_delta_log/')).length).toBeGreaterThan(0);
  });
});
