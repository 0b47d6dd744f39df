import path from 'node:path';
import { logPrefix } from '@dl/delta/log-keys';
import { listDataFiles, type DataFile } from './list-data-files.js';
import type { Target } from './resolve-target.js';

/**
 * The data files of a target. A directory with a `_delta_log` is a Delta table: its files are
 * the current snapshot's (files a writer left uncommitted, or that a commit removed, are not
 * read), with partition values from the log and row counts from the `add` stats. Anything else
 * is a Hive-style directory (or a file), listed as before.
 */
export async function listTableFiles(target: Target): Promise<DataFile[]> {
  if (target.missing) return [];
  if (target.kind !== 'dir' || !(await isDeltaTable(target))) return listDataFiles(target);
  // The Delta reader (and the Parquet decoder its checkpoints need) loads only for Delta tables.
  const { Snapshot, decodeDataPath } = await import('@dl/delta');
  const snapshot = await Snapshot.open(target.store, target.key);
  const columns = snapshot.metaData?.partitionColumns ?? [];
  const prefix = target.key === '' ? '' : `${target.key}/`;
  const out: DataFile[] = [];
  for (const add of snapshot.files.values()) {
    const relPath = decodeDataPath(add.path);
    const stats = add.stats ? (JSON.parse(add.stats) as { numRecords?: number }) : undefined;
    out.push({
      path: target.path.startsWith('s3://') ? `${target.path.replace(/\/+$/, '')}/${relPath}` : path.join(target.path, ...relPath.split('/')),
      relPath,
      size: add.size,
      partitions: columns.map((c) => [c, add.partitionValues[c] ?? null]),
      store: target.store,
      key: `${prefix}${relPath}`,
      ...(stats?.numRecords === undefined ? {} : { rows: stats.numRecords }),
    });
  }
  return out.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
}

async function isDeltaTable(target: Target): Promise<boolean> {
  for await (const _ of target.store.list(logPrefix(target.key))) return true;
  return false;
}
