import type { KafkaMessage } from '@dl/kafka';
import { DLQ_SCHEMA, REPLAY_HEADER, DlError, keyCells, type DeadLetterReason, type KeyCells } from '@dl/core';
import { TableAccumulator } from './table-accumulator.js';
import type { BigIntBuilder, BytesBuilder, ColumnBuilder, NumberBuilder } from './column-builders/index.js';
import { AvroBinaryError } from './avro-column-decoder.js';
import { metaColumnsAfter, toShape, type ShapeInput, type TableShape } from './table-schema.js';

export { metaColumnsBefore, tableSchema } from './table-schema.js';

export interface SourceRecord {
  topic: string;
  partition: number;
  offset: bigint;
  message: KafkaMessage;
  /** `message.timestamp` as a number, when the caller has it already (ms since the epoch). */
  timestampMs?: number;
}

/** How a record's key goes into the row: the `key` / `key_bytes` cells, and the decoded key if any. */
export interface RowKey {
  cells: KeyCells;
  /** The key decoded with its registry schema, for `key_decoded` (null: not decoded). */
  decoded: unknown;
}

/** Text when the key is valid UTF-8, else bytes; not decoded (`--key-format string`). */
export function plainRowKey(key: Buffer | null | undefined): RowKey {
  return { cells: keyCells(key, true), decoded: null };
}

/**
 * Appends a decoded record as one row. Returns an error message instead of throwing when the
 * value does not fit the columns (the caller turns that into an UNWRITABLE_ROW dead letter);
 * a half-written row is rolled back.
 */
export function appendTableRow(
  acc: TableAccumulator,
  src: SourceRecord,
  value: Record<string, unknown>,
  schemaId: number,
  shapeInput: ShapeInput,
  key: RowKey = plainRowKey(src.message.key),
): string | undefined {
  const b = acc.builders;
  const shape = toShape(shapeInput);
  acc.mark();
  try {
    let i = appendMetaBefore(b, src, shape, key);
    const fields = acc.schema.fields;
    const end = fields.length - metaColumnsAfter(shape);
    for (; i < end; i++) b[i]!.append(value[fields[i]!.name]);
    appendMetaAfter(b, i, src, schemaId, shape);
  } catch (e) {
    acc.rollback();
    if (e instanceof DlError && e.code === 'VALIDATION') return e.message;
    // Anything else here comes from the value itself (e.g. JSON text of a union nested too deep
    // for the stack): a dead letter, never a reason to stop.
    return `the record cannot be written as a row: ${e instanceof Error ? e.message : String(e)}`;
  }
  acc.commitRow(src.offset);
  return undefined;
}

function replayOf(headers: KafkaMessage['headers']): string | null {
  const h = headers?.[REPLAY_HEADER];
  if (h === undefined || h === null) return null;
  const one = Array.isArray(h) ? h[0] : h;
  return one === undefined ? null : String(one);
}

/**
 * Appends a record whose body is decoded straight into the columns by `decodeBody` (see
 * avro-column-decoder). Returns why the body is malformed instead of throwing; the half-written
 * row is rolled back and the record becomes a DECODE_ERROR dead letter.
 */
export function appendTableRowDirect(
  acc: TableAccumulator,
  src: SourceRecord,
  decodeBody: (buf: Buffer, pos: number) => number,
  schemaId: number,
  shapeInput: ShapeInput,
  key: RowKey = plainRowKey(src.message.key),
): string | undefined {
  const b = acc.builders;
  const shape = toShape(shapeInput);
  const value = src.message.value!;
  acc.mark();
  try {
    appendMetaBefore(b, src, shape, key);
    const end = decodeBody(value, 5);
    if (end !== value.length) throw new AvroBinaryError(`${value.length - end} bytes left over after the record (${value.length - 5} bytes in all)`);
    appendMetaAfter(b, b.length - metaColumnsAfter(shape), src, schemaId, shape);
  } catch (e) {
    acc.rollback();
    if (e instanceof AvroBinaryError) return `body does not decode with schema id ${schemaId}: ${e.message}`;
    if (e instanceof RangeError) return `body does not decode with schema id ${schemaId}: ${e.message}`;
    throw e;
  }
  acc.commitRow(src.offset);
  return undefined;
}

