import type kafkajs from 'kafkajs';
import type { CommitLog, CommitRecord } from './commit-log.js';
import { PartitionBuffer } from './partition-buffer.js';
import { partitionKey, type PartitionState } from './partition-state.js';
import type { Stats } from './stats.js';

/** A buffer sealed by a flush, with the partition it belongs to. */
export interface Sealed {
  st: PartitionState;
  buf: PartitionBuffer;
}

/**
 * The partitions this member consumes: where each stands in the lake and in Kafka, what is
 * buffered for it, and the totals the flush thresholds look at. Every move of a partition's chain
 * position (load, reset, seek, records, offsets without records, seal) goes through here.
 */
export class PartitionTable {
  readonly states = new Map<string, PartitionState>();
  /** Buffered since the last seal, over all partitions. */
  buffered = { records: 0, bytes: 0 };
  consumer: kafkajs.Consumer | undefined;
  /** Bumped by every assignment: a lake read that started before one may be stale. */
  private assignments = 0;

  constructor(
    /** The commit log to read positions from, and the table format's publish step (Parquet or Delta). */
    private readonly log: Pick<CommitLog, 'latest'> & { publish(records: readonly CommitRecord[]): Promise<unknown> },
    private readonly stats: Stats,
  ) {}

  get(topic: string, partition: number): PartitionState | undefined {
    return this.states.get(partitionKey(topic, partition));
  }

  /** A new assignment: revoked partitions are dropped, kept ones re-read the lake. */
  assign(keep: Set<string>): void {
    this.assignments++;
    for (const [key, st] of this.states) {
      if (!keep.has(key)) {
        // Revoked: what is buffered will be consumed again by the new owner.
        this.dropBuffer(st);
        st.epoch++;
        this.states.delete(key);
      } else {
        st.needsLoad = true;
      }
    }
  }

  /** Reads the partition's commit log; resets the partition if someone else committed meanwhile. */
  async load(topic: string, partition: number): Promise<PartitionState> {
    const key = partitionKey(topic, partition);
    let st: PartitionState | undefined;
    let latest: CommitRecord | undefined;
    for (;;) {
      st = this.states.get(key);
      if (st && !st.needsLoad) return st;
      const seen = this.assignments;
      latest = await this.log.latest(topic, partition);
      if (latest) await this.log.publish([latest]);
      // A rebalance during the read: another member may have owned the partition and committed
      // meanwhile, so this position may be stale; read again rather than fetch from it.
      if (seen === this.assignments) break;
    }
    st = this.states.get(key);
    const end = latest ? BigInt(latest.to) : -1n;
    if (!st) {
      st = { topic, partition, committedEnd: end, next: end + 1n, current: undefined, epoch: 0, needsLoad: false, soughtAt: undefined };
      this.states.set(key, st);
    } else {
      if (end !== st.committedEnd) this.reset(st, end);
      st.needsLoad = false;
      st.soughtAt = undefined;
    }
    this.stats.committed.set(key, end);
    return st;
  }

  /** Another writer moved the chain: drop what is buffered and resume after `end`. */
  reset(st: PartitionState, end: bigint): void {
    this.dropBuffer(st);
    st.epoch++;
    st.committedEnd = end;
    st.next = end + 1n;
    this.seek(st);
  }

  /** Tells kafkajs to fetch `st` from where the lake ends (applied before its next fetch). */
  seek(st: PartitionState): void {
    try {
      this.consumer?.seek({ topic: st.topic, partition: st.partition, offset: st.next.toString() });
      st.soughtAt = st.next;
    } catch {
      // Stopping or restarting: kafkajs has no group to seek in; the next assignment seeks again.
    }
  }

  /** The buffer records of `st` go to now; a new one starts at the chain position. */
  bufferFor(st: PartitionState): PartitionBuffer {
    return (st.current ??= new PartitionBuffer(st.topic, st.partition, st.next, st.epoch));
  }

  /** Counts a record appended to `buf` at `offset` (table row or dead letter). */
  added(st: PartitionState, buf: PartitionBuffer, offset: bigint, size: number): void {
    buf.lastOffset = offset;
    buf.records++;
    buf.bytes += size;
    this.buffered.records++;
    this.buffered.bytes += size;
    this.stats.records++;
    st.next = offset + 1n;
  }

  /** Extends the partition's chain over offsets up to `last` that hold no record for us. */
  passTo(st: PartitionState, last: bigint): void {
    if (last < st.next) return;
    this.bufferFor(st).lastOffset = last;
    st.next = last + 1n;
  }

  /** True when some partition has offsets buffered that are not committed yet. */
  hasUncommitted(): boolean {
    for (const st of this.states.values()) if (st.current && st.current.lastOffset >= st.current.from) return true;
    return false;
  }

  /** Takes every partition's buffer for a flush; records from now on start new buffers. */
  seal(): Sealed[] {
    const sealed: Sealed[] = [];
    for (const st of this.states.values()) {
      // Gap-only buffers too: a commit of no rows records offsets that hold no record.
      if (st.current && st.current.lastOffset >= st.current.from) {
        sealed.push({ st, buf: st.current });
        st.current = undefined;
      }
    }
    this.buffered = { records: 0, bytes: 0 };
    return sealed;
  }

  private dropBuffer(st: PartitionState): void {
    if (st.current) {
      this.buffered.records -= st.current.records;
      this.buffered.bytes -= st.current.bytes;
      st.current = undefined;
    }
  }
}
