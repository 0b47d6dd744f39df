import { Table, makeBuilder, tableToIPC, type Vector } from 'apache-arrow';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';
import { CHECKPOINT_SCHEMA } from './checkpoint-schema.js';
import { checkpointKey, lastCheckpointKey } from './log-keys.js';
import type { Snapshot } from './snapshot.js';

/**
 * Writes the snapshot as `<version>.checkpoint.parquet`, then points `_last_checkpoint` at it.
 * Both are plain overwrites: a checkpoint of a version is the same whoever writes it, and a
 * crash between the two leaves readers on the older checkpoint plus the JSON commits, which is
 * still the same table. Returns the number of actions written.
 */
export async function writeCheckpoint(snapshot: Snapshot): Promise<number> {
  const { store, table, version } = snapshot;
  const rows: Array<Record<string, unknown>> = [];
  if (snapshot.protocol) rows.push({ protocol: snapshot.protocol });
  if (snapshot.metaData) {
    const m = snapshot.metaData;
    rows.push({
      metaData: {
        ...m,
        format: { provider: m.format.provider, options: new Map(Object.entries(m.format.options ?? {})) },
        configuration: new Map(Object.entries(m.configuration ?? {})),
        createdTime: m.createdTime === undefined ? null : BigInt(m.createdTime),
      },
    });
  }
  for (const [appId, v] of snapshot.txns) rows.push({ txn: { appId, version: BigInt(v), lastUpdated: null } });
  for (const a of snapshot.files.values()) {
    rows.push({
      add: {
        ...a,
        partitionValues: new Map(Object.entries(a.partitionValues)),
        size: BigInt(a.size),
        modificationTime: BigInt(a.modificationTime),
        stats: a.stats ?? null,
        tags: null,
      },
    });
  }
  // Tombstones stay in checkpoints: vacuum keeps a removed file until its retention ends.
  for (const [path, at] of snapshot.removed) rows.push({ remove: { path, deletionTimestamp: BigInt(at), dataChange: false } });
  const columns: Record<string, Vector> = {};
  for (const field of CHECKPOINT_SCHEMA.fields) {
    const b = makeBuilder({ type: field.type, nullValues: [null, undefined] });
    for (const r of rows) b.append(r[field.name] ?? null);
    columns[field.name] = b.finish().toVector();
  }
  const arrow = new Table(columns);
  const props = new WriterPropertiesBuilder().setCompression(Compression.SNAPPY).setCreatedBy('dl (parquet-wasm)').build();
  const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(arrow, 'stream')), props);
  await store.put(checkpointKey(table, version), bytes);
  await store.put(lastCheckpointKey(table), `${JSON.stringify({ version, size: rows.length, sizeInBytes: bytes.length })}\n`);
  snapshot.checkpointVersion = version;
  return rows.length;
}
