import { describe, expect, it } from 'vitest';
import { parseCommit } from './actions.js';
import { DeltaTable, type TxnUnit } from './delta-table.js';
import { commitKey, lastCheckpointKey } from './log-keys.js';
import { MemoryStore } from './memory-store.js';
import type { DeltaStruct } from './schema-string.js';
import { Snapshot } from './snapshot.js';

const schema: DeltaStruct = {
  type: 'struct',
  fields: [
    { name: 'offset', type: 'long', nullable: true, metadata: {} },
    { name: 'date', type: 'string', nullable: true, metadata: {} },
  ],
};
const spec = { partitionColumns: ['date'], checkpointInterval: 10 };

function unit(partition: number, from: number, to: number, s: DeltaStruct = schema): TxnUnit {
  return {
    appId: `dl-ingest:t:${partition}`,
    version: to,
    schema: s,
    files: [
      {
        path: `date=2026-12-01/t+${partition}+${from}-${to}.parquet`,
        partitionValues: { date: '2026-12-01' },
        size: 10,
        modificationTime: 1,
        stats: `{"numRecords":${to - from + 1}}`,
      },
    ],
  };
}

async function commitsIn(store: MemoryStore): Promise<string[]> {
  return [...store.objects.keys()].filter((k) => k.endsWith('.json')).sort();
}

