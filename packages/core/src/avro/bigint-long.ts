import avsc from 'avsc';

const MIN_LONG = -(2n ** 63n);
const MAX_LONG = 2n ** 63n - 1n;

/** An Avro long varint that no 64-bit value encodes to: longer than 10 bytes, or past 64 bits. */
export class LongVarintError extends Error {}

/** Where the last `readLong` ended; a module variable avoids an object per value on the hot path. */
let lastEnd = 0;

/**
 * Reads the zig-zag varint at `pos` as an exact 64-bit value; returns it with the position after
 * it. Throws LongVarintError for a varint over 10 bytes or one whose 10th byte carries bits past
 * the 64th (Java's decoder drops those bits silently; a value that cannot have been written is
 * corrupt data here), and RangeError when the bytes end first.
 */
export function readLongVarint(buf: Uint8Array, pos: number): { value: bigint; end: number } {
  const value = readLong(buf, pos);
  return { value, end: lastEnd };
}

function readLong(buf: Uint8Array, pos: number): bigint {
  // Up to 7 bytes (49 bits) a double holds the value exactly, and nearly every long is that short.
  let n = 0;
  let scale = 1;
  for (let i = 0; i < 7; i++) {
    const byte = buf[pos + i];
    if (byte === undefined) throw new RangeError('the bytes end inside a varint');
    n += (byte & 0x7f) * scale;
    if (!(byte & 0x80)) {
      lastEnd = pos + i + 1;
      return BigInt(n % 2 === 0 ? n / 2 : -(n + 1) / 2);
    }
    scale *= 128;
  }
  let big = BigInt(n);
  for (let i = 7; ; i++) {
    if (i === 10) throw new LongVarintError('a long varint is longer than 10 bytes');
    const byte = buf[pos + i];
    if (byte === undefined) throw new RangeError('the bytes end inside a varint');
    big |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if (!(byte & 0x80)) {
      if (i === 9 && byte > 1) throw new LongVarintError('a long varint holds more than 64 bits');
      lastEnd = pos + i + 1;
      return (big >> 1n) ^ -(big & 1n);
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

interface Tap {
  buf: Buffer;
  pos: number;
  writeFixed(buf: Buffer, len?: number): void;
}

// avsc's class for custom longs (what `LongType.__with` instantiates), which avsc does not export:
// unions, resolution (int to long) and JSON defaults already know it by its typeName, `abstract:long`.
const AbstractLongType = Object.getPrototypeOf(
  avsc.types.LongType.__with({
    fromBuffer: () => 0n,
    toBuffer: () => Buffer.alloc(8),
    fromJSON: () => 0n,
    toJSON: () => 0,
    isValid: () => false,
    compare: () => 0,
  }),
).constructor as new (noUnpack?: boolean) => avsc.Type;

/** See BIGINT_LONG. Reads and writes the varint in place: no Buffer per value, as `__with` would make. */
class BigIntLongType extends AbstractLongType {
  constructor() {
    super(true);
    Object.freeze(this);
  }
  _read(tap: Tap): bigint {
    try {
      const value = readLong(tap.buf, tap.pos);
      tap.pos = lastEnd;
      return value;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      tap.pos = tap.buf.length + 1; // avsc's "ran past the end": decode reports offset -1
      return 0n;
    }
  }
  _write(tap: Tap, value: unknown): void {
    if (!isLong(value)) throw new Error(`invalid "long": ${String(value)}`);
    tap.writeFixed(longVarint(value));
  }
  _fromBuffer(buf: Buffer): bigint {
    return readLong(buf, 0);
  }
  _toBuffer(value: bigint): Buffer {
    return longVarint(value);
  }
  // Defaults in schema JSON and int-to-long promotion arrive as numbers; nothing else should.
  /**
   * A schema's `default`. Schemas reach us through JSON.parse, which turns every number into a
   * double: beyond 2^53 the text's digits are already rounded to the nearest double before we see
   * them, so a whole-number double in range is taken as the long it is (the most JSON can say).
   * 2^63 is what `9223372036854775807` (the largest long) parses to: it stands for that long.
   */
  _fromJSON(json: unknown): bigint {
    const value =
      typeof json === 'number' && Number.isInteger(json) ? doubleToLong(json) : typeof json === 'string' && /^-?\d+$/.test(json) ? BigInt(json) : json;
    if (!isLong(value)) throw new Error(`${String(json)} is not an Avro long`);
    return value;
  }
  _toJSON(value: bigint): string {
    return value.toString();
  }
  _isValid(value: unknown): boolean {
    return isLong(value);
  }
  override compare(a: bigint, b: bigint): number {
    return a < b ? -1 : a > b ? 1 : 0;
  }
}

function doubleToLong(d: number): bigint | number {
  if (d === 2 ** 63) return 2n ** 63n - 1n;
  return d >= -(2 ** 63) && d < 2 ** 63 ? BigInt(d) : d;
}

/**
 * The one Avro `long` every avsc type of dl uses (see `avroType`): values are bigints over the
 * whole range -2^63..2^63-1, never JS numbers. avsc's own long decodes through a double, which
 * flips signs and drops digits above 2^52 and refuses 2^53-1 as "potential precision loss".
 *
 * Only bigints are valid values: an unwrapped union like ["long", "double"] tells its branches
 * apart by that (a number is the double, a bigint the long).
 */
export const BIGINT_LONG: avsc.Type = new BigIntLongType();
