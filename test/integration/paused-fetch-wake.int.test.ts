import { describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { installFastConsumePaths } from '@dl/kafka';
import { createTopic, send } from '../support/produce-raw.js';
import { stackEndpoints, uniqueTopic } from '../support/stack-env.js';

// dl ingest pauses each assignment until the lake says where its partitions resume, then resumes.
// kafkajs alone sleeps its whole maxWaitTime once every partition is paused, whatever resumes
// meanwhile; with dl's consume paths installed the fetch loop wakes at the resume. A real broker
// and kafkajs's own consumer: only the wrapped ConsumerGroup methods are dl's.

const MAX_WAIT_MS = 20_000;

describe('a kafkajs consumer that pauses every partition at its join and resumes them', () => {
  it(`fetches at the resume, not after maxWaitTime (${MAX_WAIT_MS} ms)`, async () => {
    expect(installFastConsumePaths().pausedFetch).toBe('wakes-on-resume');
    const topic = uniqueTopic('wake');
    await createTopic(topic, 2);
    await send(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: Buffer.from(`v${i}`) })),
      (i) => i % 2,
    );
    const kafka = new kafkajs.Kafka({ clientId: 'dl-test', brokers: stackEndpoints().brokers, logLevel: kafkajs.logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `${topic}-g`, maxWaitTimeInMs: MAX_WAIT_MS });
    let resumedAt = 0;
    let pausedAtJoin = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      consumer.pause([{ topic, partitions: [0, 1] }]);
      pausedAtJoin = true;
      // What dl's assigner does once the lake is read (a few ms on disk; more on S3).
      setTimeout(() => {
        resumedAt = Date.now();
        consumer.resume([{ topic, partitions: [0, 1] }]);
      }, 300);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const values: string[] = [];
      const firstBatchAt = await new Promise<number>((resolve) => {
        let first = 0;
        void consumer.run({
          eachBatch: async ({ batch }) => {
            first ||= Date.now();
            values.push(...batch.messages.map((m) => m.value!.toString()));
            if (values.length === 10) resolve(first);
          },
        });
      });
      expect(pausedAtJoin).toBe(true);
      expect(resumedAt).toBeGreaterThan(0);
      // kafkajs alone: >= MAX_WAIT_MS after the pause (its sleep started before the resume).
      expect(firstBatchAt - resumedAt).toBeLessThan(MAX_WAIT_MS / 2);
      expect(values.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`).sort());
    } finally {
      await consumer.disconnect();
    }
  });
});
