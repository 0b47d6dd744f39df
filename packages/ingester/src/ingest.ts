import type { Writable } from 'node:stream';
import { DlError, OptionError, PARQUET_PAGE_BYTES, PLAIN_ENCODED_COLUMNS, createRegistry } from '@dl/core';
import { createKafka, highWatermarks, installFastConsumePaths, kafkaError, textLogSink, type Admin, type Consumer } from '@dl/kafka';
import { Ingester } from './ingester.js';
import type { IngestOptions, IngestSummary } from './ingest-options.js';
import { LakeWriter, type TableFormatFactory } from './lake-writer.js';
import { checkTableFormat } from './check-table-format.js';
import { DEFAULT_CHECKPOINT_INTERVAL } from './ingest-options.js';
import { ParquetEncoder } from './parquet-encoder.js';
import { Progress } from './progress.js';
import { RetryStop } from './retry-stop.js';
import { partitionKey } from './partition-state.js';
import { serveMetrics } from './metrics.js';
import { openStore, type ObjectStore } from '@dl/storage';

export interface IngestIo {
  stderr: Writable;
  /** A second stop (the cli's second Ctrl-C): ends the final flush's storage retries too. */
  forceStop?: AbortSignal;
  /**
   * A library error in the caller's words, for the warnings printed during the run (libraries name
   * settings by their schema keys; the cli names them by flag). By default the error's message.
   */
  describe?: (e: Error) => string;
  /**
   * Asks for a major garbage collection, to run as soon as the current task ends (the cli passes
   * V8's); called as each flush seals its buffers. See Flusher for why.
   */
  startGc?: () => void;
}

/**
 * Streams Kafka topics into the Parquet lake until `signal` aborts (or, with `once`, until the
 * high watermarks seen at start are in the lake), then flushes, commits and returns a summary.
 */
export async function ingest(opts: IngestOptions, signal: AbortSignal, io: IngestIo): Promise<IngestSummary> {
  const describe = io.describe ?? ((e: Error) => e.message);
  const log = (level: 'info' | 'warn' | 'error', msg: string) => {
    if (level === 'info' && opts.progress === 'tty') return;
    if (opts.progress === 'json') io.stderr.write(`${JSON.stringify({ level, msg, ts: new Date().toISOString() })}\n`);
    else io.stderr.write(`${opts.progress === 'tty' ? '\r\x1b[2K' : ''}dl ingest: ${level === 'info' ? '' : `${level}: `}${msg}\n`);
  };
  // Before the consumer's first fetch: kafkajs then loads the decoder it keeps (see @dl/kafka).
  const checkCrcs = opts.checkCrcs ?? true;
  const fast = installFastConsumePaths({ checkCrcs });
  if (fast.recordBatchDecoder !== 'replaced') {
    // Asked-for CRC checks that do not happen are worth a warning (shown with every --progress).
    const crcs = checkCrcs ? '; batch CRCs are not verified' : '';
    log(
      checkCrcs ? 'warn' : 'info',
      `kafkajs ${fast.kafkajsVersion}: using its own record batch decoder (${fast.recordBatchDecoder}; slower, same records${crcs})`,
    );
  }
  // Something loaded kafkajs before @dl/ingester/fast-paths could replace its Batch: only slower.
  if (fast.batch !== 'replaced') log('info', `kafkajs ${fast.kafkajsVersion}: using its own fetch Batch (${fast.batch}; slower, same records)`);
  const kafka = createKafka(
    opts.kafka,
    textLogSink((line) => io.stderr.write(line)),
  );
  const registry = createRegistry(opts.registry);
  const encoder = new ParquetEncoder({
    compression: opts.compression,
    rowGroupSize: opts.rowGroupSize,
    plainColumns: PLAIN_ENCODED_COLUMNS,
    pageBytes: PARQUET_PAGE_BYTES,
  });
  const store: ObjectStore = await openStore(opts.dataDir, opts.s3 ?? {});
  await checkTableFormat(store, opts.tableFormat ?? 'parquet', opts.dataDir);
  const retryStop = new RetryStop(signal, io.forceStop);
  const writer = new LakeWriter({
    store,
    encoder,
    ...(opts.tableFormat === 'delta' ? { format: await deltaFormat(opts) } : {}),
    // Not `done`, nor the caller's signal once consuming: the final flush after a stop must still ride out a blip.
    retry: { signal: retryStop.signal, onWait: (e) => log('warn', `${describe(e).replace(/\.\s*$/, '')}; pausing and retrying (nothing is skipped)`) },
  });
  const admin = kafka.admin();
  let consumer: Consumer | undefined;
  let metricsStop: (() => Promise<void>) | undefined;
  const done = new AbortController();
  const onAbort = () => done.abort();
  signal.addEventListener('abort', onAbort, { once: true });

  const ingester = new Ingester(opts, writer, registry, log, done.signal, { describe, ...(io.startGc ? { startGc: io.startGc } : {}) });
  const progress = new Progress(opts.progress, ingester.stats, io.stderr);
  try {
    await writer.prepare();
    const recovered = await writer.recover();
    if (recovered.republished > 0) log('info', `recovered ${recovered.republished} file(s) of commits interrupted by a crash`);

    try {
      await admin.connect();
    } catch (e) {
      throw kafkaError(e, opts.kafka.brokers, 'connecting');
    }
    const topics = await resolveTopics(admin, opts.topics, opts.kafka.brokers);
    if (opts.once) {
      const marks = await highWatermarks(admin, topics);
      ingester.setTargets(new Map(marks.filter((m) => m.high > m.low).map((m) => [partitionKey(m.topic, m.partition), m.high - 1n])));
      if (await ingester.committedTargets()) {
        log('info', 'nothing new: every partition is already in the lake up to its high watermark');
        return ingester.stats.summary();
      }
    }
    if (opts.metricsPort !== undefined) metricsStop = await serveMetrics(opts.metricsPort, ingester.stats);

    consumer = kafka.consumer({
      groupId: opts.groupId,
      allowAutoTopicCreation: false,
      // Small fetches keep a fetch's records young: they are garbage before the next scavenge
      // instead of being promoted to the old generation. Measured on the 1M-order bench (a no-op
      // consumer with dl's record batch decoder): 128 KB/512 KB 905k rec/s at 113 MB peak RSS,
      // 512 KB/2 MB 695-815k at 273-290 MB, 1 MB/4 MB 640k at 352 MB. A partition's first batch
      // always comes whole, however big (the broker's rule), so no limit stops progress.
      maxBytesPerPartition: 128 * 1024,
      maxBytes: 512 * 1024,
      // The assignment pauses every partition until its lake position is loaded, and a kafkajs
      // fetch with nothing to ask for sleeps maxWaitTime before the next try (5 s by default):
      // every join and rebalance would stall that long. Idle long-polls now return every 500 ms.
      maxWaitTimeInMs: 500,
      sessionTimeout: opts.sessionTimeoutMs,
      rebalanceTimeout: Math.max(opts.sessionTimeoutMs, 10_000),
      heartbeatInterval: Math.min(3_000, Math.floor(opts.sessionTimeoutMs / 3)),
    });
    ingester.attach(consumer, () => done.abort());
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      const a = e.payload.memberAssignment;
      log(
        'info',
        `joined group ${opts.groupId}: ${
          Object.entries(a)
            .map(([t, ps]) => `${t} [${ps.join(',')}]`)
            .join(' ') || 'no partitions'
        }`,
      );
      ingester.onAssignment(a);
    });
    consumer.on(consumer.events.START_BATCH_PROCESS, (e) => {
      // batchSize 0: a fetch of only transaction markers and aborted records, which kafkajs
      // resolves without calling eachBatch. (Emitted synchronously inside kafkajs: never throw.)
      if (e.payload.batchSize !== 0) return;
      try {
        ingester.onFilteredBatch(e.payload.topic, e.payload.partition, e.payload.firstOffset ?? null, e.payload.lastOffset);
      } catch (err) {
        ingester.fail(err instanceof Error ? err : new Error(String(err)));
      }
    });
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload.restart) {
        // kafkajs gave up: the run failed, whatever was committed before stays committed.
        ingester.fail(kafkaError(e.payload.error, opts.kafka.brokers, 'consuming'));
        done.abort();
      } else {
        log('warn', `consumer restarting after: ${e.payload.error.message}`);
      }
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
    } catch (e) {
      throw kafkaError(e, opts.kafka.brokers, 'joining the consumer group');
    }
    progress.start();
    retryStop.consuming();
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (p) => ingester.eachBatch(p),
    });

    // Wall-clock flushes, even when the topic goes idle; --once ends from here too.
    const timer = setInterval(() => ingester.tick(), Math.min(1000, opts.flushIntervalMs));
    await new Promise<void>((resolve) => {
      if (done.signal.aborted) return resolve();
      done.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    clearInterval(timer);
    // Stop fetching first, so the last flush covers everything that was processed.
    await consumer.stop();
    await ingester.drain();
    return ingester.stats.summary();
  } finally {
    progress.stop();
    signal.removeEventListener('abort', onAbort);
    retryStop.dispose();
    await consumer?.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
    await metricsStop?.();
    await encoder.close();
    await writer.close(ingester.failure === undefined);
    ingester.ended();
    await store.close();
  }
}

