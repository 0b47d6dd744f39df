import { sanitizeSegment } from '@dl/core';
import type { PartitionScheme } from '@dl/core/config';

/** How rows are spread over Hive-style directories: `date=YYYY-MM-DD/` by default (text form parsed by the configuration schema). */
export type PartitionBy = PartitionScheme;

export const FIELD_PARTITION_SUFFIX = '_part';

/**
 * The relative directory of a row. Values from data go through `sanitizeSegment`, so no value
 * (`../`, `/`, NUL) can move a file out of the table directory.
 */
export function partitionPath(by: PartitionBy, timestampMs: number, fieldValue?: unknown): string {
  switch (by.kind) {
    case 'none':
      return '';
    case 'date':
      return datePath(timestampMs);
    case 'hour': {
      if (!validTime(timestampMs)) return 'date=__HIVE_DEFAULT_PARTITION__/hour=__HIVE_DEFAULT_PARTITION__';
      const iso = new Date(timestampMs).toISOString();
      return `date=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}`;
    }
    case 'field': {
      // The folder key is `<field>_part`, not `<field>`: the field stays in the files with its exact
      // value (folder names are escaped, and cut when long), and readers that add Hive partition
      // columns (pandas, DuckDB, Spark) would otherwise find two columns of one name and fail.
      // A null value gets Hive's name for it, so those readers read it back as null.
      const key = `${sanitizeSegment(by.field)}${FIELD_PARTITION_SUFFIX}`;
      return `${key}=${fieldValue === null || fieldValue === undefined ? '__HIVE_DEFAULT_PARTITION__' : sanitizeSegment(String(fieldValue))}`;
    }
  }
}

let cachedDay = NaN;
let cachedDayPath = '';

/** Records arrive in time order, so the day's path is almost always the previous one. */
function datePath(timestampMs: number): string {
  if (!validTime(timestampMs)) return 'date=__HIVE_DEFAULT_PARTITION__';
  const day = Math.floor(timestampMs / 86_400_000);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayPath = `date=${new Date(day * 86_400_000).toISOString().slice(0, 10)}`;
  }
  return cachedDayPath;
}

/** A Kafka timestamp a Date can hold (producers may set any 64-bit value; Kafka < 3.6 keeps it). */
function validTime(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}
