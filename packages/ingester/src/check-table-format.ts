import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type LakePaths } from '@dl/core';
import type { TableFormatName } from './ingest-options.js';

/**
 * Refuses to mix formats in one lake: plain Parquet files added to a Delta table are invisible
 * to Delta readers, and a Delta log started over a lake of plain Parquet files hides them all.
 */
export function checkTableFormat(paths: LakePaths, format: TableFormatName, dataDirLabel: string): void {
  const isDelta = existsSync(path.join(paths.table, '_delta_log')) || existsSync(path.join(paths.dlq, '_delta_log'));
  if (format === 'parquet' && isDelta) {
    throw new ConfigError(`${dataDirLabel} holds Delta tables; pass --table-format delta to add to them, or another --data-dir for plain Parquet.`);
  }
  if (format === 'delta' && !isDelta && hasCommits(paths.log)) {
    throw new ConfigError(`${dataDirLabel} holds plain Parquet tables; pass --table-format parquet to add to them, or another --data-dir for Delta tables.`);
  }
}

function hasCommits(logDir: string): boolean {
  if (!existsSync(logDir)) return false;
  for (const topic of readdirSync(logDir)) {
    for (const p of readdirSync(path.join(logDir, topic))) {
      if (readdirSync(path.join(logDir, topic, p)).some((n) => /^\d{20}\.json$/.test(n))) return true;
    }
  }
  return false;
}
