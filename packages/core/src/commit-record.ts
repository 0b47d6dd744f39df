import { padOffset, sanitizeSegment, LOG_PREFIX } from './lake-layout.js';

/**
 * One data file a commit publishes: written to `staged`, copied to `final` after the commit.
 * Both are keys relative to the lake root, so a lake can be moved, mounted or served elsewhere.
 */
export interface CommittedFile {
  table: 'parquet' | 'parquet-dlq';
  staged: string;
  final: string;
  rows: number;
  bytes: number;
}

/**
 * A commit covers one topic-partition's offsets `from..to` (inclusive): every record in that
 * range is in exactly one of the files listed (table or DLQ). `from` is the previous commit's
 * `to + 1`, so commits of one partition form a chain. Written by the ingester, read by its
 * recovery, the viewer's `--files` and the chaos audit.
 */
export interface CommitRecord {
  version: 1;
  topic: string;
  partition: number;
  from: string;
  to: string;
  files: CommittedFile[];
  rows: { table: number; dlq: number };
  readerSchemaId: number | null;
  committedAt: string;
  writer: string;
}

/** `_dl/log/<topic>/<partition>/`: the prefix of one partition's commit log. */
export function commitLogPrefix(topic: string, partition: number): string {
  return `${LOG_PREFIX}${sanitizeSegment(topic)}/${partition}/`;
}

/**
 * `_dl/log/<topic>/<partition>/<from>.json`: the key is the chain position (previous end + 1),
 * created only if absent, so two writers can never commit the same offsets.
 */
export function commitRecordKey(topic: string, partition: number, from: bigint): string {
  return `${commitLogPrefix(topic, partition)}${padOffset(from)}.json`;
}

export interface CommitRecordKey {
  /** The topic as it appears in keys (sanitized). */
  topicSegment: string;
  partition: number;
  from: bigint;
}

/** The parts of a commit record key; undefined for anything else under the log. */
export function parseCommitRecordKey(key: string): CommitRecordKey | undefined {
  if (!key.startsWith(LOG_PREFIX)) return undefined;
  const m = /^([^/]+)\/(\d+)\/(\d{20})\.json$/.exec(key.slice(LOG_PREFIX.length));
  if (!m) return undefined;
  return { topicSegment: m[1]!, partition: Number(m[2]), from: BigInt(m[3]!) };
}

/** Parses a commit record's bytes; LAKE_CORRUPT-worthy input throws a SyntaxError. */
export function parseCommitRecord(bytes: Uint8Array | string): CommitRecord {
  return JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8')) as CommitRecord;
}

export function serializeCommitRecord(record: CommitRecord): string {
  return `${JSON.stringify(record, null, 1)}\n`;
}
