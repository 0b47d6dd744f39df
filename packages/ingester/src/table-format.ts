import type { Schema, Table } from 'apache-arrow';
import type { CommitRecord, CommittedFile } from './commit-log.js';

/**
 * How a committed flush becomes visible to readers: the publish step after the per-partition
 * commit record (the one exactly-once fence, see commit-log.ts). Plain Parquet renames staged
 * files into the table directories; Delta writes data files in place under unique names and
 * appends a Delta commit. Both must be idempotent: recovery republishes a partition's newest
 * commit record, which may already be published.
 */
export interface TableFormat {
  readonly name: 'parquet' | 'delta';
  /** Opens what the format needs before the first record (Delta: both tables' snapshots). */
  prepare?(): Promise<void>;
  /** Writes one encoded data file before its commit record exists; returns its entry. */
  stage(file: StageRequest): Promise<CommittedFile>;
  /** Removes the files a flush staged when its commit record lost the race. */
  discard(files: readonly CommittedFile[]): Promise<void>;
  /**
   * Throws a DlError('SCHEMA') sentence when the main table cannot take rows of `schema` (Delta: a
   * column's type narrowed or changed); called for each new reader schema before it decodes.
   */
  checkSchema?(schema: Schema): void;
  /** Makes the files of these commit records visible; returns how many records were newly published. */
  publish(records: readonly CommitRecord[]): Promise<number>;
}

export interface StageRequest {
  table: CommittedFile['table'];
  /** Path of the data file relative to the data directory, e.g. `parquet/date=2026-12-01/<name>`. */
  finalRel: string;
  /** Path relative to the table directory partition, e.g. `date=2026-12-01`. */
  partitionPath: string;
  bytes: Uint8Array;
  rows: number;
  /** The rows, for per-file statistics (Delta). */
  arrow: Table;
  writerId: string;
  seq: number;
}
