import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { frame, avroType } from '@dl/core';
import { RecordDecoder } from './record-decoder.js';
import type { RegistryPort } from './registry-port.js';

const json = JSON.parse(readFileSync(new URL('../../core/schemas/order.avsc', import.meta.url), 'utf8'));
const schema = { id: 7, type: avroType(json), json };
const registry: RegistryPort = {
  getById: async () => schema,
  getLatest: async () => ({ id: 7, version: 1, schema }),
  getVersion: async () => ({ id: 7, version: 1, schema }),
  getSubjectIds: async () => new Map([[7, 1]]),
};

/** An order whose products block count says 2^31 - 1 items: avsc alone fills that array until the heap is gone. */
const bomb = Buffer.concat([
  schema.type.toBuffer({ order_id: 1, customer: 'a', description: 'b', price: 1, products: [] }).subarray(0, -1),
  Buffer.from([0xfe, 0xff, 0xff, 0xff, 0x0f, 0x00]),
]);

describe('RecordDecoder with a corrupt block count (poison pill)', () => {
  // Unbounded, this runs out of memory (the test fails); the time it takes is in bench/poison-pills.mjs.
  it('dead-letters it, framed or not, instead of running out of memory', async () => {
    const decoder = new RecordDecoder({ registry, subject: 'orders-value' });
    await decoder.prepare();
    const framed = await decoder.decode(frame(7, bomb));
    expect(framed).toMatchObject({ kind: 'dead', reason: { errorClass: 'DECODE_ERROR' } });
    // Not framed: tried as header-less Avro of the subject (first byte 2 is not the magic byte).
    const plain = await decoder.decode(bomb);
    expect(plain).toMatchObject({ kind: 'dead', reason: { errorClass: 'DECODE_ERROR' } });
  });
});
