import {
  DataType,
  makeData,
  type Data,
  type Field,
  type Decimal,
  type FixedSizeBinary,
  type Int,
  type List,
  type Map_,
  type Struct,
  type Time,
  type Timestamp,
  TimeUnit,
} from 'apache-arrow';
import { DlError } from '@dl/core';

/**
 * Columnar accumulation straight into typed arrays, one builder per Arrow field.
 *
 * Arrow JS's own builders manage ~40k rows/s for the order schema (Utf8 and List<Struct> are
 * slow); writing UTF-8 into a growable byte buffer with Int32 offsets and calling `makeData` once
 * per flush is ~20x faster. Builders take the values avsc decodes with core's `avroType` (bigints
 * for every long, numbers, strings, Buffers, arrays, objects; unions other than [null, T] already
 * as JSON text) and Kafka metadata (bigint offsets, ms timestamps).
 */
export interface ColumnBuilder {
  readonly length: number;
  /** Appends one value; throws DlError('VALIDATION') when the value cannot go in this column. */
  append(value: unknown): void;
  /** Rough bytes held, for --flush-bytes. */
  byteSize(): number;
  /** Builds the Arrow data and resets the builder for reuse. */
  finish(): Data;
  /** Drops the last `n` values appended after `mark()` (used to undo a half-appended row). */
  mark(): void;
  rollback(): void;
}

export function createBuilder(field: Field): ColumnBuilder {
  return builderFor(field.type, field.nullable, field.name);
}

function builderFor(type: DataType, nullable: boolean, name: string): ColumnBuilder {
  if (DataType.isNull(type)) return new NullBuilder(type);
  if (DataType.isBool(type)) return new BoolBuilder(type, nullable, name);
  if (DataType.isInt(type)) {
    const t = type as Int;
    if (t.bitWidth === 64) return new BigIntBuilder(type, nullable, name, toBigInt);
    return new NumberBuilder(type, nullable, name, t.bitWidth === 32 ? Int32Array : t.bitWidth === 16 ? Int16Array : Int8Array, toInt);
  }
  if (DataType.isFloat(type)) return new NumberBuilder(type, nullable, name, type.precision === 2 ? Float64Array : Float32Array, toNumber);
  if (DataType.isDate(type)) return new NumberBuilder(type, nullable, name, Int32Array, toDays);
  if (DataType.isTime(type)) {
    const t = type as Time;
    return t.bitWidth === 64
      ? new BigIntBuilder(type, nullable, name, toBigInt)
      : new NumberBuilder(type, nullable, name, Int32Array, toInt);
  }
  if (DataType.isTimestamp(type)) return new BigIntBuilder(type, nullable, name, timestampConverter((type as Timestamp).unit));
  if (DataType.isUtf8(type)) return new BytesBuilder(type, nullable, name, 'utf8');
  if (DataType.isBinary(type)) return new BytesBuilder(type, nullable, name, 'binary');
  if (DataType.isFixedSizeBinary(type)) return new FixedBuilder(type as FixedSizeBinary, nullable, name, (type as FixedSizeBinary).byteWidth, toFixed);
  if (DataType.isDecimal(type)) return new FixedBuilder(type as Decimal, nullable, name, (type as Decimal).bitWidth / 8, toDecimal);
  if (DataType.isList(type)) {
    const child = (type as List).children[0]!;
    return new ListBuilder(type, nullable, name, builderFor(child.type, child.nullable, `${name}.${child.name}`));
  }
  if (DataType.isStruct(type)) {
    const children = (type as Struct).children;
    return new StructBuilder(type, nullable, name, children.map((c) => c.name), children.map((c) => builderFor(c.type, c.nullable, `${name}.${c.name}`)));
  }
  if (DataType.isMap(type)) {
    const entries = (type as Map_).children[0]!;
    const [k, v] = (entries.type as Struct).children;
    return new MapBuilder(type, nullable, name, entries.type, builderFor(k!.type, false, `${name}.key`), builderFor(v!.type, v!.nullable, `${name}.value`));
  }
  throw new DlError('SCHEMA', `column ${name}: Arrow type ${String(type)} has no builder`);
}

class Validity {
  bits = new Uint8Array(64);
  nulls = 0;
  set(i: number, valid: boolean): void {
    if (i >> 3 >= this.bits.length) {
      const next = new Uint8Array(this.bits.length * 2);
      next.set(this.bits);
      this.bits = next;
    }
    if (valid) this.bits[i >> 3]! |= 1 << (i & 7);
    else {
      this.bits[i >> 3]! &= ~(1 << (i & 7));
      this.nulls++;
    }
  }
  unset(i: number): void {
    if (!(this.bits[i >> 3]! & (1 << (i & 7)))) this.nulls--;
    this.bits[i >> 3]! &= ~(1 << (i & 7));
  }
  take(length: number): { nullBitmap?: Uint8Array; nullCount: number } {
    const out = this.nulls === 0 ? { nullCount: 0 } : { nullBitmap: this.bits.slice(0, (length + 7) >> 3), nullCount: this.nulls };
    this.bits = new Uint8Array(64);
    this.nulls = 0;
    return out;
  }
}

