import { randomBytes } from 'node:crypto';
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, readParquet, writeParquet } from 'parquet-wasm';
import { PARQUET_PAGE_BYTES, PLAIN_ENCODED_COLUMNS } from '@dl/core/dead-letter';
import type { ObjectStore } from '@dl/storage';
import type { Action, AddAction } from './actions.js';
import { decodeDataPath, encodeDataPath } from './data-path.js';
import { DeltaTable } from './delta-table.js';
import { fileStats } from './file-stats.js';
import { tableKey } from './log-keys.js';

export interface CompactOptions {
  /** A partition is compacted when it has at least this many files (default 2). */
  minFiles?: number;
  /** Rows per new file at most (default 1,000,000); a partition's files are merged up to it. */
  maxRows?: number;
}

export interface CompactResult {
  /** The table version of the compaction commit; undefined when there was nothing to do. */
  version: number | undefined;
  filesRemoved: number;
  filesAdded: number;
  rows: number;
}

/**
 * Merges the small files of each partition into fewer, larger ones as ONE Delta commit of
 * `remove` + `add` actions with `dataChange: false` (Spark's OPTIMIZE): readers see the same rows
 * before and after, and streaming readers skip the commit. Only files of one schema are merged
 * together (a schema change mid-partition leaves two groups). New files get names no writer uses;
 * a crash before the commit leaves them unreferenced (for vacuum, not done yet). A concurrent
 * compaction that removed one of our inputs first makes this one give up (its new files are
 * deleted); concurrent appends only move the version on.
 */
export async function compactTable(store: ObjectStore, table: string, opts: CompactOptions = {}): Promise<CompactResult> {
  const minFiles = opts.minFiles ?? 2;
  const maxRows = opts.maxRows ?? 1_000_000;
  const delta = await DeltaTable.open(store, table, { partitionColumns: [], checkpointInterval: 0 });
  const snapshot = delta.snapshot;
  const groups = new Map<string, AddAction[]>();
  for (const add of snapshot.files.values()) {
    const key = JSON.stringify(Object.entries(add.partitionValues).sort());
    groups.set(key, [...(groups.get(key) ?? []), add]);
  }
  const actions: Action[] = [];
  const written: string[] = [];
  let rows = 0;
  const now = Date.now();
  for (const files of groups.values()) {
    if (files.length < minFiles) continue;
    for (const batch of await mergeable(store, table, files, maxRows)) {
      if (batch.inputs.length < 2) continue;
      const merged = batch.tables.slice(1).reduce((a, b) => a.concat(b), batch.tables[0]!);
      const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(merged, 'stream')), compactedFileProperties());
      const first = decodeDataPath(batch.inputs[0]!.path);
      const dir = first.includes('/') ? first.slice(0, first.lastIndexOf('/') + 1) : '';
      const rel = `${dir}compacted-${now}-${randomBytes(6).toString('hex')}.parquet`;
      await store.put(tableKey(table, rel), bytes);
      written.push(tableKey(table, rel));
      for (const f of batch.inputs) {
        actions.push({
          remove: { path: f.path, deletionTimestamp: now, dataChange: false, extendedFileMetadata: true, partitionValues: f.partitionValues, size: f.size },
        });
      }
      actions.push({
        add: {
          path: encodeDataPath(rel),
          partitionValues: batch.inputs[0]!.partitionValues,
          size: bytes.length,
          modificationTime: now,
          dataChange: false,
          stats: fileStats(merged),
        },
      });
      rows += merged.numRows;
    }
  }
  const removed = actions.filter((a) => 'remove' in a).length;
  if (removed === 0) return { version: undefined, filesRemoved: 0, filesAdded: 0, rows: 0 };
  const version = await delta.commitActions(actions, { operation: 'OPTIMIZE', operationParameters: { predicate: '[]', zOrderBy: '[]' } });
  if (version === undefined) {
    for (const key of written) await store.delete(key);
    return { version: undefined, filesRemoved: 0, filesAdded: 0, rows: 0 };
  }
  return { version, filesRemoved: removed, filesAdded: written.length, rows };
}

interface Batch {
  inputs: AddAction[];
  tables: Table[];
}

/** The partition's files read back, grouped by schema and cut at `maxRows`. */
async function mergeable(store: ObjectStore, table: string, files: AddAction[], maxRows: number): Promise<Batch[]> {
  const bySchema = new Map<string, Batch[]>();
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const bytes = await store.get(tableKey(table, decodeDataPath(f.path)));
    if (!bytes) continue; // named by the log but gone: leave it to whoever removed it
    const t = tableFromIPC(readParquet(bytes).intoIPCStream());
    const key = t.schema.fields.map((x) => `${x.name}:${String(x.type)}:${x.nullable}`).join(',');
    const list = bySchema.get(key) ?? [];
    let last = list.at(-1);
    if (!last || last.tables.reduce((n, x) => n + x.numRows, 0) + t.numRows > maxRows) {
      last = { inputs: [], tables: [] };
      list.push(last);
    }
    last.inputs.push(f);
    last.tables.push(t);
    bySchema.set(key, list);
  }
  return [...bySchema.values()].flat();
}

/** The ingester's page layout (core's PARQUET_PAGE_BYTES, PLAIN_ENCODED_COLUMNS), so a compacted file reads like the files it replaces. */
function compactedFileProperties() {
  let props = new WriterPropertiesBuilder()
    .setCompression(Compression.ZSTD)
    .setDataPageSizeLimit(PARQUET_PAGE_BYTES)
    .setDictionaryPageSizeLimit(PARQUET_PAGE_BYTES)
    .setCreatedBy('dl tidy (parquet-wasm)');
  for (const column of PLAIN_ENCODED_COLUMNS) props = props.setColumnDictionaryEnabled(column, false);
  return props.build();
}
