import lz4js from 'lz4js';
import { testRandom, type SeededRandom } from '@dl/test-support/seeded-random';
import { describe, expect, it } from 'vitest';
import { lz4Compress } from './lz4-codec.js';
import { lz4DecompressFrame } from './lz4-frame-decoder.js';

/** Runs of repeats (short and long, overlapping and not), text and noise: every kind of sequence. */
function mixed(random: SeededRandom, size: number): Buffer {
  const parts: Buffer[] = [];
  let n = 0;
  while (n < size) {
    const r = random.next();
    const piece =
      r < 0.3
        ? random.bytes(1 + random.int(400))
        : r < 0.5
          ? Buffer.alloc(1 + random.int(5000), random.int(256))
          : r < 0.8
            ? Buffer.from('{"order_id":42,"customer":"Zoë","description":"zażółć gęślą jaźń"} '.repeat(1 + random.int(40)))
            : Buffer.from(Array.from({ length: 1 + random.int(30) }, () => random.int(4)).map((x) => 97 + x));
    parts.push(piece);
    n += piece.length;
  }
  return Buffer.concat(parts).subarray(0, size);
}

describe('lz4DecompressFrame', () => {
  it("reads our own frames (Kafka's layout: 64 KiB independent blocks, stored blocks for noise)", () => {
    const random = testRandom();
    for (const size of [0, 1, 13, 100, 65_535, 65_536, 65_537, 300_000, 2_000_000]) {
      const input = mixed(random, size);
      expect(lz4DecompressFrame(lz4Compress(input)).equals(input)).toBe(true);
    }
    const noise = random.bytes(200_000);
    expect(lz4DecompressFrame(lz4Compress(noise)).equals(noise)).toBe(true);
  });

  it('reads what another implementation wrote (lz4js: linked blocks, its own block compressor) and agrees with its reader', () => {
    const random = testRandom();
    for (let t = 0; t < 60; t++) {
      const input = mixed(random, 1 + random.int(t < 50 ? 70_000 : 1_500_000));
      const frame = Buffer.from(lz4js.compress(input));
      const ours = lz4DecompressFrame(frame);
      expect(ours.equals(input)).toBe(true);
      expect(ours.equals(Buffer.from(lz4js.decompress(frame)))).toBe(true);
    }
  });

  it('throws on malformed frames instead of returning short or garbage data', () => {
    const random = testRandom();
    const input = mixed(random, 100_000);
    const frame = lz4Compress(input);
    expect(() => lz4DecompressFrame(Buffer.from('not lz4 at all'))).toThrow(/magic/);
    expect(() => lz4DecompressFrame(frame.subarray(0, frame.length - 10))).toThrow(/lz4/);
    const badVersion = Buffer.from(frame);
    badVersion[4] = 0xa0;
    expect(() => lz4DecompressFrame(badVersion)).toThrow(/version/);
    // Every truncation and many single-byte corruptions either throw or (for a stored or a literal
    // byte) decode to output of the right length: never a read or write out of bounds.
    for (let cut = 7; cut < 400; cut += 7) expect(() => lz4DecompressFrame(frame.subarray(0, cut))).toThrow(/lz4/);
    for (let t = 0; t < 300; t++) {
      const bad = Buffer.from(frame);
      bad[11 + random.int(bad.length - 15)] = random.int(256);
      try {
        expect(lz4DecompressFrame(bad).length).toBeLessThanOrEqual(input.length + 65_536);
      } catch (e) {
        expect(String(e)).toMatch(/lz4/);
      }
    }
  });
});
