import { randomBytes } from 'node:crypto';
import { DLQ_DIR, DlError, TABLE_DIR, type TableName } from '@dl/core';
import { DeltaTable, arrowToDeltaSchema, evolveSchema, fileStats, type DeltaStruct, type TxnUnit } from '@dl/delta';
import type { ObjectStore } from '@dl/storage';
import type { Schema } from 'apache-arrow';
import type { CommitRecord, CommittedFile } from '@dl/core';
import { dlqPartitionColumns, partitionColumns, partitionValues } from './partition-columns.js';
import type { PartitionBy } from './partitioner.js';
import type { StageRequest, TableFormat } from './table-format.js';

export interface DeltaFormatOptions {
  store: ObjectStore;
  partitionBy: PartitionBy;
  checkpointInterval: number;
}

/**
 * Both tables as Delta tables. A data file is written straight into its table directory under a
 * name no other writer uses (invisible to Delta readers until a commit adds it); publishing
 * appends one Delta commit per table for all the commit records of a flush, with an `add` per
 * file and a `txn` per topic-partition (appId `dl-ingest:<topic>:<partition>`, version = the
 * record's last offset). A record whose txn the table already has is not added again, so a
 * republish after a crash, by us or the partition's next owner, never duplicates a file.
 */
export class DeltaFormat implements TableFormat {
  readonly name = 'delta' as const;
  readonly stagesRows = true;
  private readonly tables = new Map<TableName, Promise<DeltaTable>>();
  /** Tables opened so far, for the synchronous schema check. */
  private readonly opened = new Map<TableName, DeltaTable>();

  constructor(private readonly opts: DeltaFormatOptions) {}

  async stage(f: StageRequest): Promise<CommittedFile> {
    const finalKey = f.final.replace(/\.parquet$/, `.${randomBytes(6).toString('hex')}.parquet`);
    await this.opts.store.put(finalKey, f.bytes);
    const rows = f.arrow;
    if (!rows) throw new DlError('INTERNAL', 'a Delta data file was staged without its rows (needed for its statistics)');
    const cols = f.table === DLQ_DIR ? dlqPartitionColumns(this.opts.partitionBy) : partitionColumns(this.opts.partitionBy);
    return {
      table: f.table,
      // Written in place: staged and final are one key, invisible to Delta readers until a commit adds it.
      staged: finalKey,
      final: finalKey,
      rows: f.rows,
      bytes: f.bytes.length,
      delta: {
        partitionValues: partitionValues(f.partitionPath),
        stats: fileStats(rows),
        schema: JSON.stringify(arrowToDeltaSchema(rows.schema, cols)),
      },
    };
  }

  checkSchema(schema: Schema): void {
    const current = this.opened.get(TABLE_DIR)?.snapshot.schema;
    if (current) evolveSchema(current, arrowToDeltaSchema(schema, partitionColumns(this.opts.partitionBy)));
  }

  /** Opens both tables (recovery does it anyway), so the first reader schema is checked too. */
  async prepare(): Promise<void> {
    await Promise.all([this.table(TABLE_DIR), this.table(DLQ_DIR)]);
  }

  async publish(records: readonly CommitRecord[]): Promise<number> {
    let published = 0;
    for (const table of [TABLE_DIR, DLQ_DIR] as const) {
      const units: TxnUnit[] = [];
      for (const r of records) {
        const files = r.files.filter((f) => f.table === table);
        if (files.length === 0) continue;
        units.push({
          appId: `dl-ingest:${r.topic}:${r.partition}`,
          version: Number(r.to),
          schema: unionSchema(files),
          files: files.map((f) => ({
            path: f.final.slice(table.length + 1),
            partitionValues: f.delta!.partitionValues,
            size: f.bytes,
            modificationTime: Date.parse(r.committedAt),
            stats: f.delta!.stats,
          })),
        });
      }
      if (units.length === 0) continue;
      const t = await this.table(table);
      published = Math.max(published, (await t.commit(units, { dlCommitRecords: records.length })).committed);
    }
    return published;
  }

  private table(name: TableName): Promise<DeltaTable> {
    let t = this.tables.get(name);
    if (!t) {
      const cols = name === DLQ_DIR ? dlqPartitionColumns(this.opts.partitionBy) : partitionColumns(this.opts.partitionBy);
      t = DeltaTable.open(this.opts.store, name, { partitionColumns: cols, checkpointInterval: this.opts.checkpointInterval });
      // A failed open is retried on the next publish rather than cached.
      t.then((opened) => this.opened.set(name, opened)).catch(() => this.tables.delete(name));
      this.tables.set(name, t);
    }
    return t;
  }
}

/** One schema for a record's files: a buffer may hold files of two reader schemas (a new version mid-flush). */
function unionSchema(files: readonly CommittedFile[]): DeltaStruct {
  let schema = JSON.parse(files[0]!.delta!.schema) as DeltaStruct;
  for (const f of files.slice(1)) schema = evolveSchema(schema, JSON.parse(f.delta!.schema) as DeltaStruct).schema;
  return schema;
}
