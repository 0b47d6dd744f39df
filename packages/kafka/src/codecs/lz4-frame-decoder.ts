/**
 * An LZ4 frame decoder written from the frame and block format descriptions, for the consume path.
 * lz4js (which it replaces there) grows its output buffer as it goes and copies byte by byte; this
 * one sizes the output once from the block headers and copies literals and long matches with
 * Buffer/TypedArray copies. It decodes into one contiguous buffer, so linked blocks (matches into
 * the previous block) decode too. Checksums are skipped, as lz4js skips them; a malformed frame
 * throws instead of returning short data.
 */
const MAGIC = 0x184d2204;
const BLOCK_MAX = [0, 0, 0, 0, 64 << 10, 256 << 10, 1 << 20, 4 << 20];
const UNCOMPRESSED = 0x80000000;

export function lz4DecompressFrame(src: Buffer): Buffer {
  if (src.length < 7 || src.readUInt32LE(0) !== MAGIC) throw new Error('lz4: not an LZ4 frame (bad magic number)');
  const flg = src[4]!;
  if (flg >> 6 !== 1) throw new Error(`lz4: unsupported frame version ${flg >> 6}`);
  const blockChecksums = (flg & 0x10) !== 0;
  const blockMax = BLOCK_MAX[(src[5]! >> 4) & 7]!;
  if (blockMax === 0) throw new Error('lz4: invalid block maximum size');
  let sp = 6 + ((flg & 0x08) !== 0 ? 8 : 0) + ((flg & 0x01) !== 0 ? 4 : 0) + 1; // + content size, dictionary id, header checksum

  // First pass over the block headers: the output's size bound.
  let bound = 0;
  for (let p = sp; ;) {
    if (p + 4 > src.length) throw new Error('lz4: frame ends inside a block header');
    const word = src.readUInt32LE(p);
    if (word === 0) break;
    const size = (word & ~UNCOMPRESSED) >>> 0;
    bound += (word & UNCOMPRESSED) !== 0 ? size : blockMax;
    p += 4 + size + (blockChecksums ? 4 : 0);
  }

  const out = Buffer.allocUnsafe(bound);
  let dp = 0;
  for (;;) {
    const word = src.readUInt32LE(sp);
    sp += 4;
    if (word === 0) break;
    const size = (word & ~UNCOMPRESSED) >>> 0;
    if (sp + size > src.length) throw new Error('lz4: frame ends inside a block');
    if ((word & UNCOMPRESSED) !== 0) {
      src.copy(out, dp, sp, sp + size);
      dp += size;
    } else {
      dp = decodeBlock(src, sp, sp + size, out, dp);
    }
    sp += size + (blockChecksums ? 4 : 0);
  }
  return out.subarray(0, dp);
}

/** Decodes one block (src[sp, end)) into out at dp; returns where the output ends. */
export function decodeBlock(src: Uint8Array, sp: number, end: number, out: Uint8Array, dp: number): number {
  const outEnd = out.length;
  for (;;) {
    const token = src[sp++]!;
    let literals = token >>> 4;
    if (literals === 15) {
      let b: number;
      do {
        b = src[sp++]!;
        literals += b;
      } while (b === 255 && sp < end);
    }
    if (sp + literals > end || dp + literals > outEnd) throw new Error('lz4: corrupt block (literals past the end)');
    if (literals < 8) for (let k = 0; k < literals; k++) out[dp++] = src[sp++]!;
    else {
      out.set(src.subarray(sp, sp + literals), dp);
      sp += literals;
      dp += literals;
    }
    if (sp >= end) return dp; // the last sequence has literals only
    if (sp + 2 > end) throw new Error('lz4: corrupt block (truncated match)');
    const offset = src[sp]! | (src[sp + 1]! << 8);
    sp += 2;
    let length = token & 15;
    if (length === 15) {
      let b: number;
      do {
        if (sp >= end) throw new Error('lz4: corrupt block (truncated match length)');
        b = src[sp++]!;
        length += b;
      } while (b === 255);
    }
    length += 4;
    if (offset === 0 || offset > dp || dp + length > outEnd) throw new Error('lz4: corrupt block (bad match)');
    let from = dp - offset;
    if (offset >= length && length > 16) {
      out.copyWithin(dp, from, from + length);
      dp += length;
    } else {
      // Overlapping (offset < length repeats the last `offset` bytes) or short: byte by byte.
      for (let k = 0; k < length; k++) out[dp++] = out[from++]!;
    }
  }
}
