import { randomInt } from 'node:crypto';
import { onTestFailed } from 'vitest';

export interface SeededRandom {
  seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Whole number in [0, n). */
  int(n: number): number;
  bytes(n: number): Buffer;
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): SeededRandom {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const bytes = (n: number) => {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = int(256);
    return b;
  };
  return { seed, next, int, bytes };
}

/**
 * Random inputs for one test, from `DL_TEST_SEED` when set (to replay a failure), else a new seed;
 * call it inside the test: a failure prints the seed and the command to run it again.
 */
export function testRandom(): SeededRandom {
  const fromEnv = process.env.DL_TEST_SEED;
  const seed = fromEnv ? Number(fromEnv) : randomInt(0, 2 ** 31);
  onTestFailed(() => {
    process.stderr.write(`random inputs came from seed ${seed}: run again with DL_TEST_SEED=${seed}\n`);
  });
  return seededRandom(seed);
}
