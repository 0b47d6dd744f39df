import type kafkajs from 'kafkajs';
import { DlError } from '@dl/core';

export interface EnsuredTopic {
  created: boolean;
  partitions: number;
}

/**
 * Creates `topic` with `partitions` partitions unless it exists (then its own partition count is kept
 * and returned). Safe against a concurrent creator.
 */
export async function ensureTopic(admin: kafkajs.Admin, topic: string, partitions = 1): Promise<EnsuredTopic> {
  const existing = await partitionCount(admin, topic);
  if (existing !== undefined) return { created: false, partitions: existing };
  try {
    const created = await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    if (created) return { created: true, partitions };
  } catch (e) {
    if ((e as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw e;
  }
  const now = await partitionCount(admin, topic);
  if (now === undefined) throw new DlError('KAFKA', `Topic "${topic}" was neither created nor found; check the broker's logs.`);
  return { created: false, partitions: now };
}

async function partitionCount(admin: kafkajs.Admin, topic: string): Promise<number | undefined> {
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) return undefined;
  const meta = await admin.fetchTopicMetadata({ topics: [topic] });
  return meta.topics[0]?.partitions.length;
}
