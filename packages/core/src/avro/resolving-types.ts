import { isUtf8 } from 'node:buffer';
import avsc from 'avsc';

/** The parts of avsc's resolution machinery these overrides touch (not in avsc's typings). */
interface Tap {
  pos: number;
  readBytes(): Buffer | undefined;
}
interface Resolver {
  _read?: (tap: Tap) => unknown;
}
interface Internal {
  typeName: string;
  name?: string;
  types: avsc.Type[];
  _read(tap: Tap): unknown;
  _branchConstructor?: new (v: unknown) => unknown;
  createResolver(writer: avsc.Type, opts?: unknown): Resolver;
}

/**
 * Reading a writer's `long` as a `double` or `float` (a promotion the Avro spec allows): avsc
 * reads the varint through a double, which flips the sign of values beyond 2^53. Here the exact
 * bigint is read and rounded once, to the nearest double.
 */
export class DoubleType extends avsc.types.DoubleType {
  _update(resolver: Resolver, writer: avsc.Type): void {
    promote(this, resolver, writer, avsc.types.DoubleType.prototype);
  }
}

export class FloatType extends avsc.types.FloatType {
  _update(resolver: Resolver, writer: avsc.Type): void {
    promote(this, resolver, writer, avsc.types.FloatType.prototype);
  }
}

function promote(self: avsc.Type, resolver: Resolver, writer: avsc.Type, base: object): void {
  const w = writer as unknown as Internal;
  if (w.typeName === 'abstract:long') {
    resolver._read = (tap) => Number(w._read(tap) as bigint);
    return;
  }
  (base as { _update(this: avsc.Type, r: Resolver, t: avsc.Type): void })._update.call(self, resolver, writer);
}

/**
 * Reading a writer's `bytes` as a `string` (allowed by the spec): the same rule as for strings on
 * the wire, invalid UTF-8 is an error (a DECODE_ERROR dead letter), never U+FFFD.
 */
export class StringType extends avsc.types.StringType {
  _update(resolver: Resolver, writer: avsc.Type): void {
    if (writer.typeName !== 'bytes') {
      (avsc.types.StringType.prototype as unknown as { _update(this: avsc.Type, r: Resolver, t: avsc.Type): void })._update.call(this, resolver, writer);
      return;
    }
    resolver._read = (tap) => {
      const bytes = tap.readBytes();
      if (bytes === undefined) return undefined; // past the end: avsc reports the truncation
      if (!isUtf8(bytes)) throw new Error('bytes read as a string are not valid UTF-8');
      return bytes.toString('utf8');
    };
  }
}

/**
 * Union readers: avsc resolves a writer branch to the FIRST reader branch that can read it, so a
 * `long` written into ["double", "long"] is read as a double (rounded, and beyond 2^53 with its sign
 * flipped). The Avro spec (and Java's resolver) take the branch of the same type first, and only
 * then one it promotes to: so do these.
 */
export class UnwrappedUnionType extends avsc.types.UnwrappedUnionType {
  _update(resolver: Resolver, writer: avsc.Type, opts: unknown): void {
    const found = resolveBranch(this, writer, opts);
    if (found) resolver._read = (tap) => found.resolver._read!(tap);
  }
}

export class WrappedUnionType extends avsc.types.WrappedUnionType {
  _update(resolver: Resolver, writer: avsc.Type, opts: unknown): void {
    const found = resolveBranch(this, writer, opts);
    if (!found) return;
    const Branch = (found.type as unknown as Internal)._branchConstructor;
    resolver._read = Branch ? (tap) => new Branch(found.resolver._read!(tap)) : () => null;
  }
}

function resolveBranch(union: avsc.Type, writer: avsc.Type, opts: unknown): { type: avsc.Type; resolver: Resolver } | undefined {
  const types = (union as unknown as Internal).types;
  const exact = types.filter((t) => sameType(t, writer));
  for (const type of [...exact, ...types.filter((t) => !exact.includes(t))]) {
    try {
      return { type, resolver: (type as unknown as Internal).createResolver(writer, opts) };
    } catch {
      // not this branch
    }
  }
  return undefined;
}

function sameType(a: avsc.Type, b: avsc.Type): boolean {
  const x = a as unknown as Internal;
  const y = b as unknown as Internal;
  const kind = (t: Internal) => (t.typeName === 'abstract:long' ? 'long' : t.typeName);
  return kind(x) === kind(y) && x.name === y.name;
}

/**
 * A union of these types as avsc would make it: per its `wrapUnions` option, and by default
 * unwrapped unless two branches hold the same kind of JS value.
 */
export function unionType(types: avsc.Type[], opts: { wrapUnions?: unknown }): avsc.Type {
  const wrap = opts.wrapUnions;
  if (wrap === true || wrap === 'always') return new WrappedUnionType(types as never, opts as never);
  if (wrap === false || wrap === 'never') return new UnwrappedUnionType(types as never, opts as never);
  try {
    return new UnwrappedUnionType(types as never, opts as never);
  } catch (e) {
    if (e instanceof Error && /ambiguous unwrapped union/.test(e.message)) return new WrappedUnionType(types as never, opts as never);
    throw e;
  }
}
