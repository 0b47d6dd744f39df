import { makeData, type Data, type DataType } from 'apache-arrow';
import { BaseBuilder } from './base-builder.js';

/** The typed arrays a column of fixed-width values is stored in. */
export type Slots = Int8Array | Int16Array | Int32Array | Float32Array | Float64Array | BigInt64Array | Uint8Array;

/**
 * Columns of `width` array slots per value: numbers (Int8..Int32, Float32/64, Date32, Time32),
 * 64-bit integers (Int64, Time64, Timestamp) and bytes of a fixed size (FixedSizeBinary,
 * Decimal128). Growth, null slots, size and finish are the same for all of them; the subclasses
 * only say how a value is written.
 */
export abstract class FixedWidthBuilder<A extends Slots> extends BaseBuilder {
  protected values: A;
  /** What a null slot holds: 0, or 0n in a BigInt64Array. */
  private readonly zero: number | bigint;
  constructor(
    type: DataType,
    nullable: boolean,
    name: string,
    private readonly alloc: (n: number) => A,
    protected readonly width: number,
  ) {
    super(type, nullable, name);
    this.values = alloc(width * 1024);
    this.zero = this.values instanceof BigInt64Array ? 0n : 0;
  }
  /** Makes room for the value at `length`, doubling the array. */
  protected grow(): void {
    if ((this.length + 1) * this.width > this.values.length) {
      const next = this.alloc(this.values.length * 2);
      next.set(this.values as never);
      this.values = next;
    }
  }
  protected appendNull(): void {
    this.grow();
    // Zeroed explicitly: a rolled-back row may have left a value in the slot. Only fixed-size
    // bytes are wider than one slot, and they live in a Uint8Array.
    const at = this.length * this.width;
    if (this.width === 1) (this.values as unknown as Array<number | bigint>)[at] = this.zero;
    else (this.values as Uint8Array).fill(0, at, at + this.width);
  }
  protected override reserve(n: number): void {
    if (this.values.length < n * this.width) this.values = this.alloc(n * this.width);
  }
  byteSize(): number {
    return this.length * this.width * this.values.BYTES_PER_ELEMENT;
  }
  finish(): Data {
    const data = makeData({
      type: this.type as never,
      length: this.length,
      ...this.takeValidity(),
      data: this.values.subarray(0, this.length * this.width),
    } as never);
    this.values = this.alloc(this.width * 1024);
    this.length = 0;
    return data;
  }
}
