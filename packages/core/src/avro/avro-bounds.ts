import { isUtf8 } from 'node:buffer';
import type { Type } from 'avsc';

/** Where a value's encoding ends, or -1 when a length, count or index in it cannot be right. */
type Skip = (buf: Buffer, pos: number) => number;

/** Items that encode to zero bytes cannot be bounded by the bytes left: allow this many per value. */
const MAX_EMPTY_ITEMS = 1_000_000;
/** What is left of MAX_EMPTY_ITEMS in the current walk (nested arrays would multiply a per-block cap). */
let emptyBudget = 0;

/** Why the last walk failed; set where it fails, read by `avroProblem`. */
let why = '';

/**
 * Walks `buf` from `pos` as an encoding of `type` (the writer schema) without building anything,
 * and returns where the value ends, or -1 when it cannot be one: a length, block count, union
 * branch or enum index that does not fit the bytes left, an `int` beyond 32 bits, a `long` beyond
 * 64 bits, or a `string` (or map key) that is not UTF-8.
 *
 * avsc's decoder trusts block counts: one corrupt count (a flipped bit in a poison pill, or random
 * bytes tried as plain Avro) has it fill an array of up to 2^31 items until the heap is gone (the
 * chaos poison-pill run died of exactly that); it also wraps oversized ints and replaces invalid
 * UTF-8 with U+FFFD. Check untrusted bytes with this before avsc decodes: then avsc decodes
 * exactly what the direct column decoder does, and rejects the same bytes.
 */
export function avroEnd(type: Type, buf: Buffer, pos = 0): number {
  emptyBudget = MAX_EMPTY_ITEMS;
  why = '';
  return skipper(type)(buf, pos);
}

/**
 * Why `body` is not exactly one value of `type` (a sentence fragment for a dead letter's reason),
 * or undefined when it is.
 */
export function avroProblem(type: Type, body: Buffer): string | undefined {
  const end = avroEnd(type, body);
  if (end < 0) return why || `the ${body.length} bytes end before the record does`;
  if (end !== body.length) return `${body.length - end} bytes left over after the record (${body.length} bytes in all)`;
  return undefined;
}

function fail(reason: string): number {
  why ||= reason;
  return -1;
}

const compiled = new WeakMap<Type, Skip>();
const minSizes = new WeakMap<Type, number>();

function skipper(type: Type): Skip {
  let s = compiled.get(type);
  if (s) return s;
  // Recursive schemas: register a forwarder before compiling the body.
  let body: Skip = () => -1;
  s = (buf, pos) => body(buf, pos);
  compiled.set(type, s);
  body = compile(type);
  return s;
}

function compile(type: Type): Skip {
  const t = type as unknown as {
    typeName: string;
    underlyingType?: Type;
    fields?: Array<{ type: Type }>;
    types?: Type[];
    symbols?: string[];
    size?: number;
    itemsType?: Type;
    valuesType?: Type;
  };
  switch (t.typeName) {
    case 'null':
      return (_buf, pos) => pos;
    case 'boolean':
      return (buf, pos) => (pos < buf.length ? pos + 1 : -1);
    case 'int':
      return (buf, pos) => {
        pos = varint(buf, pos);
        // An Avro int is 32 bits: a bigger varint is corrupt data, not a value to wrap.
        return pos >= 0 && (last > 2147483647 || last < -2147483648) ? fail(`int ${last} does not fit 32 bits`) : pos;
      };
    case 'long':
    case 'abstract:long':
      return (buf, pos) => {
        const end = varint(buf, pos);
        return end - pos === 10 && buf[end - 1]! > 1 ? fail('a long varint holds more than 64 bits') : end;
      };
    case 'float':
      return (buf, pos) => (pos + 4 <= buf.length ? pos + 4 : -1);
    case 'double':
      return (buf, pos) => (pos + 8 <= buf.length ? pos + 8 : -1);
    case 'bytes':
      return (buf, pos) => {
        pos = varint(buf, pos);
        return pos < 0 || last < 0 || pos + last > buf.length ? -1 : pos + last;
      };
    case 'string':
      // Avro strings are UTF-8 by the spec: other bytes would change (to U+FFFD) when decoded.
      return (buf, pos) => {
        pos = varint(buf, pos);
        if (pos < 0 || last < 0 || pos + last > buf.length) return -1;
        return utf8Range(buf, pos, pos + last) ? pos + last : fail('a string is not valid UTF-8');
      };
    case 'fixed': {
      const size = t.size ?? 0;
      return (buf, pos) => (pos + size <= buf.length ? pos + size : -1);
    }
    case 'enum': {
      const n = t.symbols?.length ?? 0;
      return (buf, pos) => {
        pos = varint(buf, pos);
        return pos < 0 ? -1 : last < 0 || last >= n ? fail(`enum index ${last} is out of range`) : pos;
      };
    }
    case 'record':
    case 'error': {
      const fields = (t.fields ?? []).map((f) => skipper(f.type));
      return (buf, pos) => {
        for (let i = 0; i < fields.length && pos >= 0; i++) pos = fields[i]!(buf, pos);
        return pos;
      };
    }
    case 'array':
      return blocks(t.itemsType!, null);
    case 'map':
      return blocks(t.valuesType!, skipper(stringType));
    default:
      if (t.types) {
        const branches = t.types.map(skipper);
        return (buf, pos) => {
          pos = varint(buf, pos);
          const branch = branches[last];
          return pos < 0 ? -1 : branch === undefined ? fail(`union branch ${last} does not exist`) : branch(buf, pos);
        };
      }
      if (t.underlyingType) return skipper(t.underlyingType);
      throw new Error(`avroEnd: unsupported Avro type ${t.typeName}`);
  }
}

