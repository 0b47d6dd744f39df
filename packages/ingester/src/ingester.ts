import type kafkajs from 'kafkajs';
import { DlError, errorMessage, isDlError, subjectName, type SchemaRegistry } from '@dl/core';
import { kafkaError } from '@dl/kafka';
import type { IngestOptions } from './ingest-options.js';
import { LakeWriter } from './lake-writer.js';
import { PartitionBuffer } from './partition-buffer.js';
import { partitionKey, type PartitionState } from './partition-state.js';
import { partitionPath } from './partitioner.js';
import { RecordDecoder, type ReaderSchema } from './record-decoder.js';
import { appendDeadLetter, appendTableRow, appendTableRowDirect, metaColumnsBefore, tableSchema } from './row-writer.js';
import { compileColumnDecoder } from './avro-column-decoder.js';
import type { TableAccumulator } from './table-accumulator.js';
import { Stats } from './stats.js';
import type { Schema } from 'apache-arrow';
import { deadLetter } from '@dl/core';

type EachBatchPayload = kafkajs.EachBatchPayload;

/**
 * The consume → decode → route → buffer → write → commit loop.
 *
 * Progress lives in the lake (see LakeWriter): on every assignment a partition resumes from its
 * commit log, records at or below what is already in the lake are skipped, and Kafka offsets are
 * committed only after the lake commit, for monitoring. Flushes run in the background while the
 * next records are decoded; one flush at a time.
 */
export class Ingester {
  readonly stats = new Stats();
  private readonly states = new Map<string, PartitionState>();
  private readonly decoders = new Map<string, RecordDecoder>();
  private readonly schemas = new Map<number, Schema>();
  private flushing: Promise<void> | undefined;
  private lastFlushAt = Date.now();
  private buffered = { records: 0, bytes: 0 };
  private fatal: Error | undefined;
  private consumer: kafkajs.Consumer | undefined;
  /** --once: the last offset to reach per partition (high watermark - 1 at start). */
  targets: Map<string, bigint> | undefined;
  private onDone: (() => void) | undefined;

  constructor(
    private readonly opts: IngestOptions,
    private readonly writer: LakeWriter,
    private readonly registry: SchemaRegistry,
    private readonly log: (level: 'info' | 'warn' | 'error', msg: string) => void,
    private readonly signal: AbortSignal,
  ) {}

  attach(consumer: kafkajs.Consumer, onDone: () => void): void {
    this.consumer = consumer;
    this.onDone = onDone;
  }

  get failure(): Error | undefined {
    return this.fatal;
  }

  /** Stops the run as failed (exit non-zero) once what is buffered can no longer be trusted. */
  fail(e: Error): void {
    this.fatal ??= e;
    this.onDone?.();
  }

  private decoderFor(topic: string): RecordDecoder {
    let d = this.decoders.get(topic);
    if (!d) {
      const name = this.opts.recordName ?? '';
      d = new RecordDecoder({
        registry: this.registry,
        subject: subjectName(this.opts.subjectStrategy, topic, name),
        ...(this.opts.readerVersion === undefined ? {} : { readerVersion: this.opts.readerVersion }),
      });
      this.decoders.set(topic, d);
    }
    return d;
  }

