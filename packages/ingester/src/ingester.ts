import type kafkajs from 'kafkajs';
import type { SchemaRegistry } from '@dl/core';
import { BatchLoop } from './batch-loop.js';
import { Flusher } from './flusher.js';
import type { IngestIo } from './ingest.js';
import type { IngestOptions } from './ingest-options.js';
import type { LakeWriter } from './lake-writer.js';
import { OnceTargets } from './once-targets.js';
import { PartitionAssigner } from './partition-assigner.js';
import { PartitionTable } from './partition-table.js';
import { RecordRouter } from './record-router.js';
import { RunControl } from './run-control.js';
import { Stats } from './stats.js';
import { TopicDecoders } from './topic-decoders.js';
import { tableSchema } from './table-schema.js';

/**
 * The consume → decode → route → buffer → write → commit pipeline, wired from its stages:
 * PartitionAssigner (the lake sets the position on every assignment), BatchLoop (consume),
 * TopicDecoders/RecordDecoder (decode), RecordRouter (route to table or DLQ), PartitionTable and
 * PartitionBuffer (buffer), Flusher and LakeWriter (write and commit), OnceTargets (--once).
 *
 * Progress lives in the lake (see LakeWriter): Kafka offsets are committed only after the lake
 * commit, for monitoring.
 */
export class Ingester {
  readonly stats = new Stats();
  private readonly control: RunControl;
  private readonly table: PartitionTable;
  private readonly assigner: PartitionAssigner;
  private readonly flusher: Flusher;
  private readonly loop: BatchLoop;
  private consumer: kafkajs.Consumer | undefined;
  private targets: OnceTargets | undefined;

  constructor(
    opts: IngestOptions,
    private readonly writer: LakeWriter,
    registry: SchemaRegistry,
    log: (level: 'info' | 'warn' | 'error', msg: string) => void,
    signal: AbortSignal,
    io: Pick<IngestIo, 'describe' | 'startGc'> = {},
  ) {
    this.control = new RunControl(signal, log, io.describe);
    this.table = new PartitionTable({ latest: (t, p) => writer.latest(t, p), publish: (records) => writer.publish(records) }, this.stats);
    this.assigner = new PartitionAssigner(this.table, this.control);
    this.flusher = new Flusher({
      writer,
      table: this.table,
      control: this.control,
      stats: this.stats,
      flushIntervalMs: opts.flushIntervalMs,
      brokers: opts.kafka.brokers,
      ...(io.startGc ? { startGc: io.startGc } : {}),
      afterCommit: async () => {
        if (this.targets && (await this.targets.committed())) this.control.done();
      },
    });
    this.loop = new BatchLoop({
      table: this.table,
      // A new reader schema is checked against the table before it decodes anything (Delta: a type
      // the table cannot take stops the run; nothing valid is dead-lettered by a narrowed reader).
      decoders: new TopicDecoders(opts, registry, (reader) =>
        writer.format.checkSchema?.(tableSchema(reader.json as never, { rawValue: opts.rawValue, headers: opts.withHeaders ?? false })),
      ),
      router: new RecordRouter(opts, this.stats),
      flusher: this.flusher,
      control: this.control,
      stats: this.stats,
      flushRecords: opts.flushRecords,
      flushBytes: opts.flushBytes,
      targets: () => this.targets,
    });
  }

  attach(consumer: kafkajs.Consumer, onDone: () => void): void {
    this.consumer = consumer;
    this.table.consumer = consumer;
    this.flusher.consumer = consumer;
    this.control.attach(onDone);
  }

  get failure(): Error | undefined {
    return this.control.fatal;
  }

  /** The run has ended (see RunControl.ended). */
  ended(): void {
    this.control.ended();
  }

  /** Stops the run as failed (exit non-zero) once what is buffered can no longer be trusted. */
  fail(e: Error): void {
    this.control.fail(e);
  }

  /** --once: the last offset to reach per `topic/partition` (high watermark - 1 at start). */
  setTargets(targets: Map<string, bigint>): void {
    this.targets = new OnceTargets(targets, this.table, this.writer, this.stats);
  }

  /** True when every --once target is committed to the lake (false without --once). */
  async committedTargets(): Promise<boolean> {
    return (await this.targets?.committed()) ?? false;
  }

  onAssignment(assignment: Record<string, number[]>): void {
    this.assigner.onAssignment(this.consumer, assignment);
  }

  eachBatch(payload: kafkajs.EachBatchPayload): Promise<void> {
    return this.loop.eachBatch(payload);
  }

  onFilteredBatch(topic: string, partition: number, firstOffset: string | null, lastOffset: string): void {
    this.loop.onFilteredBatch(topic, partition, firstOffset, lastOffset);
  }

  /**
   * The wall-clock step (about once a second): flush when due, even when the topic is idle; with
   * --once, commit what reaches the targets and end once the lake holds them.
   */
  tick(): void {
    const targets = this.targets;
    const reached = targets?.reached() ?? false;
    if (this.flusher.due() || (reached && this.table.hasUncommitted())) {
      this.flusher.flush(false).catch(() => this.control.done());
    } else if (targets && reached) {
      targets.committed().then(
        (ok) => ok && this.control.done(),
        () => {}, // read again on the next tick
      );
    }
  }

  /** The last flush, once the consumer has stopped: everything processed is committed. */
  drain(): Promise<void> {
    return this.flusher.drain();
  }
}