export abstract class BaseBuilder implements ColumnBuilder {
  length = 0;
  protected marked = 0;
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
    return this.validity ? this.validity.take(this.length) : { nullCount: 0 };
  }
  protected fail(value: unknown, expected: string): never {
    throw new DlError('VALIDATION', `column ${this.name} expects ${expected}, got ${describe(value)}`);
  }
}

type TypedArray = Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
type TypedCtor = { new (n: number): TypedArray };

export class NumberBuilder extends BaseBuilder {
  private values: TypedArray;
  constructor(
    type: DataType,
    nullable: boolean,
    name: string,
    private readonly Ctor: TypedCtor,
    private readonly convert: (v: unknown, b: BaseBuilder) => number,
  ) {
    super(type, nullable, name);
    this.values = new Ctor(1024);
  }
  private grow(): void {
    if (this.length >= this.values.length) {
      const next = new this.Ctor(this.values.length * 2);
      next.set(this.values as never);
      this.values = next;
    }
  }
  protected appendNull(): void {
    this.grow();
    this.values[this.length] = 0;
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
  byteSize(): number {
    return this.length * this.values.BYTES_PER_ELEMENT;
  }
  finish(): Data {
    const data = makeData({ type: this.type as Int, length: this.length, ...this.takeValidity(), data: this.values.subarray(0, this.length) as never });
    this.values = new this.Ctor(1024);
    this.length = 0;
    return data;
  }
}

export class BigIntBuilder extends BaseBuilder {
  private values = new BigInt64Array(1024);
  constructor(
    type: DataType,
    nullable: boolean,
    name: string,
    private readonly convert: (v: unknown, b: BaseBuilder) => bigint,
  ) {
    super(type, nullable, name);
  }
  private grow(): void {
    if (this.length >= this.values.length) {
      const next = new BigInt64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
  }
  protected appendNull(): void {
    this.grow();
    this.values[this.length] = 0n;
  }
  protected appendValue(v: unknown): void {
    this.grow();
    this.values[this.length] = this.convert(v, this);
  }
  pushBigInt(n: bigint): void {
    this.grow();
    this.values[this.length] = n;
    this.pushed();
  }
  byteSize(): number {
    return this.length * 8;
  }
  finish(): Data {
    const data = makeData({ type: this.type as Int, length: this.length, ...this.takeValidity(), data: this.values.subarray(0, this.length) as never });
    this.values = new BigInt64Array(1024);
    this.length = 0;
    return data;
  }
}

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
  finish(): Data {
    const validity = this.takeValidity();
    const bits = this.bits.bits.slice(0, (this.length + 7) >> 3);
    this.bits = new Validity();
    const data = makeData({ type: this.type as never, length: this.length, ...validity, data: bits as never });
    this.length = 0;
    return data;
  }
}

/** Utf8 and Binary: Int32 offsets plus one growable byte buffer. */
export class BytesBuilder extends BaseBuilder {
  private offsets = new Int32Array(1025);
  // A Buffer, for its native UTF-8 write straight into place (no intermediate allocation).
  private bytes = Buffer.allocUnsafe(16 * 1024);
  private used = 0;
  private markedUsed = 0;
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
      const next = Buffer.allocUnsafe(size);
      this.bytes.copy(next, 0, 0, this.used);
      this.bytes = next;
    }
  }
  protected appendNull(): void {
    this.ensure(0);
    this.offsets[this.length + 1] = this.used;
  }
  protected appendValue(v: unknown): void {
    if (typeof v === 'string' || (this.kind === 'utf8' && typeof v !== 'object')) {
      const s = typeof v === 'string' ? v : String(v);
      // Worst case 3 bytes per UTF-16 unit.
      this.ensure(s.length * 3);
      this.used += (this.bytes as Utf8Writable).utf8Write(s, this.used);
    } else if (v instanceof Uint8Array) {
      this.ensure(v.length);
      this.bytes.set(v, this.used);
      this.used += v.length;
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
    this.bytes.set(src.subarray(start, end), this.used);
    this.used += end - start;
    this.offsets[this.length + 1] = this.used;
    this.pushed();
  }
  protected override markChildren(): void {
    this.markedUsed = this.used;
  }
  protected override rollbackChildren(): void {
    this.used = this.markedUsed;
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
    this.bytes = Buffer.allocUnsafe(16 * 1024);
    this.used = 0;
    this.length = 0;
    return data;
  }
}

