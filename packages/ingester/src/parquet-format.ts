import { stagedKey, type CommitRecord, type CommittedFile } from '@dl/core';
import type { ObjectStore } from '@dl/storage';
import type { CommitLog } from './commit-log.js';
import type { StageRequest, TableFormat } from './table-format.js';

/**
 * The seed's layout: files are put under `_dl/staging/<writer>/<txn>/` and copied into the
 * Hive-style table directories once their commit record exists.
 */
export class ParquetFormat implements TableFormat {
  readonly name = 'parquet' as const;

  constructor(
    private readonly store: ObjectStore,
    private readonly log: CommitLog,
  ) {}

  async stage(f: StageRequest): Promise<CommittedFile> {
    const staged = stagedKey(f.writerId, f.txn, f.final);
    await this.store.put(staged, f.bytes);
    return { table: f.table, staged, final: f.final, rows: f.rows, bytes: f.bytes.length };
  }

  async publish(records: readonly CommitRecord[], restage?: (staged: string) => Promise<boolean>): Promise<number> {
    let n = 0;
    for (const r of records) n += await this.log.publish(r, restage);
    return n;
  }
}
