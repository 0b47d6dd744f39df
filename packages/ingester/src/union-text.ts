import type { Type } from 'avsc';
import { avroJsonText } from '@dl/core';

/** Rewrites one decoded value in place (or returns its replacement). */
type Convert = (value: unknown) => unknown;

interface TypeParts {
  typeName: string;
  fields?: Array<{ name: string; type: Type }>;
  itemsType?: Type;
  valuesType?: Type;
  types?: Type[];
}

const compiled = new WeakMap<Type, Convert | null>();

/**
 * What turns an avsc-decoded record of `type` into the values its table columns take: every union
 * other than `[null, T]`, at any depth, becomes the text of its Avro JSON encoding (core's column
 * plan maps it to a Utf8 column), with exact long digits. Undefined when nothing in the type needs
 * it. The direct column decoder never sees such unions: it declines those schemas.
 */
export function unionsAsText(type: Type): Convert | undefined {
  return converter(type) ?? undefined;
}

function converter(type: Type): Convert | null {
  const known = compiled.get(type);
  if (known !== undefined) return known;
  // Recursive types: the column plan refuses them, so "nothing to convert" is safe meanwhile.
  compiled.set(type, null);
  const c = compile(type);
  compiled.set(type, c);
  return c;
}

function compile(type: Type): Convert | null {
  const t = type as unknown as TypeParts;
  if (t.types) {
    const others = t.types.filter((b) => b.typeName !== 'null');
    if (others.length > 1) return (v) => (v === null || v === undefined ? null : avroJsonText(type, v));
    const inner = others[0] && converter(others[0]);
    return inner ? (v) => (v === null || v === undefined ? v : inner(v)) : null;
  }
  if (t.fields) {
    const parts = t.fields.map((f) => [f.name, converter(f.type)] as const).filter((p): p is readonly [string, Convert] => p[1] !== null);
    if (parts.length === 0) return null;
    return (v) => {
      const rec = v as Record<string, unknown>;
      for (const [name, c] of parts) rec[name] = c(rec[name]);
      return rec;
    };
  }
  if (t.typeName === 'array') {
    const item = converter(t.itemsType!);
    return item ? (v) => (v as unknown[]).map(item) : null;
  }
  if (t.typeName === 'map') {
    const value = converter(t.valuesType!);
    if (!value) return null;
    return (v) => {
      const m = v as Record<string, unknown>;
      for (const k of Object.keys(m)) m[k] = value(m[k]);
      return m;
    };
  }
  return null;
}
