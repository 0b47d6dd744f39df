import { brokenSet, createTopic, framedOrder, registerOrder, send, type TestMessage } from './produce-raw.js';
import { uniqueTopic } from './stack-env.js';

export interface CrashTopic {
  topic: string;
  /** How many messages the topic holds once every share is sent. */
  total: number;
  /** Sends the next of `shares` equal shares of the messages (the last one takes the rest); false when all are sent. */
  sendShare(): Promise<boolean>;
}

/**
 * The crash tests' input: a 3-partition topic with `good` orders and a broken message of each
 * kind in turn after every 2,000th, sent in `shares` parts on request, so that a test killing
 * runs in a loop can keep new records coming for each run (a backlog sent at once was ingested
 * whole after a few runs, and the later runs had nothing left to be killed at work on).
 */
export async function crashTopic(prefix: string, good: number, shares: number): Promise<CrashTopic> {
  const topic = uniqueTopic(prefix);
  await createTopic(topic, 3);
  const id = await registerOrder(topic);
  const broken = await brokenSet(topic, id, 3);
  const messages: TestMessage[] = [];
  for (let i = 0; i < good; i++) {
    messages.push({ key: `product${i % 2}`, value: framedOrder(id, i) });
    if (i % 2000 === 0) messages.push(broken[(i / 2000) % broken.length]!);
  }
  const size = Math.ceil(messages.length / shares);
  let sent = 0;
  return {
    topic,
    total: messages.length,
    async sendShare() {
      if (sent >= messages.length) return false;
      const from = sent;
      sent = Math.min(messages.length, from + size);
      await send(topic, messages.slice(from, sent), (j) => (from + j) % 3);
      return true;
    },
  };
}