  /** A new assignment: every partition re-reads the lake before its next batch. */
  onAssignment(assignment: Record<string, number[]>): void {
    const keep = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment)) for (const p of partitions) keep.add(partitionKey(topic, p));
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

  private dropBuffer(st: PartitionState): void {
    if (st.current) {
      this.buffered.records -= st.current.records;
      this.buffered.bytes -= st.current.bytes;
      st.current = undefined;
    }
  }

  /** Reads the partition's commit log; resets the partition if someone else committed meanwhile. */
  private async load(topic: string, partition: number): Promise<PartitionState> {
    const key = partitionKey(topic, partition);
    let st = this.states.get(key);
    if (st && !st.needsLoad) return st;
    const latest = await this.writer.log.latest(topic, partition);
    if (latest) await this.writer.log.publish(latest);
    const end = latest ? BigInt(latest.to) : -1n;
    if (!st) {
      st = { topic, partition, committedEnd: end, next: end + 1n, current: undefined, epoch: 0, needsLoad: false, seekPending: true };
      this.states.set(key, st);
    } else {
      if (end !== st.committedEnd) this.reset(st, end);
      st.needsLoad = false;
      st.seekPending = true;
    }
    this.stats.committed.set(key, end);
    return st;
  }

  private reset(st: PartitionState, end: bigint): void {
    this.dropBuffer(st);
    st.epoch++;
    st.committedEnd = end;
    st.next = end + 1n;
    try {
      this.consumer?.seek({ topic: st.topic, partition: st.partition, offset: st.next.toString() });
    } catch {
      // Stopping or restarting: kafkajs has no group to seek in; the next load() seeks again.
    }
  }

  async eachBatch(payload: EachBatchPayload): Promise<void> {
    if (this.fatal || this.signal.aborted) return;
    try {
      await this.processBatch(payload);
    } catch (e) {
      // Retriable (broker) errors go back to kafkajs, which re-fetches from the last resolved
      // offset; so do kafkajs's own errors, e.g. a heartbeat answered "the group is rebalancing"
      // (kafkajs re-joins; the lake tells each partition where to resume). Before, every member
      // of a multi-member group died with "this is a bug" at its first rebalance (chaos
      // rebalance scenario). Anything else stops the run cleanly.
      if ((isDlError(e) && e.retriable) || isKafkaJsError(e)) throw e;
      this.fatal = e instanceof Error ? e : new Error(String(e));
      this.onDone?.();
    }
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const st = await this.load(batch.topic, batch.partition);
    const key = partitionKey(batch.topic, batch.partition);
    this.stats.lag.set(key, BigInt(batch.highWatermark) - 1n - BigInt(batch.lastOffset()));
    const first = batch.messages[0];
    if (st.seekPending) {
      st.seekPending = false;
      // Kafka's committed offset can differ from the lake's (it is committed after the lake, and
      // a lake can be emptied): the lake wins. Once per assignment, so gaps in a topic are fine.
      // Both ways: a group with no (or old) committed offsets would otherwise fetch and skip
      // everything the lake already holds before its first new record (chaos crash loop: a new
      // group per run spent seconds re-reading 400k records after each restart).
      if (first && BigInt(first.offset) !== st.next) {
        this.log('info', `${key}: Kafka resumed at ${first.offset}, the lake at ${st.next}; seeking to ${st.next}`);
        this.consumer?.seek({ topic: batch.topic, partition: batch.partition, offset: st.next.toString() });
        return;
      }
    }
    const decoder = this.decoderFor(batch.topic);
    // Every await below can let a flush seal this partition's buffer, or a reset (another writer
    // won a commit) or a revocation move the partition: after each, `moved()` ends the batch
    // rather than append records at a chain position that is no longer theirs (a gap).
    const epoch = st.epoch;
    const moved = () => st.epoch !== epoch;
    if (!decoder.currentReader) await this.withRegistryRetry(() => decoder.prepare(), key, heartbeat);
    if (moved()) return;
    const target = this.targets?.get(key);

    // kafkajs parses offsets with Long on every resolve and every staleness check: do both per
    // stretch of records, not per record.
    let lastDone: string | undefined;
    const resolve = () => {
      if (lastDone !== undefined) resolveOffset(lastDone);
      lastDone = undefined;
    };
    let i = 0;
    for (const m of batch.messages) {
      if ((i++ & 1023) === 0 && (!isRunning() || isStale())) break;
      if (this.signal.aborted || this.fatal) break;
      const offset = BigInt(m.offset);
      if (offset < st.next) {
        lastDone = m.offset;
        continue;
      }
      if (target !== undefined && offset > target) break;
      if (!st.current) st.current = new PartitionBuffer(st.topic, st.partition, st.next, st.epoch);
      let buf = st.current;
      const src = { topic: batch.topic, partition: batch.partition, offset, message: m };
      const ts = Number(m.timestamp);
      const direct = this.opts.partitionBy.kind === 'field' ? undefined : decoder.directReader(m.value);
      const acc = direct && buf.tableFor(partitionPath(this.opts.partitionBy, ts), direct.id, () => this.schemaFor(direct.id, direct.json));
      const step = acc && this.directStep(acc, direct);
      if (step) {
        // Hot path: framed with the reader schema itself, decoded straight into the columns.
        const problem = appendTableRowDirect(acc, src, step, direct.id, this.opts.rawValue);
        if (problem === undefined) this.stats.rows++;
        else this.addDead(buf, src, deadLetter('DECODE_ERROR', problem, direct.id), ts);
      } else {
        let outcome = decoder.decodeCached(m.value);
        if (outcome === undefined) {
          outcome = await this.withRegistryRetry(() => decoder.decode(m.value), key, heartbeat);
          if (outcome === undefined) break; // stopped while the registry was down
          if (moved()) return;
          // The flush timer may have sealed and committed `buf` while we waited (chaos registry
          // outage: the record that waited went into the sealed buffer and was lost, the next
          // commit started one offset later). It belongs in the buffer that starts at it.
          if (st.current !== buf) buf = st.current ??= new PartitionBuffer(st.topic, st.partition, st.next, st.epoch);
        }
        if (outcome.kind === 'row') {
          const reader = outcome.reader;
          const schema = this.schemaFor(reader.id, reader.json);
          const rowAcc = buf.tableFor(partitionPath(this.opts.partitionBy, ts, this.fieldValue(outcome.value)), reader.id, () => schema);
          const problem = appendTableRow(rowAcc, src, outcome.value, outcome.schemaId, this.opts.rawValue);
          if (problem === undefined) this.stats.rows++;
          else this.addDead(buf, src, deadLetter('UNWRITABLE_ROW', problem, outcome.schemaId), ts);
        } else {
          this.addDead(buf, src, outcome.reason, ts);
        }
      }
      const size = (m.value?.length ?? 0) + (m.key?.length ?? 0) + 64;
      buf.lastOffset = offset;
      buf.records++;
      buf.bytes += size;
      this.buffered.records++;
      this.buffered.bytes += size;
      this.stats.records++;
      st.next = offset + 1n;
      lastDone = m.offset;
      if (this.buffered.records >= this.opts.flushRecords || this.buffered.bytes >= this.opts.flushBytes) {
        resolve();
        await this.flush(false, heartbeat);
        await heartbeat();
        if (moved()) return;
      }
    }
    resolve();
    if (this.targets && this.reachedTargets()) await this.flush(true);
    await heartbeat();
  }

  /** The accumulator's compiled binary decoder, or undefined when its schema needs avsc. */
  private directStep(acc: TableAccumulator, reader: ReaderSchema): ((buf: Buffer, pos: number) => number) | undefined {
    if (acc.direct === undefined) {
      const first = metaColumnsBefore(this.opts.rawValue);
      acc.direct = compileColumnDecoder(reader.type, acc.builders.slice(first, acc.builders.length - 2)) ?? null;
    }
    return acc.direct ?? undefined;
  }

  private fieldValue(value: Record<string, unknown>): unknown {
    const by = this.opts.partitionBy;
    return by.kind === 'field' ? value[by.field] : undefined;
  }

  private schemaFor(readerId: number, json: unknown): Schema {
    let s = this.schemas.get(readerId);
    if (!s) {
      s = tableSchema(json as never, this.opts.rawValue);
      this.schemas.set(readerId, s);
    }
    return s;
  }

  private addDead(buf: PartitionBuffer, src: Parameters<typeof appendDeadLetter>[1], reason: Parameters<typeof appendDeadLetter>[2], ts: number): void {
    const path = this.opts.partitionBy.kind === 'none' ? '' : partitionPath({ kind: 'date' }, ts);
    appendDeadLetter(buf.dlqFor(path), src, reason, Date.now());
    buf.countDead(reason.errorClass);
    this.stats.deadLetters++;
    this.stats.deadByClass.set(reason.errorClass, (this.stats.deadByClass.get(reason.errorClass) ?? 0) + 1);
  }

  /**
   * Registry outages are infrastructure, not bad data: wait with backoff (heartbeating so the
   * group keeps us) until it answers, and never skip the record. Returns undefined if stopped.
   */
  private async withRegistryRetry<T>(fn: () => Promise<T>, where: string, heartbeat: () => Promise<void>): Promise<T | undefined> {
    let delay = 250;
    let warnedAt = 0;
    for (;;) {
      try {
        return await fn();
      } catch (e) {
        if (!(isDlError(e) && e.retriable)) throw e;
        if (Date.now() - warnedAt > 10_000) {
          this.log('warn', `${where}: ${e.message}; pausing this partition and retrying (records are kept, nothing is skipped)`);
          warnedAt = Date.now();
        }
        await sleep(delay, this.signal);
        if (this.signal.aborted) return undefined;
        delay = Math.min(delay * 2, 5000);
        await heartbeat().catch(() => {});
      }
    }
  }

  /** True when every --once target is in the lake or buffered. */
  reachedTargets(): boolean {
    if (!this.targets) return false;
    for (const [key, target] of this.targets) {
      const st = this.states.get(key);
      const end = st ? st.next - 1n : (this.stats.committed.get(key) ?? -1n);
      if (end < target) return false;
    }
    return true;
  }

  /** True when every --once target is committed to the lake. */
  async committedTargets(): Promise<boolean> {
    if (!this.targets) return false;
    for (const [key, target] of this.targets) {
      let end = this.states.get(key)?.committedEnd;
      if (end === undefined || end < target) {
        const [topic, p] = splitKey(key);
        const latest = await this.writer.log.latest(topic, p);
        end = latest ? BigInt(latest.to) : -1n;
        this.stats.committed.set(key, end);
      }
      if (end < target) return false;
    }
    return true;
  }

  flushDue(): boolean {
    return this.buffered.records > 0 && Date.now() - this.lastFlushAt >= this.opts.flushIntervalMs;
  }

  /**
   * Seals every partition's buffer and commits it in the background; with `wait`, returns once
   * it is durable. At most one flush runs at a time (backpressure for the consumer).
   */
  async flush(wait: boolean, heartbeat?: () => Promise<void>): Promise<void> {
    // A flush held up by a storage outage can take long: keep the group membership meanwhile.
    while (this.flushing) {
      if (!heartbeat || this.signal.aborted) await this.flushing;
      else if (!(await settlesWithin(this.flushing, 2000))) await heartbeat().catch(() => {});
    }
    if (this.fatal) throw this.fatal;
    const sealed: Array<{ st: PartitionState; buf: PartitionBuffer }> = [];
    for (const st of this.states.values()) {
      if (st.current && st.current.records > 0) {
        sealed.push({ st, buf: st.current });
        st.current = undefined;
      }
    }
    this.buffered = { records: 0, bytes: 0 };
    this.lastFlushAt = Date.now();
    if (sealed.length === 0) return;
    const run = this.commitSealed(sealed).catch((e: unknown) => {
      this.fatal = isDlError(e) ? e : new DlError('LAKE_IO', `Writing the lake failed: ${errorMessage(e)}`, { cause: e });
      this.onDone?.();
    });
    this.flushing = run.finally(() => {
      if (this.flushing === tracked) this.flushing = undefined;
    });
    const tracked = this.flushing;
    if (wait) {
      await this.flushing;
      if (this.fatal) throw this.fatal;
    }
  }

  private async commitSealed(sealed: Array<{ st: PartitionState; buf: PartitionBuffer }>): Promise<void> {
    const started = Date.now();
    const offsets: Array<{ topic: string; partition: number; offset: string }> = [];
    for (const { st, buf } of sealed) {
      if (buf.epoch !== st.epoch) continue; // reset since: someone else owns these offsets now
      const outcome = await this.writer.flush(buf);
      if (!outcome.ok) {
        this.stats.conflicts++;
        const latest = await this.writer.log.latest(st.topic, st.partition);
        // The winner may have died between its link and its publish; recovery only looks at the
        // newest commit, so publish this one now, before anyone commits past it.
        if (latest) await this.writer.log.publish(latest);
        const end = latest ? BigInt(latest.to) : -1n;
        this.log('warn', `${partitionKey(st.topic, st.partition)}: another writer committed offsets ${buf.from}.. first; dropping ours and resuming after ${end}`);
        if (this.states.get(partitionKey(st.topic, st.partition)) === st) this.reset(st, end);
        continue;
      }
      const rec = outcome.record;
      st.committedEnd = BigInt(rec.to);
      this.stats.committed.set(partitionKey(st.topic, st.partition), st.committedEnd);
      this.stats.commits++;
      this.stats.files += rec.files.length;
      for (const f of rec.files) this.stats.bytesWritten += f.bytes;
      offsets.push({ topic: st.topic, partition: st.partition, offset: (st.committedEnd + 1n).toString() });
    }
    this.stats.lastFlushMs = Date.now() - started;
    if (offsets.length > 0 && this.consumer) {
      // Monitoring only: the lake is the source of truth, so a failure here loses nothing.
      await this.consumer.commitOffsets(offsets).catch((e: unknown) => this.log('info', `Kafka offset commit skipped: ${kafkaError(e, this.opts.kafka.brokers).message}`));
    }
    if (this.targets && (await this.committedTargets())) this.onDone?.();
  }

  async drain(): Promise<void> {
    await this.flush(true);
    if (this.flushing) await this.flushing;
    if (this.fatal) throw this.fatal;
  }
}

/** kafkajs's errors (KafkaJSProtocolError, KafkaJSConnectionError, ...) are kafkajs's to handle. */
function isKafkaJsError(e: unknown): boolean {
  return e instanceof Error && e.name.startsWith('KafkaJS');
}

function splitKey(key: string): [string, number] {
  const i = key.lastIndexOf('/');
  return [key.slice(0, i), Number(key.slice(i + 1))];
}

/** True when `p` settles within `ms`; the timer is cleared either way (no listener or timer left behind per call). */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
