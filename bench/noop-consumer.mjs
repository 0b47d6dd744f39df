#!/usr/bin/env node
// The peer of bench:ingest, run by it in a child process of its own (so each variant loads a
// fresh kafkajs): a kafkajs consumer whose eachBatch only counts, reading `--records` records
// of `--topic` from the beginning. `--decoder dl` installs dl's record batch decoder and fetch
// Batch first, before kafkajs loads (what `dl ingest` runs with); `--decoder kafkajs` is kafkajs
// as shipped. Prints one JSON line.
import { parseArgs } from 'node:util';
import { installFastConsumePaths } from '@dl/kafka/fast-paths';

const { values: a } = parseArgs({
  options: {
    topic: { type: 'string' },
    records: { type: 'string' },
    brokers: { type: 'string' },
    decoder: { type: 'string', default: 'kafkajs' },
    'max-bytes-per-partition': { type: 'string' },
    'max-bytes': { type: 'string' },
  },
});
if (a.decoder === 'dl') installFastConsumePaths();
// Loaded after the install: kafkajs's consumer group takes its Batch class as it loads.
const { default: kafkajs } = await import('kafkajs');
const { registerCodecs } = await import('@dl/kafka');
registerCodecs(); // the bench topic is lz4-compressed, as real producers' batches often are
const n = Number(a.records);
const kafka = new kafkajs.Kafka({ clientId: 'bench-noop', brokers: a.brokers.split(','), logLevel: kafkajs.logLevel.NOTHING });
const consumer = kafka.consumer({
  groupId: `bench-noop-${process.pid}-${Date.now()}`,
  maxBytesPerPartition: Number(a['max-bytes-per-partition']),
  maxBytes: Number(a['max-bytes']),
  maxWaitTimeInMs: 500,
});
await consumer.connect();
await consumer.subscribe({ topics: [a.topic], fromBeginning: true });
let seen = 0;
let bytes = 0;
const started = process.hrtime.bigint();
await new Promise((resolve) => {
  consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
      for (const m of batch.messages) bytes += m.value?.length ?? 0;
      if (seen >= n) resolve();
    },
  });
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await consumer.disconnect();
console.log(JSON.stringify({ records: seen, seconds, rate: seen / seconds, mbps: bytes / seconds / 1e6 }));
