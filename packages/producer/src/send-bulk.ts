import type { CompressionType, Producer } from '@dl/kafka';
import { BatchSender, type OutMessage } from './batch-sender.js';
import type { ValueFn } from './broken-values.js';
import type { KeyFn } from './key-template.js';
import type { OrderSource } from './order-source.js';
import { progressBar } from './progress.js';
import { rateLimiter } from './rate-limiter.js';

export interface BulkRun {
  producer: Producer;
  topic: string;
  compression: CompressionType;
  source: Extract<OrderSource, { kind: 'orders' }>;
  keyFn: KeyFn;
  valueFn: ValueFn;
  batchSize: number;
  rate?: number;
  signal?: AbortSignal;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface BulkResult {
  sent: number;
  failed: number;
  bytes: number;
  error: unknown;
  timings: { generateMs: number; encodeMs: number; sendMs: number };
}

/**
 * Keeps each request under ~512 KiB of records: the broker rejects a record batch over its
 * message.max.bytes (1 MiB by default), and kafkajs does not split batches itself.
 */
const MAX_REQUEST_BYTES = 512 * 1024;
/** Record overhead in a batch (varint lengths, deltas, attributes), generously. */
const RECORD_OVERHEAD = 16;

/** The fast path: generate and encode the next chunk while the previous one is on the wire. */
export async function sendBulk(run: BulkRun): Promise<BulkResult> {
  const { source, keyFn, valueFn } = run;
  const keyBytes = keyBufferCache();
  const progress = progressBar(run.stderr, source.total);
  const sender = new BatchSender(run.producer, run.topic, run.compression, () => progress.update(sender.sent));
  const pace = rateLimiter(run.rate, run.signal);
  // With a rate, send ~20 small batches a second rather than one burst.
  const chunk = run.rate === undefined ? run.batchSize : Math.max(1, Math.min(run.batchSize, Math.ceil(run.rate / 20)));
  let generateMs = 0;
  let encodeMs = 0;
  let bytes = 0;
  for (let i = 0; i < source.total && sender.error === undefined && !run.signal?.aborted;) {
    await pace(i);
    const n = Math.min(chunk, source.total - i);
    const t0 = performance.now();
    const orders = source.take(i, n);
    const t1 = performance.now();
    const requests: OutMessage[][] = [];
    let current: OutMessage[] = [];
    let currentBytes = 0;
    for (let k = 0; k < n; k++) {
      const order = orders[k]!;
      const key = keyBytes(keyFn({ i: i + k, orderId: order.order_id }));
      const value = valueFn(order);
      const size = (key === null ? 0 : key.length) + (value === null ? 0 : value.length);
      bytes += size;
      if (currentBytes + size + RECORD_OVERHEAD > MAX_REQUEST_BYTES && current.length > 0) {
        requests.push(current);
        current = [];
        currentBytes = 0;
      }
      current.push({ key, value });
      currentBytes += size + RECORD_OVERHEAD;
    }
    if (current.length > 0) requests.push(current);
    const t2 = performance.now();
    generateMs += t1 - t0;
    encodeMs += t2 - t1;
    for (const r of requests) await sender.add(r);
    i += n;
  }
  await sender.flush();
  progress.end();
  return { sent: sender.sent, failed: sender.failed, bytes, error: sender.error, timings: { generateMs, encodeMs, sendMs: sender.waitMs } };
}

/**
 * Keys as bytes, one Buffer per distinct key while there are few (the default template has two): saves
 * kafkajs a string conversion per message and lets the partitioner's cache hit by identity.
 */
function keyBufferCache(): (key: string | Buffer | null) => Buffer | null {
  const cache = new Map<string, Buffer>();
  return (key) => {
    if (key === null) return null;
    if (Buffer.isBuffer(key)) return key;
    let bytes = cache.get(key);
    if (bytes === undefined) {
      bytes = Buffer.from(key, 'utf8');
      if (cache.size < 1024) cache.set(key, bytes);
    }
    return bytes;
  };
}
