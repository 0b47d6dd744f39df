import { makeData, type Data } from 'apache-arrow';
import { BaseBuilder } from './base-builder.js';
import { Validity } from './validity.js';

/** Bool: the values are a bitmap too. */
export class BoolBuilder extends BaseBuilder {
  private bits = new Validity();
  protected appendNull(): void {
    this.bits.set(this.length, false);
  }
  protected appendValue(v: unknown): void {
    if (typeof v !== 'boolean') this.fail(v, 'a boolean');
    this.bits.set(this.length, v);
  }
  pushBool(b: boolean): void {
    this.bits.set(this.length, b);
    this.pushed();
  }
  byteSize(): number {
    return this.length >> 3;
  }
  protected override reserve(n: number): void {
    this.bits.reserve(n);
  }
  finish(): Data {
    const validity = this.takeValidity();
    const bits = this.bits.bits.slice(0, (this.length + 7) >> 3);
    this.bits = new Validity();
    const data = makeData({ type: this.type as never, length: this.length, ...validity, data: bits as never });
    this.length = 0;
    return data;
  }
}
