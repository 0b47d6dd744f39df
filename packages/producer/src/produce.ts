import { createRegistry, DlError, type SchemaRegistry } from '@dl/core';
import { compressionType, kafkaError } from '@dl/kafka';
import { valueFn } from './broken-values.js';
import { fastPathWarning } from './fast-paths.js';
import { openProducer } from './kafka-session.js';
import { compileKeyTemplate } from './key-template.js';
import { avroKeyFn } from './key-encoder.js';
import { seedOrder } from './order-drafts.js';
import { orderSource } from './order-source.js';
import { DEFAULT_KEY_TEMPLATE, DEFAULT_TOPIC, type ProduceIo, type ProduceOptions, type ProduceSummary } from './produce-options.js';
import { summaryLine } from './progress.js';
import { promptLoop } from './prompt-loop.js';
import { localOrderType, setupSchemas } from './schema-setup.js';
import { seededRandom } from './seeded-random.js';
import { sendBulk } from './send-bulk.js';
import { echoSender } from './send-echo.js';

/**
 * Sends orders to Kafka: prompted for (on a terminal), one or `count` with a description, generated, or
 * read from JSON lines; framed with the registered schema id, or broken in one chosen way. Everything
 * that can fail before the first message (flags, input lines, registry, broker) fails before it.
 */
export async function produce(opts: ProduceOptions, io: ProduceIo): Promise<ProduceSummary> {
  const topic = opts.topic ?? DEFAULT_TOPIC;
  const compression = opts.compression ?? 'none';
  let keyFn = compileKeyTemplate(opts.keyTemplate ?? DEFAULT_KEY_TEMPLATE);
  // Orders and garbage draw from separate streams, so --broken garbage does not change the orders.
  const seed = opts.seed;
  const source = await orderSource(opts, io, localOrderType(), seededRandom(seed));

  let registry: SchemaRegistry | undefined;
  const setup = await setupSchemas(() => (registry ??= createRegistry(opts.registry)), {
    topic,
    strategy: opts.subjectStrategy ?? 'topic',
    autoRegister: opts.autoRegister ?? true,
    broken: opts.broken,
  });
  if (opts.keySchema !== undefined) {
    keyFn = await avroKeyFn(keyFn, (registry ??= createRegistry(opts.registry)), { topic, strategy: opts.subjectStrategy ?? 'topic', schema: opts.keySchema });
  }
  const values = valueFn(opts.broken, { ...setup, random: seededRandom(seed === undefined ? undefined : seed ^ 0x5bd1e995) });

  const session = await openProducer(opts.kafka, topic, opts.partitions ?? 1, io);
  const started = performance.now();
  let sent = 0;
  let failed = 0;
  let bytes = 0;
  let error: unknown;
  let timings = { generateMs: 0, encodeMs: 0, sendMs: 0 };
  try {
    const echo = opts.echo ?? (source.kind === 'prompt' || (opts.description !== undefined && opts.count === undefined));
    if (source.kind === 'prompt' || echo) {
      const out = echoSender(session.producer, topic, compressionType(compression), keyFn, values, opts.broken, io.stdout);
      try {
        if (source.kind === 'prompt') {
          let i = 0;
          await promptLoop(io, (description) => out.send(seedOrder(i, description, { customer: opts.customer, price: opts.price }), i++));
        } else {
          for (let i = 0; i < source.total && !opts.signal?.aborted; i++) await out.send(source.take(i, 1)[0]!, i);
        }
      } catch (e) {
        error = e;
        failed = 1;
      }
      sent = out.sent;
      bytes = out.bytes;
    } else {
      const slow = fastPathWarning();
      if (slow) io.stderr.write(`${slow}\n`);
      const r = await sendBulk({
        producer: session.producer,
        topic,
        compression: compressionType(compression),
        source,
        keyFn,
        valueFn: values,
        batchSize: opts.batchSize ?? 1000,
        rate: opts.rate,
        signal: opts.signal,
        stderr: io.stderr,
      });
      ({ sent, failed, bytes, error, timings } = r);
    }
  } finally {
    await session.close();
  }

  const seconds = (performance.now() - started) / 1000;
  const summary: ProduceSummary = {
    topic,
    partitions: session.partitions,
    schemaId:
      opts.broken === 'unknown-id' ? (setup.unknownId ?? null) : opts.broken === 'wrong-schema' ? (setup.wrongSchema?.id ?? null) : (setup.schemaId ?? null),
    broken: opts.broken ?? null,
    compression,
    sent,
    failed,
    skipped: source.kind === 'orders' ? source.skipped : 0,
    bytes,
    seconds,
    msgsPerSec: seconds > 0 ? sent / seconds : 0,
    mbPerSec: seconds > 0 ? bytes / 1e6 / seconds : 0,
    timings,
  };
  if (opts.format === 'json') io.stdout.write(`${JSON.stringify(summary)}\n`);
  else if (source.kind === 'orders' && source.total > 1) io.stderr.write(summaryLine(summary));
  if (error !== undefined) throw error instanceof DlError ? error : kafkaError(error, opts.kafka.brokers, `sending to "${topic}"`);
  return summary;
}
