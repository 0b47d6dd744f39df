import kafkajs from 'kafkajs';
import { createRegistry, frame, avroType } from '@dl/core';
import { ORDER_SCHEMA, stackEndpoints } from './stack-env.js';

/** Test-side producer: writes exact bytes, so tests know what every record should become. */
export interface TestMessage {
  key: string | null;
  value: Buffer | null;
  headers?: Record<string, string>;
}

export async function createTopic(topic: string, partitions: number): Promise<void> {
  const kafka = new kafkajs.Kafka({ clientId: 'dl-test', brokers: stackEndpoints().brokers, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

export async function send(topic: string, messages: TestMessage[], partition?: (i: number) => number): Promise<void> {
  const kafka = new kafkajs.Kafka({ clientId: 'dl-test', brokers: stackEndpoints().brokers, logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 5000) {
      await producer.send({
        topic,
        acks: -1,
        messages: messages.slice(i, i + 5000).map((m, j) => ({
          key: m.key,
          value: m.value,
          ...(m.headers ? { headers: m.headers } : {}),
          ...(partition ? { partition: partition(i + j) } : {}),
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

export const orderType = avroType(ORDER_SCHEMA);

export function order(i: number): Record<string, unknown> {
  return {
    order_id: i,
    customer: i % 3 === 0 ? 'John Doe' : 'Zofia Żółć',
    description: i % 2 === 0 ? `order ${i}` : `zażółć gęślą jaźń ${i}`,
    price: 99.98,
    products: [
      { name: 'shoes', price: 49.99 },
      { name: 't-shirt', price: 49.99 },
    ].slice(0, (i % 2) + 1),
  };
}

export async function registerOrder(topic: string): Promise<number> {
  const registry = createRegistry({ url: stackEndpoints().registryUrl });
  return registry.register(`${topic}-value`, ORDER_SCHEMA);
}

export function framedOrder(id: number, i: number): Buffer {
  return frame(id, orderType.toBuffer(order(i)));
}

/** One message of each broken kind, with the class the ingester must give it. */
export async function brokenSet(topic: string, id: number, i: number): Promise<Array<TestMessage & { expected: string }>> {
  const registry = createRegistry({ url: stackEndpoints().registryUrl });
  const otherId = await registry.register(`${topic}-other-value`, {
    type: 'record',
    name: 'Other',
    namespace: 'dl.test',
    fields: [{ name: 'x', type: 'int' }],
  });
  const body = orderType.toBuffer(order(i));
  const framed = frame(id, body);
  const badMagic = Buffer.from(framed);
  badMagic[0] = 1;
  return [
    { key: 'nh', value: body, expected: 'NO_MAGIC_BYTE' },
    { key: 'nh0', value: orderType.toBuffer(order(0)), expected: 'NO_MAGIC_BYTE' },
    { key: 'bm', value: badMagic, expected: 'BAD_MAGIC_BYTE' },
    { key: 'uid', value: frame(2147483000, body), expected: 'UNKNOWN_SCHEMA_ID' },
    { key: 'tr', value: framed.subarray(0, framed.length - 8), expected: 'DECODE_ERROR' },
    { key: 'ga', value: Buffer.from('7b2267617262616765223a747275657d0a', 'hex'), expected: 'DECODE_ERROR' },
    {
      key: 'ws',
      value: frame(otherId, avroType({ type: 'record', name: 'Other', namespace: 'dl.test', fields: [{ name: 'x', type: 'int' }] }).toBuffer({ x: 1 })),
      expected: 'SUBJECT_MISMATCH',
    },
    { key: 'tomb', value: null, expected: 'TOMBSTONE' },
  ];
}
