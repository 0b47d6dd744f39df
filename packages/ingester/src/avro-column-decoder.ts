import { DataType } from 'apache-arrow';
import type { Type } from 'avsc';
import { LongVarintError, isUtf8Range, readLongVarint } from '@dl/core';
import {
  BigIntBuilder,
  BoolBuilder,
  BytesBuilder,
  FixedBuilder,
  ListBuilder,
  MapBuilder,
  NullBuilder,
  NumberBuilder,
  StructBuilder,
  type ColumnBuilder,
} from './column-builders/index.js';

/** Malformed Avro binary: the caller rolls the row back and dead-letters the record. */
export class AvroBinaryError extends Error {}

/** Reads one value at `pos` of `buf` into its builder(s); returns the position after it. */
type Step = (buf: Buffer, pos: number) => number;

/**
 * Compiles a decoder that reads an Avro record's binary encoding straight into the table's column
 * builders: strings are copied as UTF-8 bytes and numbers go into typed arrays, with no per-record
 * JS objects or strings. Used when a record's writer schema is the reader schema (the common
 * case); schema resolution, JSON-text unions and decimals go through avsc instead. Returns
 * undefined when the schema has anything this fast path does not handle.
 */
export function compileColumnDecoder(record: Type, builders: ColumnBuilder[]): Step | undefined {
  const fields = (record as unknown as { fields?: Array<{ type: Type }> }).fields;
  if (!fields || fields.length !== builders.length) return undefined;
  const steps: Step[] = [];
  for (let i = 0; i < fields.length; i++) {
    const step = stepFor(fields[i]!.type, builders[i]!);
    if (!step) return undefined;
    steps.push(step);
  }
  return (buf, pos) => {
    for (let i = 0; i < steps.length; i++) pos = steps[i]!(buf, pos);
    return pos;
  };
}

