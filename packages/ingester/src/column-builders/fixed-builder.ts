import type { DataType } from 'apache-arrow';
import { FixedWidthBuilder } from './fixed-width-builder.js';
import type { Coercing } from './value-coercion.js';

/** FixedSizeBinary and Decimal128: a fixed number of bytes per value. */
export class FixedBuilder extends FixedWidthBuilder<Uint8Array> {
  constructor(
    type: DataType,
    nullable: boolean,
    name: string,
    width: number,
    private readonly write: (v: unknown, out: Uint8Array, b: Coercing) => void,
  ) {
    super(type, nullable, name, (n) => new Uint8Array(n), width);
  }
  protected appendValue(v: unknown): void {
    this.grow();
    this.write(v, this.values.subarray(this.length * this.width, (this.length + 1) * this.width), this);
  }
  pushFixed(src: Uint8Array, start: number): void {
    this.grow();
    this.values.set(src.subarray(start, start + this.width), this.length * this.width);
    this.pushed();
  }
}
