import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DlError, errorMessage, isHiddenLakeEntry } from '@dl/core';
import { parsePartitionSegment } from './parse-partition-segment.js';

/** One Parquet file of a table, with the hive partition values of the folders above it. */
export interface DataFile {
  path: string;
  /** Path relative to the table directory (the file name for a single file). */
  relPath: string;
  size: number;
  partitions: Array<[string, string | null]>;
  /** Rows in the file when a table log says so (Delta `add` stats), without reading its footer. */
  rows?: number;
}

/**
 * The `*.parquet` files under a table directory, sorted by path (as pyarrow orders a dataset).
 * Names starting with `_` or `.` are the writer's private staging and logs: skipped at every depth.
 */
export async function listDataFiles(root: string, kind: 'file' | 'dir'): Promise<DataFile[]> {
  if (kind === 'file') {
    const s = await stat(root);
    return [{ path: root, relPath: path.basename(root), size: s.size, partitions: [] }];
  }
  const out: DataFile[] = [];
  await walk(root, '', [], out);
  return out.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
}

async function walk(dir: string, rel: string, partitions: DataFile['partitions'], out: DataFile[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new DlError('LAKE_IO', `Cannot list "${dir}": ${errorMessage(e)}`, { cause: e });
  }
  for (const entry of entries) {
    if (isHiddenLakeEntry(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
    const s = entry.isSymbolicLink() ? await stat(full).catch(() => undefined) : undefined;
    if (entry.isDirectory() || s?.isDirectory()) {
      const p = parsePartitionSegment(entry.name);
      await walk(full, relPath, p ? [...partitions, p] : partitions, out);
    } else if ((entry.isFile() || s?.isFile()) && entry.name.endsWith('.parquet')) {
      out.push({ path: full, relPath, size: s?.size ?? (await stat(full)).size, partitions });
    }
  }
}