function stepFor(type: Type, b: ColumnBuilder): Step | undefined {
  const name = type.typeName;
  switch (name) {
    case 'null':
      return b instanceof NullBuilder ? (_buf, pos) => ((b as ColumnBuilder).append(null), pos) : undefined;
    case 'boolean':
      if (!(b instanceof BoolBuilder)) return undefined;
      return (buf, pos) => {
        const x = buf[pos];
        if (x === undefined) throw eof();
        b.pushBool(x !== 0);
        return pos + 1;
      };
    case 'int':
      if (!(b instanceof NumberBuilder)) return undefined;
      return (buf, pos) => {
        pos = readVarint(buf, pos);
        // An Avro int is 32 bits: a bigger varint is corrupt data, not a value to wrap.
        if (varint > 2147483647 || varint < -2147483648) throw new AvroBinaryError(`int ${varint} does not fit 32 bits`);
        b.pushNumber(varint);
        return pos;
      };
    case 'long':
    case 'abstract:long': // core's BIGINT_LONG, which every avsc type of dl uses for longs
      if (!(b instanceof BigIntBuilder)) return undefined;
      return (buf, pos) => {
        const start = pos;
        pos = readVarint(buf, pos);
        b.pushBigInt(pos - start > 7 ? bigVarint(buf, start) : BigInt(varint));
        return pos;
      };
    case 'float':
      if (!(b instanceof NumberBuilder)) return undefined;
      return (buf, pos) => {
        if (pos + 4 > buf.length) throw eof();
        b.pushNumber(buf.readFloatLE(pos));
        return pos + 4;
      };
    case 'double':
      if (!(b instanceof NumberBuilder)) return undefined;
      return (buf, pos) => {
        if (pos + 8 > buf.length) throw eof();
        b.pushNumber(buf.readDoubleLE(pos));
        return pos + 8;
      };
    case 'string':
    case 'bytes': {
      if (!(b instanceof BytesBuilder)) return undefined;
      const text = DataType.isUtf8(b.type);
      if (name === 'bytes' && text) return undefined;
      return (buf, pos) => {
        pos = readVarint(buf, pos);
        const end = pos + varint;
        if (varint < 0 || end > buf.length) throw eof();
        if (text && !isUtf8Range(buf, pos, end)) throw new AvroBinaryError('a string is not valid UTF-8');
        b.pushBytes(buf, pos, end);
        return end;
      };
    }
    case 'fixed': {
      if (!(b instanceof FixedBuilder) || !DataType.isFixedSizeBinary(b.type)) return undefined;
      const size = (type as unknown as { size: number }).size;
      return (buf, pos) => {
        if (pos + size > buf.length) throw eof();
        b.pushFixed(buf, pos);
        return pos + size;
      };
    }
    case 'enum': {
      if (!(b instanceof BytesBuilder)) return undefined;
      const symbols = (type as unknown as { symbols: string[] }).symbols;
      return (buf, pos) => {
        pos = readVarint(buf, pos);
        const s = symbols[varint];
        if (s === undefined) throw new AvroBinaryError(`enum index ${varint} is out of range`);
        b.append(s);
        return pos;
      };
    }
    case 'record':
    case 'error': {
      if (!(b instanceof StructBuilder)) return undefined;
      const fields = (type as unknown as { fields: Array<{ type: Type }> }).fields;
      if (fields.length !== b.children.length) return undefined;
      const steps = fields.map((f, i) => stepFor(f.type, b.children[i]!));
      if (steps.some((s) => !s)) return undefined;
      return (buf, pos) => {
        for (const s of steps) pos = s!(buf, pos);
        b.pushStruct();
        return pos;
      };
    }
    case 'array': {
      if (!(b instanceof ListBuilder)) return undefined;
      const itemsType = (type as unknown as { itemsType: Type }).itemsType;
      // Items that can encode to zero bytes would defeat the block-count sanity check below.
      if (itemsType.typeName === 'null' || (itemsType as unknown as { fields?: unknown[] }).fields?.length === 0) return undefined;
      const item = stepFor(itemsType, b.childBuilder);
      if (!item) return undefined;
      return (buf, pos) => {
        pos = blocks(buf, pos, item);
        b.pushList();
        return pos;
      };
    }
    case 'map': {
      if (!(b instanceof MapBuilder) || !(b.keyBuilder instanceof BytesBuilder)) return undefined;
      const keys = b.keyBuilder;
      const value = stepFor((type as unknown as { valuesType: Type }).valuesType, b.valueBuilder);
      if (!value) return undefined;
      let count = 0;
      const entry: Step = (buf, pos) => {
        pos = readVarint(buf, pos);
        const end = pos + varint;
        if (varint < 0 || end > buf.length) throw eof();
        if (!isUtf8Range(buf, pos, end)) throw new AvroBinaryError('a map key is not valid UTF-8');
        keys.pushBytes(buf, pos, end);
        count++;
        return value(buf, end);
      };
      return (buf, pos) => {
        count = 0;
        pos = blocks(buf, pos, entry);
        b.pushMap(count);
        return pos;
      };
    }
    case 'union:unwrapped':
    case 'union:wrapped': {
      // Only [null, T] (either order): other unions are stored as JSON text, via avsc.
      const branches = (type as unknown as { types: Type[] }).types;
      if (branches.length !== 2) return undefined;
      const nullIndex = branches.findIndex((t) => t.typeName === 'null');
      if (nullIndex < 0) return undefined;
      const inner = stepFor(branches[1 - nullIndex]!, b);
      if (!inner) return undefined;
      return (buf, pos) => {
        pos = readVarint(buf, pos);
        if (varint === nullIndex) {
          b.append(null);
          return pos;
        }
        if (varint !== 1 - nullIndex) throw new AvroBinaryError(`union branch ${varint} does not exist`);
        return inner(buf, pos);
      };
    }
    default:
      return undefined;
  }
}

/** Array and map items come in blocks: a count (negative: followed by a byte size), 0 ends. */
function blocks(buf: Buffer, pos: number, item: Step): number {
  for (;;) {
    pos = readVarint(buf, pos);
    let count = varint;
    if (count === 0) return pos;
    if (count < 0) {
      count = -count;
      pos = readVarint(buf, pos);
    }
    // Every item takes at least one byte in what this path decodes, so a count beyond the bytes
    // left is garbage; checking it first keeps a corrupt count from looping for long.
    if (count > buf.length - pos) throw eof();
    for (let i = 0; i < count; i++) pos = item(buf, pos);
  }
}

/** The last varint read (zig-zag decoded); a module variable avoids an object per read. */
let varint = 0;

function readVarint(buf: Buffer, pos: number): number {
  let byte = buf[pos++];
  if (byte === undefined) throw eof();
  let n = byte & 0x7f;
  let scale = 128;
  while (byte & 0x80) {
    byte = buf[pos++];
    if (byte === undefined) throw eof();
    n += (byte & 0x7f) * scale;
    scale *= 128;
    if (scale > 2 ** 70) throw new AvroBinaryError('a varint is longer than 10 bytes');
  }
  varint = n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  return pos;
}

/** Exact value of a long too big for a double (rare: more than 7 varint bytes), as core reads every long. */
function bigVarint(buf: Buffer, pos: number): bigint {
  try {
    return readLongVarint(buf, pos).value;
  } catch (e) {
    if (e instanceof LongVarintError) throw new AvroBinaryError(e.message);
    throw e;
  }
}

function eof(): AvroBinaryError {
  return new AvroBinaryError('the body ends before the record does (truncated?)');
}
