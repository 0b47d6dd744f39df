import { Field, Int64, Schema, Table, makeVector, tableToIPC } from 'apache-arrow';
import { Table as WasmTable, writeParquet } from 'parquet-wasm';
import type { ObjectStore } from '@dl/storage';
import { arrowToDeltaSchema, fileStats, type TxnUnit } from '@dl/delta';

const SCHEMA = new Schema([new Field('n', new Int64(), false)]);
const DELTA_SCHEMA = arrowToDeltaSchema(SCHEMA, ['date']);

/**
 * Writes a real Parquet file of the values from..to (column `n`) under `t/date=2026-12-01/`
 * through the store, and returns the txn unit that adds it (appId `app-<writer>`, version `to`).
 */
export async function parquetUnit(store: ObjectStore, writer: string, from: number, to: number): Promise<TxnUnit> {
  const values = BigInt64Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i));
  const arrow = new Table(SCHEMA, { n: makeVector(values) });
  const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(arrow, 'stream')));
  const rel = `date=2026-12-01/${writer}-${from}-${to}.parquet`;
  await store.put(`t/${rel}`, bytes);
  return {
    appId: `app-${writer}`,
    version: to,
    schema: DELTA_SCHEMA,
    files: [{ path: rel, partitionValues: { date: '2026-12-01' }, size: bytes.length, modificationTime: Date.now(), stats: fileStats(arrow) }],
  };
}
