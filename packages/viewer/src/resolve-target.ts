import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DlError, literal, OptionError } from '@dl/core/errors';
import { DLQ_DIR, TABLE_NAMES, type TableName } from '@dl/core/lake-layout';
import { LocalStore, openStore, parseLakeLocation, type ObjectStore, type S3Settings } from '@dl/storage';

export interface Target {
  /** The file or directory to read: an absolute path or an `s3://` URL. */
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
  /** Where it is read from: the file's key, or the key prefix of the directory ('' for the store's root). */
  store: ObjectStore;
  key: string;
}

/**
 * `parquet` and `parquet-dlq` name tables under the data directory (a path or `s3://bucket/prefix`);
 * anything else is a path or an `s3://` URL of a Parquet file or directory. A local path that does
 * not exist is an error that lists the tables that do. The caller closes `target.store`.
 */
export async function resolveTarget(target: string, dataDir: string, s3: S3Settings = {}): Promise<Target> {
  const isTable = (TABLE_NAMES as readonly string[]).includes(target);
  const loc = parseLakeLocation(isTable ? dataDir : target, isTable ? undefined : 'The view target');
  if (loc.kind === 's3') return isTable ? s3Table(target as TableName, dataDir, s3) : s3Path(target, s3);
  const dataPath = path.resolve(dataDir);
  if (isTable) {
    const table = target as TableName;
    const label = `${dataDir.replace(/[\\/]+$/, '')}/${table}`;
    const full = path.join(dataPath, table);
    const base = { label, table, isDlq: table === DLQ_DIR, store: new LocalStore(dataPath), key: table };
    if (!existsSync(full)) {
      if (!existsSync(dataPath)) throw notFound(target, dataDir, dataPath);
      return { ...base, path: full, kind: 'dir', missing: true };
    }
    const isDir = (await stat(full)).isDirectory();
    return { ...base, path: full, kind: isDir ? 'dir' : 'file' };
  }
  const full = loc.path;
  const s = await stat(full).catch(() => undefined);
  if (!s) throw notFound(target, dataDir, dataPath);
  // A lake's root would mix both tables (and hide the private folder): name the table instead.
  const tables = s.isDirectory() ? TABLE_NAMES.filter((t) => existsSync(path.join(full, t))) : [];
  if (tables.length > 0) {
    throw new OptionError(
      {
        setting: 'dataDir',
        subject: `"${target}"`,
        problem: 'is a data directory, not a table',
        fix: `view one of its tables, e.g. "dl view ${tables[0]} {dataDir} ${literal(target)}"`,
      },
      { code: 'USAGE' },
    );
  }
  const isDlq = path.basename(full) === DLQ_DIR;
  if (s.isDirectory()) return { path: full, label: target, kind: 'dir', isDlq, store: new LocalStore(full), key: '' };
  return { path: full, label: target, kind: 'file', isDlq, store: new LocalStore(path.dirname(full)), key: path.basename(full) };
}

/** A table of an `s3://` lake: it exists once an object was written under it. */
// dl view only reads: it opens the store with read access (no write probe), so read-only credentials do.
async function s3Table(table: TableName, dataDir: string, s3: S3Settings): Promise<Target> {
  const store = await openStore(dataDir, s3, { access: 'read' });
  const root = store.location.replace(/\/+$/, '');
  const missing = !(await hasObject(store, `${table}/`));
  return {
    path: `${root}/${table}`,
    label: `${dataDir.replace(/\/+$/, '')}/${table}`,
    kind: 'dir',
    table,
    isDlq: table === DLQ_DIR,
    store,
    key: table,
    ...(missing ? { missing } : {}),
  };
}

/** `s3://bucket/prefix/file.parquet` is a file when that object exists, else a directory prefix. */
async function s3Path(target: string, s3: S3Settings): Promise<Target> {
  const url = target.replace(/\/+$/, '');
  const cut = url.lastIndexOf('/');
  const parent = url.slice(0, cut);
  const name = url.slice(cut + 1);
  const isDlq = name === DLQ_DIR;
  if (name.endsWith('.parquet') && parent.length > 's3:/'.length) {
    const store = await openStore(parent, s3, { access: 'read' });
    if (await store.head(name)) return { path: url, label: target, kind: 'file', isDlq, store, key: name };
    await store.close();
  }
  const store = await openStore(url, s3, { access: 'read' });
  if (!(await hasObject(store, ''))) {
    await store.close();
    throw new DlError('NOT_FOUND', `No Parquet file or directory at "${target}": nothing is stored under that prefix.`);
  }
  return { path: url, label: target, kind: 'dir', isDlq, store, key: '' };
}

async function hasObject(store: ObjectStore, prefix: string): Promise<boolean> {
  for await (const _ of store.list(prefix)) return true;
  return false;
}

function notFound(target: string, dataDir: string, dataPath: string): DlError {
  if (!existsSync(dataPath)) {
    return new OptionError(
      {
        setting: 'dataDir',
        value: dataDir,
        problem: `does not exist, so there is no table or file "${literal(target)}" in it`,
        fix: 'pass {dataDir} (or set it in the environment or dl.yaml) to read another lake',
      },
      { code: 'NOT_FOUND' },
    );
  }
  const present = TABLE_NAMES.filter((t) => existsSync(path.join(dataPath, t)));
  const tables = present.length > 0 ? present.join(', ') : 'none yet';
  return new DlError('NOT_FOUND', `No table or file at "${target}". Tables under ${dataDir}: ${tables}.`);
}
