import type { ObjectStore } from '@dl/storage';
import { decodeDataPath } from './data-path.js';
import { DELTA_LOG_DIR } from './log-keys.js';
import { Snapshot } from './snapshot.js';

export interface VacuumOptions {
  /** Files removed (or written and never committed) less than this long ago are kept. */
  retentionMs: number;
  /** List what would be deleted, delete nothing. */
  dryRun?: boolean;
  now?: number;
}

export interface VacuumResult {
  deleted: string[];
  kept: number;
}

/**
 * Deletes the data files no snapshot within the retention window needs: files a commit removed
 * longer ago than the retention, and files no commit ever added (a writer killed before its commit
 * record, a compaction that gave up) that are older than it. Files of the current snapshot, the
 * log, and names starting with `_` or `.` are never touched. The retention also protects a file a
 * live writer has written but not committed yet, so it must exceed the longest flush.
 */
export async function vacuumTable(store: ObjectStore, table: string, opts: VacuumOptions): Promise<VacuumResult> {
  const now = opts.now ?? Date.now();
  const cutoff = now - opts.retentionMs;
  const snapshot = await Snapshot.open(store, table);
  const live = new Set([...snapshot.files.keys()].map(decodeDataPath));
  const removedAt = new Map([...snapshot.removed].map(([p, t]) => [decodeDataPath(p), t]));
  const prefix = table === '' ? '' : `${table}/`;
  const deleted: string[] = [];
  let kept = 0;
  for await (const obj of store.list(prefix)) {
    const rel = obj.key.slice(prefix.length);
    if (rel.startsWith(`${DELTA_LOG_DIR}/`) || rel.split('/').some((seg) => seg.startsWith('_') || seg.startsWith('.'))) continue;
    if (!rel.endsWith('.parquet')) continue;
    const removed = removedAt.get(rel);
    const expired = live.has(rel) ? false : removed !== undefined ? removed < cutoff : obj.lastModified.getTime() < cutoff;
    if (!expired) {
      kept++;
      continue;
    }
    if (!opts.dryRun) await store.delete(obj.key);
    deleted.push(rel);
  }
  return { deleted, kept };
}
