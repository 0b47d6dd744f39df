import { brokenSet, createTopic, framedOrder, registerOrder, send } from './produce-raw.js';
import { uniqueTopic } from './stack-env.js';

/**
 * The crash tests' input: a 3-partition topic with `good` orders and a broken message of each
 * kind in turn after every 2,000th. Returns the topic and how many messages it holds.
 */
export async function crashTopic(prefix: string, good: number): Promise<{ topic: string; total: number }> {
  const topic = uniqueTopic(prefix);
  await createTopic(topic, 3);
  const id = await registerOrder(topic);
  const broken = await brokenSet(topic, id, 3);
  const messages = [];
  for (let i = 0; i < good; i++) {
    messages.push({ key: `product${i % 2}`, value: framedOrder(id, i) });
    if (i % 2000 === 0) messages.push(broken[(i / 2000) % broken.length]!);
  }
  await send(topic, messages, (i) => i % 3);
  return { topic, total: messages.length };
}
