import { describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openS3Store } from '../../packages/storage/src/s3.js';
import { ORDER_SCHEMA, REPO, stackEndpoints, stackS3, uniqueTopic } from '../support/stack-env.js';

interface StackModule {
  down(opts?: Record<string, unknown>): Promise<unknown>;
  up(opts?: Record<string, unknown>): Promise<unknown>;
  status(opts?: Record<string, unknown>): Promise<{ registry: { pid: number | null } }>;
  startComponent(component: 'registry', opts?: Record<string, unknown>): Promise<unknown>;
}

// Proves the local stack is the real thing: a broker that stores and serves messages to a
// consumer group, a registry whose schema ids survive a full stack restart, and an S3 server
// whose objects do too.
describe('local stack smoke test', () => {
  it('produces and consumes through a real broker, and keeps schema ids across down + up', { timeout: 240_000 }, async () => {
    const { brokers, registryUrl } = stackEndpoints();
    const topic = uniqueTopic('smoke');
    const kafka = new kafkajs.Kafka({ clientId: 'smoke', brokers, logLevel: kafkajs.logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    expect(await admin.listTopics()).toContain(topic);
    await admin.disconnect();

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'a', value: 'zażółć gęślą jaźń' },
        { key: 'b', value: 'two' },
      ],
    });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: `smoke-${topic}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const got: string[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          got.push(message.value!.toString());
          if (got.length === 2) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(got.sort()).toEqual(['two', 'zażółć gęślą jaźń']);

    const registry = new SchemaRegistry({ host: registryUrl });
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(ORDER_SCHEMA) }, { subject: `${topic}-value` });
    const before = await registry.getSchema(id);
    expect((before as unknown as { name: string }).name).toBe('dev.dl.orders.Order');

    // An object in the stack's S3 server, which must survive the restart too.
    const s3 = stackS3();
    const objectKey = `smoke/${topic}`;
    const s3Store = await openS3Store({ ...s3, prefix: '' });
    await s3Store.put(objectKey, 'kept across down + up');
    await s3Store.close();

    const stack = (await import(pathToFileURL(path.join(REPO, 'stack/stack.mjs')).href)) as StackModule;
    // Restart on the same ports (the stacks these tests run on put the controller at Kafka + 1).
    const kafkaPort = Number(brokers[0]!.split(':')[1]);
    const ports = { kafkaPort, controllerPort: kafkaPort + 1, registryPort: Number(new URL(registryUrl).port), s3Port: Number(new URL(s3.endpoint).port) };
    await stack.down();
    await stack.up(ports);
    const after = new SchemaRegistry({ host: stackEndpoints().registryUrl });
    const again = await after.getSchema(id);
    expect(JSON.stringify(again)).toBe(JSON.stringify(before));
    // And the broker kept the topic's messages.
    const admin2 = new kafkajs.Kafka({ clientId: 'smoke2', brokers: stackEndpoints().brokers, logLevel: kafkajs.logLevel.NOTHING }).admin();
    await admin2.connect();
    const offsets = await admin2.fetchTopicOffsets(topic);
    await admin2.disconnect();
    expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBe(2);
    const s3After = await openS3Store({ ...stackS3(), prefix: '' });
    expect(new TextDecoder().decode(await s3After.get(objectKey))).toBe('kept across down + up');
    await s3After.delete(objectKey);
    await s3After.close();
  });

  // The tests that stop the registry (outages) rely on it answering afterwards with what it had
  // acknowledged before. A SIGKILL leaves no shutdown path to flush anything: what was
  // acknowledged must already be in the file (a CI run once lost four subjects across a stop).
  it('keeps a schema the registry acknowledged even when the registry is killed right after (SIGKILL)', { timeout: 120_000 }, async () => {
    const { registryUrl } = stackEndpoints();
    const subject = `${uniqueTopic('durable')}-value`;
    const registry = new SchemaRegistry({ host: registryUrl });
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(ORDER_SCHEMA) }, { subject });
    const stack = (await import(pathToFileURL(path.join(REPO, 'stack/stack.mjs')).href)) as StackModule;
    const { isAlive } = (await import(pathToFileURL(path.join(REPO, 'stack/lib/proc.mjs')).href)) as { isAlive(pid: number): boolean };
    const pid = (await stack.status()).registry.pid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    while (isAlive(pid!)) await new Promise((r) => setTimeout(r, 50));
    await stack.startComponent('registry');
    const res = await fetch(`${registryUrl}/subjects/${encodeURIComponent(subject)}/versions/1`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: number }).id).toBe(id);
  });
});
