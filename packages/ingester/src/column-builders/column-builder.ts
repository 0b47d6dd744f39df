import type { Data } from 'apache-arrow';

/**
 * Columnar accumulation straight into typed arrays, one builder per Arrow field.
 *
 * Arrow JS's own builders manage ~40k rows/s for the order schema (Utf8 and List<Struct> are
 * slow); writing UTF-8 into a growable byte buffer with Int32 offsets and calling `makeData` once
 * per flush is ~20x faster. Builders take the values avsc decodes with core's `avroType` (bigints
 * for every long, numbers, strings, Buffers, arrays, objects; unions other than [null, T] already
 * as JSON text) and Kafka metadata (bigint offsets, ms timestamps); what a value must be to go in
 * a column is value-coercion.ts's business, how it is laid out in Arrow memory the builders'.
 */
export interface ColumnBuilder {
  readonly length: number;
  /** Appends one value; throws DlError('VALIDATION') when the value cannot go in this column. */
  append(value: unknown): void;
  /** Rough bytes held, for --flush-bytes. */
  byteSize(): number;
  /** Builds the Arrow data and resets the builder for reuse. */
  finish(): Data;
  /** Starts with the capacity `other` (the same column of the previous flush) needed when it finished. */
  sizeLike(other: ColumnBuilder): void;
  /** Drops the last `n` values appended after `mark()` (used to undo a half-appended row). */
  mark(): void;
  rollback(): void;
}