async function resolveTopics(admin: Admin, topics: string[] | RegExp, brokers: string[]): Promise<string[]> {
  let existing: string[];
  try {
    existing = await admin.listTopics();
  } catch (e) {
    throw kafkaError(e, brokers, 'listing topics');
  }
  if (topics instanceof RegExp) {
    const matched = existing.filter((t) => topics.test(t) && !t.startsWith('__')).sort();
    if (matched.length === 0)
      throw new DlError(
        'NOT_FOUND',
        `No topic matches ${String(topics)}; topics on the broker: ${existing.filter((t) => !t.startsWith('__')).join(', ') || '(none)'}.`,
      );
    return matched;
  }
  const missing = topics.filter((t) => !existing.includes(t));
  if (missing.length > 0) {
    throw new OptionError(
      {
        setting: 'topics',
        value: topics.join(','),
        problem:
          topics.length === 1
            ? `does not exist on ${brokers.join(',')}`
            : `names ${missing.map((t) => `"${t}"`).join(', ')}, which ${missing.length > 1 ? 'do' : 'does'} not exist on ${brokers.join(',')}`,
        fix: `produce to it first (dl produce) or pass {topics} with one of: ${existing.filter((t) => !t.startsWith('__')).join(', ') || '(none)'}`,
      },
      { code: 'NOT_FOUND' },
    );
  }
  return topics;
}

/** `--table-format delta`: the publish step is a Delta commit, through the lake's own store. */
/** Loaded only for Delta tables: @dl/delta brings parquet-wasm (checkpoints) into this thread, ~17 MB. */
async function deltaFormat(opts: IngestOptions): Promise<TableFormatFactory> {
  const { DeltaFormat } = await import('./delta-format.js');
  return (store) => new DeltaFormat({ store, partitionBy: opts.partitionBy, checkpointInterval: opts.checkpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL });
}
