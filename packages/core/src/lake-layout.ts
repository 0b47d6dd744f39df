/**
 * The lake's directory contract, shared by the ingester (writer) and the viewer (reader).
 *
 *   <dataDir>/parquet/<hive partition>/<file>.parquet       main table
 *   <dataDir>/parquet-dlq/<hive partition>/<file>.parquet   dead-letter table
 *   <dataDir>/_dl/                                          private: staging, commit log, replay ledger
 *
 * Everything is a key relative to the lake root (a directory or `s3://bucket/prefix`): readers
 * list the two tables and skip keys with a segment starting with `_` or `.`. Data files are
 * staged under `_dl/staging/<writer>/`, committed by creating `_dl/log/<topic>/<partition>/
 * <from>.json` if absent, and published by a copy, so a reader never sees half a file or an
 * uncommitted one.
 */
export const TABLE_DIR = 'parquet';
export const DLQ_DIR = 'parquet-dlq';
export const PRIVATE_DIR = '_dl';
/** Written once, in the configuration schema. */
export { DEFAULT_DATA_DIR } from './config/settings.js';

export type TableName = typeof TABLE_DIR | typeof DLQ_DIR;
export const TABLE_NAMES: readonly TableName[] = [TABLE_DIR, DLQ_DIR];

/** Key prefixes of the private area (keys are `/`-separated, relative to the lake root). */
export const LOG_PREFIX = `${PRIVATE_DIR}/log/`;
export const STAGING_PREFIX = `${PRIVATE_DIR}/staging/`;
export const WRITERS_PREFIX = `${PRIVATE_DIR}/writers/`;
export const REPLAYS_PREFIX = `${PRIVATE_DIR}/replays/`;

/** `_dl/staging/<writer>/`: everything one writer staged; only that writer (or the clean-up of a dead one) touches it. */
export function stagingPrefix(writer: string): string {
  return `${STAGING_PREFIX}${writer}/`;
}

/** `_dl/staging/<writer>/<txn>/<final key>`: where a data file waits for its commit. */
export function stagedKey(writer: string, txn: number, finalKey: string): string {
  return `${stagingPrefix(writer)}${txn}/${finalKey}`;
}

/** The writer a staged key belongs to, or undefined for a key outside staging. */
export function stagingWriterOf(key: string): string | undefined {
  if (!key.startsWith(STAGING_PREFIX)) return undefined;
  const rest = key.slice(STAGING_PREFIX.length);
  const cut = rest.indexOf('/');
  return cut > 0 ? rest.slice(0, cut) : undefined;
}

/** `_dl/writers/<writer>.json`: the writer's lease, refreshed while it runs (see writer-lease.ts). */
export function writerLeaseKey(writer: string): string {
  return `${WRITERS_PREFIX}${writer}.json`;
}

/** `<table>/<hive partition>/<file>`: the key a data file is published under. */
export function dataFileKey(table: TableName, partitionPath: string, fileName: string): string {
  return partitionPath === '' ? `${table}/${fileName}` : `${table}/${partitionPath}/${fileName}`;
}

/** Files and folders inside a table directory that readers must skip (Spark/Hive convention). */
export function isHiddenLakeEntry(name: string): boolean {
  return name.startsWith('_') || name.startsWith('.');
}

/**
 * Makes a value from data safe as one path segment: no separators, no `..`, no NUL, no control
 * characters, bounded length. Hive-style escaping (%XX) keeps distinct values distinct.
 */
export function sanitizeSegment(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || '/\\%:*?"<>|='.includes(ch)) {
      out += [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    } else {
      out += ch;
    }
  }
  if (out === '') return '__EMPTY__';
  if (out === '.' || out === '..') return out.replaceAll('.', '%2E');
  if (out.startsWith('.') || out.startsWith('_')) out = `%${out.charCodeAt(0).toString(16).toUpperCase()}${out.slice(1)}`;
  // Stay well under the 255-byte limit of a file name.
  if (Buffer.byteLength(out) > 200)
    out = `${Buffer.from(out)
      .subarray(0, 180)
      .toString('utf8')
      .replace(/\uFFFD+$/, '')}~${hash(out)}`;
  return out;
}

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Offsets are zero-padded so file names sort in offset order. */
export function padOffset(offset: bigint | number): string {
  return offset.toString().padStart(20, '0');
}

/**
 * `<topic>+<partition>+<from>-<to>.parquet`: topic, partition and the offset range of the commit
 * that published it. Unique per table partition directory because offset ranges never overlap.
 */
export function dataFileName(topic: string, partition: number, from: bigint, to: bigint): string {
  return `${sanitizeSegment(topic)}+${partition}+${padOffset(from)}-${padOffset(to)}.parquet`;
}

export interface DataFileInfo {
  topic: string;
  partition: number;
  from: bigint;
  to: bigint;
}

export function parseDataFileName(name: string): DataFileInfo | undefined {
  const m = /^(.+)\+(\d+)\+(\d{20})-(\d{20})\.parquet$/.exec(name);
  if (!m) return undefined;
  return { topic: m[1]!, partition: Number(m[2]), from: BigInt(m[3]!), to: BigInt(m[4]!) };
}
