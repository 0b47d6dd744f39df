import type { DataType } from 'apache-arrow';
import { FixedWidthBuilder } from './fixed-width-builder.js';
import type { Coercing } from './value-coercion.js';

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
}
