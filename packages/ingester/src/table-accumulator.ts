import { RecordBatch, Table, makeData, Struct, type Schema } from 'apache-arrow';
import { createBuilder, type ColumnBuilder } from './column-builders/index.js';

/**
 * Rows of one future Parquet file: one schema, one table directory partition. Keeps the offset
 * range of its rows for the file name.
 */
export class TableAccumulator {
  readonly builders: ColumnBuilder[];
  rows = 0;
  firstOffset = -1n;
  lastOffset = -1n;
  /** The compiled binary-to-column decoder for this file's reader schema (null: not possible). */
  direct: ((buf: Buffer, pos: number) => number) | null | undefined;

  constructor(
    readonly schema: Schema,
    /** Relative directory inside the table, e.g. `date=2026-11-24` ('' for none). */
    readonly partitionPath: string,
    /** The same file of the previous flush: its columns' sizes are where these start. */
    sizedLike?: TableAccumulator,
  ) {
    this.builders = schema.fields.map((f) => createBuilder(f));
    if (sizedLike?.schema === schema) for (let i = 0; i < this.builders.length; i++) this.builders[i]!.sizeLike(sizedLike.builders[i]!);
  }

  mark(): void {
    for (const b of this.builders) b.mark();
  }

  rollback(): void {
    for (const b of this.builders) b.rollback();
  }

  /** Call after a row's columns were all appended. */
  commitRow(offset: bigint): void {
    if (this.rows === 0) this.firstOffset = offset;
    this.lastOffset = offset;
    this.rows++;
  }

  /** One record batch per file: the Parquet writer splits row groups itself. */
  toTable(): Table {
    const children = this.builders.map((b) => b.finish());
    const data = makeData({ type: new Struct(this.schema.fields), length: this.rows, nullCount: 0, children });
    return new Table(this.schema, [new RecordBatch(this.schema, data)]);
  }
}
