import type { Dataset } from './dataset.js';
import type { WhereFilter } from './view-options.js';
import { matchRowGroup, splitWhere } from './where-match.js';

/**
 * Rows in the table: the sum of the footers' row counts. Filters on partition values still need
 * only footers; other filters read just their own columns.
 */
export async function countRows(ds: Dataset, where: WhereFilter[]): Promise<number> {
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