describe('DeltaTable', () => {
  it('creates version 0 with protocol 1/2 and metadata, then commits adds and txns', async () => {
    const store = new MemoryStore();
    const t = await DeltaTable.open(store, 'parquet', spec);
    const r = await t.commit([unit(0, 0, 9), unit(1, 0, 4)]);
    expect(r).toEqual({ version: 1, committed: 2, alreadyPublished: 0, lostRaces: 0 });
    const v0 = parseCommit(Buffer.from((await store.get(commitKey('parquet', 0)))!).toString());
    expect(v0[0]).toEqual({ protocol: { minReaderVersion: 1, minWriterVersion: 2 } });
    expect(v0[1]).toMatchObject({ metaData: { partitionColumns: ['date'], format: { provider: 'parquet' } } });
    const v1 = parseCommit(Buffer.from((await store.get(commitKey('parquet', 1)))!).toString());
    expect(v1.filter((a) => 'add' in a)).toHaveLength(2);
    expect(v1.filter((a) => 'txn' in a).map((a) => ('txn' in a ? [a.txn.appId, a.txn.version] : []))).toEqual([
      ['dl-ingest:t:0', 9],
      ['dl-ingest:t:1', 4],
    ]);
    const snap = await Snapshot.open(store, 'parquet');
    expect(snap.version).toBe(1);
    expect(snap.numRecords()).toBe(15);
  });

  it('publishes a unit once: a republish after a crash finds the txn and adds nothing', async () => {
    const store = new MemoryStore();
    await (await DeltaTable.open(store, 'parquet', spec)).commit([unit(0, 0, 9)]);
    const again = await (await DeltaTable.open(store, 'parquet', spec)).commit([unit(0, 0, 9), unit(0, 10, 19)].slice(0, 1));
    expect(again).toEqual({ version: 1, committed: 0, alreadyPublished: 1, lostRaces: 0 });
    expect(await commitsIn(store)).toHaveLength(2);
  });

  it('of two writers racing for one version one wins; the loser re-reads and commits at the next version', async () => {
    const store = new MemoryStore();
    const a = await DeltaTable.open(store, 'parquet', spec);
    const b = await DeltaTable.open(store, 'parquet', spec);
    await a.commit([unit(0, 0, 9)]);
    // b has read the log at version 1; a wins version 2 while b is about to create it.
    await b.snapshot.update();
    let slipped = false;
    store.beforePutIfAbsent = async (key) => {
      if (!slipped && key === commitKey('parquet', 2)) {
        slipped = true;
        store.beforePutIfAbsent = undefined;
        await a.commit([unit(0, 10, 19)]);
      }
    };
    const r = await b.commit([unit(1, 0, 4)]);
    expect(slipped).toBe(true);
    expect(r.version).toBe(3);
    expect(r.lostRaces).toBe(1);
    const snap = await Snapshot.open(store, 'parquet');
    expect([...snap.txns]).toEqual([
      ['dl-ingest:t:0', 19],
      ['dl-ingest:t:1', 4],
    ]);
    expect(snap.files.size).toBe(3);
  });

  it('a loser whose units the winner already published stops without a commit', async () => {
    const store = new MemoryStore();
    const a = await DeltaTable.open(store, 'parquet', spec);
    const b = await DeltaTable.open(store, 'parquet', spec);
    await a.commit([unit(0, 0, 9)]);
    await b.snapshot.update();
    store.beforePutIfAbsent = async (key) => {
      store.beforePutIfAbsent = undefined;
      if (key === commitKey('parquet', 2)) await a.commit([unit(0, 10, 19)]);
    };
    const r = await b.commit([unit(0, 10, 19)]);
    expect(r).toEqual({ version: 2, committed: 0, alreadyPublished: 1, lostRaces: 1 });
    expect((await Snapshot.open(store, 'parquet')).files.size).toBe(2);
  });

  it('two writers creating the table make one version 0', async () => {
    const store = new MemoryStore();
    const [a, b] = await Promise.all([DeltaTable.open(store, 'parquet', spec), DeltaTable.open(store, 'parquet', spec)]);
    await Promise.all([a.commit([unit(0, 0, 9)]), b.commit([unit(1, 0, 9)])]);
    const snap = await Snapshot.open(store, 'parquet');
    expect(snap.version).toBe(2);
    expect(snap.files.size).toBe(2);
    expect(parseCommit(Buffer.from((await store.get(commitKey('parquet', 0)))!).toString()).some((a) => 'metaData' in a)).toBe(true);
  });

  it('a new optional column becomes a metaData action in the commit that first writes it', async () => {
    const store = new MemoryStore();
    const t = await DeltaTable.open(store, 'parquet', spec);
    await t.commit([unit(0, 0, 9)]);
    const v2: DeltaStruct = { type: 'struct', fields: [...schema.fields, { name: 'coupon', type: 'string', nullable: true, metadata: {} }] };
    await t.commit([unit(0, 10, 19, v2)]);
    const c2 = parseCommit(Buffer.from((await store.get(commitKey('parquet', 2)))!).toString());
    expect(c2.some((a) => 'metaData' in a)).toBe(true);
    expect((await Snapshot.open(store, 'parquet')).schema!.fields.map((f) => f.name)).toEqual(['offset', 'date', 'coupon']);
    // The next commit with the same schema carries no metaData.
    await t.commit([unit(0, 20, 29, v2)]);
    expect(parseCommit(Buffer.from((await store.get(commitKey('parquet', 3)))!).toString()).some((a) => 'metaData' in a)).toBe(false);
  });

  it('an incompatible column type stops the commit with one sentence and writes nothing', async () => {
    const store = new MemoryStore();
    const t = await DeltaTable.open(store, 'parquet', spec);
    await t.commit([unit(0, 0, 9)]);
    const bad: DeltaStruct = { type: 'struct', fields: [{ name: 'offset', type: 'string', nullable: true, metadata: {} }] };
    await expect(t.commit([unit(0, 10, 19, bad)])).rejects.toThrow('changes column "offset" of the Delta table from long to string');
    expect(await commitsIn(store)).toHaveLength(2);
  });

  it('writes a checkpoint every N commits, and a snapshot opened from it is the same table', async () => {
    const store = new MemoryStore();
    const t = await DeltaTable.open(store, 'parquet', { ...spec, checkpointInterval: 3 });
    for (let i = 0; i < 7; i++) await t.commit([unit(i % 2, i * 10, i * 10 + 9)]);
    expect(JSON.parse(Buffer.from((await store.get(lastCheckpointKey('parquet')))!).toString())).toMatchObject({ version: 6 });
    const snap = await Snapshot.open(store, 'parquet');
    expect(snap.checkpointVersion).toBe(6);
    expect(snap.version).toBe(7);
    expect(snap.files.size).toBe(7);
    expect(snap.txnVersion('dl-ingest:t:0')).toBe(69);
    expect(snap.txnVersion('dl-ingest:t:1')).toBe(59);
    expect(snap.metaData!.partitionColumns).toEqual(['date']);
    expect(snap.protocol).toEqual({ minReaderVersion: 1, minWriterVersion: 2 });
    const file = snap.files.get('date=2026-12-01/t%2B0%2B0-9.parquet');
    expect(file).toMatchObject({ partitionValues: { date: '2026-12-01' }, size: 10, dataChange: true, stats: '{"numRecords":10}' });
  });
});
