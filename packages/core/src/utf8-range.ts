import { isUtf8 } from 'node:buffer';

/**
 * Whether `bytes[start, end)` is valid UTF-8, with the same answer as Node's `isUtf8` (no
 * overlong forms, no surrogates, nothing above U+10FFFF). Every string cell and key the
 * ingester writes passes here: a view and a call into Node per string cost more than the
 * check itself on the short strings records hold, so those are checked in this loop, and only
 * long ones go to Node's (SIMD) validator.
 */
export function isUtf8Range(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start > 256) return isUtf8(bytes.subarray(start, end));
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b < 0xc2) return false; // a continuation byte, or an overlong 2-byte form
    if (b < 0xe0) {
      if (i + 1 >= end || (bytes[i + 1]! & 0xc0) !== 0x80) return false;
      i += 2;
      continue;
    }
    if (b < 0xf0) {
      if (i + 2 >= end) return false;
      const b1 = bytes[i + 1]!;
      if ((b1 & 0xc0) !== 0x80 || (bytes[i + 2]! & 0xc0) !== 0x80) return false;
      if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 >= 0xa0)) return false; // overlong; a surrogate
      i += 3;
      continue;
    }
    if (b < 0xf5) {
      if (i + 3 >= end) return false;
      const b1 = bytes[i + 1]!;
      if ((b1 & 0xc0) !== 0x80 || (bytes[i + 2]! & 0xc0) !== 0x80 || (bytes[i + 3]! & 0xc0) !== 0x80) return false;
      if ((b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 >= 0x90)) return false; // overlong; above U+10FFFF
      i += 4;
      continue;
    }
    return false;
  }
  return true;
}
