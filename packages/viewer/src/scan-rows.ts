import type { Dataset } from './dataset.js';
import type { ParquetSource } from './parquet-source.js';
import { tableRows, type Row } from './table-rows.js';
import type { WhereFilter } from './view-options.js';
import { matchRowGroup, splitWhere } from './where-match.js';

export interface ScanSpec {
  /** File columns to read; undefined reads every column of each file. */
  columns: string[] | undefined;
  where: WhereFilter[];
  /** Matching rows to skip: from the start, or from the end with `fromEnd`. */
  offset: number;
  /** Matching rows to return; Infinity for all. */
  limit: number;
  /** Take the last rows (`--tail`): files and row groups are visited backwards. */
  fromEnd: boolean;
}

interface Unit {
  source: ParquetSource;
  rowGroup: number;
  rows: number;
}

/**
 * Yields the requested rows in table order, one chunk per row group. Row groups before the window
 * are skipped using the row counts in the footers, so only the row groups that hold printed rows are
 * decoded (plus, with filters, the filter columns of the row groups scanned for matches).
 */
export async function* scanRows(ds: Dataset, spec: ScanSpec): AsyncGenerator<Row[]> {
  let skip = spec.offset;
  let need = spec.limit;
  const backwards: Row[][] = [];
  if (need <= 0) return;
  for await (const unit of units(ds, spec.fromEnd)) {
    const { fileMatches, rowLevel } = splitWhere(unit.source, spec.where);
    if (!fileMatches) continue;
    let picked: number[] | { start: number; count: number };
    if (rowLevel.length === 0) {
      if (skip >= unit.rows) {
        skip -= unit.rows;
        continue;
      }
      const avail = unit.rows - skip;
      const count = Math.min(avail, need);
      picked = spec.fromEnd ? { start: avail - count, count } : { start: skip, count };
    } else {
      const matches = await matchRowGroup(ds, unit.source, unit.rowGroup, rowLevel);
      if (!matches) continue;
      if (skip >= matches.length) {
        skip -= matches.length;
        continue;
      }
      const kept = spec.fromEnd ? matches.slice(0, matches.length - skip) : matches.slice(skip);
      picked = spec.fromEnd ? kept.slice(Math.max(0, kept.length - need)) : kept.slice(0, need);
    }
    skip = 0;
    const rows = await readPicked(ds, unit, spec.columns, picked);
    if (!rows) continue;
    need -= rows.count;
    if (spec.fromEnd) backwards.unshift(...rows.pieces());
    else yield* rows.pieces();
    // Before the loop asks for the next unit: that would open (on S3, fetch) the next file's footer.
    if (need <= 0) break;
  }
  yield* backwards;
}

async function* units(ds: Dataset, fromEnd: boolean): AsyncGenerator<Unit> {
  const n = ds.files.length;
  for (let k = 0; k < n; k++) {
    const source = await ds.open(fromEnd ? n - 1 - k : k);
    if (!source) continue;
    const groups = source.rowGroupRows.length;
    for (let g = 0; g < groups; g++) {
      const rowGroup = fromEnd ? groups - 1 - g : g;
      yield { source, rowGroup, rows: source.rowGroupRows[rowGroup]! };
    }
  }
}

/** Rows are made from Arrow data a piece at a time, so a streamed row group never exists twice in memory. */
const PIECE_ROWS = 1024;

interface PickedRows {
  count: number;
  pieces(): Generator<Row[]>;
}

/** Reads the output columns of a contiguous window, or of the span covering picked indices. */
async function readPicked(
  ds: Dataset,
  unit: Unit,
  columns: string[] | undefined,
  picked: number[] | { start: number; count: number },
): Promise<PickedRows | undefined> {
  const isRange = !Array.isArray(picked);
  const start = isRange ? picked.start : (picked[0] ?? 0);
  const span = isRange ? picked.count : picked.length === 0 ? 0 : picked[picked.length - 1]! - start + 1;
  const indices = isRange ? undefined : picked.map((i) => i - start);
  const count = indices ? indices.length : span;
  const present = columns?.filter((c) => unit.source.schema.fields.some((f) => f.name === c));
  const partitions = unit.source.file.partitions;
  // Only partition values (or nothing) wanted: the footer's row count is all we need.
  const table = span === 0 || (present && present.length === 0) ? undefined : await ds.read(unit.source, unit.rowGroup, present, start, span);
  if (span > 0 && present?.length !== 0 && !table) return undefined;
  return {
    count,
    *pieces() {
      for (let from = 0; from < count; from += PIECE_ROWS) {
        const at = indices ? indices.slice(from, from + PIECE_ROWS) : Array.from({ length: Math.min(PIECE_ROWS, count - from) }, (_, k) => from + k);
        yield tableRows(table, at, partitions);
      }
    },
  };
}
