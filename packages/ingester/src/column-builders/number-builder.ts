import type { DataType } from 'apache-arrow';
import { FixedWidthBuilder } from './fixed-width-builder.js';
import type { Coercing } from './value-coercion.js';

type NumberArray = Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** Int8..Int32, Float32/64, Date32 and Time32: one JS number per value. */
export class NumberBuilder extends FixedWidthBuilder<NumberArray> {
  constructor(
    type: DataType,
    nullable: boolean,
    name: string,
    Ctor: new (n: number) => NumberArray,
    private readonly convert: (v: unknown, b: Coercing) => number,
  ) {
    super(type, nullable, name, (n) => new Ctor(n), 1);
  }
  protected appendValue(v: unknown): void {
    this.grow();
    this.values[this.length] = this.convert(v, this);
  }
  pushNumber(n: number): void {
    this.grow();
    this.values[this.length] = n;
    this.pushed();
  }
}
