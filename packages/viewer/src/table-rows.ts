import type { Table } from 'apache-arrow';
import { toCell, type Cell } from './cell.js';

/** A row by column name: the file's columns, then its hive partition values. */
export type Row = Record<string, Cell>;

/**
 * The rows at `indices` of a decoded row-group slice (no table: rows of partition values only).
 * Partition values fill the keys the file itself has no column for.
 */
export function tableRows(table: Table | undefined, indices: number[], partitions: Array<[string, string | null]>): Row[] {
  const fields = table?.schema.fields ?? [];
  const vectors = fields.map((_, i) => table!.getChildAt(i)!);
  return indices.map((r) => {
    const row: Row = Object.create(null) as Row;
    fields.forEach((f, c) => {
      row[f.name] = toCell(vectors[c]!.get(r), f.type);
    });
    for (const [k, v] of partitions) if (!(k in row)) row[k] = v;
    return row;
  });
}
