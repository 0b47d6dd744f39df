import { testRandom } from '@dl/test-support/seeded-random';
import { describe, expect, it } from 'vitest';
import { lz4BlockBound, lz4CompressBlock } from './lz4-block.js';

/**
 * A strict decoder for the checks: besides decoding, it fails on every rule a strict decoder (Java's)
 * enforces: offsets inside the output, the last sequence literal-only, the last 5 bytes literals,
 * no match starting within the last 12 bytes.
 */
function strictDecode(block: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let ip = 0;
  let op = 0;
  const length = (base: number) => {
    let len = base;
    if (base === 15) {
      let b: number;
      do {
        b = block[ip++]!;
        len += b;
      } while (b === 255);
    }
    return len;
  };
  for (;;) {
    const token = block[ip++]!;
    const literals = length(token >> 4);
    out.set(block.subarray(ip, ip + literals), op);
    ip += literals;
    op += literals;
    if (ip === block.length) break; // the last sequence: literals only
    if (op > n - 12) throw new Error(`match starts at ${op}, within the last 12 bytes of ${n}`);
    const offset = block[ip]! | (block[ip + 1]! << 8);
    ip += 2;
    if (offset === 0 || offset > op) throw new Error(`bad offset ${offset} at output ${op}`);
    const len = length(token & 15) + 4;
    if (op + len > n - 5) throw new Error(`match ends at ${op + len}, within the last 5 bytes of ${n}`);
    for (let k = 0; k < len; k++, op++) out[op] = out[op - offset]!;
  }
  if (op !== n) throw new Error(`decoded ${op} bytes, expected ${n}`);
  return out;
}

function roundTrip(input: Uint8Array): number {
  const out = new Uint8Array(lz4BlockBound(input.length));
  const size = lz4CompressBlock(input, out, new Int32Array(1 << 16));
  expect(size).toBeLessThanOrEqual(lz4BlockBound(input.length));
  expect(Buffer.from(strictDecode(out.subarray(0, size), input.length)).equals(Buffer.from(input))).toBe(true);
  return size;
}

describe('lz4CompressBlock', () => {
  it('round-trips short inputs of every length, all literals below 13 bytes', () => {
    const { bytes: randomBytes } = testRandom();
    for (let n = 0; n < 80; n++) {
      roundTrip(Buffer.alloc(n, 7));
      roundTrip(randomBytes(n));
    }
  });
  it('round-trips compressible text, runs, long literal runs and long matches, up to 64 KiB', () => {
    const { bytes: randomBytes } = testRandom();
    const text = Buffer.from('{"customer":"Zoë Łukasiewicz","description":"zażółć gęślą jaźń #1"} '.repeat(1000));
    for (const n of [13, 14, 15, 16, 17, 20, 100, 1000, 4096, 65_535, 65_536]) {
      expect(roundTrip(text.subarray(0, n))).toBeLessThanOrEqual(n + 1 + Math.ceil(n / 255) + 16);
      roundTrip(Buffer.alloc(n, 0));
      roundTrip(Buffer.concat([randomBytes(Math.floor(n / 2)), Buffer.alloc(n - Math.floor(n / 2), 1)]));
    }
    expect(roundTrip(text.subarray(0, 65_536))).toBeLessThan(4000);
  });
  it('round-trips random mixes of repeats and noise', () => {
    const random = testRandom();
    const randomBytes = random.bytes;
    for (let t = 0; t < 200; t++) {
      const parts: Buffer[] = [];
      let size = 0;
      const target = 1 + Math.floor(random.next() * 65_536);
      while (size < target) {
        const piece =
          random.next() < 0.5
            ? randomBytes(1 + Math.floor(random.next() * 300))
            : Buffer.alloc(1 + Math.floor(random.next() * 600), Math.floor(random.next() * 3));
        parts.push(piece);
        size += piece.length;
      }
      roundTrip(Buffer.concat(parts).subarray(0, target));
    }
  });
});
