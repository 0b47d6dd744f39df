import type avsc from 'avsc';
import { HEADER_SIZE, writeHeader } from '@dl/core';

/**
 * Encodes values on the hot path: avsc writes the body straight into a reused scratch buffer after
 * room for the 5-byte header, the header goes in front, and the result is copied out once.
 */
export class ValueEncoder {
  private scratch = Buffer.allocUnsafe(16 * 1024);

  constructor(readonly type: avsc.Type) {}

  /** Header (magic byte, big-endian schema id) + Avro body. `magic` other than 0 makes a bad-magic value. */
  framed(value: unknown, schemaId: number, magic = 0): Buffer {
    const end = this.encodeAt(value, HEADER_SIZE);
    writeHeader(this.scratch, schemaId);
    this.scratch[0] = magic;
    return this.copyOut(0, end);
  }

  /** The Avro body alone, without a header (what the seed's broken producer sends). */
  body(value: unknown): Buffer {
    return this.copyOut(HEADER_SIZE, this.encodeAt(value, HEADER_SIZE));
  }

  private encodeAt(value: unknown, pos: number): number {
    let end = this.type.encode(value, this.scratch, pos);
    while (end < 0) {
      // avsc returns minus the missing byte count when the buffer is too small.
      this.scratch = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.scratch.length - end));
      end = this.type.encode(value, this.scratch, pos);
    }
    return end;
  }

  private copyOut(from: number, to: number): Buffer {
    const out = Buffer.allocUnsafe(to - from);
    this.scratch.copy(out, 0, from, to);
    return out;
  }
}
