import type { Cell } from './cell.js';
import { isoTimestamp } from './cell-text.js';

export type JsonValue = null | string | number | boolean | JsonValue[] | { [key: string]: JsonValue };

/**
 * A cell as JSON, for `json`, `jsonl` and the nested values of `csv`:
 * - 64-bit integers are numbers when they are safe integers (|n| ≤ 2^53 − 1), else decimal strings,
 *   so no consumer silently rounds an offset;
 * - binary is base64 (lossless and compact; the table's hex preview is for eyes only);
 * - timestamps are ISO-8601 UTC strings with milliseconds;
 * - NaN and ±Infinity, which JSON cannot spell, are null (as pandas' `to_json` does).
 */
export function toJsonValue(cell: Cell): JsonValue {
  if (cell === null) return null;
  switch (typeof cell) {
    case 'string':
    case 'boolean':
      return cell;
    case 'number':
      return Number.isFinite(cell) ? cell : null;
    case 'bigint':
      return cell >= BigInt(Number.MIN_SAFE_INTEGER) && cell <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(cell) : cell.toString();
  }
  if (cell instanceof Uint8Array) return Buffer.from(cell.buffer, cell.byteOffset, cell.byteLength).toString('base64');
  if (cell instanceof Date) return isoTimestamp(cell);
  if (Array.isArray(cell)) return cell.map(toJsonValue);
  // No prototype: a `__proto__` key stays an entry (see emptyObject).
  const out = Object.create(null) as { [key: string]: JsonValue };
  for (const [k, v] of Object.entries(cell)) out[k] = toJsonValue(v);
  return out;
}
