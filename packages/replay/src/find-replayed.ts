import { randomBytes } from 'node:crypto';
import { DlError, REPLAY_HEADER, type ReplayLanding } from '@dl/core';
import { kafkaError, type Kafka } from '@dl/kafka';

/** Offsets `from` (inclusive) to `to` (exclusive) of one partition. */
export interface ScanRange {
  topic: string;
  partition: number;
  from: bigint;
  to: bigint;
}

export interface FindOptions {
  brokers: string[];
  /** Bounds the read (it is not interrupted by Ctrl-C: it only reads, and is usually short). */
  timeoutMs: number;
}

/**
 * Reads the ranges and returns where each of `refs` landed, by the `dl-replay-of` header. A throwaway
 * consumer group (deleted afterwards) reads from the start of each range to its end; a partition is
 * finished when a fetch reaches `to - 1`, control records and compacted gaps included.
 */
export async function findReplayed(kafka: Kafka, ranges: ScanRange[], refs: ReadonlySet<string>, opts: FindOptions): Promise<Map<string, ReplayLanding>> {
  const found = new Map<string, ReplayLanding>();
  const open = new Map(ranges.filter((r) => r.to > r.from).map((r) => [`${r.topic}/${r.partition}`, r]));
  if (open.size === 0) return found;
  const groupId = `dl-replay-check-${randomBytes(6).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 250 });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...new Set([...open.values()].map((r) => r.topic))], fromBeginning: true });
    const finished = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => {
        const left = [...open.values()].map((r) => `${r.topic}/${r.partition} (to offset ${r.to - 1n})`).join(', ');
        reject(
          new DlError('KAFKA', `Reading ${left} to reconcile an interrupted replay took over ${opts.timeoutMs / 1000} s; run dl replay again.`, {
            retriable: true,
          }),
        );
      }, opts.timeoutMs);
      const reached = (topic: string, partition: number, last: bigint) => {
        const key = `${topic}/${partition}`;
        const r = open.get(key);
        if (r && last >= r.to - 1n) open.delete(key);
        if (open.size === 0) resolve();
      };
      // Fired for every fetched batch, also for those holding only control records (eachBatch never sees those).
      consumer.on(consumer.events.END_BATCH_PROCESS, (e) => reached(e.payload.topic, e.payload.partition, BigInt(e.payload.lastOffset)));
      consumer.on(consumer.events.CRASH, (e) => {
        if (!e.payload.restart) reject(kafkaError(e.payload.error, opts.brokers, 'reading topics to reconcile an interrupted replay'));
      });
      void consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const r = open.get(`${batch.topic}/${batch.partition}`);
            if (!r) return;
            for (const m of batch.messages) {
              const offset = BigInt(m.offset);
              if (offset < r.from || offset >= r.to) continue;
              const h = m.headers?.[REPLAY_HEADER];
              const value = Array.isArray(h) ? h[0] : h;
              const ref = value === undefined ? undefined : value.toString();
              if (ref !== undefined && refs.has(ref) && !found.has(ref))
                found.set(ref, { ref, topic: batch.topic, partition: batch.partition, offset: m.offset });
            }
          },
        })
        .then(() => {
          // Until the seeks apply, fetches start at the log start (subscribed from the beginning): contiguous
          // batches from before `from`, so a partition is never marked finished with part of its range unread.
          for (const r of open.values()) consumer.seek({ topic: r.topic, partition: r.partition, offset: r.from.toString() });
        })
        .catch(reject);
    });
    await finished;
    return found;
  } catch (e) {
    throw kafkaError(e, opts.brokers, 'reading topics to reconcile an interrupted replay');
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => {});
    const admin = kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([groupId]))
      .catch(() => {})
      .finally(() => admin.disconnect().catch(() => {}));
  }
}
