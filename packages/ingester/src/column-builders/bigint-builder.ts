import type { DataType } from 'apache-arrow';
import { FixedWidthBuilder } from './fixed-width-builder.js';
import type { Coercing } from './value-coercion.js';

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Int64, Time64 and Timestamp: one bigint per value, never through a JS number. */
export class BigIntBuilder extends FixedWidthBuilder<BigInt64Array> {
  constructor(
    type: DataType,
    nullable: boolean,
    name: string,
    private readonly convert: (v: unknown, b: Coercing) => bigint,
  ) {
    super(type, nullable, name, (n) => new BigInt64Array(n), 1);
  }
  protected appendValue(v: unknown): void {
    this.grow();
    this.values[this.length] = this.convert(v, this);
  }
  pushBigInt(n: bigint): void {
    this.grow();
    this.values[this.length] = n;
    this.pushed();
  }
  /**
   * A safe integer (a Kafka timestamp as a number), written as its two 32-bit halves: a BigInt
   * made per record only to be stored was a tenth of what the row path allocates.
   */
  pushSafeInteger(n: number): void {
    if (!LITTLE_ENDIAN) return this.pushBigInt(BigInt(n));
    this.grow();
    const high = Math.floor(n / 0x1_0000_0000);
    const at = (this.values.byteOffset >> 2) + this.length * 2;
    const words = this.words();
    words[at] = n - high * 0x1_0000_0000; // little-endian: the low half first
    words[at + 1] = high;
    this.pushed();
  }
  private wordsOf: BigInt64Array | undefined;
  private wordView: Int32Array | undefined;
  /** The values' array as 32-bit words (made again when the array grew into a new one). */
  private words(): Int32Array {
    if (this.wordsOf !== this.values) {
      this.wordsOf = this.values;
      this.wordView = new Int32Array(this.values.buffer);
    }
    return this.wordView!;
  }
}
