import { parseInstant } from '@dl/core/instant';
import type { Cell } from './cell.js';
import { toJsonValue } from './json-value.js';

/**
 * Whether a cell equals the text of a `--where column=value` filter:
 * - `null` matches missing values (and the string "null");
 * - numbers compare as numbers (`price=99.980` matches 99.98), 64-bit integers exactly;
 * - booleans as `true`/`false`;
 * - timestamps as instants (`2021-02-27T18:39:02.253Z`; a time without a zone is UTC, as printed);
 * - binary against the UTF-8 bytes of the text, so `key=product0` finds a DLQ key;
 * - nested values against their JSON text (as `--format json` prints them).
 */
export function cellEquals(cell: Cell, text: string): boolean {
  if (cell === null) return text === 'null';
  switch (typeof cell) {
    case 'string':
      return cell === text;
    case 'number':
      return text.trim() !== '' && Number(text) === cell;
    case 'bigint':
      return /^\s*-?\d+\s*$/.test(text) && BigInt(text.trim()) === cell;
    case 'boolean':
      return String(cell) === text.toLowerCase();
  }
  if (cell instanceof Uint8Array) return Buffer.from(text, 'utf8').equals(cell);
  if (cell instanceof Date) return parseInstant(text) === cell.getTime();
  return JSON.stringify(toJsonValue(cell)) === text;
}
