import type { Data, DataType } from 'apache-arrow';
import { DlError } from '@dl/core';
import type { ColumnBuilder } from './column-builder.js';
import { nextCapacity } from './offsets.js';
import { Validity } from './validity.js';
import { describeValue, type Coercing } from './value-coercion.js';

/** What every builder shares: length, validity, mark/rollback of a half-appended row. */
export abstract class BaseBuilder implements ColumnBuilder, Coercing {
  length = 0;
  protected marked = 0;
  /** How many values the last finish() took: sizes the next flush's builder of this column. */
  protected finishedLength = 0;
  protected readonly validity: Validity | undefined;
  constructor(
    readonly type: DataType,
    readonly nullable: boolean,
    readonly name: string,
  ) {
    this.validity = nullable ? new Validity() : undefined;
  }
  append(value: unknown): void {
    if (value === null || value === undefined) {
      if (!this.validity) throw new DlError('VALIDATION', `column ${this.name} is not nullable, got ${String(value)}`);
      this.appendNull();
      this.validity.set(this.length++, false);
      return;
    }
    this.appendValue(value);
    this.validity?.set(this.length, true);
    this.length++;
  }
  mark(): void {
    this.marked = this.length;
    this.markChildren();
  }
  rollback(): void {
    while (this.length > this.marked) {
      this.length--;
      this.validity?.unset(this.length);
    }
    this.rollbackChildren();
  }
  /** Counts a non-null value that a `push*` method wrote (the binary Avro decoder's fast path). */
  protected pushed(): void {
    this.validity?.set(this.length, true);
    this.length++;
  }
  protected markChildren(): void {}
  protected rollbackChildren(): void {}
  protected abstract appendNull(): void;
  protected abstract appendValue(value: unknown): void;
  abstract byteSize(): number;
  abstract finish(): Data;
  protected takeValidity(): { nullBitmap?: Uint8Array; nullCount: number } {
    this.finishedLength = this.length;
    return this.validity ? this.validity.take(this.length) : { nullCount: 0 };
  }
  sizeLike(other: ColumnBuilder): void {
    if (other.constructor !== this.constructor || this.length > 0) return;
    const like = other as this;
    // `like` is the previous flush's builder: sealed and full, or already finished.
    const n = nextCapacity(Math.max(like.length, like.finishedLength));
    if (n === 0) return;
    this.validity?.reserve(n);
    this.reserve(n, like);
  }
  /** Makes room for `n` values, as `like` needed (subclasses: their value buffers and children). */
  protected reserve(_n: number, _like: this): void {}
  /** Refuses a value this column cannot hold (the row becomes a dead letter). */
  fail(value: unknown, expected: string): never {
    throw new DlError('VALIDATION', `column ${this.name} expects ${expected}, got ${describeValue(value)}`);
  }
}
