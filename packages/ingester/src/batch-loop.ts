import type kafkajs from 'kafkajs';
import { isDlError } from '@dl/core';
import type { Flusher } from './flusher.js';
import type { OnceTargets } from './once-targets.js';
import { partitionKey, type PartitionState } from './partition-state.js';
import type { PartitionTable } from './partition-table.js';
import type { KeyDecoder, KeyOutcome } from './key-decoder.js';
import type { DecodeOutcome, RecordDecoder } from './record-decoder.js';
import type { DecodedKey, RecordRouter } from './record-router.js';
import { withRegistryRetry, type RegistryRetryOptions } from './registry-retry.js';
import type { RowKey } from './row-writer.js';
import type { RunControl } from './run-control.js';
import type { Stats } from './stats.js';
import type { TopicDecoders } from './topic-decoders.js';

export interface BatchLoopOptions {
  table: PartitionTable;
  decoders: TopicDecoders;
  router: RecordRouter;
  flusher: Flusher;
  control: RunControl;
  stats: Stats;
  flushRecords: number;
  flushBytes: number;
  /** --once targets, once ingest() has read the high watermarks. */
  targets: () => OnceTargets | undefined;
}

/**
 * The consume stage: each kafkajs batch of one partition, record by record, through decode and
 * route into the partition's buffer, flushing when the buffers are full. Also moves the chain over
 * offsets kafkajs consumed that hold no record (transaction markers, aborted records).
 */
export class BatchLoop {
  constructor(private readonly o: BatchLoopOptions) {}

