import path from 'node:path';
import { isHiddenLakeEntry } from '@dl/core/lake-layout';
import type { ObjectStore } from '@dl/storage';
import { parsePartitionSegment } from './parse-partition-segment.js';
import type { Target } from './resolve-target.js';

/** One Parquet file of a table, with the hive partition values of the folders above it. */
export interface DataFile {
  /** Where it is, for messages: an absolute path or an `s3://` URL. */
  path: string;
  /** Path relative to the table directory (the file name for a single file). */
  relPath: string;
  size: number;
  partitions: Array<[string, string | null]>;
  /** The store and key it is read from, by ranges. */
  store: ObjectStore;
  key: string;
  /** Rows in the file when a table log says so (Delta `add` stats), without reading its footer. */
  rows?: number;
}

/**
 * The `*.parquet` objects under a table, in key order (as pyarrow orders a dataset). Keys with a
 * segment starting with `_` or `.` are the writer's private staging and logs: skipped at every depth.
 */
export async function listDataFiles(target: Pick<Target, 'store' | 'key' | 'kind' | 'path'>): Promise<DataFile[]> {
  const { store, key } = target;
  if (target.kind === 'file') {
    const info = await store.head(key);
    return [{ path: target.path, relPath: path.posix.basename(key), size: info?.size ?? 0, partitions: [], store, key }];
  }
  const prefix = key === '' ? '' : `${key}/`;
  const out: DataFile[] = [];
  for await (const o of store.list(prefix)) {
    const relPath = o.key.slice(prefix.length);
    const segments = relPath.split('/');
    if (segments.some(isHiddenLakeEntry) || !relPath.endsWith('.parquet')) continue;
    const partitions = segments.slice(0, -1).flatMap((s) => {
      const p = parsePartitionSegment(s);
      return p ? [p] : [];
    });
    out.push({ path: joinLocation(target.path, relPath), relPath, size: o.size, partitions, store, key: o.key });
  }
  return out;
}

function joinLocation(base: string, rel: string): string {
  return base.startsWith('s3://') ? `${base.replace(/\/+$/, '')}/${rel}` : path.join(base, ...rel.split('/'));
}
