import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { readParquet } from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';
import { stackEndpoints } from '../../support/stack-env.js';
import { visibleFiles } from '../../support/read-lake.js';
import { uncommittedVisibleFiles } from '../../support/lake-check.js';
import { LOG_PREFIX, parseCommitRecord, parseCommitRecordKey, type CommitRecord } from '@dl/core';

/** Per partition: the offset after the last record (an idempotent, non-transactional topic has no gaps). */
export async function topicEnds(topic: string): Promise<Map<number, number>> {
  const kafka = new kafkajs.Kafka({ clientId: 'dl-chaos-audit', brokers: stackEndpoints().brokers, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** Chosen columns of every visible file of a table directory, as column arrays (no row objects). */
export function readColumns(dir: string, columns: string[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = Object.fromEntries(columns.map((c) => [c, []]));
  for (const f of visibleFiles(dir)) {
    const t = tableFromIPC(readParquet(readFileSync(f), { columns }).intoIPCStream());
    for (const c of columns) {
      const v = t.getChild(c);
      if (!v) throw new Error(`${f} has no column ${c}`);
      const target = out[c]!;
      for (const x of v.toArray() as Iterable<unknown>) target.push(typeof x === 'bigint' ? Number(x) : x);
    }
  }
  return out;
}

/** The commit log's directory (the lake contract's `_dl/log/` prefix) and its record files in chain order. */
const logRoot = (lake: string) => path.join(lake, ...LOG_PREFIX.split('/').filter(Boolean));
const recordNames = (dir: string, t: string, p: string) =>
  readdirSync(dir)
    .filter((n) => parseCommitRecordKey(`${LOG_PREFIX}${t}/${p}/${n}`) !== undefined)
    .sort();
const readRecord = (file: string): CommitRecord => parseCommitRecord(readFileSync(file));

/**
 * The commit log's own invariants, per partition: the chain starts at 0 and has no gaps or overlaps,
 * each commit's row counts cover exactly its offset range, and every file it names is published.
 * With `allowStaged` (a run that failed mid-publish), a file may instead still be in staging, where
 * the next run's recovery publishes it from; but it must be on disk somewhere. With `allowGaps` (a
 * topic of a transactional producer, or a compacted one), a commit may cover offsets that hold no
 * record (transaction markers, aborted or compacted records), so it may hold fewer rows than
 * offsets, never more; without it, a topic of plain producers must have a row for every offset.
 */
export function commitChainProblems(lake: string, { allowStaged = false, allowGaps = false } = {}): string[] {
  const problems: string[] = [];
  const root = logRoot(lake);
  if (!existsSync(root)) return problems;
  for (const t of readdirSync(root)) {
    for (const p of readdirSync(path.join(root, t))) {
      const dir = path.join(root, t, p);
      const names = recordNames(dir, t, p);
      let next = 0n;
      for (const n of names) {
        const rec = readRecord(path.join(dir, n));
        const from = BigInt(rec.from);
        const to = BigInt(rec.to);
        if (from !== next) problems.push(`${t}/${p}/${n}: starts at ${from}, expected ${next}`);
        if (BigInt(n.slice(0, 20)) !== from) problems.push(`${t}/${p}/${n}: file name does not match from=${from}`);
        const rows = BigInt(rec.rows.table + rec.rows.dlq);
        if (to < from - 1n || (allowGaps ? rows > to - from + 1n : rows !== to - from + 1n)) {
          problems.push(`${t}/${p}/${n}: ${rec.rows.table}+${rec.rows.dlq} rows for ${to - from + 1n} offsets`);
        }
        for (const f of rec.files) {
          if (existsSync(path.join(lake, f.final))) continue;
          if (allowStaged && existsSync(path.join(lake, f.staged))) continue;
          problems.push(`${t}/${p}/${n}: ${f.final} not published${allowStaged ? ' nor staged' : ''}`);
        }
        next = to + 1n;
      }
    }
  }
  return problems;
}

/** Per partition, the last offset the lake's commit log covers (-1: nothing yet). */
export function lakeEnds(lake: string, topic: string): Map<number, number> {
  const out = new Map<number, number>();
  const dir = path.join(logRoot(lake), topic);
  if (!existsSync(dir)) return out;
  for (const p of readdirSync(dir)) {
    const last = recordNames(path.join(dir, p), topic, p).at(-1);
    if (last) out.set(Number(p), Number(readRecord(path.join(dir, p, last)).to));
  }
  return out;
}

/** Number of commits in the lake (all partitions). */
export function commitCount(lake: string): number {
  const root = logRoot(lake);
  if (!existsSync(root)) return 0;
  let n = 0;
  for (const t of readdirSync(root)) for (const p of readdirSync(path.join(root, t))) n += recordNames(path.join(root, t, p), t, p).length;
  return n;
}

export interface Audit {
  /** Records in the topic: the sum of the partitions' high watermarks. */
  produced: number;
  table: number;
  dlq: number;
  /** Topic records in neither the table nor the DLQ. */
  lost: number;
  /** Extra copies: rows beyond the first for a partition/offset, and rows for offsets not in the topic. */
  duplicated: number;
  /** Up to 20 examples of each, as `partition/offset`. */
  lostSample: string[];
  duplicatedSample: string[];
  /** Files a reader sees that no commit names, and commit-chain problems: both must be empty. */
  uncommitted: string[];
  chain: string[];
}

/**
 * The exactly-once check: every record of the topic is in the table or the DLQ exactly once, the
 * union is the whole topic, and the lake holds nothing a commit does not vouch for.
 */
export async function auditLake(lake: string, topic: string): Promise<Audit> {
  const ends = await topicEnds(topic);
  const seen = new Map<number, Uint8Array>([...ends].map(([p, high]) => [p, new Uint8Array(high)]));
  const duplicatedSample: string[] = [];
  let duplicated = 0;
  const count = (cols: Record<string, unknown[]>) => {
    const ps = cols.partition!;
    const os = cols.offset!;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i] as number;
      const o = os[i] as number;
      const marks = seen.get(p);
      if (!marks || o < 0 || o >= marks.length || marks[o]! > 0) {
        duplicated++;
        if (duplicatedSample.length < 20) duplicatedSample.push(`${p}/${o}`);
      }
      if (marks && o >= 0 && o < marks.length) marks[o] = 1;
    }
    return ps.length;
  };
  const table = count(readColumns(path.join(lake, 'parquet'), ['partition', 'offset']));
  const dlq = count(readColumns(path.join(lake, 'parquet-dlq'), ['partition', 'offset']));
  let lost = 0;
  const lostSample: string[] = [];
  for (const [p, marks] of seen) {
    for (let o = 0; o < marks.length; o++) {
      if (marks[o] === 0) {
        lost++;
        if (lostSample.length < 20) lostSample.push(`${p}/${o}`);
      }
    }
  }
  const produced = [...ends.values()].reduce((a, b) => a + b, 0);
  return { produced, table, dlq, lost, duplicated, lostSample, duplicatedSample, uncommitted: uncommittedVisibleFiles(lake), chain: commitChainProblems(lake) };
}
