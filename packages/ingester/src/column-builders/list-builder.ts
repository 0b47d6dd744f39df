import { makeData, type Data, type DataType, type List } from 'apache-arrow';
import { BaseBuilder } from './base-builder.js';
import type { ColumnBuilder } from './column-builder.js';
import { roomForOffset } from './offsets.js';

/** List: Int32 offsets into one child builder. */
export class ListBuilder extends BaseBuilder {
  private offsets = new Int32Array(1025);
  constructor(
    type: DataType,
    nullable: boolean,
    name: string,
    private readonly child: ColumnBuilder,
  ) {
    super(type, nullable, name);
  }
  private grow(): void {
    this.offsets = roomForOffset(this.offsets, this.length + 1);
  }
  protected appendNull(): void {
    this.grow();
    this.offsets[this.length + 1] = this.child.length;
  }
  protected appendValue(v: unknown): void {
    if (!Array.isArray(v)) this.fail(v, 'an array');
    this.grow();
    for (const item of v) this.child.append(item);
    this.offsets[this.length + 1] = this.child.length;
  }
  protected override reserve(n: number, like: this): void {
    if (this.offsets.length < n + 1) this.offsets = new Int32Array(n + 1);
    this.child.sizeLike(like.child);
  }
  get childBuilder(): ColumnBuilder {
    return this.child;
  }
  /** Closes a list whose items were pushed into `childBuilder`. */
  pushList(): void {
    this.grow();
    this.offsets[this.length + 1] = this.child.length;
    this.pushed();
  }
  protected override markChildren(): void {
    this.child.mark();
  }
  protected override rollbackChildren(): void {
    this.child.rollback();
  }
  byteSize(): number {
    return this.length * 4 + this.child.byteSize();
  }
  finish(): Data {
    const data = makeData({
      type: this.type as List,
      length: this.length,
      ...this.takeValidity(),
      valueOffsets: this.offsets.subarray(0, this.length + 1),
      child: this.child.finish(),
    });
    this.offsets = new Int32Array(1025);
    this.length = 0;
    return data;
  }
}
