import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readParquet } from 'parquet-wasm';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import avsc from 'avsc';
import type { KafkaMessage } from 'kafkajs';
import { avroToArrowField, frame, kafkaKeyOf, keyCells, KEY_DECODED_COLUMN } from '@dl/core';
import { appendTableRow, appendTableRowDirect, plainRowKey, tableSchema } from './row-writer.js';
import { metaColumnsAfter, metaColumnsBefore, type TableShape } from './table-schema.js';
import { TableAccumulator } from './table-accumulator.js';
import { encodeParquet } from './parquet-encode.js';
import { compileColumnDecoder } from './avro-column-decoder.js';

const orderSchema = JSON.parse(readFileSync(new URL('../../core/schemas/order.avsc', import.meta.url), 'utf8'));
const order = { order_id: 1, customer: 'c', description: 'd', price: 1, products: [] };
const keyJson = {
  type: 'record',
  name: 'OrderKey',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'region', type: 'string' },
  ],
};
const keyType = avsc.Type.forSchema(keyJson as avsc.Schema);

function msg(offset: number, key: Buffer | null, headers: KafkaMessage['headers'] = {}): KafkaMessage {
  return {
    key,
    value: frame(1, avsc.Type.forSchema(orderSchema).toBuffer(order)),
    timestamp: '1764547200000',
    attributes: 0,
    offset: String(offset),
    headers,
  } as KafkaMessage;
}

function roundTrip(acc: TableAccumulator) {
  const bytes = encodeParquet(tableToIPC(acc.toTable(), 'stream'), { compression: 'zstd', rowGroupSize: 1000 });
  return tableFromIPC(readParquet(bytes).intoIPCStream());
}

describe('row writer: keys and headers', () => {
  it('key + key_bytes give back every key exactly, with no replacement character', () => {
    const acc = new TableAccumulator(tableSchema(orderSchema, false), '');
    const keys = [null, Buffer.alloc(0), Buffer.from('product0'), Buffer.from('fffe0062696e', 'hex'), Buffer.from('zażółć')];
    keys.forEach((k, i) => expect(appendTableRow(acc, { topic: 't', partition: 0, offset: BigInt(i), message: msg(i, k) }, order, 1, false)).toBeUndefined());
    const t = roundTrip(acc);
    const key = t.getChild('key')!;
    const bytes = t.getChild('key_bytes')!;
    keys.forEach((k, i) => {
      const back = kafkaKeyOf(key.get(i) as string | null, bytes.get(i) as Uint8Array | null);
      if (k === null) expect(back).toBeNull();
      else expect(back?.equals(k)).toBe(true);
      expect(String(key.get(i) ?? '')).not.toContain('\uFFFD');
    });
    expect(key.get(3)).toBeNull();
    expect(key.get(1)).toBe('');
    expect(bytes.get(2)).toBeNull();
  });

  it('writes a decoded key into key_decoded and the headers column, on both the object and the direct path', () => {
    const shape: TableShape = { rawValue: true, headers: true, keyField: avroToArrowField(KEY_DECODED_COLUMN, keyJson) };
    const schema = tableSchema(orderSchema, shape);
    expect(schema.fields.map((f) => f.name).slice(0, 3)).toEqual(['key', 'key_bytes', 'key_decoded']);
    expect(schema.fields.at(-1)!.name).toBe('headers');
    const acc = new TableAccumulator(schema, '');
    const rawKey = frame(9, keyType.toBuffer({ id: 5, region: 'eu' }));
    const rowKey = { cells: keyCells(rawKey, false), decoded: keyType.fromBuffer(keyType.toBuffer({ id: 5, region: 'eu' })) };
    const headers = { trace: Buffer.from('t-1'), empty: Buffer.alloc(0), bin: Buffer.from([0xff, 0]) };
    expect(appendTableRow(acc, { topic: 't', partition: 0, offset: 0n, message: msg(0, rawKey, headers) }, order, 1, shape, rowKey)).toBeUndefined();
    const step = compileColumnDecoder(
      avsc.Type.forSchema(orderSchema),
      acc.builders.slice(metaColumnsBefore(shape), acc.builders.length - metaColumnsAfter(shape)),
    )!;
    expect(step).toBeDefined();
    const m = msg(1, Buffer.from('plain'), headers);
    expect(appendTableRowDirect(acc, { topic: 't', partition: 0, offset: 1n, message: m }, step, 1, shape, plainRowKey(m.key))).toBeUndefined();
    const rows = roundTrip(acc)
      .toArray()
      .map((r) => r.toJSON());
    expect(rows[0].key_decoded.toJSON()).toEqual({ id: 5n, region: 'eu' });
    expect(Buffer.from(rows[0].key_bytes).equals(rawKey)).toBe(true);
    expect(rows[0].key).toBeNull();
    expect(rows[1].key_decoded).toBeNull();
    expect(rows[1].key).toBe('plain');
    expect(rows[1].customer).toBe('c');
    for (const r of rows) {
      const hs = [...r.headers].map((h: { toJSON(): { key: string; value: Uint8Array } }) => h.toJSON());
      expect(hs.map((h) => [h.key, Buffer.from(h.value).toString('hex')])).toEqual([
        ['trace', '742d31'],
        ['empty', ''],
        ['bin', 'ff00'],
      ]);
    }
  });

  it("refuses a value field named like one of the table's own columns", () => {
    const clash = { type: 'record', name: 'R', fields: [{ name: 'key_bytes', type: 'string' }] };
    expect(() => tableSchema(clash as never, false)).toThrow(
      'Avro field "key_bytes" clashes with the table\'s own column of that name; rename the field in the schema.',
    );
  });
});
