import type { Writable } from 'node:stream';
import type { WhereFilter } from '@dl/core';
import type { S3Settings } from '@dl/storage';

export const VIEW_FORMATS = ['table', 'json', 'jsonl', 'csv'] as const;
export type ViewFormat = (typeof VIEW_FORMATS)[number];

/** `--where column=value`: rows whose cell equals the value (see `cellEquals` for what "equals" means per type). */
export type { WhereFilter };

/**
 * Reads one raw record value (a DLQ `avro_value`) as plain Avro with the topic's latest schema.
 * Resolves `undefined` when the bytes do not decode; rejects only when decoding cannot be tried
 * at all (registry unreachable). The cli builds it from @dl/core's registry so this package stays Kafka-free.
 */
export type DecodeRaw = (bytes: Uint8Array, topic: string) => Promise<unknown>;

export interface ViewOptions {
  /** `parquet`, `parquet-dlq` (resolved under `dataDir`), or the path of a Parquet file or directory. */
  target: string;
  /** Where the `parquet` and `parquet-dlq` tables live; default `./ingestion_data`. */
  dataDir?: string;
  /** Connection settings when `dataDir` or `target` is an `s3://` URL. */
  s3?: S3Settings;
  /** Default `table`. */
  format?: ViewFormat;
  /** Rows to print, default 20; 0 prints every row. Ignored with `tail`. */
  limit?: number;
  /** Rows to skip: from the start, or from the end with `tail`. */
  offset?: number;
  /** Print the last N rows instead of the first. */
  tail?: number;
  /** Columns to print, in this order; default all. A DLQ always shows `error_class` and `error_message`. */
  columns?: string[];
  /** Equality filters, all of which must hold. */
  where?: WhereFilter[];
  /** Print column names and types instead of rows. */
  schema?: boolean;
  /** Print the number of rows (from Parquet metadata unless `where` needs the data). */
  count?: boolean;
  /** Print the data files behind the table, with their rows and sizes. */
  files?: boolean;
  /** Skip unreadable files with a warning on stderr instead of failing. */
  skipCorrupt?: boolean;
  /** With it, a DLQ view gets a `decoded` column: what each raw `avro_value` holds. */
  decodeRaw?: DecodeRaw;
  /**
   * Dead-letter table only: `hide` the dead letters `dl replay` re-drove, or `show` where each went
   * in a `replayed_to` column, as the replay ledger (`_dl/replays/` beside the tables) records it.
   */
  replayed?: 'hide' | 'show';
}

export interface ViewIo {
  stdout: Writable;
  stderr: Writable;
  /** Whether stdout is a terminal (the table then fits `columns`). */
  isTTY: boolean;
  /** Width to fit the table into; default 120. */
  columns?: number;
}

export interface ViewResult {
  /** Rows printed (or counted, with `count`; files listed, with `files`). */
  rows: number;
  /** Names of the columns printed. */
  columns: string[];
  /** Data files opened. */
  filesRead: number;
  /** Files skipped as unreadable (with `skipCorrupt`). */
  skipped: string[];
}
