import kafkajs from 'kafkajs';
import { stackEndpoints } from './stack-env.js';

/** Every value of a topic as Kafka holds it, by `<partition>/<offset>`: the bytes dead letters must keep. */
export async function rawValues(topic: string): Promise<Map<string, Buffer | null>> {
  const kafka = new kafkajs.Kafka({ clientId: 'acc', brokers: stackEndpoints().brokers, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const total = (await admin.fetchTopicOffsets(topic)).reduce((n, o) => n + Number(o.high), 0);
  await admin.disconnect();
  const out = new Map<string, Buffer | null>();
  const c = kafka.consumer({ groupId: `raw-${topic}` });
  await c.connect();
  await c.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise<void>((resolve) => {
    void c.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) out.set(`${batch.partition}/${m.offset}`, m.value);
        if (out.size >= total) resolve();
      },
    });
  });
  await c.disconnect();
  return out;
}
