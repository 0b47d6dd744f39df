/** One row of the dead-letter table, typed (the columns of DLQ_SCHEMA): what the viewer reads and replay re-sends. */
export interface DeadLetterRow {
  topic: string;
  partition: number;
  offset: bigint;
  timestamp: Date;
  key: Uint8Array | null;
  /** The raw value (`avro_value`), exactly as it came from Kafka; null for a tombstone. */
  value: Uint8Array | null;
  headers: Array<{ key: string; value: Uint8Array | null }>;
  schemaId: number | null;
  errorClass: string;
  errorMessage: string;
}

/** `column=value`: rows whose cell equals the value (the viewer defines "equals" per type). */
export interface WhereFilter {
  column: string;
  value: string;
}

export interface ReadDeadLettersOptions {
  dataDir: string;
  /** Equality filters, all of which must hold; an unknown column is an error. */
  where?: WhereFilter[];
  /** Skip unreadable files, reporting each through `warn`, instead of failing. */
  skipCorrupt?: boolean;
  warn?: (message: string) => void;
}

/**
 * Reads a lake's dead letters matching every filter, in table order, a chunk at a time. The viewer
 * implements it; the cli hands it to replay, so replay needs no Parquet reader of its own.
 */
export type DeadLetterReader = (opts: ReadDeadLettersOptions) => AsyncIterable<DeadLetterRow[]>;