  async eachBatch(payload: kafkajs.EachBatchPayload): Promise<void> {
    const { control } = this.o;
    if (control.stopping) return;
    try {
      await this.process(payload);
    } catch (e) {
      // Retriable (broker) errors go back to kafkajs, which re-fetches from the last resolved
      // offset; so do kafkajs's own errors, e.g. a heartbeat answered "the group is rebalancing"
      // (kafkajs re-joins; the lake tells each partition where to resume). Before, every member
      // of a multi-member group died with "this is a bug" at its first rebalance (chaos
      // rebalance scenario). Anything else stops the run cleanly.
      if ((isDlError(e) && e.retriable) || isKafkaJsError(e)) throw e;
      control.fail(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /**
   * kafkajs resolves a fetched batch that held only transaction markers and aborted records
   * itself, without calling eachBatch (kafkajs 2.2.4 runner.handleBatch), and reports it only as
   * a START_BATCH_PROCESS event with batchSize 0. The lake's chain moves past those offsets too.
   */
  onFilteredBatch(topic: string, partition: number, firstOffset: string | null, lastOffset: string): void {
    const st = this.o.table.get(topic, partition);
    // Not positioned yet (the assignment is still loading): this fetch was not from the lake's
    // position, and the seek after the load fetches these offsets again.
    if (!st || st.needsLoad || st.soughtAt === undefined || firstOffset === null) return;
    if (BigInt(firstOffset) > st.next && st.soughtAt !== st.next) return;
    this.o.table.passTo(st, BigInt(lastOffset));
    if (this.o.targets()?.reached()) this.o.flusher.flush(false).catch(() => this.o.control.done());
  }

  private async process(payload: kafkajs.EachBatchPayload): Promise<void> {
    const { table, router, flusher, control, stats } = this.o;
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const st = await table.load(batch.topic, batch.partition);
    const key = partitionKey(batch.topic, batch.partition);
    stats.lag.set(key, BigInt(batch.highWatermark) - 1n - BigInt(batch.lastOffset()));
    if (!this.inStep(st, batch, key)) return;
    const decoder = this.o.decoders.for(batch.topic);
    // Every await below can let a flush seal this partition's buffer, or a reset (another writer
    // won a commit) or a revocation move the partition: after each, `moved()` ends the batch
    // rather than append records at a chain position that is no longer theirs (a gap).
    const epoch = st.epoch;
    const moved = () => st.epoch !== epoch;
    const retry = { where: key, heartbeat, signal: control.signal, log: control.log, describe: control.describe };
    if (!decoder.currentReader) await withRegistryRetry(() => decoder.prepare(), retry);
    if (moved()) return;
    const keys = this.o.decoders.keysFor(batch.topic);
    if (!keys.prepared) {
      const warning = await withRegistryRetry(() => keys.prepare(), retry);
      if (warning) control.log('warn', `${batch.topic}: ${warning}`);
    }
    if (moved()) return;
    const target = this.o.targets()?.get(key);

    // kafkajs parses offsets with Long on every resolve and every staleness check: do both per
    // stretch of records, not per record.
    let lastDone: string | undefined;
    const resolve = () => {
      if (lastDone !== undefined) resolveOffset(lastDone);
      lastDone = undefined;
    };
    let i = 0;
    let complete = false;
    const lastMessage = batch.messages.at(-1);
    // The key half of each record, one object for the batch: the router reads it synchronously
    // and keeps nothing of it, and an object per record was a tenth of what this loop allocates.
    const k: DecodedKey = { keys, key: undefined as unknown as RowKey };
    for (const m of batch.messages) {
      if ((i++ & 1023) === 0 && (!isRunning() || isStale())) break;
      if (control.stopping) break;
      const offset = BigInt(m.offset);
      if (offset < st.next) {
        lastDone = m.offset;
        complete = m === lastMessage;
        continue;
      }
      if (target !== undefined && offset > target) break;
      let buf = table.bufferFor(st);
      const ts = Number(m.timestamp);
      const src = { topic: batch.topic, partition: batch.partition, offset, message: m, timestampMs: ts };
      let keyOutcome = keys.cached(m.key);
      if (keyOutcome === undefined) {
        keyOutcome = await decodeKey(keys, m.key, retry);
        if (keyOutcome === undefined) break; // stopped while the registry was down
        if (moved()) return;
        if (st.current !== buf) buf = table.bufferFor(st);
      }
      // A key that cannot be decoded makes the record a dead letter (KEY_DECODE_ERROR).
      if (keyOutcome.kind === 'dead') router.dead(buf, src, keyOutcome.reason, ts);
      else k.key = keyOutcome.key;
      if (keyOutcome.kind === 'key' && !router.routeDirect(buf, src, decoder, ts, k)) {
        let outcome = decoder.decodeCached(m.value);
        if (outcome === undefined) {
          outcome = await decodeValue(decoder, m.value, retry);
          if (outcome === undefined) break; // stopped while the registry was down
          if (moved()) return;
          // The flush timer may have sealed and committed `buf` while we waited (chaos registry
          // outage: the record that waited went into the sealed buffer and was lost, the next
          // commit started one offset later). It belongs in the buffer that starts at it.
          if (st.current !== buf) buf = table.bufferFor(st);
        }
        router.route(buf, src, outcome, ts, k);
      }
      table.added(st, buf, offset, (m.value?.length ?? 0) + (m.key?.length ?? 0) + 64);
      lastDone = m.offset;
      complete = m === lastMessage;
      if (table.buffered.records >= this.o.flushRecords || table.buffered.bytes >= this.o.flushBytes) {
        resolve();
        await flusher.flush(false, heartbeat);
        await heartbeat();
        if (moved()) return;
      }
    }
    // Resolving the batch's last record makes kafkajs resolve `batch.lastOffset()`: the
    // transaction markers and aborted records after it, which never reach us. The chain covers
    // them too, or a topic whose last offset is a marker would never be in the lake.
    if (complete) table.passTo(st, BigInt(batch.lastOffset()));
    resolve();
    if (this.o.targets()?.reached()) await flusher.flush(true);
    await heartbeat();
  }

  /**
   * A defence behind the seek on assignment: a batch must be fetched from where the lake ends.
   * kafkajs 2.2.4 keeps the offset it fetched from on the batch (`fetchedOffset`, not in its
   * types); the next fetch starts after the last offset resolved, which is `st.next` when in
   * step. If not, seek there (false: skip this batch); if Kafka then still starts later, the
   * offsets between are no longer in Kafka (compacted, or deleted by retention) and the chain
   * steps over them.
   */
  private inStep(st: PartitionState, batch: kafkajs.Batch, key: string): boolean {
    const fetched = fetchedOffset(batch);
    if (fetched === st.next) return true;
    if (st.soughtAt !== st.next) {
      this.o.control.log('info', `${key}: Kafka resumed at ${fetched}, the lake at ${st.next}; seeking to ${st.next}`);
      this.o.table.seek(st);
      return false;
    }
    if (fetched > st.next)
      this.o.control.log('info', `${key}: offsets ${st.next}..${fetched - 1n} are no longer in Kafka (compacted or past retention); continuing at ${fetched}`);
    return true;
  }
}

// The registry's slow paths, out of the loop: a closure in the loop's body that named the record
// made V8 allocate a context for every record, not only for the few that wait on the registry.
function decodeKey(keys: KeyDecoder, key: Buffer | null, retry: RegistryRetryOptions): Promise<KeyOutcome | undefined> {
  return withRegistryRetry(() => keys.decode(key), retry);
}
function decodeValue(decoder: RecordDecoder, value: Buffer | null, retry: RegistryRetryOptions): Promise<DecodeOutcome | undefined> {
  return withRegistryRetry(() => decoder.decode(value), retry);
}

/** kafkajs's errors (KafkaJSProtocolError, KafkaJSConnectionError, ...) are kafkajs's to handle. */
function isKafkaJsError(e: unknown): boolean {
  return e instanceof Error && e.name.startsWith('KafkaJS');
}

/** The offset kafkajs fetched this batch from (kafkajs 2.2.4's Batch keeps it; its types do not). */
function fetchedOffset(batch: kafkajs.Batch): bigint {
  const fetched = (batch as { fetchedOffset?: string }).fetchedOffset;
  return BigInt(fetched ?? batch.firstOffset() ?? batch.lastOffset());
}
