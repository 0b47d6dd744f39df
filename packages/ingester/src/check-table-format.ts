import { ConfigError, DLQ_DIR, LOG_PREFIX, TABLE_DIR, parseCommitRecordKey } from '@dl/core';
import type { ObjectStore } from '@dl/storage';
import type { TableFormatName } from './ingest-options.js';

/**
 * Refuses to mix formats in one lake: plain Parquet files added to a Delta table are invisible
 * to Delta readers, and a Delta log started over a lake of plain Parquet files hides them all.
 */
export async function checkTableFormat(store: ObjectStore, format: TableFormatName, dataDirLabel: string): Promise<void> {
  const isDelta = (await any(store, `${TABLE_DIR}/_delta_log/`)) || (await any(store, `${DLQ_DIR}/_delta_log/`));
  if (format === 'parquet' && isDelta) {
    throw new ConfigError(`${dataDirLabel} holds Delta tables; pass --table-format delta to add to them, or another --data-dir for plain Parquet.`);
  }
  if (format === 'delta' && !isDelta && (await any(store, LOG_PREFIX, (k) => parseCommitRecordKey(k) !== undefined))) {
    throw new ConfigError(`${dataDirLabel} holds plain Parquet tables; pass --table-format parquet to add to them, or another --data-dir for Delta tables.`);
  }
}

async function any(store: ObjectStore, prefix: string, match: (key: string) => boolean = () => true): Promise<boolean> {
  for await (const o of store.list(prefix)) if (match(o.key)) return true;
  return false;
}
