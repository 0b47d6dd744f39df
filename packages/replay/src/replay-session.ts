import {
  createKafka,
  highWatermarks,
  KAFKA_RETRY,
  kafkaError,
  kafkajs,
  textLogSink,
  type Admin,
  type KafkaConnection,
  type PartitionWatermarks,
  type Producer,
} from '@dl/kafka';
import type { ReplayLanding } from '@dl/core';
import type { PartitionMetadata } from './choose-partition.js';
import { findReplayed, type ScanRange } from './find-replayed.js';

/** The Kafka side of a replay: one admin client, and an idempotent producer made on first use. */
export interface ReplaySession {
  /** Low and high watermarks of every partition of `topics`; NOT_FOUND names a topic that does not exist. */
  watermarks(topics: string[]): Promise<PartitionWatermarks[]>;
  metadata(topics: string[]): Promise<Map<string, PartitionMetadata[]>>;
  producer(): Promise<Producer>;
  /** Where each of `refs` landed in the ranges, by the `dl-replay-of` header (see find-replayed.ts). */
  findReplayed(ranges: ScanRange[], refs: ReadonlySet<string>, opts: { timeoutMs: number }): Promise<Map<string, ReplayLanding>>;
  close(): Promise<void>;
}

export async function openReplaySession(conn: KafkaConnection, stderr: NodeJS.WritableStream): Promise<ReplaySession> {
  const kafka = createKafka(
    conn,
    textLogSink((line) => stderr.write(line)),
  );
  const admin: Admin = kafka.admin();
  try {
    await admin.connect();
  } catch (e) {
    throw kafkaError(e, conn.brokers, 'connecting');
  }
  let producer: Promise<Producer> | undefined;
  const wrap = async <T>(doing: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      throw kafkaError(e, conn.brokers, doing);
    }
  };
  return {
    watermarks: (topics) => wrap('reading high watermarks', () => highWatermarks(admin, topics)),
    metadata: (topics) =>
      wrap('reading topic metadata', async () => {
        const meta = await admin.fetchTopicMetadata({ topics });
        return new Map(meta.topics.map((t) => [t.name, t.partitions]));
      }),
    producer: () =>
      (producer ??= wrap('connecting the producer', async () => {
        const p = kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          allowAutoTopicCreation: false,
          // Every message names its partition (see choose-partition.ts); this only silences kafkajs's notice.
          createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
          retry: KAFKA_RETRY,
        });
        await p.connect();
        return p;
      })),
    findReplayed: (ranges, refs, opts) => findReplayed(kafka, ranges, refs, { timeoutMs: opts.timeoutMs, brokers: conn.brokers }),
    async close() {
      if (producer) await (await producer.catch(() => undefined))?.disconnect().catch(() => {});
      await admin.disconnect().catch(() => {});
    },
  };
}
