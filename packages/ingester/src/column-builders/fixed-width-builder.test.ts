import { describe, expect, it } from 'vitest';
import { Field, FixedSizeBinary, Float64, Int16, Int64, makeVector } from 'apache-arrow';
import { createBuilder } from './create-builder.js';
import type { BigIntBuilder } from './bigint-builder.js';
import type { FixedBuilder } from './fixed-builder.js';

const values = (b: ReturnType<typeof createBuilder>) => [...makeVector(b.finish())].map((v) => (v instanceof Uint8Array ? [...v] : v));

describe('fixed-width column builders', () => {
  it('a null written where a rolled-back row left a value reads as null, and the slot is zero', () => {
    for (const [type, value] of [
      [new Int16(), 7],
      [new Float64(), 2.5],
      [new Int64(), -(2n ** 63n)],
    ] as const) {
      const b = createBuilder(new Field('x', type, true));
      b.append(value);
      b.mark();
      b.append(value);
      b.rollback();
      b.append(null);
      const data = b.finish();
      expect(data.length).toBe(2);
      expect(data.nullCount).toBe(1);
      expect(data.values[1]).toBe(typeof value === 'bigint' ? 0n : 0);
      expect([...makeVector(data)]).toEqual([value, null]);
    }
  });

  it('grows past its first 1024 values and resets after finish', () => {
    const b = createBuilder(new Field('x', new Int64(), false)) as BigIntBuilder;
    for (let i = 0; i < 3000; i++) b.pushBigInt(BigInt(i) * 3_000_000_000n);
    expect(b.byteSize()).toBe(3000 * 8);
    const out = values(b);
    expect(out).toHaveLength(3000);
    expect(out[2999]).toBe(2999n * 3_000_000_000n);
    expect(b.length).toBe(0);
    expect(b.byteSize()).toBe(0);
  });

  it('fixed-size bytes: width bytes per value, a wrong length is refused with the numbers', () => {
    const b = createBuilder(new Field('x', new FixedSizeBinary(3), false)) as FixedBuilder;
    b.append(Uint8Array.of(1, 2, 3));
    b.pushFixed(Uint8Array.of(9, 4, 5, 6), 1);
    expect(b.byteSize()).toBe(6);
    expect(() => b.append(Uint8Array.of(1))).toThrow('column x expects 3 bytes, got 1 bytes');
    expect(values(b)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });
});
