import { makeData, type Data, type DataType } from 'apache-arrow';
import type { ColumnBuilder } from './column-builder.js';

/** Null (an Avro null field): only a length. */
export class NullBuilder implements ColumnBuilder {
  length = 0;
  private marked = 0;
  constructor(private readonly type: DataType) {}
  append(): void {
    this.length++;
  }
  byteSize(): number {
    return 0;
  }
  sizeLike(): void {}
  finish(): Data {
    const data = makeData({ type: this.type as never, length: this.length, nullCount: this.length } as never);
    this.length = 0;
    return data;
  }
  mark(): void {
    this.marked = this.length;
  }
  rollback(): void {
    this.length = this.marked;
  }
}
