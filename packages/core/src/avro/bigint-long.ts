import avsc from 'avsc';

const MIN_LONG = -(2n ** 63n);
const MAX_LONG = 2n ** 63n - 1n;

/** An Avro long varint that no 64-bit value encodes to: longer than 10 bytes, or past 64 bits. */
export class LongVarintError extends Error {}

/**
 * Reads the zig-zag varint at `pos` as an exact 64-bit value; returns it with the position after
 * it. Throws LongVarintError for a varint over 10 bytes or one whose 10th byte carries bits past
 * the 64th (Java's decoder drops those bits silently; a value that cannot have been written is
 * corrupt data here), and RangeError when the bytes end first.
 */
export function readLongVarint(buf: Uint8Array, pos: number): { value: bigint; end: number } {
  let lo = 0; // bits 0..27, exact in a double
  let hi = 0n;
  let shift = 0;
  for (let i = 0; ; i++) {
    if (i === 10) throw new LongVarintError('a long varint is longer than 10 bytes');
    const byte = buf[pos++];
    if (byte === undefined) throw new RangeError('the bytes end inside a varint');
    if (i < 4) lo += (byte & 0x7f) * 2 ** shift;
    else hi |= BigInt(byte & 0x7f) << BigInt(shift - 28);
    shift += 7;
    if (!(byte & 0x80)) {
      if (i === 9 && byte > 1) throw new LongVarintError('a long varint holds more than 64 bits');
      const n = (hi << 28n) | BigInt(lo);
      return { value: (n >> 1n) ^ -(n & 1n), end: pos };
    }
  }
}

/** The zig-zag varint bytes of a 64-bit value. */
export function longVarint(value: bigint): Buffer {
  let n = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
  const out: number[] = [];
  while (n >= 0x80n) {
    out.push(Number(n & 0x7fn) | 0x80);
    n >>= 7n;
  }
  out.push(Number(n));
  return Buffer.from(out);
}

/** A value of the Avro long range, as a bigint. */
export function isLong(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= MIN_LONG && value <= MAX_LONG;
}

/**
 * The one Avro `long` every avsc type of dl uses (see `avroType`): values are bigints over the
 * whole range -2^63..2^63-1, never JS numbers. avsc's own long decodes through a double, which
 * flips signs and drops digits above 2^52 and refuses 2^53-1 as "potential precision loss".
 *
 * Only bigints are valid values: an unwrapped union like ["long", "double"] tells its branches
 * apart by that (a number is the double, a bigint the long).
 */
export const BIGINT_LONG: avsc.Type = avsc.types.LongType.__with(
  {
    // noUnpack (below): avsc hands over the raw varint bytes, decoded here exactly.
    fromBuffer: (buf: Buffer) => {
      const { value, end } = readLongVarint(buf, 0);
      if (end !== buf.length) throw new LongVarintError('a long varint is longer than 10 bytes');
      return value;
    },
    toBuffer: (value: bigint) => longVarint(value),
    // Defaults in schema JSON and int-to-long promotion arrive as numbers; nothing else should.
    fromJSON: (json: unknown) => {
      const value = typeof json === 'number' && Number.isSafeInteger(json) ? BigInt(json) : typeof json === 'string' && /^-?\d+$/.test(json) ? BigInt(json) : json;
      if (!isLong(value)) throw new Error(`${String(json)} is not an Avro long`);
      return value;
    },
    toJSON: (value: bigint) => value.toString(),
    isValid: (value: unknown) => isLong(value),
    compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
  },
  true,
);
