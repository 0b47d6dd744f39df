import type { Schema, Table } from 'apache-arrow';
import type { CommitRecord, CommittedFile } from '@dl/core';

/**
 * How a committed flush becomes visible to readers: the publish step after the per-partition
 * commit record (the one exactly-once fence, see commit-log.ts). Plain Parquet copies staged
 * files into the table directories; Delta writes data files in place under unique names and
 * appends a Delta commit. Both must be idempotent: recovery republishes a partition's newest
 * commit record, which may already be published.
 */
export interface TableFormat {
  readonly name: 'parquet' | 'delta';
  /**
   * True when stage() reads the rows (`StageRequest.arrow`: Delta's per-file statistics). Otherwise
   * the writer lets go of a file's rows once they are in the encoder's hands (a flush's worth of
   * memory less while encoding and staging).
   */
  readonly stagesRows?: boolean;
  /** Opens what the format needs before the first record (Delta: both tables' snapshots). */
  prepare?(): Promise<void>;
  /** Writes one encoded data file before its commit record exists; returns its entry. */
  stage(file: StageRequest): Promise<CommittedFile>;
  /**
   * Throws a DlError('SCHEMA') sentence when the main table cannot take rows of `schema` (Delta: a
   * column's type narrowed or changed); called for each new reader schema before it decodes.
   */
  checkSchema?(schema: Schema): void;
  /**
   * Makes the files of these commit records visible; returns how many were newly published.
   * `restage` puts a staged file that is gone back from the writer's memory (false: not ours).
   */
  publish(records: readonly CommitRecord[], restage?: (staged: string) => Promise<boolean>): Promise<number>;
}

export interface StageRequest {
  table: CommittedFile['table'];
  /** The data file's key in the lake, e.g. `parquet/date=2026-12-01/<name>`. */
  final: string;
  /** Relative to the table, e.g. `date=2026-12-01` ('' when unpartitioned). */
  partitionPath: string;
  bytes: Uint8Array;
  rows: number;
  /** The rows, for per-file statistics; only for a format that `stagesRows`. */
  arrow?: Table;
  writerId: string;
  txn: number;
}
