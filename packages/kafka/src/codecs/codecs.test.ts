import { randomBytes } from 'node:crypto';
import snappy from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { lz4Compress, lz4Decompress, snappyCompress, snappyDecompress, zstdCompress, zstdDecompress } from '@dl/kafka';

/** Compressible text with some non-ASCII, a few blocks long, plus incompressible bytes. */
function sample(size: number): Buffer {
  const text = Buffer.from('{"order_id":1,"customer":"John Doe","description":"zażółć gęślą jaźń"} '.repeat(Math.ceil(size / 70)));
  return Buffer.concat([text.subarray(0, size - 1000), randomBytes(1000)]);
}

const sizes = [0, 1, 100, 70_000, 300_000, 3_000_000];
const codecs = [
  ['snappy', snappyCompress, snappyDecompress],
  ['lz4', lz4Compress, lz4Decompress],
  ['zstd', zstdCompress, zstdDecompress],
] as const;

describe.each(codecs)('%s', (_name, compress, decompress) => {
  it.each(sizes)('round-trips %i bytes', async (n) => {
    const input = sample(Math.max(n, 1000)).subarray(0, n);
    expect(decompress(await compress(input)).equals(input)).toBe(true);
  });
});

describe('snappy (xerial framing)', () => {
  it('writes the header Java clients write', () => {
    expect(snappyCompress(Buffer.from('x')).subarray(0, 16).toString('hex')).toBe('82534e41505059000000000100000001');
  });
  it('also reads raw (unframed) snappy, as librdkafka writes it', () => {
    const input = sample(5000);
    expect(snappyDecompress(Buffer.from(snappy.compress(input))).equals(input)).toBe(true);
  });
  it('splits into 32 KiB blocks', () => {
    const out = snappyCompress(sample(70_000));
    const first = out.readInt32BE(16);
    expect(out.readInt32BE(16 + 4 + first)).toBeGreaterThan(0); // a second block follows
  });
});

describe('lz4 (frame format)', () => {
  it('writes the frame header Kafka expects: independent 64 KiB blocks, correct header checksum', () => {
    expect(lz4Compress(Buffer.from('hello')).subarray(0, 7).toString('hex')).toBe('04224d18604082');
  });
  it('stores incompressible blocks uncompressed', () => {
    const input = randomBytes(1000);
    const out = lz4Compress(input);
    expect(out.readUInt32LE(7)).toBe((0x80000000 | 1000) >>> 0);
    expect(lz4Decompress(out).equals(input)).toBe(true);
  });
});

describe('zstd', () => {
  it("reads a frame without a content size, as Java's streaming writer makes them", () => {
    // "hi" as one raw block in a frame whose header has no content size (FHD 0x00, window descriptor 0x00).
    const frame = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x00, 0x11, 0x00, 0x00, 0x68, 0x69]);
    expect(zstdDecompress(frame).toString()).toBe('hi');
  });
});
