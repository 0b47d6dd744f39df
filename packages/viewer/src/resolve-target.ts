import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DLQ_DIR, DlError, TABLE_NAMES, type TableName } from '@dl/core';

export interface Target {
  /** Absolute path of the file or directory to read. */
  path: string;
  /** As the user should see it in messages. */
  label: string;
  kind: 'file' | 'dir';
  /** Set when the target is one of the lake's tables. */
  table?: TableName;
  /** A table whose directory does not exist yet: an empty table, not an error. */
  missing?: boolean;
  /** The DLQ's columns are known even before it has files. */
  isDlq: boolean;
}

/**
 * `parquet` and `parquet-dlq` name tables under the data directory; anything else is a path.
 * A path that does not exist is an error that lists the tables that do.
 */
export async function resolveTarget(target: string, dataDir: string): Promise<Target> {
  const dataPath = path.resolve(dataDir);
  if ((TABLE_NAMES as readonly string[]).includes(target)) {
    const table = target as TableName;
    const label = `${dataDir.replace(/[\\/]+$/, '')}/${table}`;
    const full = path.join(dataPath, table);
    if (!existsSync(full)) {
      if (!existsSync(dataPath)) throw notFound(target, dataDir, dataPath);
      return { path: full, label, kind: 'dir', table, missing: true, isDlq: table === DLQ_DIR };
    }
    return { path: full, label, kind: (await stat(full)).isDirectory() ? 'dir' : 'file', table, isDlq: table === DLQ_DIR };
  }
  const full = path.resolve(target);
  const s = await stat(full).catch(() => undefined);
  if (!s) throw notFound(target, dataDir, dataPath);
  // A lake's root would mix both tables (and hide the private folder): name the table instead.
  const tables = s.isDirectory() ? TABLE_NAMES.filter((t) => existsSync(path.join(full, t))) : [];
  if (tables.length > 0) {
    throw new DlError('USAGE', `"${target}" is a data directory, not a table; view one of its tables, e.g. dl view ${tables[0]} --data-dir ${target}`);
  }
  return { path: full, label: target, kind: s.isDirectory() ? 'dir' : 'file', isDlq: path.basename(full) === DLQ_DIR };
}

function notFound(target: string, dataDir: string, dataPath: string): DlError {
  if (!existsSync(dataPath)) {
    return new DlError(
      'NOT_FOUND',
      `No table or file at "${target}", and the data directory ${dataDir} does not exist; pass --data-dir (or set DL_DATA_DIR) to read another lake.`,
    );
  }
  const present = TABLE_NAMES.filter((t) => existsSync(path.join(dataPath, t)));
  const tables = present.length > 0 ? present.join(', ') : 'none yet';
  return new DlError('NOT_FOUND', `No table or file at "${target}". Tables under ${dataDir}: ${tables}.`);
}
