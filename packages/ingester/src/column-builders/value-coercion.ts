import { TimeUnit } from 'apache-arrow';

/**
 * Value coercion: what a decoded value must be to go in a column of each Arrow type, apart from
 * how the builders lay values out. Each converter returns the value to store or calls `fail`.
 */
export interface Coercing {
  fail(value: unknown, expected: string): never;
}

export function toInt(v: unknown, b: Coercing): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return b.fail(v, 'an integer');
}

export function toNumber(v: unknown, b: Coercing): number {
  if (typeof v === 'number') return v;
  return b.fail(v, 'a number');
}

export function toBigInt(v: unknown, b: Coercing): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return b.fail(v, 'an integer');
}

export function toDays(v: unknown, b: Coercing): number {
  if (v instanceof Date) return Math.floor(v.getTime() / 86_400_000);
  return toInt(v, b);
}

export function timestampConverter(unit: TimeUnit): (v: unknown, b: Coercing) => bigint {
  const perMs = unit === TimeUnit.SECOND ? 0 : unit === TimeUnit.MILLISECOND ? 1 : unit === TimeUnit.MICROSECOND ? 1000 : 1_000_000;
  return (v, b) => {
    if (v instanceof Date) {
      const ms = BigInt(v.getTime());
      return perMs === 0 ? ms / 1000n : ms * BigInt(perMs);
    }
    return toBigInt(v, b);
  };
}

export function toFixed(v: unknown, out: Uint8Array, b: Coercing): void {
  if (!(v instanceof Uint8Array) || v.length !== out.length) b.fail(v, `${out.length} bytes`);
  out.set(v as Uint8Array);
}

/** Avro decimals are big-endian two's complement of any length; Arrow wants little-endian 128-bit. */
export function toDecimal(v: unknown, out: Uint8Array, b: Coercing): void {
  if (!(v instanceof Uint8Array)) return b.fail(v, 'decimal bytes');
  if (v.length > out.length) return b.fail(v, `at most ${out.length} decimal bytes`);
  const negative = v.length > 0 && (v[0]! & 0x80) !== 0;
  out.fill(negative ? 0xff : 0);
  for (let i = 0; i < v.length; i++) out[i] = v[v.length - 1 - i]!;
}

/** A value as the dead letter's reason names it. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (typeof v === 'object') return 'an object';
  const s = String(v);
  return `${typeof v} ${s.length > 40 ? `${s.slice(0, 40)}…` : s}`;
}
