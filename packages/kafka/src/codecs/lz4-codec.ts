import xxh32 from 'lz4js/xxh32.js';
import { lz4BlockBound, lz4CompressBlock } from './lz4-block.js';
import { lz4DecompressFrame } from './lz4-frame-decoder.js';

/**
 * Kafka's lz4 is the LZ4 frame format with independent blocks, which the broker decodes strictly to
 * validate each batch. lz4js's frame writer leaves the block-independence flag unset and its block
 * compressor puts matches too close to the end of a block, so the broker rejects both; we write the
 * frame (64 KiB independent blocks, no checksums, as Kafka's Java writer does) around our own block
 * compressor (lz4-block.ts), and read frames with lz4-frame-decoder.ts (any flags; 2-3x lz4js's speed).
 */
const MAGIC = 0x184d2204;
const FLG = 0x60; // version 01, independent blocks, no block/content checksum, no content size
const BD = 0x40; // maximum block size 64 KiB
const BLOCK_SIZE = 64 * 1024;
const UNCOMPRESSED = 0x80000000;

export function lz4Compress(input: Buffer): Buffer {
  const blocks = Math.ceil(input.length / BLOCK_SIZE);
  const out = Buffer.alloc(7 + blocks * (4 + lz4BlockBound(BLOCK_SIZE)) + 4);
  out.writeUInt32LE(MAGIC, 0);
  out[4] = FLG;
  out[5] = BD;
  out[6] = (xxh32.hash(0, out, 4, 2) >>> 8) & 0xff;
  let at = 7;
  const table = new Int32Array(1 << 16);
  const scratch = Buffer.alloc(lz4BlockBound(BLOCK_SIZE));
  for (let from = 0; from < input.length; from += BLOCK_SIZE) {
    const block = input.subarray(from, from + BLOCK_SIZE);
    const size = lz4CompressBlock(block, scratch, table);
    if (size < block.length) {
      out.writeUInt32LE(size, at);
      scratch.copy(out, at + 4, 0, size);
      at += 4 + size;
    } else {
      out.writeUInt32LE((UNCOMPRESSED | block.length) >>> 0, at);
      block.copy(out, at + 4);
      at += 4 + block.length;
    }
  }
  out.writeUInt32LE(0, at); // end mark
  return out.subarray(0, at + 4);
}

export function lz4Decompress(input: Buffer): Buffer {
  return lz4DecompressFrame(input);
}
