import {
  LOG_PREFIX,
  commitLogPrefix,
  commitRecordKey,
  parseCommitRecord,
  parseCommitRecordKey,
  serializeCommitRecord,
  DlError,
  type CommitRecord,
} from '@dl/core';
import { isStorageError, type ObjectStore } from '@dl/storage';

export type { CommitRecord, CommittedFile } from '@dl/core';

export type CommitOutcome = { ok: true } | { ok: false; reason: 'CONFLICT' };

/**
 * Per-partition commit log: `_dl/log/<topic>/<partition>/<from>.json` (see core's commit-record.ts).
 *
 * The key is the chain position (previous end + 1), and a record is created with `putIfAbsent`,
 * which is atomic and at most once across processes and machines. So two writers that both
 * believe they own a partition (a rebalance in flight, a zombie process) cannot both commit the
 * same range: the second gets a CONFLICT, drops its buffer and resumes from the log. That is what
 * makes re-runs idempotent.
 */
export class CommitLog {
  /** The newest record seen per partition prefix, so a re-read lists only what came after it. */
  private readonly newest = new Map<string, { key: string; record: CommitRecord }>();

  constructor(private readonly store: ObjectStore) {}

  /** The newest commit of a partition, or undefined when nothing was ever committed. */
  latest(topic: string, partition: number): Promise<CommitRecord | undefined> {
    return this.latestUnder(commitLogPrefix(topic, partition));
  }

  /** Atomically adds `record` at its chain position; CONFLICT when another writer got there first. */
  async append(record: CommitRecord): Promise<CommitOutcome> {
    const key = commitRecordKey(record.topic, record.partition, BigInt(record.from));
    const body = serializeCommitRecord(record);
    if (await this.store.putIfAbsent(key, body)) return { ok: true };
    // After a retried call whose first attempt did land (a timeout on the way back), the record
    // there is ours: byte for byte the same.
    const there = await this.store.get(key);
    if (there && Buffer.from(there).toString('utf8') === body) return { ok: true };
    return { ok: false, reason: 'CONFLICT' };
  }

  /**
   * Copies a commit's staged files to their table keys and deletes the staged copies. Idempotent:
   * a file already published (by us before a crash, or by another process recovering the same
   * commit) is skipped.
   */
  async publish(record: CommitRecord, restage?: (staged: string) => Promise<boolean>): Promise<number> {
    let published = 0;
    for (const f of record.files) {
      try {
        await this.copyStaged(f.staged, f.final, record, restage);
        published++;
      } catch (e) {
        if (!(e instanceof StagedGone)) throw e;
        continue;
      }
      await this.store.delete(f.staged);
    }
    return published;
  }

  /**
   * Copies one staged file to its table key. When the staged copy is missing and the final one
   * is there, it was published already (StagedGone). When both are gone, the writer still holding
   * the bytes re-stages them (`restage`); anyone else has a commit whose rows are nowhere.
   */
  private async copyStaged(staged: string, final: string, record: CommitRecord, restage?: (staged: string) => Promise<boolean>): Promise<void> {
    try {
      return await this.store.copy(staged, final);
    } catch (e) {
      if (!isStorageError(e, 'NOT_FOUND')) throw e;
      if (await this.store.head(final)) throw new StagedGone();
      if (restage && (await restage(staged))) return this.store.copy(staged, final);
      const key = commitRecordKey(record.topic, record.partition, BigInt(record.from));
      throw new DlError(
        'LAKE_CORRUPT',
        `The commit record ${this.store.location}/${key} names ${final}, but neither it nor its staged copy ${staged} exists; offsets ${record.from}..${record.to} of ${record.topic}/${record.partition} must be re-ingested (move the record and the later ones of that partition away, then run dl ingest from offset ${record.from}).`,
        { cause: e },
      );
    }
  }

  /** The newest record of every partition that has a log, for start-up recovery. */
  async newestRecords(): Promise<CommitRecord[]> {
    const prefixes = new Set<string>();
    for await (const o of this.store.list(LOG_PREFIX)) {
      const k = parseCommitRecordKey(o.key);
      if (k) prefixes.add(o.key.slice(0, o.key.lastIndexOf('/') + 1));
    }
    const out: CommitRecord[] = [];
    for (const prefix of prefixes) {
      const rec = await this.latestUnder(prefix);
      if (rec) out.push(rec);
    }
    return out;
  }

  private async latestUnder(prefix: string): Promise<CommitRecord | undefined> {
    let known = this.newest.get(prefix);
    // A lake emptied under a running writer must not resume from what it used to hold.
    if (known && !(await this.store.head(known.key))) {
      this.newest.delete(prefix);
      known = undefined;
    }
    let lastKey: string | undefined;
    // Chain positions are zero-padded, so the newest commit lists last.
    for await (const o of this.store.list(prefix, known ? { startAfter: known.key } : {})) {
      if (parseCommitRecordKey(o.key)) lastKey = o.key;
    }
    if (lastKey === undefined) return known?.record;
    const bytes = await this.store.get(lastKey);
    if (!bytes) return known?.record;
    let record: CommitRecord;
    try {
      record = parseCommitRecord(bytes);
    } catch (e) {
      throw new DlError(
        'LAKE_CORRUPT',
        `The commit record ${this.store.location}/${lastKey} is not valid JSON; restore it from a backup (the lake cannot resume that partition without it).`,
        { cause: e },
      );
    }
    this.newest.set(prefix, { key: lastKey, record });
    return record;
  }
}

/** The staged copy is gone because the file was already published. */
class StagedGone extends Error {}
