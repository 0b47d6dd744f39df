import { DataType, DateUnit, TimeUnit, type Field } from 'apache-arrow';

/**
 * One value of a row, in plain JavaScript: what every renderer and filter works on. Timestamps with
 * a time zone are `Date`s (printed in UTC); those without one (Avro's local-timestamp-*) are ISO
 * strings without a zone; dates are `YYYY-MM-DD`, times `HH:MM:SS.fff` and decimals exact decimal
 * strings; 64-bit integers are `bigint`s; structs and maps plain objects. Timestamps keep
 * milliseconds: finer units are cut there.
 */
export type Cell = null | string | number | bigint | boolean | Uint8Array | Date | Cell[] | CellObject;
export interface CellObject {
  [key: string]: Cell;
}

/** Converts what an Arrow vector's `get(i)` returns for `type` into a `Cell`. */
export function toCell(value: unknown, type: DataType): Cell {
  if (value === null || value === undefined) return null;
  if (DataType.isTimestamp(type)) {
    const d = new Date(Number(value));
    return type.timezone ? d : d.toISOString().slice(0, -1);
  }
  if (DataType.isTime(type)) return timeText(value as number | bigint, type.unit);
  if (DataType.isDecimal(type)) return decimalText(value as Uint32Array, type.scale);
  if (DataType.isDate(type)) {
    const d = value instanceof Date ? value : new Date(Number(value));
    return type.unit === DateUnit.DAY ? d.toISOString().slice(0, 10) : d;
  }
  if (DataType.isDictionary(type)) return toCell(value, type.dictionary);
  if (DataType.isList(type) || DataType.isFixedSizeList(type)) {
    const child = type.children[0]!.type;
    const list = value as { length: number; get(i: number): unknown };
    const out: Cell[] = [];
    for (let i = 0; i < list.length; i++) out.push(toCell(list.get(i), child));
    return out;
  }
  if (DataType.isStruct(type)) return structCell(value as Record<string, unknown>, type.children);
  if (DataType.isMap(type)) {
    // A map row iterates as [key, value] pairs; keys become strings, as in JSON.
    const entry = type.children[0]!.type.children;
    const out = emptyObject();
    for (const [k, v] of value as Iterable<[unknown, unknown]>) {
      out[String(toCell(k, entry[0]!.type))] = toCell(v, entry[1]!.type);
    }
    return out;
  }
  if (DataType.isUnion(type)) return jsToCell(value);
  if (DataType.isInt(type)) return type.bitWidth === 64 ? BigInt(value as bigint) : Number(value);
  if (DataType.isFloat(type)) return Number(value);
  if (DataType.isBool(type)) return Boolean(value);
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return String(value);
  if (value instanceof Uint8Array) return value;
  return jsToCell(value);
}

/** `HH:MM:SS` and the fraction the unit holds: a time of day from units since midnight. */
function timeText(value: number | bigint, unit: TimeUnit): string {
  const digits = [0, 3, 6, 9][unit]!;
  const units = BigInt(value);
  const perSecond = 10n ** BigInt(digits);
  const seconds = Number(units / perSecond);
  const hms = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return digits === 0 ? hms : `${hms}.${(units % perSecond).toString().padStart(digits, '0')}`;
}

/** Arrow keeps a decimal as little-endian 32-bit words of its two's complement unscaled value. */
function decimalText(words: Uint32Array, scale: number): string {
  let v = 0n;
  for (let i = words.length - 1; i >= 0; i--) v = (v << 32n) | BigInt(words[i]!);
  if (words[words.length - 1]! & 0x80000000) v -= 1n << BigInt(words.length * 32);
  const digits = (v < 0n ? -v : v).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return v < 0n ? `-${text}` : text;
}

function structCell(row: Record<string, unknown>, fields: Field[]): CellObject {
  const out = emptyObject();
  for (const f of fields) out[f.name] = toCell(row[f.name], f.type);
  return out;
}

/** Converts any JavaScript value (an Avro datum from `--decode`, an Arrow union member) into a `Cell`. */
export function jsToCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Uint8Array || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(jsToCell);
  const withJson = value as { toJSON?: () => unknown };
  // Arrow rows and vectors: their JSON form is plain data.
  if (typeof withJson.toJSON === 'function' && !(value.constructor === Object)) return jsToCell(withJson.toJSON());
  const out = emptyObject();
  for (const [k, v] of Object.entries(value)) out[k] = jsToCell(v);
  return out;
}

/**
 * A cell object without a prototype: a map key or field named `__proto__` (both valid in Avro) is
 * then an entry, where on `{}` it would set the prototype and vanish from the output.
 */
export function emptyObject(): CellObject {
  return Object.create(null) as CellObject;
}
