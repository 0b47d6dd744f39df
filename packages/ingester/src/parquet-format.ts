import path from 'node:path';
import { PRIVATE_DIR } from '@dl/core';
import type { CommitLog, CommitRecord, CommittedFile } from './commit-log.js';
import { mkdirp, writeFileDurable } from './fs-durable.js';
import type { StageRequest, TableFormat } from './table-format.js';

/**
 * The seed's layout: files are written under `_dl/staging/<writer>/<flush>/` and renamed into
 * the Hive-style table directories once their commit record exists.
 */
export class ParquetFormat implements TableFormat {
  readonly name = 'parquet' as const;

  constructor(
    private readonly dataDir: string,
    private readonly log: CommitLog,
  ) {}

  async stage(f: StageRequest): Promise<CommittedFile> {
    const stagedRel = path.join(PRIVATE_DIR, 'staging', f.writerId, String(f.seq), f.finalRel);
    const staged = path.join(this.dataDir, stagedRel);
    await mkdirp(path.dirname(staged));
    await writeFileDurable(staged, f.bytes);
    return { table: f.table, staged: stagedRel, final: f.finalRel, rows: f.rows, bytes: f.bytes.length };
  }

  /** The flush's staging directory is removed by the writer. */
  async discard(): Promise<void> {}

  async publish(records: readonly CommitRecord[]): Promise<number> {
    for (const r of records) await this.log.publish(r);
    return records.length;
  }
}
