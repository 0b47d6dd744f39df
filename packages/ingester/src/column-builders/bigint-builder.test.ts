import { describe, expect, it } from 'vitest';
import { Int64, makeVector } from 'apache-arrow';
import { BigIntBuilder } from './bigint-builder.js';

const builder = () => new BigIntBuilder(new Int64(), true, 'n', (v) => BigInt(v as number));

describe('BigIntBuilder.pushSafeInteger', () => {
  it('stores every safe integer as BigInt(n) would, through growth and a second flush', () => {
    const edges = [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 32 - 1, 2 ** 32, -(2 ** 32), 2 ** 32 + 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    const xs = [...edges, ...Array.from({ length: 5000 }, (_, i) => 1_764_806_400_000 + i * 7919 * (i % 2 ? -1 : 1) * 1e6)].filter(Number.isSafeInteger);
    const b = builder();
    for (let round = 0; round < 2; round++) {
      b.append(null);
      for (const x of xs) b.pushSafeInteger(x);
      b.pushBigInt(-5n);
      const got = [...makeVector(b.finish())];
      expect(got).toEqual([null, ...xs.map((x) => BigInt(x)), -5n]);
    }
  });
});
