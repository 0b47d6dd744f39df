import { isUtf8 } from 'node:buffer';
import type { Cell } from './cell.js';

/** Bytes shown before a binary preview is cut: more than any column is wide. */
const HEX_PREVIEW_BYTES = 64;

/**
 * One line of text for a table cell, the way pandas prints a DataFrame: top-level strings bare,
 * nested values in Python repr (`[{'name': 'shoes', 'price': 49.99}]`), binary as text when it is
 * printable UTF-8 (`tombstone-2`; nested as Python's `b'…'`) and otherwise as a hex preview like
 * Spark's `[02 00 10 4A …]`, timestamps ISO-8601. Control characters are escaped so that a
 * value never breaks the table's lines.
 */
export function cellText(cell: Cell): string {
  if (typeof cell === 'string') return escapeControl(cell);
  return reprText(cell, false);
}

function reprText(cell: Cell, nested: boolean): string {
  if (cell === null) return nested ? 'None' : 'null';
  switch (typeof cell) {
    case 'string':
      return nested ? pyQuote(cell) : escapeControl(cell);
    case 'number':
      return numberText(cell);
    case 'bigint':
      return cell.toString();
    case 'boolean':
      return nested ? (cell ? 'True' : 'False') : String(cell);
  }
  if (cell instanceof Uint8Array) {
    if (!isPrintableUtf8(cell)) return hexPreview(cell);
    const text = Buffer.from(cell.buffer, cell.byteOffset, cell.byteLength).toString('utf8');
    return nested ? `b${pyQuote(text)}` : text;
  }
  if (cell instanceof Date) return isoTimestamp(cell);
  if (Array.isArray(cell)) return `[${cell.map((c) => reprText(c, true)).join(', ')}]`;
  return `{${Object.entries(cell)
    .map(([k, v]) => `${pyQuote(k)}: ${reprText(v, true)}`)
    .join(', ')}}`;
}

export function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return String(n);
}

/** How `dl view` shows binary cells, as `--schema` says it. */
export const BINARY_SHOWN_AS = 'text if printable UTF-8, else hex';

/**
 * Bytes that read as text: valid UTF-8, not empty, and no control characters (C0, DEL, C1), so
 * a framed Avro key (`00 00 00 00 07 …`) or an int key stays hex while `tombstone-2` is text.
 */
export function isPrintableUtf8(bytes: Uint8Array): boolean {
  if (bytes.length === 0 || !isUtf8(bytes)) return false;
  for (const b of bytes) if (b < 0x20 || b === 0x7f) return false;
  // C1 controls are U+0080–U+009F, encoded as C2 80 – C2 9F.
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0xc2 && bytes[i + 1]! >= 0x80 && bytes[i + 1]! <= 0x9f) return false;
  return true;
}

/** `[02 00 10 4A 6F]`: uppercase hex bytes; long values end in `…`. */
export function hexPreview(bytes: Uint8Array): string {
  const shown = bytes.subarray(0, HEX_PREVIEW_BYTES);
  const hex = Array.from(shown, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  return bytes.length > shown.length ? `[${hex} …]` : `[${hex}]`;
}

/** ISO-8601 in UTC with milliseconds; out-of-range instants (which `Date` cannot print) as epoch ms. */
export function isoTimestamp(d: Date): string {
  const ms = d.getTime();
  return Number.isNaN(ms) ? 'Invalid Date' : d.toISOString();
}

/** Python's repr of a str: single quotes unless the text has one and no double quote. */
function pyQuote(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = escapeControl(s.replaceAll('\\', '\\\\')).replaceAll(q, `\\${q}`);
  return `${q}${body}${q}`;
}

// eslint-disable-next-line no-control-regex -- finding control characters (to escape them) is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeControl(s: string): string {
  return s.replace(CONTROL, (ch) => NAMED[ch] ?? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
