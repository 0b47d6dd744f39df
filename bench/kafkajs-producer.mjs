#!/usr/bin/env node
// The peer of bench:produce, run by it in a process of its own: kafkajs as shipped (none of dl's
// fast paths: this file loads no dl module that installs them) sending the same orders `dl
// produce` sends — the same Avro bytes, keys, batch size, compression, idempotent producer and
// acks=all, one batch in flight while the next is made. Prints one JSON line.
import { parseArgs } from 'node:util';
import kafkajs from 'kafkajs';
import { registerCodecs, compressionType } from '@dl/kafka';
import { generatedOrder } from '../packages/producer/dist/order-drafts.js';
import { seededRandom } from '../packages/producer/dist/seeded-random.js';
import { valueFn } from '../packages/producer/dist/broken-values.js';
import { localOrderType } from '../packages/producer/dist/schema-setup.js';
import { compileKeyTemplate } from '../packages/producer/dist/key-template.js';

const { values: a } = parseArgs({
  options: {
    topic: { type: 'string' },
    count: { type: 'string' },
    brokers: { type: 'string' },
    compression: { type: 'string' },
    'batch-size': { type: 'string' },
  },
});
registerCodecs();
const count = Number(a.count);
const batchSize = Number(a['batch-size']);
const kafka = new kafkajs.Kafka({ clientId: 'bench-peer', brokers: a.brokers.split(','), logLevel: kafkajs.logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: a.topic, numPartitions: 1 }] });
await admin.disconnect();
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5 });
await producer.connect();
const random = seededRandom(1);
const encode = valueFn(undefined, { orderType: localOrderType(), schemaId: 1, random });
const key = compileKeyTemplate('product{i%2}');
const compression = compressionType(a.compression);
const started = process.hrtime.bigint();
let pending;
for (let from = 0; from < count; from += batchSize) {
  const messages = [];
  for (let i = from; i < Math.min(count, from + batchSize); i++) messages.push({ key: key({ i, orderId: i }), value: encode(generatedOrder(i, random)) });
  await pending;
  pending = producer.send({ topic: a.topic, messages, acks: -1, compression });
}
await pending;
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await producer.disconnect();
console.log(JSON.stringify({ sent: count, seconds, rate: count / seconds }));
