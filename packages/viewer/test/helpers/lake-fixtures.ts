import { DLQ_SCHEMA, TABLE_META_FIELDS_AFTER, TABLE_META_FIELDS_BEFORE, avroToArrowSchema, dataFileName, orderSchema, type AvroSchemaInput } from '@dl/core';
import type { Field } from 'apache-arrow';
import path from 'node:path';
import { writeParquetFile } from './write-parquet.js';

/** The main table's columns for the seed's orders topic: the ingester's meta columns around core's Avro→Arrow mapping. */
export function orderFields(withRawValue = true): Field[] {
  return [...TABLE_META_FIELDS_BEFORE(withRawValue), ...avroToArrowSchema(orderSchema() as AvroSchemaInput).fields, ...TABLE_META_FIELDS_AFTER()];
}

const DESCRIPTIONS = ['1234', 'zażółć gęślą jaźń', '日本語の説明', 'AAA', 'multi\nline, "quoted"'];
const BASE_TS = Date.parse('2021-02-27T18:39:02.253Z');

/** Row `i` of the orders fixture, by column: deterministic, with the seed's values. Columns it does not name are null. */
export function orderRow(i: number, partition = 0): Record<string, unknown> {
  return {
    key: i % 7 === 3 ? null : `product${i % 2}`,
    partition,
    offset: i,
    topic: 'dev.orders',
    timestamp: BASE_TS + i * 1000,
    avro_value: `hex:020010${Buffer.from('John Doe').toString('hex')}${(i % 256).toString(16).padStart(2, '0')}`,
    order_id: i,
    customer: i % 3 === 0 ? 'John Doe' : `customer ${i}`,
    description: DESCRIPTIONS[i % DESCRIPTIONS.length],
    price: 99.98,
    products: [
      { name: 'shoes', price: 49.99 },
      { name: 't-shirt', price: 49.99 },
    ],
    schema_id: 1,
  };
}

/** Rows by column name as rows in `fields` order. */
export function rowsFor(fields: Field[], rows: Array<Record<string, unknown>>): unknown[][] {
  return rows.map((r) => fields.map((f) => r[f.name] ?? null));
}

/** Writes an orders table: `files` files of `rowsPerFile` rows under hive `date=` folders. */
export function writeOrdersTable(dir: string, files: number, rowsPerFile: number, rowGroupSize?: number): string[] {
  const out: string[] = [];
  const fields = orderFields();
  for (let f = 0; f < files; f++) {
    const from = f * rowsPerFile;
    const rows = Array.from({ length: rowsPerFile }, (_, k) => orderRow(from + k));
    const date = `2021-02-${String(27 + (f % 2)).padStart(2, '0')}`;
    const file = path.join(dir, `date=${date}`, dataFileName('dev.orders', 0, BigInt(from), BigInt(from + rowsPerFile - 1)));
    out.push(writeParquetFile(file, fields, rowsFor(fields, rows), rowGroupSize));
  }
  return out;
}

export const DLQ_ROWS: Array<Record<string, unknown>> = [
  {
    key: 'product0',
    partition: 0,
    offset: 5,
    topic: 'dev.orders',
    timestamp: '2021-02-27T18:59:02.253Z',
    avro_value: `hex:${Buffer.from('\x10John Doe\x1cmy description').toString('hex')}`,
    headers: [],
    error_class: 'NO_MAGIC_BYTE',
    error_message: 'value is not Confluent-framed: first byte is 0x10, expected magic byte 0x00',
    ingested_at: '2021-02-27T18:59:03.000Z',
  },
  {
    partition: 1,
    offset: 6,
    topic: 'dev.orders',
    timestamp: '2021-02-27T19:00:00.000Z',
    avro_value: 'hex:0000000001ff',
    headers: [{ key: 'trace', value: 'abc' }],
    schema_id: 1,
    error_class: 'DECODE_ERROR',
    error_message: 'truncated body: 1 byte for a 5-field record',
    ingested_at: '2021-02-27T19:00:01.000Z',
  },
  {
    key: 'k2',
    partition: 0,
    offset: 7,
    topic: 'dev.orders',
    timestamp: '2021-02-27T19:01:00.000Z',
    headers: [],
    error_class: 'TOMBSTONE',
    error_message: 'the value is null (a tombstone)',
    ingested_at: '2021-02-27T19:01:01.000Z',
  },
];

export function writeDlqTable(dir: string, rows = DLQ_ROWS): string {
  const file = path.join(dir, 'date=2021-02-27', dataFileName('dev.orders', 0, 5n, 7n));
  return writeParquetFile(file, DLQ_SCHEMA.fields, rowsFor(DLQ_SCHEMA.fields, rows));
}
