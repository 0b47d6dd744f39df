import { makeData, type Data, type DataType } from 'apache-arrow';
import { DlError } from '@dl/core';
import { BaseBuilder } from './base-builder.js';
import { nextCapacity, roomForOffset } from './offsets.js';

/** Utf8 and Binary: Int32 offsets plus one growable byte buffer. */
export class BytesBuilder extends BaseBuilder {
  private offsets = new Int32Array(1025);
  // A Buffer, for its native UTF-8 write straight into place (no intermediate allocation). Never
  // a slice of Node's shared pool (allocUnsafeSlow; Node 24's pool is 64 KiB, so 16 KiB would
  // be one): the bytes live for a whole flush and are freed early by releaseBuffers, which a
  // pool slice cannot be.
  private bytes = Buffer.allocUnsafeSlow(16 * 1024);
  private used = 0;
  private markedUsed = 0;
  private finishedUsed = 0;
  /**
   * The last string (or the last bytes object) appended and where its bytes are: a string equal to
   * it, or the same bytes object again (a repeated key's cached cells), is copied from there.
   */
  private lastText: string | Uint8Array | undefined;
  private lastTextAt = 0;
  private lastTextEnd = 0;
  constructor(
    type: DataType,
    nullable: boolean,
    name: string,
    private readonly kind: 'utf8' | 'binary',
  ) {
    super(type, nullable, name);
  }
  private ensure(extra: number): void {
    this.offsets = roomForOffset(this.offsets, this.length + 1);
    if (this.used + extra > this.bytes.length) {
      let size = this.bytes.length * 2;
      while (size < this.used + extra) size *= 2;
      if (size > 0x7fffffff) throw new DlError('VALIDATION', `column ${this.name} holds more than 2 GiB in one flush`);
      const next = Buffer.allocUnsafeSlow(size);
      this.bytes.copy(next, 0, 0, this.used);
      this.bytes = next;
    }
  }
  protected appendNull(): void {
    this.ensure(0);
    this.offsets[this.length + 1] = this.used;
  }
  protected appendValue(v: unknown): void {
    if (v === this.lastText) {
      // The same value as the row before (the topic column, a repeated key): copy its bytes.
      const from = this.lastTextAt;
      const n = this.lastTextEnd - from;
      this.ensure(n);
      this.bytes.copyWithin(this.used, from, from + n);
      this.lastTextAt = this.used;
      this.used += n;
      this.lastTextEnd = this.used;
    } else if (typeof v === 'string' || (this.kind === 'utf8' && typeof v !== 'object')) {
      const s = typeof v === 'string' ? v : String(v);
      // Worst case 3 bytes per UTF-16 unit.
      this.ensure(s.length * 3);
      this.lastTextAt = this.used;
      this.used += (this.bytes as Utf8Writable).utf8Write(s, this.used);
      this.lastTextEnd = this.used;
      if (typeof v === 'string') this.lastText = v;
    } else if (v instanceof Uint8Array) {
      this.ensure(v.length);
      this.lastTextAt = this.used;
      this.bytes.set(v, this.used);
      this.used += v.length;
      this.lastTextEnd = this.used;
      this.lastText = v;
    } else {
      // Unions other than [null, T] arrive as their Avro JSON text already (union-text.ts, with
      // exact long digits): any other object here would be a second, lossy JSON format.
      this.fail(v, this.kind === 'utf8' ? 'a string' : 'bytes');
    }
    this.offsets[this.length + 1] = this.used;
  }
  /** Copies `src[start, end)` as one value: no string is made for UTF-8 read straight off the wire. */
  pushBytes(src: Uint8Array, start: number, end: number): void {
    this.ensure(end - start);
    // Most strings are short: a loop beats making a subarray view to copy from.
    if (end - start <= 48) {
      const bytes = this.bytes;
      let at = this.used;
      for (let i = start; i < end; i++) bytes[at++] = src[i]!;
    } else this.bytes.set(src.subarray(start, end), this.used);
    this.used += end - start;
    this.offsets[this.length + 1] = this.used;
    this.pushed();
  }
  /** Copies all of `src` as one value (a key, a raw Kafka value). */
  pushWhole(src: Uint8Array): void {
    const n = src.length;
    this.ensure(n);
    if (n <= 16) {
      const bytes = this.bytes;
      let at = this.used;
      for (let i = 0; i < n; i++) bytes[at++] = src[i]!;
    } else this.bytes.set(src, this.used);
    this.used += n;
    this.offsets[this.length + 1] = this.used;
    this.pushed();
  }
  protected override reserve(n: number, like: this): void {
    if (this.offsets.length < n + 1) this.offsets = new Int32Array(n + 1);
    const bytes = nextCapacity(Math.max(like.used, like.finishedUsed));
    if (this.bytes.length < bytes) this.bytes = Buffer.allocUnsafeSlow(bytes);
  }
  protected override markChildren(): void {
    this.markedUsed = this.used;
  }
  protected override rollbackChildren(): void {
    this.used = this.markedUsed;
    this.lastText = undefined; // its bytes may be the ones rolled back
  }
  byteSize(): number {
    return this.used + this.length * 4;
  }
  finish(): Data {
    const data = makeData({
      type: this.type as never,
      length: this.length,
      ...this.takeValidity(),
      valueOffsets: this.offsets.subarray(0, this.length + 1),
      data: this.bytes.subarray(0, this.used),
    } as never);
    this.offsets = new Int32Array(1025);
    this.bytes = Buffer.allocUnsafeSlow(16 * 1024);
    this.finishedUsed = this.used;
    this.lastText = undefined;
    this.used = 0;
    this.length = 0;
    return data;
  }
}

/**
 * Node's own UTF-8 writer behind `Buffer#write`, without its argument normalisation, which was
 * a quarter of the string-column cost in the ingest profile.
 */
type Utf8Writable = Buffer & { utf8Write(s: string, offset: number): number };
