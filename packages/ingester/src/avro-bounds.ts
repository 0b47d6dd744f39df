import type { Type } from 'avsc';

/** Where a value's encoding ends, or -1 when a length, count or index in it cannot be right. */
type Skip = (buf: Buffer, pos: number) => number;

/** Items that encode to zero bytes cannot be bounded by the bytes left: allow this many per value. */
const MAX_EMPTY_ITEMS = 1_000_000;
/** What is left of MAX_EMPTY_ITEMS in the current walk (nested arrays would multiply a per-block cap). */
let emptyBudget = 0;

/**
 * Walks `buf` from `pos` as an encoding of `type` (the writer schema) without building anything,
 * and returns where the value ends, or -1 when it cannot be one: a length, block count, union
 * branch or enum index that does not fit the bytes left.
 *
 * avsc's decoder trusts block counts: one corrupt count (a flipped bit in a poison pill, or random
 * bytes tried as plain Avro) has it fill an array of up to 2^31 items until the heap is gone (the
 * chaos poison-pill run died of exactly that). Check untrusted bytes with this before avsc decodes.
 */
export function avroEnd(type: Type, buf: Buffer, pos = 0): number {
  emptyBudget = MAX_EMPTY_ITEMS;
  return skipper(type)(buf, pos);
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
    case 'long':
      return (buf, pos) => varint(buf, pos);
    case 'float':
      return (buf, pos) => (pos + 4 <= buf.length ? pos + 4 : -1);
    case 'double':
      return (buf, pos) => (pos + 8 <= buf.length ? pos + 8 : -1);
    case 'bytes':
    case 'string':
      return (buf, pos) => {
        pos = varint(buf, pos);
        return pos < 0 || last < 0 || pos + last > buf.length ? -1 : pos + last;
      };
    case 'fixed': {
      const size = t.size ?? 0;
      return (buf, pos) => (pos + size <= buf.length ? pos + size : -1);
    }
    case 'enum': {
      const n = t.symbols?.length ?? 0;
      return (buf, pos) => {
        pos = varint(buf, pos);
        return pos < 0 || last < 0 || last >= n ? -1 : pos;
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
          return pos < 0 || branch === undefined ? -1 : branch(buf, pos);
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
      if (min > 0 ? count * min > buf.length - pos : (emptyBudget -= count) < 0) return -1;
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
    if (byte === undefined) return -1;
    n += (byte & 0x7f) * scale;
    if (!(byte & 0x80)) {
      last = n % 2 === 0 ? n / 2 : -(n + 1) / 2;
      return pos;
    }
    scale *= 128;
  }
  return -1;
}
