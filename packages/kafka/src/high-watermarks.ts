import type kafkajs from 'kafkajs';
import { DlError } from '@dl/core';

export interface PartitionWatermarks {
  topic: string;
  partition: number;
  /** First offset still in the log. */
  low: bigint;
  /** Offset the next record will get: a consumer that reached it has read everything there was. */
  high: bigint;
}

/** Low and high watermarks of every partition of `topics`, sorted by topic then partition. */
export async function highWatermarks(admin: kafkajs.Admin, topics: readonly string[]): Promise<PartitionWatermarks[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) throw new DlError('NOT_FOUND', `Topic ${missing.map((t) => `"${t}"`).join(', ')} does not exist on the broker.`);
  const out: PartitionWatermarks[] = [];
  for (const topic of [...new Set(topics)].sort()) {
    const offsets = await admin.fetchTopicOffsets(topic);
    for (const o of offsets) out.push({ topic, partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) });
  }
  return out.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}
