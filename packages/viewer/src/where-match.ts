import { DataType, type Vector } from 'apache-arrow';
import { toCell } from './cell.js';
import { parseInstant } from '@dl/core/instant';
import { cellEquals } from './cell-equals.js';
import type { Dataset } from './dataset.js';
import type { ParquetSource } from './parquet-source.js';
import type { WhereFilter } from './view-options.js';

/**
 * Splits the filters for one file: those on its partition values (or on columns it lacks, which are
 * null throughout) are decided once for the whole file; the rest need the data.
 */
export function splitWhere(source: ParquetSource, where: WhereFilter[]): { fileMatches: boolean; rowLevel: WhereFilter[] } {
  const fileColumns = new Set(source.schema.fields.map((f) => f.name));
  const partitions = new Map(source.file.partitions);
  let fileMatches = true;
  const rowLevel: WhereFilter[] = [];
  for (const w of where) {
    if (fileColumns.has(w.column)) rowLevel.push(w);
    else if (!cellEquals(partitions.get(w.column) ?? null, w.value)) fileMatches = false;
  }
  return { fileMatches, rowLevel };
}

/** Indices (within the row group) of the rows matching every row-level filter; reads only those columns. */
export async function matchRowGroup(ds: Dataset, source: ParquetSource, rowGroup: number, rowLevel: WhereFilter[]): Promise<number[] | undefined> {
  const columns = [...new Set(rowLevel.map((w) => w.column))];
  const table = await ds.read(source, rowGroup, columns, 0, source.rowGroupRows[rowGroup]!);
  if (!table) return undefined;
  let matches = Array.from({ length: table.numRows }, (_, i) => i);
  for (const w of rowLevel) {
    const vector = table.getChild(w.column)!;
    const test = rawMatcher(vector.type as DataType, w.value);
    matches = matches.filter((i) => test(vector, i));
  }
  return matches;
}

type RawTest = (vector: Vector, index: number) => boolean;

/**
 * `cellEquals`, specialised for a column type so that scanning a row group compares raw Arrow
 * values instead of building a Cell per row (a full scan of 10M rows goes from tens of seconds to
 * about one).
 */
function rawMatcher(type: DataType, text: string): RawTest {
  const isNull: RawTest = (v, i) => v.get(i) === null;
  if (text === 'null' && !DataType.isUtf8(type)) return isNull;
  if (DataType.isUtf8(type)) return text === 'null' ? (v, i) => v.get(i) === null || v.get(i) === text : (v, i) => v.get(i) === text;
  if ((DataType.isInt(type) && type.bitWidth < 64) || DataType.isFloat(type)) {
    const n = text.trim() === '' ? NaN : Number(text);
    return Number.isNaN(n) ? () => false : (v, i) => v.get(i) === n;
  }
  if (DataType.isInt(type)) {
    if (!/^\s*-?\d+\s*$/.test(text)) return () => false;
    const n = BigInt(text.trim());
    return (v, i) => v.get(i) === n;
  }
  if (DataType.isTimestamp(type) && type.timezone) {
    const ms = parseInstant(text);
    return (v, i) => {
      const raw = v.get(i);
      return raw !== null && Number(raw) === ms;
    };
  }
  return (v, i) => cellEquals(toCell(v.get(i), type), text);
}
