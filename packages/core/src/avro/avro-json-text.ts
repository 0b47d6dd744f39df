import type { Type } from 'avsc';

/** The parts of an avsc type the JSON encoding walks. */
interface TypeParts {
  typeName: string;
  branchName?: string;
  fields?: Array<{ name: string; type: Type }>;
  itemsType?: Type;
  valuesType?: Type;
  types?: Type[];
}

/**
 * The Avro JSON encoding of `value` (as decoded by an avsc type from `avroType`): a union is
 * `null` or `{"<branch>": value}`, bytes and fixed are strings of code points 0-255, as the
 * Avro specification says. Unlike avsc's `toString`, a long keeps its exact digits (a bigint
 * printed, never a double), and float/double keep what JSON numbers cannot hold: NaN and ±Infinity
 * as the strings "NaN", "Infinity", "-Infinity" (what Java Avro's Jackson-based encoder writes),
 * -0 as `-0.0` (a JSON reader reads `-0` as the integer 0), and a whole double as `5.0`, not `5`.
 */
export function avroJsonText(type: Type, value: unknown): string {
  const t = type as unknown as TypeParts;
  switch (t.typeName) {
    case 'null':
      return 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'int':
    case 'long':
    case 'abstract:long':
      return String(value as number | bigint);
    case 'float':
    case 'double':
      return floatText(value as number);
    case 'bytes':
    case 'fixed':
      return JSON.stringify(Buffer.from(value as Uint8Array).toString('latin1'));
    case 'string':
    case 'enum':
      return JSON.stringify(value);
    case 'array':
      return `[${(value as unknown[]).map((v) => avroJsonText(t.itemsType!, v)).join(',')}]`;
    case 'map':
      return `{${Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${JSON.stringify(k)}:${avroJsonText(t.valuesType!, v)}`)
        .join(',')}}`;
    case 'record':
    case 'error': {
      const rec = value as Record<string, unknown>;
      return `{${t.fields!.map((f) => `${JSON.stringify(f.name)}:${avroJsonText(f.type, rec[f.name])}`).join(',')}}`;
    }
    case 'union:wrapped': {
      if (value === null || value === undefined) return 'null';
      // avsc's wrapped value: an object whose one key is the branch name.
      const [name, inner] = Object.entries(value as Record<string, unknown>)[0]!;
      const branch = t.types!.find((b) => (b as unknown as TypeParts).branchName === name);
      if (!branch) throw new Error(`union value names branch ${name}, which the union does not have`);
      return `{${JSON.stringify(name)}:${avroJsonText(branch, inner)}}`;
    }
    case 'union:unwrapped': {
      if (value === null || value === undefined) return 'null';
      // avsc unwraps a union only when each branch holds a different kind of JS value (a bigint
      // for the long), so the one branch that accepts the value is the branch it was read from.
      const branch = t.types!.find((b) => b.typeName !== 'null' && accepts(b, value));
      if (!branch) throw new Error('union value fits none of its branches');
      return `{${JSON.stringify((branch as unknown as TypeParts).branchName)}:${avroJsonText(branch, value)}}`;
    }
    default:
      throw new Error(`avroJsonText: unsupported Avro type ${t.typeName}`);
  }
}

/** avsc's int check throws on a bigint ("cannot mix BigInt and other types"): that is a no. */
function accepts(type: Type, value: unknown): boolean {
  if (typeof value === 'bigint') return type.typeName === 'abstract:long';
  return type.isValid(value);
}

/**
 * A double as JSON that every reader reads back as that double: the shortest digits that round-trip,
 * always with a fraction or exponent (`0.0`, `18178600141654178000.0`), so a JSON reader that keeps
 * integer literals as integers (Python's, Jackson's) does not take it for an integer.
 */
function floatText(n: number): string {
  if (Number.isNaN(n)) return '"NaN"';
  if (n === Infinity) return '"Infinity"';
  if (n === -Infinity) return '"-Infinity"';
  if (Object.is(n, -0)) return '-0.0';
  const s = JSON.stringify(n);
  return /[.e]/.test(s) ? s : `${s}.0`;
}
