#!/usr/bin/env node
// Producer throughput against the local stack: `pnpm build && pnpm bench:produce [--count N]
// [--compression none|gzip|snappy|lz4|zstd] [--partitions N] [--batch-size N]`.
// First times generation and encoding alone (the CPU ceiling, no Kafka), then a real run of
// `dl produce` (in a process of its own), then the peer (bench/kafkajs-producer.mjs: kafkajs as shipped sending the same
// orders, in a process of its own), and prints msgs/s, MB/s, where the time went and the ratio.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sameNodePath } from './same-node-path.mjs';
import { generatedOrder, seededRandom, valueFn, localOrderType, compileKeyTemplate } from '../packages/producer/dist/index.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    compression: { type: 'string', default: 'none' },
    partitions: { type: 'string', default: '1' },
    'batch-size': { type: 'string', default: '1000' },
  },
});
const count = Number(args.count);

const endpointsFile = new URL('../.stack/endpoints.json', import.meta.url);
const stack = existsSync(endpointsFile) ? JSON.parse(readFileSync(endpointsFile, 'utf8')) : {};
const brokers = (process.env.KAFKA_BROKERS ?? stack.brokers ?? 'localhost:9092').split(',');
const registryUrl = process.env.SCHEMA_REGISTRY_URL ?? stack.registryUrl ?? 'http://localhost:8081';

// 1. CPU only: generate and encode, as the fast path does, without sending.
{
  const random = seededRandom(1);
  const type = localOrderType();
  const encode = valueFn(undefined, { orderType: type, schemaId: 1, random });
  const key = compileKeyTemplate('product{i%2}');
  let bytes = 0;
  let generateMs = 0;
  let encodeMs = 0;
  // In chunks, as produce() does, so the numbers include the same garbage-collection pattern.
  for (let from = 0; from < count; from += 10_000) {
    const t0 = performance.now();
    const orders = [];
    for (let i = from; i < Math.min(count, from + 10_000); i++) orders.push(generatedOrder(i, random));
    const t1 = performance.now();
    for (let k = 0; k < orders.length; k++) bytes += encode(orders[k]).length + key({ i: from + k, orderId: from + k }).length;
    generateMs += t1 - t0;
    encodeMs += performance.now() - t1;
  }
  const s = (generateMs + encodeMs) / 1000;
  console.log(
    `cpu only: ${count} orders: generate ${generateMs.toFixed(0)} ms, encode+key ${encodeMs.toFixed(0)} ms => ${Math.round(count / s)} msgs/s, ${(bytes / 1e6 / s).toFixed(1)} MB/s, ${(bytes / count).toFixed(1)} bytes/msg`,
  );
}

// 2. A real run, as a user runs it: `dl produce` in a process of its own.
const topic = `bench-${Date.now().toString(36)}`;
const dl = spawnSync(
  fileURLToPath(new URL('../bin/dl', import.meta.url)),
  [
    ...['produce', '--topic', topic, '--partitions', args.partitions, '--count', String(count), '--seed', '1'],
    ...['--compression', args.compression, '--batch-size', args['batch-size'], '--format', 'json'],
  ],
  {
    encoding: 'utf8',
    env: { ...process.env, PATH: sameNodePath(), KAFKA_BROKERS: brokers.join(','), SCHEMA_REGISTRY_URL: registryUrl },
  },
);
if (dl.status !== 0) throw new Error(`dl produce failed: ${dl.stderr}`);
if (dl.stderr.includes('kafkajs was loaded before')) console.log('warning: dl produce ran without its fast paths');
const summary = JSON.parse(dl.stdout.trim().split('\n').pop());
const t = summary.timings;
console.log(
  `produce: ${summary.sent} msgs to ${topic} (${summary.partitions} partitions, ${summary.compression}) in ${summary.seconds.toFixed(2)} s: ` +
    `${Math.round(summary.msgsPerSec)} msgs/s, ${summary.mbPerSec.toFixed(1)} MB/s; ` +
    `generate ${t.generateMs.toFixed(0)} ms, encode ${t.encodeMs.toFixed(0)} ms, waiting on send ${t.sendMs.toFixed(0)} ms`,
);
if (summary.failed > 0) process.exitCode = 1;

// 3. The peer: kafkajs as shipped, the same orders, in a fresh process.
const peerTopic = `${topic}-kafkajs`;
const peer = spawnSync(
  process.execPath,
  [
    fileURLToPath(new URL('kafkajs-producer.mjs', import.meta.url)),
    ...['--topic', peerTopic, '--count', String(count), '--brokers', brokers.join(','), '--compression', args.compression, '--batch-size', args['batch-size']],
  ],
  { encoding: 'utf8' },
);
if (peer.status !== 0) throw new Error(`the kafkajs peer failed: ${peer.stderr}`);
const theirs = JSON.parse(peer.stdout.trim());
console.log(`kafkajs as shipped, same orders: ${theirs.sent} msgs in ${theirs.seconds.toFixed(2)} s: ${Math.round(theirs.rate)} msgs/s`);
console.log(
  `bench:produce ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, load ${os.loadavg()[0].toFixed(2)}: ` +
    `dl produce / kafkajs = ${(summary.msgsPerSec / theirs.rate).toFixed(2)}  (target: dl produce >= 250k msgs/s)`,
);
