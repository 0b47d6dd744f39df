import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalStore } from '@dl/storage';
import { DeltaTable, Snapshot, compactTable } from '@dl/delta';
import { parquetUnit } from './parquet-unit.js';
import { runDeltaPython } from '../../../test/support/python.js';

/** Writes a real Parquet file of `n` values from..to through the store and returns its unit. */
const facts = (dir: string, extra: string[]) =>
  JSON.parse(runDeltaPython('delta_table_facts.py', [dir, ...extra])) as {
    version: number;
    rows: number;
    files: number;
    txn: Record<string, number | null>;
    values: number[] | null;
  };

describe('Delta tables on a real disk, read by delta-rs', () => {
  it('four writers racing for the same versions: each commit lands once, the log has no gap, delta-rs sees every row once', { timeout: 120_000 }, async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'dl-delta-race-'));
    const writers = ['a', 'b', 'c', 'd'];
    // One store and one table object per writer: separate snapshots, as separate processes have.
    const tables = await Promise.all(writers.map(() => DeltaTable.open(new LocalStore(root), 't', { partitionColumns: ['date'], checkpointInterval: 0 })));
    let lost = 0;
    const versions = await Promise.all(
      writers.map(async (w, i) => {
        const store = new LocalStore(root);
        const won: number[] = [];
        for (let k = 0; k < 10; k++) {
          const r = await tables[i]!.commit([await parquetUnit(store, w, k * 10, k * 10 + 9)]);
          won.push(r.version);
          lost += r.lostRaces;
        }
        return won;
      }),
    );
    // The writers did race: some version was taken by another writer between a read and a create.
    expect(lost).toBeGreaterThan(0);
    const all = versions.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const logs = readdirSync(path.join(root, 't', '_delta_log')).filter((n) => n.endsWith('.json'));
    expect(logs).toHaveLength(41);
    // A republish of a writer's last unit (a crash after its commit) adds nothing.
    const again = await (
      await DeltaTable.open(new LocalStore(root), 't', { partitionColumns: ['date'], checkpointInterval: 0 })
    ).commit([await parquetUnit(new LocalStore(root), 'a', 90, 99)]);
    expect(again.committed).toBe(0);
    const f = facts(path.join(root, 't'), [...writers.map((w) => ['--app-id', `app-${w}`]).flat(), '--column', 'n']);
    expect(f.version).toBe(40);
    expect(f.files).toBe(40);
    expect(f.rows).toBe(400);
    expect(f.txn).toEqual({ 'app-a': 99, 'app-b': 99, 'app-c': 99, 'app-d': 99 });
    const expected = writers.flatMap(() => Array.from({ length: 100 }, (_, i) => i)).sort((a, b) => a - b);
    expect(f.values).toEqual(expected);
  });

  it('writes checkpoints delta-rs opens: with the JSON commits they cover deleted, the table is the same', { timeout: 120_000 }, async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'dl-delta-ckpt-'));
    const store = new LocalStore(root);
    const t = await DeltaTable.open(store, 't', { partitionColumns: ['date'], checkpointInterval: 10 });
    for (let k = 0; k < 25; k++) await t.commit([await parquetUnit(store, `p${k % 3}`, k * 10, k * 10 + 9)]);
    const log = path.join(root, 't', '_delta_log');
    expect(
      readdirSync(log)
        .filter((n) => n.endsWith('.checkpoint.parquet'))
        .sort(),
    ).toEqual(['00000000000000000010.checkpoint.parquet', '00000000000000000020.checkpoint.parquet']);
    const whole = facts(path.join(root, 't'), ['--app-id', 'app-p0', '--app-id', 'app-p1', '--app-id', 'app-p2', '--column', 'n']);
    expect(whole).toMatchObject({ version: 25, rows: 250, files: 25, txn: { 'app-p0': 249, 'app-p1': 229, 'app-p2': 239 } });
    // Only the checkpoint can tell delta-rs about versions 0..20 now.
    const copy = path.join(root, 'copy');
    cpSync(path.join(root, 't'), copy, { recursive: true });
    for (const n of readdirSync(path.join(copy, '_delta_log'))) {
      if (/^\d{20}\.json$/.test(n) && Number(n.slice(0, 20)) <= 20) rmSync(path.join(copy, '_delta_log', n));
    }
    expect(facts(copy, ['--app-id', 'app-p0', '--app-id', 'app-p1', '--app-id', 'app-p2', '--column', 'n'])).toEqual(whole);
    // And our reader, from the same checkpoint.
    const snap = await Snapshot.open(new LocalStore(copy), '');
    expect(snap.version).toBe(25);
    expect(snap.numRecords()).toBe(250);
    expect(snap.txnVersion('app-p1')).toBe(229);

    // A compaction, then commits up to the checkpoint at 30, which carries its tombstones.
    expect((await compactTable(store, 't')).filesRemoved).toBe(25);
    for (let k = 25; k < 29; k++) await t.commit([await parquetUnit(store, `p${k % 3}`, k * 10, k * 10 + 9)]);
    expect(readdirSync(log)).toContain('00000000000000000030.checkpoint.parquet');
    const tidied = facts(path.join(root, 't'), ['--app-id', 'app-p0', '--column', 'n']);
    expect(tidied).toMatchObject({ version: 30, rows: 290, files: 5, txn: { 'app-p0': 279 } });
    expect(tidied.values).toEqual(Array.from({ length: 290 }, (_, i) => i));
    const fromCheckpoint = await Snapshot.open(new LocalStore(root), 't');
    expect(fromCheckpoint.checkpointVersion).toBe(30);
    expect(fromCheckpoint.removed.size).toBe(25);
  });

  it('reads a checkpoint delta-rs wrote', { timeout: 120_000 }, async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dl-delta-rs-')), 'rs');
    const theirs = facts(dir, ['--write-checkpointed', '--column', 'n']);
    expect(theirs).toMatchObject({ version: 10, rows: 22 });
    const snap = await Snapshot.open(new LocalStore(dir), '');
    expect(snap.checkpointVersion).toBe(10);
    expect(snap.version).toBe(10);
    expect(snap.files.size).toBe(theirs.files);
    expect(snap.numRecords()).toBe(22);
    expect(snap.metaData!.partitionColumns).toEqual(['date']);
    expect(new Set([...snap.files.values()].map((f) => f.partitionValues.date))).toEqual(new Set(['2026-12-01', '2026-12-02']));
  });
});
