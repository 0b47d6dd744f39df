import { describe, expect, it } from 'vitest';
import { BIGINT_LONG, LongVarintError, longVarint, readLongVarint } from './bigint-long.js';
import { avroType } from './avro-type.js';

const EDGES = [
  0n,
  1n,
  -1n,
  2n ** 52n,
  -(2n ** 52n) - 1n,
  2n ** 53n - 1n,
  2n ** 53n,
  2n ** 53n + 1n,
  -(2n ** 53n) - 1n,
  -4503599627370497n,
  -9007199254740991n,
  -7267498480917424n,
  2n ** 63n - 1n,
  -(2n ** 63n),
];

/** Zig-zag varint bytes computed independently of the code under test (BigInt arithmetic on the spec). */
function specVarint(v: bigint): number[] {
  let z = v >= 0n ? v * 2n : -v * 2n - 1n;
  const out: number[] = [];
  do {
    const b = Number(z % 128n);
    z /= 128n;
    out.push(z > 0n ? b | 0x80 : b);
  } while (z > 0n);
  return out;
}

describe('BIGINT_LONG, the one Avro long of dl', () => {
  it('decodes every edge of the 64-bit range exactly, the values that avsc flips or refuses included', () => {
    const type = avroType('long');
    for (const v of EDGES) {
      const bytes = Buffer.from(specVarint(v));
      expect(type.fromBuffer(bytes), String(v)).toBe(v);
      expect([...type.toBuffer(v)]).toEqual([...bytes]);
      expect(readLongVarint(bytes, 0)).toEqual({ value: v, end: bytes.length });
      expect([...longVarint(v)]).toEqual([...bytes]);
    }
  });

  it('is used for "long" and for every logical type on a long, in records, arrays, maps and unions', () => {
    const type = avroType({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'ts', type: { type: 'long', logicalType: 'timestamp-micros' } },
        { name: 'lts', type: { type: 'long', logicalType: 'local-timestamp-micros' } },
        { name: 't', type: { type: 'long', logicalType: 'time-micros' } },
        { name: 'a', type: { type: 'array', items: 'long' } },
        { name: 'm', type: { type: 'map', values: ['null', 'long'] } },
        { name: 'u', type: ['long', 'double'] },
      ],
    });
    const value = { ts: 2n ** 62n + 3n, lts: -(2n ** 63n), t: 86_399_999_999n, a: EDGES, m: { x: 2n ** 53n + 1n, y: null }, u: -(2n ** 53n) - 1n };
    expect(type.fromBuffer(type.toBuffer(value))).toEqual(value);
    expect(type.fromBuffer(type.toBuffer({ ...value, u: 1.5 })).u).toBe(1.5);
  });

  it('reads an old writer int as a long (schema resolution), exactly', () => {
    const writer = avroType({ type: 'record', name: 'R', fields: [{ name: 'n', type: 'int' }] });
    const reader = avroType({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'n', type: 'long' },
        { name: 'd', type: 'long', default: 9007199254740991 },
      ],
    });
    const resolver = reader.createResolver(writer);
    expect(reader.fromBuffer(writer.toBuffer({ n: -2147483648 }), resolver)).toEqual({ n: -2147483648n, d: 9007199254740991n });
  });

  it('takes defaults beyond 2^53 (JSON numbers, so doubles) as the long they denote; refuses fractions and doubles out of range', () => {
    const schema = JSON.parse(
      '{"type":"record","name":"R","fields":[{"name":"min","type":"long","default":-9223372036854775808},{"name":"max","type":"long","default":9223372036854775807},{"name":"big","type":"long","default":4611686018427387904}]}',
    );
    const reader = avroType(schema);
    const writer = avroType({ type: 'record', name: 'R', fields: [] });
    expect(reader.fromBuffer(Buffer.alloc(0), reader.createResolver(writer))).toEqual({ min: -(2n ** 63n), max: 2n ** 63n - 1n, big: 2n ** 62n });
    for (const bad of [1.5, 2 ** 64, -(2 ** 64)]) {
      expect(() => avroType({ type: 'record', name: 'B', fields: [{ name: 'x', type: 'long', default: bad }] })).toThrow();
    }
  });

  it('accepts only bigints of the long range as values', () => {
    expect(BIGINT_LONG.isValid(1n)).toBe(true);
    expect(BIGINT_LONG.isValid(1)).toBe(false);
    expect(BIGINT_LONG.isValid(2n ** 63n)).toBe(false);
    expect(() => BIGINT_LONG.toBuffer(2n ** 63n)).toThrow();
  });

  it('rejects a varint no 64-bit value encodes to', () => {
    const eleven = Buffer.from([...Array(10).fill(0xff), 0x01]);
    expect(() => readLongVarint(eleven, 0)).toThrow(LongVarintError);
    expect(() => avroType('long').fromBuffer(eleven)).toThrow(/longer than 10 bytes/);
    const past64 = Buffer.from([...Array(9).fill(0xff), 0x03]); // bit 64 set
    expect(() => readLongVarint(past64, 0)).toThrow(/more than 64 bits/);
    expect(readLongVarint(Buffer.from([...Array(9).fill(0xff), 0x01]), 0).value).toBe(-(2n ** 63n));
    expect(() => readLongVarint(Buffer.from([0x80, 0x80]), 0)).toThrow(RangeError);
  });
});
