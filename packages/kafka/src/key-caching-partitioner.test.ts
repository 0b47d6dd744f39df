import { describe, expect, it } from 'vitest';
import { kafkajs, keyCachingPartitioner } from '@dl/kafka';

describe('keyCachingPartitioner', () => {
  it("gives the same partitions as kafkajs's default partitioner", () => {
    const cached = keyCachingPartitioner()();
    const stock = kafkajs.Partitioners.DefaultPartitioner();
    for (const n of [1, 3, 7]) {
      const partitionMetadata = Array.from({ length: n }, (_, i) => ({ partitionId: i, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0 }));
      for (let i = 0; i < 200; i++) {
        const message = { key: `k${i % 50}`, value: null };
        expect(cached({ topic: 't', partitionMetadata, message })).toBe(stock({ topic: 't', partitionMetadata, message }));
        const bufferKey = { key: Buffer.from(`k${i % 50}`), value: null };
        expect(cached({ topic: 't', partitionMetadata, message: bufferKey })).toBe(stock({ topic: 't', partitionMetadata, message }));
      }
      expect(cached({ topic: 't', partitionMetadata, message: { key: 'x', value: null, partition: 0 } })).toBe(0);
    }
  });
});
