import { describe, expect, it } from 'vitest';
import { garbage, seedOrder, seededRandom, valueFn, localOrderType, WRONG_SCHEMA, type ValueContext } from '@dl/producer';
import { avroEnd, avroType, unframe } from '@dl/core';

const type = localOrderType();
const order = seedOrder(3, 'zażółć gęślą jaźń');
const body = type.toBuffer(order);
const ctx: ValueContext = {
  orderType: type,
  schemaId: 258,
  unknownId: 2147483000,
  wrongSchema: { id: 77, type: avroType(WRONG_SCHEMA) },
  random: seededRandom(1),
};
const value = (kind: Parameters<typeof valueFn>[0]) => valueFn(kind, ctx)(order);

describe('values', () => {
  it('framed: magic 0, big-endian id, then the Avro body; decodes back byte-exact', () => {
    const v = value(undefined)!;
    expect([...v.subarray(0, 5)]).toEqual([0, 0, 0, 1, 2]);
    expect(v.subarray(5).equals(body)).toBe(true);
    expect(type.fromBuffer(v.subarray(5))).toEqual(order);
  });
  it('no-header (--raw) is the framed value minus its first 5 bytes', () => {
    expect(value('no-header')!.equals(value(undefined)!.subarray(5))).toBe(true);
  });
  it('bad-magic: magic 1, the real id, the real body', () => {
    const v = value('bad-magic')!;
    expect(v[0]).toBe(1);
    expect(v.readInt32BE(1)).toBe(258);
    expect(v.subarray(5).equals(body)).toBe(true);
    expect(unframe(v)).toMatchObject({ ok: false, kind: 'WRONG_MAGIC_BYTE', magicByte: 1 });
  });
  it('unknown-id: framed with the unknown id and a valid body', () => {
    const v = value('unknown-id')!;
    expect(unframe(v)).toEqual({ ok: true, schemaId: 2147483000, body });
  });
  it('truncated: framed, body cut to its first half, and that does not decode', () => {
    const v = value('truncated')!;
    expect(v.subarray(0, 5).equals(value(undefined)!.subarray(0, 5))).toBe(true);
    expect(v.length).toBe(5 + Math.floor(body.length / 2));
    expect(body.subarray(0, v.length - 5).equals(v.subarray(5))).toBe(true);
    expect(type.decode(v.subarray(5), 0).offset).toBe(-1);
    expect(() => type.fromBuffer(v.subarray(5))).toThrow(/truncated/);
  });
  it('truncated values never decode, whatever the order', () => {
    const make = valueFn('truncated', ctx);
    for (let i = 0; i < 200; i++) {
      const o = { ...order, order_id: i * 7919, description: 'x'.repeat(i % 40), products: order.products.slice(0, i % 3) };
      expect(type.decode(make(o)!.subarray(5), 0).offset).toBe(-1);
    }
  });
  it('garbage: 8–64 bytes, first byte not 0, never decodes as an order', () => {
    const make = valueFn('garbage', { ...ctx, random: seededRandom(42) });
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const v = make(order)!;
      expect(v.length).toBeGreaterThanOrEqual(8);
      expect(v.length).toBeLessThanOrEqual(64);
      expect(v[0]).not.toBe(0);
      // The ingester's bounded walk: avsc's decode may loop on a corrupt count (next test).
      expect(avroEnd(type, v)).toBe(-1);
      seen.add(v.length);
    }
    expect(seen.size).toBeGreaterThan(40); // lengths really vary
  });
  it('garbage never hands random bytes to avsc: a block count of 2^31 - 1 is garbage, at once', () => {
    // order_id 1, two empty strings, a price, then products declaring 2^31 - 1 items in 5 bytes:
    // avsc's decode would make that many items (the heap ran out in CI's `dl produce --broken garbage`).
    const planned = [0x02, 0x00, 0x00, ...Array<number>(8).fill(0x40), 0xfe, 0xff, 0xff, 0xff, 0x0f];
    let at = -1;
    const random = { ...seededRandom(5), int: (min: number, max: number) => (at < 0 ? ((at = 0), planned.length) : max === 255 ? planned[at++]! : min) };
    const v = garbage(random, type);
    expect([...v]).toEqual(planned);
    expect(avroEnd(type, v)).toBe(-1);
  });
  it('garbage is repeatable with a seed', () => {
    const a = valueFn('garbage', { ...ctx, random: seededRandom(9) });
    const b = valueFn('garbage', { ...ctx, random: seededRandom(9) });
    expect(a(order)!.equals(b(order)!)).toBe(true);
  });
  it('wrong-schema: framed with the other id, body a dl.Other record', () => {
    const v = value('wrong-schema')!;
    const u = unframe(v);
    expect(u).toMatchObject({ ok: true, schemaId: 77 });
    expect(ctx.wrongSchema!.type.fromBuffer(v.subarray(5))).toEqual({ note: 'zażółć gęślą jaźń', n: 3n });
  });
  it('tombstone: null', () => {
    expect(value('tombstone')).toBeNull();
  });
});
