import snappy from 'snappyjs';

/**
 * Kafka's snappy: Java clients write xerial's framing (an 8-byte magic, two version ints, then
 * length-prefixed raw snappy blocks); librdkafka and others may write one raw snappy block. We write
 * the xerial form, which every client reads, and read both. snappyjs is pure JS: no native build.
 */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = 16;
// xerial's default block size; Java writes in blocks of this much uncompressed data.
const BLOCK_SIZE = 32 * 1024;

export function snappyCompress(input: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.alloc(XERIAL_HEADER_SIZE)];
  XERIAL_MAGIC.copy(parts[0]!, 0);
  parts[0]!.writeInt32BE(1, 8); // version
  parts[0]!.writeInt32BE(1, 12); // minimum compatible version
  for (let at = 0; at < input.length; at += BLOCK_SIZE) {
    const block = snappy.compress(input.subarray(at, at + BLOCK_SIZE));
    const size = Buffer.alloc(4);
    size.writeInt32BE(block.length, 0);
    parts.push(size, block);
  }
  return Buffer.concat(parts);
}

export function snappyDecompress(input: Buffer): Buffer {
  if (input.length < XERIAL_HEADER_SIZE || !input.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) {
    return Buffer.from(snappy.uncompress(input));
  }
  const parts: Buffer[] = [];
  let at = XERIAL_HEADER_SIZE;
  while (at < input.length) {
    if (at + 4 > input.length) throw new Error(`xerial snappy block header cut short at byte ${at} of ${input.length}`);
    const size = input.readInt32BE(at);
    at += 4;
    if (size < 0 || at + size > input.length) throw new Error(`xerial snappy block of ${size} bytes at byte ${at} overruns the ${input.length}-byte input`);
    parts.push(Buffer.from(snappy.uncompress(input.subarray(at, at + size))));
    at += size;
  }
  return Buffer.concat(parts);
}
