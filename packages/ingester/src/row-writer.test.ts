import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readParquet } from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';
import type { KafkaMessage } from 'kafkajs';
import { deadLetter } from '@dl/core';
import { appendDeadLetter, appendTableRow, dlqAccumulator, tableSchema } from './row-writer.js';
import { TableAccumulator } from './table-accumulator.js';
import { encodeParquet } from './parquet-encode.js';
import { tableToIPC } from 'apache-arrow';

const orderSchema = JSON.parse(readFileSync(new URL('../../core/schemas/order.avsc', import.meta.url), 'utf8'));

function msg(offset: number, value: Buffer | null, key: string | null = 'product0'): KafkaMessage {
  return {
    key: key === null ? null : Buffer.from(key),
    value,
    timestamp: String(Date.UTC(2026, 10, 24, 12) + offset),
    attributes: 0,
    offset: String(offset),
    headers: { trace: Buffer.from('abc') },
  } as KafkaMessage;
}

function roundTrip(acc: TableAccumulator) {
  const bytes = encodeParquet(tableToIPC(acc.toTable(), 'stream'), { compression: 'zstd', rowGroupSize: 1000 });
  return tableFromIPC(readParquet(bytes).intoIPCStream());
}

describe('row writer', () => {
  it('writes decoded orders column-wise and reads them back through Parquet', () => {
    const acc = new TableAccumulator(tableSchema(orderSchema, true), 'date=2026-11-24');
    const orders = [
      {
        order_id: 0,
        customer: 'John Doe',
        description: 'zażółć gęślą jaźń',
        price: 99.98,
        products: [
          { name: 'shoes', price: 49.99 },
          { name: 't-shirt', price: 49.99 },
        ],
      },
      { order_id: 1, customer: 'Jane', description: '日本語', price: 1.5, products: [] },
    ];
    orders.forEach((o, i) => {
      const err = appendTableRow(
        acc,
        { topic: 'dev.orders', partition: 0, offset: BigInt(10 + i), message: msg(10 + i, Buffer.from([0, 0, 0, 0, 1, i])) },
        o,
        1,
        true,
      );
      expect(err).toBeUndefined();
    });
    expect([acc.firstOffset, acc.lastOffset, acc.rows]).toEqual([10n, 11n, 2]);
    const t = roundTrip(acc);
    expect(t.schema.fields.map((f) => f.name)).toEqual([
      'key',
      'key_bytes',
      'partition',
      'offset',
      'topic',
      'timestamp',
      'avro_value',
      'order_id',
      'customer',
      'description',
      'price',
      'products',
      'schema_id',
      'replay_of',
    ]);
    const rows = t.toArray().map((r) => r.toJSON());
    expect(rows[0].description).toBe('zażółć gęślą jaźń');
    expect(rows[1].description).toBe('日本語');
    expect(rows[0].offset).toBe(10n);
    expect(rows[0].timestamp).toBe(Date.UTC(2026, 10, 24, 12) + 10);
    expect(rows[0].products.toArray().map((p: { toJSON(): unknown }) => p.toJSON())).toEqual(orders[0]!.products);
    expect(rows[1].products.length).toBe(0);
    expect([...rows[1].avro_value]).toEqual([0, 0, 0, 0, 1, 1]);
    expect(rows[0].replay_of).toBeNull();
  });

  it('rolls back a row that does not fit and reports why', () => {
    const acc = new TableAccumulator(tableSchema(orderSchema, false), '');
    const bad = { order_id: 1, customer: 'x', description: 'y', price: 1, products: 'not a list' };
    const err = appendTableRow(acc, { topic: 't', partition: 0, offset: 1n, message: msg(1, Buffer.from([1])) }, bad, 1, false);
    expect(err).toBe('column products expects an array, got string not a list');
    expect(acc.rows).toBe(0);
    const good = { order_id: 2, customer: 'x', description: 'y', price: 1, products: [{ name: 'a', price: 2 }] };
    expect(appendTableRow(acc, { topic: 't', partition: 0, offset: 2n, message: msg(2, Buffer.from([1])) }, good, 1, false)).toBeUndefined();
    const t = roundTrip(acc);
    expect(t.numRows).toBe(1);
    expect(t.getChild('customer')!.get(0)).toBe('x');
  });

  it('writes dead letters with raw bytes, headers and the reason', () => {
    const acc = dlqAccumulator('date=2026-11-24');
    appendDeadLetter(
      acc,
      { topic: 'dev.orders', partition: 3, offset: 7n, message: msg(7, Buffer.from([9, 8, 7]), null) },
      deadLetter('NO_MAGIC_BYTE', 'no header'),
      1_700_000_000_000,
    );
    appendDeadLetter(acc, { topic: 'dev.orders', partition: 3, offset: 8n, message: msg(8, null) }, deadLetter('TOMBSTONE', 'null', null), 1_700_000_000_000);
    const t = roundTrip(acc);
    const rows = t.toArray().map((r) => r.toJSON());
    expect(rows[0].key).toBeNull();
    expect([...rows[0].avro_value]).toEqual([9, 8, 7]);
    expect(rows[0].error_class).toBe('NO_MAGIC_BYTE');
    expect(rows[0].headers.get(0).key).toBe('trace');
    expect(Buffer.from(rows[0].headers.get(0).value).toString()).toBe('abc');
    expect(rows[1].avro_value).toBeNull();
    expect(rows[1].schema_id).toBeNull();
    expect(rows[1].error_class).toBe('TOMBSTONE');
  });
});
