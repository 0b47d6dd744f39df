import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { padOffset, sanitizeSegment } from '@dl/core';
import { exists, fsyncDir, lakeIoError, mkdirp, writeFileDurable } from './fs-durable.js';

/**
 * One data file a commit publishes: written to `staged`, renamed to `final` after the commit.
 * Both paths are relative to the data directory, so a lake can be moved or mounted elsewhere.
 */
export interface CommittedFile {
  table: 'parquet' | 'parquet-dlq';
  staged: string;
  final: string;
  rows: number;
  bytes: number;
  /** Delta tables only: what the file's `add` action needs, kept so recovery can publish it. */
  delta?: { partitionValues: Record<string, string | null>; stats: string; schema: string };
}

/**
 * A commit covers one topic-partition's offsets `from..to` (inclusive): every record in that
 * range is in exactly one of the files listed (table or DLQ). `from` is the previous commit's
 * `to + 1`, so commits of one partition form a chain.
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

export type CommitOutcome = { ok: true } | { ok: false; reason: 'CONFLICT' };

/**
 * Per-partition commit log: `<log>/<topic>/<partition>/<from>.json`.
 *
 * The file name is the chain position (previous end + 1), and a record is created with link(2),
 * which fails when the name exists. So two writers that both believe they own a partition (a
 * rebalance in flight, a zombie process) cannot both commit the same range: the second gets a
 * CONFLICT, drops its buffer and resumes from the log. That is what makes re-runs idempotent.
 */
export class CommitLog {
  constructor(
    private readonly dataDir: string,
    private readonly logDir: string,
  ) {}

  partitionDir(topic: string, partition: number): string {
    return path.join(this.logDir, sanitizeSegment(topic), String(partition));
  }

  /** The newest commit of a partition, or undefined when nothing was ever committed. */
  latest(topic: string, partition: number): Promise<CommitRecord | undefined> {
    return this.latestInDir(sanitizeSegment(topic), partition);
  }

  /** Atomically adds `record` at its chain position; CONFLICT when another writer got there first. */
  async append(record: CommitRecord): Promise<CommitOutcome> {
    const dir = this.partitionDir(record.topic, record.partition);
    const name = `${padOffset(BigInt(record.from))}.json`;
    // Unique per attempt, across hosts and containers that may share a pid.
    const tmp = path.join(dir, `.${name}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      await mkdirp(dir);
      await writeFileDurable(tmp, `${JSON.stringify(record, null, 1)}\n`);
      try {
        await fs.link(tmp, path.join(dir, name));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { ok: false, reason: 'CONFLICT' };
        throw e;
      }
      await fsyncDir(dir);
      return { ok: true };
    } catch (e) {
      throw lakeIoError('write a commit record in', dir, e);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  /**
   * Moves a commit's staged files to their table directories. Idempotent: a file already moved
   * (by us before a crash, or by another process recovering the same commit) is skipped.
   */
  async publish(record: CommitRecord): Promise<void> {
    const dirs = new Set<string>();
    for (const f of record.files) {
      const staged = path.join(this.dataDir, f.staged);
      const final = path.join(this.dataDir, f.final);
      const dir = path.dirname(final);
      try {
        await mkdirp(dir);
        await fs.rename(staged, final);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' && (await exists(final))) continue;
        throw lakeIoError('publish', final, e);
      }
      dirs.add(dir);
    }
    for (const dir of dirs) await fsyncDir(dir);
  }

  /** Every partition that has a log, for start-up recovery. */
  async partitions(): Promise<Array<{ topicDir: string; partition: number }>> {
    const out: Array<{ topicDir: string; partition: number }> = [];
    let topics: string[] = [];
    try {
      topics = await fs.readdir(this.logDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out;
      throw lakeIoError('read the commit log', this.logDir, e);
    }
    for (const topicDir of topics) {
      for (const p of await fs.readdir(path.join(this.logDir, topicDir))) {
        if (/^\d+$/.test(p)) out.push({ topicDir, partition: Number(p) });
      }
    }
    return out;
  }

  async latestInDir(topicDir: string, partition: number): Promise<CommitRecord | undefined> {
    const dir = path.join(this.logDir, topicDir, String(partition));
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw lakeIoError('read the commit log', dir, e);
    }
    // Chain positions are zero-padded, so the newest commit sorts last.
    const last = names.filter((n) => /^\d{20}\.json$/.test(n)).sort().at(-1);
    return last ? (JSON.parse(await fs.readFile(path.join(dir, last), 'utf8')) as CommitRecord) : undefined;
  }
}
