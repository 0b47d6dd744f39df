import type { Dataset } from './dataset.js';
import type { WhereFilter } from './view-options.js';

/**
 * Rows in the table: the sum of the footers' row counts (or of a Delta log's `add` stats). Filters on partition values still need
 * only footers; other filters read just their own columns.
 */
export async function countRows(ds: Dataset, where: WhereFilter[]): Promise<number> {
  // A Delta table's log has every file's row count: no footer needs to be read.
  if (where.length === 0 && ds.files.every((f) => f.rows !== undefined)) return ds.files.reduce((n, f) => n + f.rows!, 0);
  // Footers alone: no Parquet decoder is loaded for a plain count.
  if (where.length === 0) return (await ds.footers()).reduce((n, f) => n + f.numRows, 0);
  // Filters compare Arrow values: where-match (and with it apache-arrow) loads only for them.
  const { matchRowGroup, splitWhere } = await import('./where-match.js');
  let total = 0;
  for (const source of await ds.openAll()) {
    const { fileMatches, rowLevel } = splitWhere(source, where);
    if (!fileMatches) continue;
    if (rowLevel.length === 0) {
      total += source.numRows;
      continue;
    }
    for (let g = 0; g < source.rowGroupRows.length; g++) {
      total += (await matchRowGroup(ds, source, g, rowLevel))?.length ?? 0;
    }
  }
  return total;
}
