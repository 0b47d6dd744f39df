/**
 * An LZ4 block compressor written from the format description: greedy matching with one 64 Ki-entry
 * hash table, for blocks of at most 64 KiB. It keeps the end-of-block rules that strict decoders
 * (Java's, used by the broker to validate every batch) enforce and lz4js's own compressor breaks: the
 * last 5 bytes are literals and no match starts within the last 12 bytes.
 */
const MIN_MATCH = 4;
const LAST_LITERALS = 5;
const MF_LIMIT = 12;
const MAX_OFFSET = 65535;
const HASH_LOG = 16;

/** Worst case size of a compressed block of `n` bytes. */
export function lz4BlockBound(n: number): number {
  return n + Math.floor(n / 255) + 16;
}

/** Compresses `src` (≤ 64 KiB) into `out` from offset 0; returns the compressed length. */
export function lz4CompressBlock(src: Uint8Array, out: Uint8Array, table: Int32Array): number {
  const n = src.length;
  let op = 0;
  let anchor = 0;
  if (n > MF_LIMIT) {
    table.fill(-1);
    const lastMatchStart = n - MF_LIMIT; // a match must start before this
    const matchEnd = n - LAST_LITERALS; // and end at or before this
    let ip = 0;
    while (ip < lastMatchStart) {
      const seq = read32(src, ip);
      const h = Math.imul(seq, 2654435761) >>> (32 - HASH_LOG);
      const ref = table[h]!;
      table[h] = ip;
      if (ref < 0 || ip - ref > MAX_OFFSET || read32(src, ref) !== seq) {
        ip++;
        continue;
      }
      let len = MIN_MATCH;
      while (ip + len < matchEnd && src[ip + len] === src[ref + len]) len++;
      op = writeSequence(src, out, op, anchor, ip, ip - ref, len);
      ip += len;
      anchor = ip;
    }
  }
  return writeLastLiterals(src, out, op, anchor, n);
}

function writeSequence(src: Uint8Array, out: Uint8Array, op: number, anchor: number, ip: number, offset: number, len: number): number {
  const literals = ip - anchor;
  const matchLen = len - MIN_MATCH;
  const token = op++;
  out[token] = ((literals >= 15 ? 15 : literals) << 4) | (matchLen >= 15 ? 15 : matchLen);
  if (literals >= 15) op = writeLength(out, op, literals - 15);
  out.set(src.subarray(anchor, ip), op);
  op += literals;
  out[op++] = offset & 0xff;
  out[op++] = offset >>> 8;
  if (matchLen >= 15) op = writeLength(out, op, matchLen - 15);
  return op;
}

function writeLastLiterals(src: Uint8Array, out: Uint8Array, op: number, anchor: number, n: number): number {
  const literals = n - anchor;
  out[op++] = (literals >= 15 ? 15 : literals) << 4;
  if (literals >= 15) op = writeLength(out, op, literals - 15);
  out.set(src.subarray(anchor, n), op);
  return op + literals;
}

/** Length extension: 255 while more remains, then the rest. */
function writeLength(out: Uint8Array, op: number, rest: number): number {
  while (rest >= 255) {
    out[op++] = 255;
    rest -= 255;
  }
  out[op++] = rest;
  return op;
}

function read32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}
