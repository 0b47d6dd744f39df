import type kafkajs from 'kafkajs';
import { DlError, errorMessage, isDlError } from '@dl/core';
import { kafkaError } from '@dl/kafka';
import type { LakeWriter } from './lake-writer.js';
import type { CommitRecord } from './commit-log.js';
import { partitionKey } from './partition-state.js';
import type { PartitionTable, Sealed } from './partition-table.js';
import type { RunControl } from './run-control.js';
import type { Stats } from './stats.js';

export interface FlusherOptions {
  writer: LakeWriter;
  table: PartitionTable;
  control: RunControl;
  stats: Stats;
  flushIntervalMs: number;
  /** For wording Kafka errors. */
  brokers: string[];
  /**
   * Starts a major GC (IngestIo.startGc). Called as a flush seals its buffers: the fetched
   * messages that lived through the wait for the previous flush were promoted to V8's old
   * generation, which then grows by tens of MB of such garbage between V8's own mark-compacts,
   * and a flush is when the main thread's other memory peaks too (its column buffers, the IPC
   * stream made from them). Collecting here instead of whenever V8 gets to it keeps that garbage
   * out of the peak: 1M orders, three rounds of 6-9 alternating `dl ingest --once` runs each,
   * peak RSS median 252-266 -> 229-234 MB (highest 267-298 -> 246-253), records/s -14% to +9%
   * by round, CPU time -2% to +6% (README, Performance).
   */
  startGc?: () => void;
  /** After each flush's commits: --once checks whether the lake now holds its targets. */
  afterCommit: () => Promise<void>;
}

/**
 * The flush/commit stage: seals every partition's buffer and commits it to the lake (LakeWriter:
 * stage, commit record, publish), then commits the Kafka offsets for monitoring. Flushes run in
 * the background while the next records are decoded; at most one at a time (backpressure).
 */
export class Flusher {
  private flushing: Promise<void> | undefined;
  private lastFlushAt = Date.now();
  consumer: kafkajs.Consumer | undefined;

  constructor(private readonly o: FlusherOptions) {}

  /** True when records are buffered and the flush interval has passed since the last flush. */
  due(): boolean {
    return this.o.table.buffered.records > 0 && Date.now() - this.lastFlushAt >= this.o.flushIntervalMs;
  }

  /**
   * Seals and commits in the background; with `wait`, returns once it is durable. With
   * `heartbeat`, a wait for the previous flush (held up by a storage outage, say) keeps the group
   * membership meanwhile.
   */
  async flush(wait: boolean, heartbeat?: () => Promise<void>): Promise<void> {
    const { control } = this.o;
    while (this.flushing) {
      if (!heartbeat || control.signal.aborted) await this.flushing;
      else if (!(await settlesWithin(this.flushing, 2000))) await heartbeat().catch(() => {});
    }
    if (control.fatal) throw control.fatal;
    const sealed = this.o.table.seal();
    this.lastFlushAt = Date.now();
    if (sealed.length === 0) return;
    this.o.startGc?.();
    const run = this.commitSealed(sealed).catch((e: unknown) => {
      control.fail(isDlError(e) ? e : new DlError('LAKE_IO', `Writing the lake failed: ${errorMessage(e)}`, { cause: e }));
    });
    this.flushing = run.finally(() => {
      if (this.flushing === tracked) this.flushing = undefined;
    });
    const tracked = this.flushing;
    if (wait) {
      await this.flushing;
      if (control.fatal) throw control.fatal;
    }
  }

  /** The last flush, awaited: everything processed is committed, or the run failed. */
  async drain(): Promise<void> {
    await this.flush(true);
    if (this.flushing) await this.flushing;
    if (this.o.control.fatal) throw this.o.control.fatal;
  }

  private async commitSealed(sealed: Sealed[]): Promise<void> {
    const { writer, stats, control } = this.o;
    const started = Date.now();
    // Partitions commit independently (each has its own chain), so all at once: the encoder works
    // through their files back to back while the storage writes of the ones before are under way
    // (one after the other, the worker waited for every fsync and PUT).
    // allSettled: when one fails, the flush ends only after the others stopped writing too.
    const settled = await Promise.allSettled(sealed.map((s) => this.commitPartition(s)));
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const committed = settled.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<Flusher['commitPartition']>>>).value);
    const records: CommitRecord[] = [];
    const offsets: Array<{ topic: string; partition: number; offset: string }> = [];
    for (const c of committed) {
      if (!c) continue;
      records.push(c.record);
      offsets.push(c.offset);
    }
    // One publish for every partition of the flush (for Delta: one commit per table).
    await writer.publish(records);
    stats.lastFlushMs = Date.now() - started;
    if (offsets.length > 0 && this.consumer) {
      // Monitoring only: the lake is the source of truth, so a failure here loses nothing.
      await this.consumer
        .commitOffsets(offsets)
        .catch((e: unknown) => control.log('info', `Kafka offset commit skipped: ${control.describe(kafkaError(e, this.o.brokers))}`));
    }
    await this.o.afterCommit();
  }

  private queue: Promise<unknown> = Promise.resolve();
  /** Runs `f` after every earlier call's `f` settled. */
  private oneAtATime<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(f, f);
    this.queue = run.catch(() => {});
    return run;
  }

  /** One partition's buffer into the lake; undefined when another writer committed those offsets first. */
  private async commitPartition({
    st,
    buf,
  }: Sealed): Promise<{ record: CommitRecord; offset: { topic: string; partition: number; offset: string } } | undefined> {
    const { writer, table, stats, control } = this.o;
    if (buf.epoch !== st.epoch) return undefined; // reset since: someone else owns these offsets now
    const outcome = await writer.flush(buf);
    if (!outcome.ok) {
      stats.conflicts++;
      const latest = await writer.latest(st.topic, st.partition);
      // The winner may have died between its link and its publish; recovery only looks at the
      // newest commit, so publish this one now, before anyone commits past it.
      // One at a time: partitions commit concurrently, and two republishes must not race (Delta).
      if (latest) await this.oneAtATime(() => writer.publish([latest]));
      const end = latest ? BigInt(latest.to) : -1n;
      control.log(
        'warn',
        `${partitionKey(st.topic, st.partition)}: another writer committed offsets ${buf.from}.. first; dropping ours and resuming after ${end}`,
      );
      if (table.get(st.topic, st.partition) === st) table.reset(st, end);
      return undefined;
    }
    const rec = outcome.record;
    st.committedEnd = BigInt(rec.to);
    stats.committed.set(partitionKey(st.topic, st.partition), st.committedEnd);
    stats.commits++;
    stats.files += rec.files.length;
    for (const f of rec.files) stats.bytesWritten += f.bytes;
    return { record: rec, offset: { topic: st.topic, partition: st.partition, offset: (st.committedEnd + 1n).toString() } };
  }
}

/** True when `p` settles within `ms`; the timer is cleared either way (no listener or timer left behind per call). */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