/**
 * The seed's columns in front of the decoded fields; returns the index of the first field's column.
 * Every row passes here, so each cell goes in with its builder's own push method: the meta
 * columns' types are fixed (core's TABLE_META_FIELDS_BEFORE), and one generic `append` call site
 * for seven builder classes was a megamorphic call per cell (~820 ms of a
 * 1M-order run's ~6.6 s main thread).
 */
function appendMetaBefore(b: ColumnBuilder[], src: SourceRecord, shape: TableShape, key: RowKey): number {
  const m = src.message;
  let i = 0;
  // Valid UTF-8 keys (nearly all) are copied as bytes, not decoded into a string and re-encoded.
  pushBytesOrNull(b[i++] as BytesBuilder, key.cells.key);
  pushBytesOrNull(b[i++] as BytesBuilder, key.cells.keyBytes);
  if (shape.keyField) b[i++]!.append(key.decoded);
  (b[i++] as NumberBuilder).pushNumber(src.partition);
  (b[i++] as BigIntBuilder).pushBigInt(src.offset);
  (b[i++] as BytesBuilder).append(src.topic);
  pushTimestamp(b[i++] as BigIntBuilder, src);
  if (shape.rawValue) pushBytesOrNull(b[i++] as BytesBuilder, m.value);
  return i;
}

/** The record's timestamp: from the number the batch loop has already when it has one, not from the text again. */
function timestampOf(src: SourceRecord): bigint {
  const ts = exactTimestampMs(src);
  return ts !== undefined ? BigInt(ts) : BigInt(src.message.timestamp);
}

/** The same, straight into the column: no BigInt made for the usual safe-integer timestamp. */
function pushTimestamp(b: BigIntBuilder, src: SourceRecord): void {
  const ts = exactTimestampMs(src);
  if (ts !== undefined) b.pushSafeInteger(ts);
  else b.pushBigInt(BigInt(src.message.timestamp));
}

/** The batch loop's number for the timestamp, when it has one that is exact. */
function exactTimestampMs(src: SourceRecord): number | undefined {
  const ts = src.timestampMs;
  return ts !== undefined && Number.isSafeInteger(ts) ? ts : undefined;
}

function pushBytesOrNull(b: BytesBuilder, bytes: Buffer | null): void {
  if (bytes === null) b.append(null);
  else b.pushWhole(bytes);
}

function appendMetaAfter(b: ColumnBuilder[], at: number, src: SourceRecord, schemaId: number, shape: TableShape): void {
  let i = at;
  (b[i++] as NumberBuilder).pushNumber(schemaId);
  (b[i++] as BytesBuilder).append(replayOf(src.message.headers));
  if (shape.headers) b[i++]!.append(headerList(src.message.headers));
}

export function dlqAccumulator(partitionPath: string): TableAccumulator {
  return new TableAccumulator(DLQ_SCHEMA, partitionPath);
}

/** Appends a dead letter with the raw key, value and headers exactly as they came from Kafka. */
export function appendDeadLetter(acc: TableAccumulator, src: SourceRecord, reason: DeadLetterReason, ingestedAt: number): void {
  const b = acc.builders;
  const m = src.message;
  let i = 0;
  b[i++]!.append(m.key ?? null);
  b[i++]!.append(src.partition);
  b[i++]!.append(src.offset);
  b[i++]!.append(src.topic);
  b[i++]!.append(timestampOf(src));
  b[i++]!.append(m.value ?? null);
  b[i++]!.append(headerList(m.headers));
  b[i++]!.append(reason.schemaId);
  b[i++]!.append(reason.errorClass);
  b[i++]!.append(reason.message);
  b[i++]!.append(BigInt(ingestedAt));
  acc.commitRow(src.offset);
}

function headerList(headers: KafkaMessage['headers']): Array<{ key: string; value: Buffer | null }> {
  const out: Array<{ key: string; value: Buffer | null }> = [];
  if (!headers) return out;
  for (const [key, v] of Object.entries(headers)) {
    const values = Array.isArray(v) ? v : [v];
    for (const one of values) {
      out.push({ key, value: one === undefined || one === null ? null : Buffer.isBuffer(one) ? one : Buffer.from(String(one)) });
    }
  }
  return out;
}
