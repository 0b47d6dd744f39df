import { makeData, type Data, type DataType, type Map_, type Struct } from 'apache-arrow';
import { BaseBuilder } from './base-builder.js';
import type { ColumnBuilder } from './column-builder.js';
import { roomForOffset } from './offsets.js';

/** Map (an Avro map): Int32 offsets into key and value builders. */
export class MapBuilder extends BaseBuilder {
  private offsets = new Int32Array(1025);
  private entries = 0;
  private markedEntries = 0;
  constructor(
    type: DataType,
    nullable: boolean,
    name: string,
    private readonly entriesType: DataType,
    private readonly keys: ColumnBuilder,
    private readonly values: ColumnBuilder,
  ) {
    super(type, nullable, name);
  }
  protected override reserve(n: number, like: this): void {
    if (this.offsets.length < n + 1) this.offsets = new Int32Array(n + 1);
    this.keys.sizeLike(like.keys);
    this.values.sizeLike(like.values);
  }
  private grow(): void {
    this.offsets = roomForOffset(this.offsets, this.length + 1);
  }
  protected appendNull(): void {
    this.grow();
    this.offsets[this.length + 1] = this.entries;
  }
  protected appendValue(v: unknown): void {
    if (typeof v !== 'object' || v === null) this.fail(v, 'a map');
    this.grow();
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      this.keys.append(k);
      this.values.append(val);
      this.entries++;
    }
    this.offsets[this.length + 1] = this.entries;
  }
  get keyBuilder(): ColumnBuilder {
    return this.keys;
  }
  get valueBuilder(): ColumnBuilder {
    return this.values;
  }
  /** Closes a map whose `count` entries were pushed into `keyBuilder` and `valueBuilder`. */
  pushMap(count: number): void {
    this.grow();
    this.entries += count;
    this.offsets[this.length + 1] = this.entries;
    this.pushed();
  }
  protected override markChildren(): void {
    this.markedEntries = this.entries;
    this.keys.mark();
    this.values.mark();
  }
  protected override rollbackChildren(): void {
    this.entries = this.markedEntries;
    this.keys.rollback();
    this.values.rollback();
  }
  byteSize(): number {
    return this.length * 4 + this.keys.byteSize() + this.values.byteSize();
  }
  finish(): Data {
    const n = this.entries;
    const child = makeData({ type: this.entriesType as Struct, length: n, nullCount: 0, children: [this.keys.finish(), this.values.finish()] });
    const data = makeData({
      type: this.type as Map_,
      length: this.length,
      ...this.takeValidity(),
      valueOffsets: this.offsets.subarray(0, this.length + 1),
      child,
    });
    this.offsets = new Int32Array(1025);
    this.entries = 0;
    this.length = 0;
    return data;
  }
}