/** FixedSizeBinary and Decimal128: a fixed number of bytes per value. */
export class FixedBuilder extends BaseBuilder {
  private bytes: Uint8Array;
  constructor(
    type: DataType,
    nullable: boolean,
    name: string,
    private readonly width: number,
    private readonly write: (v: unknown, out: Uint8Array, b: BaseBuilder) => void,
  ) {
    super(type, nullable, name);
    this.bytes = new Uint8Array(width * 1024);
  }
  private grow(): void {
    if ((this.length + 1) * this.width > this.bytes.length) {
      const next = new Uint8Array(this.bytes.length * 2);
      next.set(this.bytes);
      this.bytes = next;
    }
  }
  protected appendNull(): void {
    this.grow();
    this.bytes.fill(0, this.length * this.width, (this.length + 1) * this.width);
  }
  protected appendValue(v: unknown): void {
    this.grow();
    this.write(v, this.bytes.subarray(this.length * this.width, (this.length + 1) * this.width), this);
  }
  pushFixed(src: Uint8Array, start: number): void {
    this.grow();
    this.bytes.set(src.subarray(start, start + this.width), this.length * this.width);
    this.pushed();
  }
  byteSize(): number {
    return this.length * this.width;
  }
  finish(): Data {
    const data = makeData({ type: this.type as never, length: this.length, ...this.takeValidity(), data: this.bytes.subarray(0, this.length * this.width) } as never);
    this.bytes = new Uint8Array(this.width * 1024);
    this.length = 0;
    return data;
  }
}

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
    const data = makeData({ type: this.type as List, length: this.length, ...this.takeValidity(), valueOffsets: this.offsets.subarray(0, this.length + 1), child: this.child.finish() });
    this.offsets = new Int32Array(1025);
    this.length = 0;
    return data;
  }
}

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
    const data = makeData({ type: this.type as Map_, length: this.length, ...this.takeValidity(), valueOffsets: this.offsets.subarray(0, this.length + 1), child });
    this.offsets = new Int32Array(1025);
    this.entries = 0;
    this.length = 0;
    return data;
  }
}

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

/** Offsets arrays have one entry more than values: doubles `offsets` when `index` would not fit. */
function roomForOffset(offsets: Int32Array<ArrayBuffer>, index: number): Int32Array<ArrayBuffer> {
  if (index < offsets.length) return offsets;
  const next = new Int32Array(offsets.length * 2);
  next.set(offsets);
  return next;
}

/** Fills a child slot under a null parent without tripping non-null checks. */
function appendDefault(b: ColumnBuilder): void {
  if (b instanceof BaseBuilder && b.nullable) b.append(null);
  else if (b instanceof StructBuilder) {
    (b as unknown as { length: number }).length++;
    for (const c of b.children) appendDefault(c);
  } else if (b instanceof ListBuilder || b instanceof MapBuilder) b.append(b instanceof ListBuilder ? [] : {});
  else if (b instanceof BytesBuilder) b.append(new Uint8Array(0));
  else if (b instanceof BoolBuilder) b.append(false);
  else if (b instanceof BigIntBuilder) b.append(0n);
  else b.append(0);
}

/**
 * Node's own UTF-8 writer behind `Buffer#write`, without its argument normalisation, which was
 * a quarter of the string-column cost in the ingest profile.
 */
type Utf8Writable = Buffer & { utf8Write(s: string, offset: number): number };

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (typeof v === 'object') return 'an object';
  const s = String(v);
  return `${typeof v} ${s.length > 40 ? `${s.slice(0, 40)}…` : s}`;
}

function toInt(v: unknown, b: BaseBuilder): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return b['fail'](v, 'an integer');
}
function toNumber(v: unknown, b: BaseBuilder): number {
  if (typeof v === 'number') return v;
  return b['fail'](v, 'a number');
}
function toBigInt(v: unknown, b: BaseBuilder): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return b['fail'](v, 'an integer');
}
function toDays(v: unknown, b: BaseBuilder): number {
  if (v instanceof Date) return Math.floor(v.getTime() / 86_400_000);
  return toInt(v, b);
}
function timestampConverter(unit: TimeUnit): (v: unknown, b: BaseBuilder) => bigint {
  const perMs = unit === TimeUnit.SECOND ? 0 : unit === TimeUnit.MILLISECOND ? 1 : unit === TimeUnit.MICROSECOND ? 1000 : 1_000_000;
  return (v, b) => {
    if (v instanceof Date) {
      const ms = BigInt(v.getTime());
      return perMs === 0 ? ms / 1000n : ms * BigInt(perMs);
    }
    return toBigInt(v, b);
  };
}
function toFixed(v: unknown, out: Uint8Array, b: BaseBuilder): void {
  if (!(v instanceof Uint8Array) || v.length !== out.length) b['fail'](v, `${out.length} bytes`);
  out.set(v as Uint8Array);
}
/** Avro decimals are big-endian two's complement of any length; Arrow wants little-endian 128-bit. */
function toDecimal(v: unknown, out: Uint8Array, b: BaseBuilder): void {
  if (!(v instanceof Uint8Array)) return b['fail'](v, 'decimal bytes');
  if (v.length > out.length) return b['fail'](v, `at most ${out.length} decimal bytes`);
  const negative = v.length > 0 && (v[0]! & 0x80) !== 0;
  out.fill(negative ? 0xff : 0);
  for (let i = 0; i < v.length; i++) out[i] = v[v.length - 1 - i]!;
}
