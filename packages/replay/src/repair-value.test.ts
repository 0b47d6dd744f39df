import { describe, expect, it } from 'vitest';
import { orderSchema, avroType } from '@dl/core';
import { asIs, decodeProblem, frameBody, type FrameSchema } from './repair-value.js';

const type = avroType(orderSchema());
const schema: FrameSchema = { id: 7, type, label: 'schema id 7' };
const order = { order_id: 42, customer: 'John Doe', description: 'zażółć', price: 99.98, products: [{ name: 'shoes', price: 49.99 }] };
const body = type.toBuffer(order);

describe('frameBody (--frame-with)', () => {
  it('frames a header-less body that decodes as exactly one record', () => {
    const r = frameBody(body, schema);
    expect(r).toEqual({ ok: true, value: Buffer.concat([Buffer.from([0, 0, 0, 0, 7]), body]), note: 'framed with schema id 7' });
    expect(type.fromBuffer((r as { value: Buffer }).value.subarray(5))).toEqual(order);
  });

  it('keeps dead what would fail again: bytes left over, a cut body, garbage, a tombstone', () => {
    expect(frameBody(Buffer.concat([body, Buffer.from([1, 2])]), schema)).toEqual({
      ok: false,
      reason: `body does not decode with schema id 7: 2 bytes left over after the record (${body.length + 2} bytes in all)`,
    });
    expect(frameBody(body.subarray(0, body.length - 3), schema)).toEqual({
      ok: false,
      reason: `body does not decode with schema id 7: the ${body.length - 3} bytes end before the record does`,
    });
    const garbage = Buffer.from('7b2267617262616765223a747275657d0a', 'hex');
    expect(frameBody(garbage, schema).ok).toBe(false);
    expect(frameBody(null, schema)).toEqual({ ok: false, reason: 'the value is null (a tombstone): there is no body to frame' });
  });

  it('decodeProblem is undefined for a whole record only', () => {
    expect(decodeProblem(type, body)).toBeUndefined();
    expect(decodeProblem(type, Buffer.alloc(0))).toMatch(/end before the record does/);
  });
});

describe('asIs (no --frame-with)', () => {
  it('sends the bytes unchanged, and a tombstone as null', () => {
    expect(asIs(body)).toEqual({ ok: true, value: body, note: 'as is' });
    expect(asIs(null)).toEqual({ ok: true, value: null, note: 'as is' });
  });
});
