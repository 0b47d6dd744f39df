import { kafkajs, type Admin } from '@dl/kafka';
import type { Outgoing } from './replay-message.js';

/** One partition of a topic's metadata, as the admin client returns it and kafkajs's partitioners read it. */
export type PartitionMetadata = Awaited<ReturnType<Admin['fetchTopicMetadata']>>['topics'][number]['partitions'][number];

/**
 * Picks each message's partition before sending, so the intent records exactly where everything
 * goes and each acknowledgement maps back to its messages. By key: Java's murmur2 (kafkajs's
 * default partitioner, the one `dl produce` uses), so a replayed record joins its key's partition;
 * keyless records are spread round-robin. Returns the reason when the partition cannot be had.
 */
export function partitionChooser(metadata: ReadonlyMap<string, PartitionMetadata[]>): (o: Outgoing) => number | { missing: string } {
  const byKey = kafkajs.Partitioners.DefaultPartitioner();
  return (o) => {
    const partitions = metadata.get(o.topic) ?? [];
    if (o.partition !== undefined) {
      if (partitions.some((p) => p.partitionId === o.partition)) return o.partition;
      return { missing: `topic ${o.topic} has no partition ${o.partition}, the dead letter's own (it has ${partitions.length})` };
    }
    return byKey({ topic: o.topic, partitionMetadata: partitions, message: { key: o.key, value: o.value } });
  };
}
