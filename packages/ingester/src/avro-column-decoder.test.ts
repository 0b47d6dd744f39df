import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { KafkaMessage } from 'kafkajs';
import { frame, avroType } from '@dl/core';
import { compileColumnDecoder } from './avro-column-decoder.js';
import { appendTableRow, appendTableRowDirect, metaColumnsBefore, tableSchema } from './row-writer.js';
import { TableAccumulator } from './table-accumulator.js';

const order = JSON.parse(readFileSync(new URL('../../core/schemas/order.avsc', import.meta.url), 'utf8'));
const wide = {
  type: 'record',
  name: 'Wide',
  namespace: 'dl.test',
  fields: [
    { name: 'b', type: 'boolean' },
    { name: 'i', type: 'int' },
    { name: 'l', type: 'long' },
    { name: 'f', type: 'float' },
    { name: 'd', type: 'double' },
    { name: 's', type: 'string' },
    { name: 'y', type: 'bytes' },
    { name: 'fx', type: { type: 'fixed', name: 'F4', size: 4 } },
    { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', 'B', 'C'] } },
    { name: 'ns', type: ['null', 'string'] },
    { name: 'sn', type: ['string', 'null'], default: '' },
    { name: 'm', type: { type: 'map', values: ['null', 'long'] } },
    { name: 'r2', type: { type: 'record', name: 'R2', fields: [{ name: 'q', type: 'double' }] } },
    {
      name: 'a',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'R',
          fields: [
            { name: 'x', type: 'int' },
            { name: 'z', type: ['null', 'R2'] },
          ],
        },
      },
    },
    { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'dt', type: { type: 'int', logicalType: 'date' } },
  ],
};

function msg(offset: number, value: Buffer): KafkaMessage {
  return { key: Buffer.from('k'), value, timestamp: '1700000000000', attributes: 0, offset: String(offset), headers: {} } as KafkaMessage;
}

function both(schemaJson: object, values: unknown[]) {
  const type = avroType(schemaJson);
  const viaObjects = new TableAccumulator(tableSchema(schemaJson as never, true), '');
  const direct = new TableAccumulator(tableSchema(schemaJson as never, true), '');
  const step = compileColumnDecoder(type, direct.builders.slice(metaColumnsBefore(true), direct.builders.length - 2));
  expect(step).toBeDefined();
  values.forEach((v, n) => {
    const value = frame(7, type.toBuffer(v));
    const src = { topic: 't', partition: 0, offset: BigInt(n), message: msg(n, value) };
    expect(appendTableRow(viaObjects, src, type.fromBuffer(value.subarray(5)) as Record<string, unknown>, 7, true)).toBeUndefined();
    expect(appendTableRowDirect(direct, src, step!, 7, true)).toBeUndefined();
  });
  const a = viaObjects
    .toTable()
    .toArray()
    .map((r) => JSON.stringify(r.toJSON(), replacer));
  const b = direct
    .toTable()
    .toArray()
    .map((r) => JSON.stringify(r.toJSON(), replacer));
  return { a, b, type, direct, step: step! };
}

function replacer(_k: string, v: unknown) {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return [...v];
  if (v && typeof v === 'object' && 'toArray' in v && typeof (v as { toArray: unknown }).toArray === 'function')
    return (v as { toArray(): unknown[] }).toArray();
  return v;
}

describe('binary Avro straight into columns', () => {
  it('gives the same rows as avsc objects for the order schema, Unicode included', () => {
    const t = avroType(order);
    const values = [
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
      { order_id: -5, customer: '日本語', description: '', price: -0.5, products: [] },
      ...Array.from({ length: 300 }, () => t.random()),
    ];
    const { a, b } = both(order, values);
    expect(b).toEqual(a);
  });

  it('gives the same rows for every type it handles (random values)', () => {
    const t = avroType(wide);
    const { a, b } = both(
      wide,
      Array.from({ length: 500 }, () => t.random()),
    );
    expect(b).toEqual(a);
  });

  it('turns truncated, trailing and invalid bodies into messages and leaves no half row', () => {
    const t = avroType(order);
    const direct = new TableAccumulator(tableSchema(order, true), '');
    const step = compileColumnDecoder(t, direct.builders.slice(metaColumnsBefore(true), direct.builders.length - 2))!;
    const first = frame(7, t.toBuffer({ order_id: 1, customer: 'a', description: 'b', price: 1, products: [{ name: 'x', price: 2 }] }));
    expect(appendTableRowDirect(direct, { topic: 't', partition: 0, offset: 1n, message: msg(1, first) }, step, 7, true)).toBeUndefined();
    const good = frame(7, t.toBuffer({ order_id: 2, customer: 'c', description: 'd', price: 3, products: [{ name: 'y', price: 4 }] }));
    const bad = [
      good.subarray(0, good.length - 3),
      Buffer.concat([good, Buffer.from([1, 2])]),
      Buffer.concat([good.subarray(0, 6), Buffer.from([0x7f]), good.subarray(7)]),
      frame(7, Buffer.from([2, 4, 0xff, 0xfe, 2, 0x61])),
      // order_id as a 5-byte varint of 2^33: no 32-bit int.
      frame(7, Buffer.concat([Buffer.from([0x80, 0x80, 0x80, 0x80, 0x40]), good.subarray(6)])),
    ];
    bad.forEach((v, n) => {
      const problem = appendTableRowDirect(direct, { topic: 't', partition: 0, offset: BigInt(100 + n), message: msg(100 + n, v) }, step, 7, true);
      expect(problem).toMatch(/^body does not decode with schema id 7: /);
    });
    expect(direct.rows).toBe(1);
    const rows = direct.toTable().toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.toJSON().customer).toBe('a');
  });

  it('declines schemas it does not handle, so avsc decodes them', () => {
    const odd = { type: 'record', name: 'O', fields: [{ name: 'u', type: ['int', 'string'] }] };
    const acc = new TableAccumulator(tableSchema(odd as never, false), '');
    expect(compileColumnDecoder(avroType(odd), acc.builders.slice(5, acc.builders.length - 2))).toBeUndefined();
  });
});
