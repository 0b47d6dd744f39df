import { DLQ_DIR, literal, OptionError, LOG_PREFIX, TABLE_DIR, parseCommitRecordKey, type CommitRecord } from '@dl/core';
import type { ObjectStore } from '@dl/storage';
import type { TableFormatName } from './ingest-options.js';

/**
 * Refuses to mix formats in one lake: plain Parquet files added to a Delta table are invisible
 * to Delta readers, and a Delta log started over a lake of plain Parquet files hides them all.
 * A lake is Delta when a table has a `_delta_log`, or when its commit records carry Delta file
 * entries (a first run killed between its first commit record and its first Delta commit).
 */
export async function checkTableFormat(store: ObjectStore, format: TableFormatName, dataDirLabel: string): Promise<void> {
  const written = await lakeFormat(store);
  if (written === undefined || written === format) return;
  const [held, other] = written === 'delta' ? ['Delta tables', 'plain Parquet'] : ['plain Parquet tables', 'Delta tables'];
  throw new OptionError({
    setting: 'tableFormat',
    value: format,
    problem: `does not match ${literal(dataDirLabel)}, which holds ${held}`,
    fix: `pass {tableFormat} ${written} to add to them, or another {dataDir} for ${other}`,
  });
}

async function lakeFormat(store: ObjectStore): Promise<TableFormatName | undefined> {
  for (const table of [TABLE_DIR, DLQ_DIR]) {
    for await (const _ of store.list(`${table}/_delta_log/`)) return 'delta';
  }
  for await (const o of store.list(LOG_PREFIX)) {
    if (!parseCommitRecordKey(o.key)) continue;
    const body = await store.get(o.key);
    if (!body) continue;
    const rec = JSON.parse(Buffer.from(body).toString('utf8')) as CommitRecord;
    return rec.files.some((f) => f.delta !== undefined) ? 'delta' : 'parquet';
  }
  return undefined;
}
