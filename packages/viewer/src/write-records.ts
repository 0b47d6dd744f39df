import type { Cell } from './cell.js';
import { numberText } from './cell-text.js';
import { toJsonValue, type JsonValue } from './json-value.js';

/** Turns rows into text for one machine format, a row at a time so that output can stream. */
export interface RecordWriter {
  start(): string;
  row(cells: Cell[]): string;
  end(): string;
}

/**
 * - `json`: one array, one row object per line, keys in column order;
 * - `jsonl`: one row object per line;
 * - `csv`: a header line, then RFC 4180 fields (quoted when they hold `"`, `,`, CR or LF), LF line
 *   ends (like pandas' `to_csv`). Null is an empty field and an empty string `""`; nested values are
 *   their JSON text; 64-bit integers keep every digit; binary is base64, timestamps ISO-8601.
 */
export function recordWriter(format: 'json' | 'jsonl' | 'csv', columns: string[]): RecordWriter {
  const object = (cells: Cell[]) => {
    const o: Record<string, JsonValue> = {};
    columns.forEach((c, i) => {
      o[c] = toJsonValue(cells[i] ?? null);
    });
    return JSON.stringify(o);
  };
  switch (format) {
    case 'jsonl':
      return { start: () => '', row: (cells) => `${object(cells)}\n`, end: () => '' };
    case 'json': {
      let rows = 0;
      return {
        start: () => '[',
        row: (cells) => `${rows++ === 0 ? '\n' : ',\n'}${object(cells)}`,
        end: () => (rows === 0 ? ']\n' : '\n]\n'),
      };
    }
    case 'csv':
      return {
        start: () => `${columns.map(csvField).join(',')}\n`,
        row: (cells) => `${columns.map((_, i) => csvCell(cells[i] ?? null)).join(',')}\n`,
        end: () => '',
      };
  }
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (cell === '') return '""';
  switch (typeof cell) {
    case 'string':
      return csvField(cell);
    case 'number':
      return numberText(cell);
    case 'bigint':
    case 'boolean':
      return String(cell);
  }
  const json = toJsonValue(cell);
  if (json === '') return '""';
  return csvField(typeof json === 'string' ? json : JSON.stringify(json));
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
