import { describe, expect, it } from 'vitest';
import { avroType } from './avro-type.js';
import { readFileSync } from 'node:fs';
import type avsc from 'avsc';
import { avroEnd, avroProblem } from './avro-bounds.js';

const order = avroType(JSON.parse(readFileSync(new URL('../../schemas/order.avsc', import.meta.url), 'utf8')));
const sample = { order_id: 1, customer: 'a', description: 'b', price: 1, products: [{ name: 'shoes', price: 49.99 }] };

/** The order's encoding with its products block count replaced by `count` (zig-zag varint bytes). */
function withCount(countBytes: number[]): Buffer {
  const buf = order.toBuffer({ ...sample, products: [] });
  return Buffer.concat([buf.subarray(0, buf.length - 1), Buffer.from(countBytes)]);
}

describe('avroEnd', () => {
  it('finds the end of valid encodings of every kind of type', () => {
    const wide = avroType({
      type: 'record',
      name: 'W',
      fields: [
        { name: 'b', type: 'boolean' },
        { name: 'f', type: 'float' },
        { name: 'y', type: 'bytes' },
        { name: 'fx', type: { type: 'fixed', name: 'F4', size: 4 } },
        { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', 'B'] } },
        { name: 'u', type: ['null', 'string', 'long'] },
        { name: 'm', type: { type: 'map', values: ['null', 'long'] } },
        { name: 'n', type: { type: 'array', items: 'null' } },
        { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'next', type: ['null', 'W'], default: null },
      ],
    });
    const w = { b: true, f: 1.5, y: Buffer.from('xy'), fx: Buffer.alloc(4), e: 'B', u: 7n, m: { a: null, b: 3n }, n: [null, null], ts: 5n, next: null };
    const value = { ...w, next: { ...w, u: 'deep', next: null } };
    for (const [type, v] of [
      [order, sample],
      [wide, value],
    ] as const) {
      const buf = Buffer.concat([(type as avsc.Type).toBuffer(v), Buffer.from([1, 2, 3])]);
      expect(avroEnd(type as avsc.Type, buf)).toBe(buf.length - 3);
    }
  });

  // Without the bound these would fill a 2^31-item array (or walk 10^9 nulls) until the test times
  // out; how fast the bound answers is a figure for bench/poison-pills.mjs, not a unit test threshold.
  it('rejects a block count the bytes left cannot hold (avsc would fill a 2^31-item array)', () => {
    expect(avroEnd(order, withCount([0xfe, 0xff, 0xff, 0xff, 0x0f]))).toBe(-1);
    expect(avroEnd(order, withCount([0x7e]))).toBe(-1); // 63 products in 0 bytes
  });

  it('bounds items that encode to zero bytes per value, not per block', () => {
    const nested = avroType({ type: 'array', items: { type: 'array', items: 'null' } });
    expect(avroEnd(nested, nested.toBuffer([[null, null], []]))).toBe(5);
    // 1000 inner arrays of 999,999 nulls each: fine per block, 10^9 in all.
    const inner = [0xfe, 0x88, 0x7a, 0x00]; // count 999,999 then end
    const bomb = Buffer.from([0xd0, 0x0f, ...Array.from({ length: 1000 }, () => inner).flat(), 0x00]);
    expect(avroEnd(nested, bomb)).toBe(-1);
  });

  it('rejects truncations, negative lengths, unknown union branches and enum indexes', () => {
    const full = order.toBuffer(sample);
    for (let cut = 0; cut < full.length; cut++) expect(avroEnd(order, full.subarray(0, cut))).toBe(-1);
    expect(avroEnd(order, Buffer.from([0x02, 0x01]))).toBe(-1); // customer length -1
    const u = avroType(['null', 'string']);
    expect(avroEnd(u, Buffer.from([0x04]))).toBe(-1); // branch 2 of 2
    const e = avroType({ type: 'enum', name: 'E2', symbols: ['A'] });
    expect(avroEnd(e, Buffer.from([0x02]))).toBe(-1);
    expect(avroEnd(avroType('long'), Buffer.alloc(11, 0xff))).toBe(-1); // varint over 10 bytes
  });
});

describe('avroProblem: the rules every avsc path checks before it decodes', () => {
  const rec = avroType({
    type: 'record',
    name: 'R',
    fields: [
      { name: 'i', type: 'int' },
      { name: 's', type: 'string' },
      { name: 'm', type: { type: 'map', values: 'long' } },
    ],
  });
  const ok = rec.toBuffer({ i: 1, s: 'zażółć', m: { k: 2n ** 63n - 1n } });

  it('passes a valid body, and says what is wrong with the others', () => {
    expect(avroProblem(rec, ok)).toBeUndefined();
    expect(avroProblem(rec, Buffer.concat([ok, Buffer.from([0])]))).toBe(`1 bytes left over after the record (${ok.length + 1} bytes in all)`);
    expect(avroProblem(rec, ok.subarray(0, 3))).toBe('the 3 bytes end before the record does');
  });

  it('an int varint beyond 32 bits is an error, not a wrapped value (as on the direct path)', () => {
    // zig-zag 2^31 (one past the largest int) = 2^32: 5 varint bytes.
    const big = Buffer.concat([Buffer.from([0x80, 0x80, 0x80, 0x80, 0x10]), ok.subarray(1)]);
    expect(avroProblem(rec, big)).toBe('int 2147483648 does not fit 32 bits');
    const min = Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]), ok.subarray(1)]);
    expect(avroProblem(rec, min)).toBeUndefined(); // -2^31 is an int
  });

  it('a string or map key that is not UTF-8 is an error, not U+FFFD', () => {
    const badString = Buffer.from(ok);
    badString[2] = 0xff; // first byte of 'zażółć'
    expect(avroProblem(rec, badString)).toBe('a string is not valid UTF-8');
    const badKey = Buffer.from(ok);
    badKey[ok.indexOf(Buffer.from('k'))] = 0xc3; // a lead byte with no continuation
    expect(avroProblem(rec, badKey)).toBe('a string is not valid UTF-8');
    // bytes are not text: any bytes go.
    expect(avroProblem(avroType('bytes'), Buffer.from([0x02, 0xff]))).toBeUndefined();
  });

  it('a long varint past 64 bits is an error', () => {
    expect(avroProblem(avroType('long'), Buffer.from([...Array(9).fill(0xff), 0x03]))).toBe('a long varint holds more than 64 bits');
    expect(avroProblem(avroType('long'), Buffer.from([...Array(9).fill(0xff), 0x01]))).toBeUndefined();
  });
});
