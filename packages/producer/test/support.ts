import net from 'node:net';
import { PassThrough } from 'node:stream';
import { expect } from 'vitest';
import { createKafka, textLogSink } from '@dl/kafka';
import { produce, type ProduceOptions, type ProduceSummary } from '@dl/producer';
import { stackEndpoints } from '@dl/test-support/stack-env';

export interface Consumed {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
}

/** Connection settings for the running local stack. */
export function stackOptions(): Pick<ProduceOptions, 'kafka' | 'registry'> {
  const { brokers, registryUrl } = stackEndpoints();
  return { kafka: { brokers, clientId: 'dl-produce-test' }, registry: { url: registryUrl } };
}

/** Runs produce() in-process with captured stdout/stderr. */
export async function runProduce(opts: Omit<ProduceOptions, 'kafka' | 'registry'> & Partial<ProduceOptions>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const summary: ProduceSummary = await produce({ ...stackOptions(), ...opts }, { stdout, stderr, stdin: Object.assign(new PassThrough(), { isTTY: false }) });
  return { summary, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** Reads `count` messages of `topic` from the beginning (sorted by partition, offset), with the shared codecs. */
export async function consumeAll(topic: string, count: number, timeoutMs = 60_000): Promise<Consumed[]> {
  const kafka = createKafka(
    { brokers: stackEndpoints().brokers, clientId: 'dl-produce-test' },
    textLogSink(() => {}),
  );
  const consumer = kafka.consumer({ groupId: `check-${topic}-${Date.now()}` });
  await consumer.connect();
  const got: Consumed[] = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${count} messages arrived in ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            got.push({ partition: batch.partition, offset: m.offset, key: m.key?.toString('utf8') ?? null, value: m.value });
          }
          if (got.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return got.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Compares orders one by one, so a mismatch reports its index instead of a diff of thousands of lines. */
export function expectSameOrders(actual: readonly unknown[], expected: readonly unknown[]): void {
  expect(actual.length).toBe(expected.length);
  const a = actual.map((o) => JSON.stringify(o));
  const e = expected.map((o) => JSON.stringify(o));
  const i = a.findIndex((x, k) => x !== e[k]);
  expect(i === -1 ? null : { index: i, actual: a[i], expected: e[i] }).toBeNull();
}
