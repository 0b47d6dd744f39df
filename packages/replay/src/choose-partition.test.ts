import { describe, expect, it } from 'vitest';
import { kafkajs } from '@dl/kafka';
import { partitionChooser, type PartitionMetadata } from './choose-partition.js';
import type { Outgoing } from './replay-message.js';

const parts = (n: number): PartitionMetadata[] =>
  Array.from({ length: n }, (_, p) => ({ partitionId: p, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0, offlineReplicas: [] }));
const out = (key: string | null, partition?: number): Outgoing => ({
  ref: 'x/0/0',
  topic: 't',
  partition,
  key: key === null ? null : Buffer.from(key),
  value: null,
  headers: [],
});

describe('partitionChooser', () => {
  const choose = partitionChooser(new Map([['t', parts(6)]]));

  it("routes by key as kafkajs's default (Java murmur2) partitioner does", () => {
    const reference = kafkajs.Partitioners.DefaultPartitioner();
    for (const key of ['product0', 'product1', 'order-42', 'zażółć']) {
      expect(choose(out(key))).toBe(reference({ topic: 't', partitionMetadata: parts(6), message: { key: Buffer.from(key), value: null } }));
    }
  });

  it('keeps --same-partition, or says the target has no such partition', () => {
    expect(choose(out('k', 4))).toBe(4);
    expect(choose(out('k', 9))).toEqual({ missing: "topic t has no partition 9, the dead letter's own (it has 6)" });
  });

  it('spreads keyless records over the partitions', () => {
    const seen = new Set(Array.from({ length: 12 }, () => choose(out(null))));
    expect(seen.size).toBe(6);
  });
});