const stringType = { typeName: 'string' } as unknown as Type;

/** Array items / map entries (a string key first) in blocks: a count (negative: then a byte size), 0 ends. */
function blocks(itemType: Type, key: Skip | null): Skip {
  const item = skipper(itemType);
  const min = (key ? 1 : 0) + minSize(itemType);
  return (buf, pos) => {
    for (;;) {
      pos = varint(buf, pos);
      if (pos < 0) return -1;
      let count = last;
      if (count === 0) return pos;
      if (count < 0) {
        count = -count;
        pos = varint(buf, pos);
        if (pos < 0 || last < 0 || pos + last > buf.length) return -1;
      }
      if (min > 0 ? count * min > buf.length - pos : (emptyBudget -= count) < 0)
        return fail(`a block count of ${count} items is more than the bytes left can hold`);
      for (let i = 0; i < count && pos >= 0; i++) {
        if (key) pos = key(buf, pos);
        if (pos >= 0) pos = item(buf, pos);
      }
      if (pos < 0) return -1;
    }
  };
}

/** The fewest bytes a value of `type` encodes to (recursion counts as 0: a lower bound). */
function minSize(type: Type): number {
  const known = minSizes.get(type);
  if (known !== undefined) return known;
  minSizes.set(type, 0);
  const t = type as unknown as { typeName: string; underlyingType?: Type; fields?: Array<{ type: Type }>; size?: number; types?: Type[] };
  let n: number;
  switch (t.typeName) {
    case 'null':
      n = 0;
      break;
    case 'float':
      n = 4;
      break;
    case 'double':
      n = 8;
      break;
    case 'fixed':
      n = t.size ?? 0;
      break;
    case 'record':
    case 'error':
      n = (t.fields ?? []).reduce((sum, f) => sum + minSize(f.type), 0);
      break;
    default:
      // A varint, a length, a count or a branch index: at least one byte. Logical types: their underlying type.
      n = t.underlyingType && !t.types ? minSize(t.underlyingType) : 1;
  }
  minSizes.set(type, n);
  return n;
}

/** The last varint read (zig-zag decoded); a module variable avoids an object per read. */
let last = 0;

/** Reads a zig-zag varint into `last`; returns the position after it, or -1. */
function varint(buf: Buffer, pos: number): number {
  let n = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    const byte = buf[pos++];
    if (byte === undefined) return -1; // truncated: the default reason
    n += (byte & 0x7f) * scale;
    if (!(byte & 0x80)) {
      last = n % 2 === 0 ? n / 2 : -(n + 1) / 2;
      return pos;
    }
    scale *= 128;
  }
  return fail('a varint is longer than 10 bytes');
}

function utf8Range(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i]! >= 0x80) return isUtf8(buf.subarray(start, end));
  return true;
}
