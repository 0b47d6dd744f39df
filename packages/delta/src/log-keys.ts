/**
 * Where a Delta table keeps its log, as ObjectStore keys. `table` is the table's key prefix in
 * the store ('parquet', 'parquet-dlq', or '' for a store rooted at the table).
 */
export const DELTA_LOG_DIR = '_delta_log';

export function logPrefix(table: string): string {
  return table === '' ? `${DELTA_LOG_DIR}/` : `${table}/${DELTA_LOG_DIR}/`;
}

/** `<table>/_delta_log/00000000000000000007.json`: versions are zero-padded to 20 digits. */
export function commitKey(table: string, version: number): string {
  return `${logPrefix(table)}${padVersion(version)}.json`;
}

export function checkpointKey(table: string, version: number): string {
  return `${logPrefix(table)}${padVersion(version)}.checkpoint.parquet`;
}

export function lastCheckpointKey(table: string): string {
  return `${logPrefix(table)}_last_checkpoint`;
}

export function padVersion(version: number): string {
  return String(version).padStart(20, '0');
}

/** The version of a commit file's key, or undefined for any other file of the log. */
export function commitVersionOf(key: string): number | undefined {
  const m = /(?:^|\/)(\d{20})\.json$/.exec(key);
  return m ? Number(m[1]) : undefined;
}

/** Joins the table prefix and a path relative to the table. */
export function tableKey(table: string, relative: string): string {
  return table === '' ? relative : `${table}/${relative}`;
}
