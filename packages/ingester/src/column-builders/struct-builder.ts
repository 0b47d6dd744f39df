import { makeData, type Data, type DataType, type Struct } from 'apache-arrow';
import { appendDefault } from './append-default.js';
import { BaseBuilder } from './base-builder.js';
import type { ColumnBuilder } from './column-builder.js';

/** Struct (an Avro record): one child builder per field. */
export class StructBuilder extends BaseBuilder {
  constructor(
    type: DataType,
    nullable: boolean,
    name: string,
    private readonly names: string[],
    readonly children: ColumnBuilder[],
  ) {
    super(type, nullable, name);
  }
  protected appendNull(): void {
    // Children of a null struct slot still need a value each; nullable or not, 0/empty is fine.
    for (const c of this.children) appendDefault(c);
  }
  protected appendValue(v: unknown): void {
    if (typeof v !== 'object' || v === null) this.fail(v, 'a record');
    const rec = v as Record<string, unknown>;
    for (let i = 0; i < this.children.length; i++) this.children[i]!.append(rec[this.names[i]!]);
  }
  protected override reserve(_n: number, like: this): void {
    for (let i = 0; i < this.children.length; i++) this.children[i]!.sizeLike(like.children[i]!);
  }
  /** Closes a struct whose fields were pushed into `children`. */
  pushStruct(): void {
    this.pushed();
  }
  protected override markChildren(): void {
    for (const c of this.children) c.mark();
  }
  protected override rollbackChildren(): void {
    for (const c of this.children) c.rollback();
  }
  byteSize(): number {
    let n = 0;
    for (const c of this.children) n += c.byteSize();
    return n;
  }
  finish(): Data {
    const data = makeData({ type: this.type as Struct, length: this.length, ...this.takeValidity(), children: this.children.map((c) => c.finish()) });
    this.length = 0;
    return data;
  }
}
