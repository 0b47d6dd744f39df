import { isUtf8 } from 'node:buffer';
import { Schema, type Field } from 'apache-arrow';
import type { KafkaMessage } from '@dl/kafka';
import {
  DLQ_SCHEMA,
  REPLAY_HEADER,
  DlError,
  TABLE_META_FIELDS_AFTER,
  TABLE_META_FIELDS_BEFORE,
  avroToArrowSchema,
  type AvroSchemaInput,
  type DeadLetterReason,
} from '@dl/core';
import { TableAccumulator } from './table-accumulator.js';
import type { ColumnBuilder } from './column-builders/index.js';
import { AvroBinaryError } from './avro-column-decoder.js';

export interface SourceRecord {
  topic: string;
  partition: number;
  offset: bigint;
  message: KafkaMessage;
}

const utf8 = new TextDecoder();

/** The main table's schema for one reader schema: the seed's columns, then the decoded fields. */
export function tableSchema(readerSchema: AvroSchemaInput, rawValue: boolean): Schema {
  const decoded = avroToArrowSchema(readerSchema).fields;
  const meta: Field[] = [...TABLE_META_FIELDS_BEFORE(rawValue)];
  const names = new Set(meta.map((f) => f.name).concat('schema_id', 'replay_of'));
  for (const f of decoded) {
    if (names.has(f.name)) {
      throw new DlError('SCHEMA', `Avro field "${f.name}" clashes with the table's own column of that name; rename the field in the schema.`);
    }
  }
  return new Schema([...meta, ...decoded, ...TABLE_META_FIELDS_AFTER()]);
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
  rawValue: boolean,
): string | undefined {
  const b = acc.builders;
  const m = src.message;
  acc.mark();
  try {
    let i = appendMetaBefore(b, src, rawValue);
    const fields = acc.schema.fields;
    const end = fields.length - 2;
    for (; i < end; i++) b[i]!.append(value[fields[i]!.name]);
    b[i++]!.append(schemaId);
    b[i]!.append(replayOf(m.headers));
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
  rawValue: boolean,
): string | undefined {
  const b = acc.builders;
  const m = src.message;
  const value = m.value!;
  acc.mark();
  try {
    appendMetaBefore(b, src, rawValue);
    const end = decodeBody(value, 5);
    if (end !== value.length) throw new AvroBinaryError(`${value.length - end} bytes left over after the record (${value.length - 5} bytes in all)`);
    b[b.length - 2]!.append(schemaId);
    b[b.length - 1]!.append(replayOf(m.headers));
  } catch (e) {
    acc.rollback();
    if (e instanceof AvroBinaryError) return `body does not decode with schema id ${schemaId}: ${e.message}`;
    if (e instanceof RangeError) return `body does not decode with schema id ${schemaId}: ${e.message}`;
    throw e;
  }
  acc.commitRow(src.offset);
  return undefined;
}

/** The seed's columns in front of the decoded fields; returns the index of the first field's column. */
function appendMetaBefore(b: ColumnBuilder[], src: SourceRecord, rawValue: boolean): number {
  const m = src.message;
  let i = 0;
  // Valid UTF-8 keys (nearly all) are copied as bytes, not decoded into a string and re-encoded.
  b[i++]!.append(m.key ? (isUtf8(m.key) ? m.key : utf8.decode(m.key)) : null);
  b[i++]!.append(src.partition);
  b[i++]!.append(src.offset);
  b[i++]!.append(src.topic);
  b[i++]!.append(BigInt(m.timestamp));
  if (rawValue) b[i++]!.append(m.value);
  return i;
}

/** Number of table columns before the decoded fields. */
export function metaColumnsBefore(rawValue: boolean): number {
  return rawValue ? 6 : 5;
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
  b[i++]!.append(BigInt(m.timestamp));
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
