#!/usr/bin/env node
// pnpm bench:row-path [--records 200000] [--runs 7] [--against <another built checkout>]
//
// The part of `dl ingest`'s main thread that turns fetched records into the columns of a file,
// measured in one thread without Kafka, so that a change of a few percent shows (bench:ingest's
// figures move ±10% from run to run on a 2-core box that also runs the broker). The same
// records as bench:ingest's topic (generated orders, Confluent-framed, keys product0/product1,
// as the decoded messages dl's record batch decoder hands kafkajs) go through what the batch
// loop calls per record: the key cells, then RecordRouter.routeDirect (the binary Avro decoder
// straight into the column builders, and the seed's columns). Every 50,000 rows the file is
// finished: Arrow table and IPC stream, as the encoder worker gets it.
// The peer, in the same run: avsc decoding the same bodies into JS objects (what a consumer
// that decodes each value does before it has written anything). Medians of --runs; figures,
// not a test. With --against, the same passes of another checkout's ingester (built) alternate
// with this one's in the same process, which is how to see a change of a few percent on a busy box.
import os from 'node:os';
import path from 'node:path';
import { orderSchema } from '../packages/core/dist/index.js';
import { generatedOrder, seededRandom } from '../packages/producer/dist/index.js';
import avro from '../packages/ingester/node_modules/avsc/lib/index.js';

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const records = arg('records', 200_000);
const runs = arg('runs', 7);
const againstAt = args.indexOf('--against');
const against = againstAt >= 0 ? args[againstAt + 1] : undefined;
const FILE_ROWS = 50_000;
const SCHEMA_ID = 1;
const TOPIC = 'bench.orders';

const json = orderSchema();
const type = avro.Type.forSchema(json);
const random = seededRandom(1);
const t0 = Date.UTC(2026, 11, 3);
// The values one after another in one buffer, as views: the record batch decoder hands out
// views of a decompressed batch the same way (separate allocations would add a cache miss each).
const bodies = [];
for (let i = 0; i < records; i++) bodies.push(type.toBuffer(generatedOrder(i, random)));
const all = Buffer.alloc(bodies.reduce((n, b) => n + 5 + b.length + 8, 0));
const messages = [];
let at = 0;
for (let i = 0; i < records; i++) {
  const key = all.subarray(at, at + all.write(`product${i % 2}`, at));
  at += key.length;
  all.writeInt32BE(SCHEMA_ID, at + 1);
  bodies[i].copy(all, at + 5);
  const value = all.subarray(at, at + 5 + bodies[i].length);
  at += value.length;
  messages.push({ magicByte: 2, attributes: 0, timestamp: String(t0 + i), offset: String(i), key, value, headers: {} });
}

// The schema as the registry would serve it: the decoder only needs id, type and JSON.
const schema = { id: SCHEMA_ID, type, json };
const registry = {
  getById: async () => schema,
  getLatest: async () => ({ id: SCHEMA_ID, version: 1, schema }),
  getVersion: async () => ({ id: SCHEMA_ID, version: 1, schema }),
  getSubjectIds: async () => new Map([[SCHEMA_ID, 1]]),
};
/** The row path of the checkout at `root`: its decoder, key decoder and router, and one timed pass. */
async function rowPath(root) {
  const dist = (file) => import(new URL(`packages/ingester/dist/${file}`, root).href);
  const { KeyDecoder } = await dist('key-decoder.js');
  const { PartitionBuffer } = await dist('partition-buffer.js');
  const { RecordDecoder } = await dist('record-decoder.js');
  const { RecordRouter } = await dist('record-router.js');
  const { Stats } = await dist('stats.js');
  // That checkout's own Arrow: its builders make that copy's Data.
  const { tableToIPC } = await import(new URL('packages/ingester/node_modules/apache-arrow/Arrow.node.mjs', root).href);
  const decoder = new RecordDecoder({ registry, subject: `${TOPIC}-value` });
  await decoder.prepare();
  const keys = new KeyDecoder('string', registry, undefined);
  await keys.prepare();
  const router = new RecordRouter({ partitionBy: { kind: 'date' }, rawValue: true, withHeaders: false }, new Stats());

  /** One pass over the records: ns per record to build rows, and to finish files (table + IPC). */
  return function pass() {
    let buf = new PartitionBuffer(TOPIC, 0, 0n, 0);
    let routeNs = 0n;
    let finishNs = 0n;
    let ipcBytes = 0;
    const finish = () => {
      const s = process.hrtime.bigint();
      for (const { acc } of buf.accumulators()) ipcBytes += tableToIPC(acc.toTable(), 'stream').byteLength;
      finishNs += process.hrtime.bigint() - s;
      buf = new PartitionBuffer(TOPIC, 0, 0n, 0, buf.tables);
    };
    let s = process.hrtime.bigint();
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i];
      const offset = BigInt(m.offset);
      const ts = Number(m.timestamp);
      const src = { topic: TOPIC, partition: 0, offset, message: m, timestampMs: ts };
      const k = keys.cached(m.key);
      if (k.kind !== 'key' || !router.routeDirect(buf, src, decoder, ts, { keys, key: k.key })) throw new Error(`record ${i} left the direct path`);
      if ((i + 1) % FILE_ROWS === 0) {
        routeNs += process.hrtime.bigint() - s;
        finish();
        s = process.hrtime.bigint();
      }
    }
    routeNs += process.hrtime.bigint() - s;
    finish();
    return { route: Number(routeNs) / records, finish: Number(finishNs) / records, ipcBytes };
  };
}

function avscPass() {
  const s = process.hrtime.bigint();
  let n = 0;
  for (const m of messages) n += type.decode(m.value, 5).value.products.length;
  if (n === 0) throw new Error('no products decoded');
  return Number(process.hrtime.bigint() - s) / records;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const here = new URL('..', import.meta.url);
const passes = [{ name: 'this checkout', pass: await rowPath(here), results: [] }];
if (against) passes.push({ name: against, pass: await rowPath(new URL(`file://${path.resolve(against)}/`)), results: [] });
const peer = [];
for (const p of passes) p.pass(); // warm-up: compile the decoder, size the builders
avscPass();
for (let r = 0; r < runs; r++) {
  for (const p of r % 2 ? [...passes].reverse() : passes) p.results.push(p.pass());
  peer.push(avscPass());
}
const avscNs = median(peer);
console.log(
  `\nbench:row-path ${new Date().toISOString().slice(0, 10)}: ${records} orders, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load ${os.loadavg()[0].toFixed(2)}; medians of ${runs}`,
);
for (const p of passes) {
  const route = median(p.results.map((x) => x.route));
  const fastest = Math.min(...p.results.map((x) => x.route));
  const finish = median(p.results.map((x) => x.finish));
  console.log(`  ${p.name}:`);
  console.log(
    `    record to row (key cells, Avro to columns, seed columns)  ${route.toFixed(0)} ns/record   (fastest ${fastest.toFixed(0)}; runs: ${p.results.map((x) => x.route.toFixed(0)).join(', ')})`,
  );
  console.log(
    `    finishing files (Arrow table + IPC stream)               ${finish.toFixed(0)} ns/record   (${(p.results[0].ipcBytes / records).toFixed(0)} IPC bytes/record)`,
  );
  console.log(`    rows / the peer's objects: ${(route / avscNs).toFixed(2)}`);
  p.route = route;
}
console.log(`  peer: avsc decoding the same values into objects             ${avscNs.toFixed(0)} ns/record`);
if (passes.length === 2) console.log(`  this checkout / ${against}: ${(passes[0].route / passes[1].route).toFixed(2)} (record to row)`);
