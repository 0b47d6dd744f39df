#!/usr/bin/env node
// pnpm bench:ingest [--records 1000000] [--runs 3] [--backlog 10000000]
//
// Against the running local stack: pre-produces N orders once (3 partitions, lz4; the topic is
// reused across runs), then measures in the same run, each in a process of its own:
//   1. the peer: kafkajs as shipped, a no-op eachBatch consumer reading the whole topic, with
//      dl ingest's fetch sizes and with big fetches (16 MB/64 MB); the faster is the ceiling,
//   2. the same no-op consumer with dl's record batch decoder (what dl ingest runs on),
//   3. `dl ingest --once` into a fresh lake (records/s from its summary, peak RSS from /usr/bin/time),
//      as bin/dl, and as `node bin/dl` (without the launcher's malloc thresholds),
// medians of --runs, and prints the ratios. With --backlog it also ingests a topic of that many
// records once, to show whether peak RSS depends on the backlog.
// Figures, not a test: nothing here fails on a slow machine. Quiet machines give stable figures;
// the load average is printed with them.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import { sameNodePath } from './same-node-path.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const records = arg('records', 1_000_000);
const runs = arg('runs', 3);
const backlog = arg('backlog', 0);
// dl ingest's own fetch sizes (packages/ingester/src/ingest.ts), and kafkajs-friendly big ones.
const DL_FETCH = [128 * 1024, 512 * 1024];
const BIG_FETCH = [16 << 20, 64 << 20];

const stackFile = path.join(process.env.DL_STACK_DIR ?? path.join(repo, '.stack'), 'endpoints.json');
if (!process.env.KAFKA_BROKERS && !existsSync(stackFile)) {
  console.error('bench:ingest needs the local stack: run `pnpm stack:up` first.');
  process.exit(1);
}
const endpoints = existsSync(stackFile) ? JSON.parse(readFileSync(stackFile, 'utf8')) : {};
const brokers = process.env.KAFKA_BROKERS ?? endpoints.brokers;
const kafka = new kafkajs.Kafka({ clientId: 'bench', brokers: brokers.split(','), logLevel: kafkajs.logLevel.NOTHING });

async function topicSize(topic) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  } finally {
    await admin.disconnect();
  }
}

async function ensureTopic(topic, n) {
  const have = await topicSize(topic);
  if (have >= n) return;
  console.error(`bench: producing ${n - have} orders to ${topic} (once; reused by later runs)...`);
  const produceArgs = [
    'produce',
    '--topic',
    topic,
    '--partitions',
    '3',
    '--count',
    String(n - have),
    '--seed',
    '1',
    '--compression',
    'lz4',
    '--format',
    'json',
  ];
  const r = spawnSync(process.execPath, [path.join(repo, 'bin/dl'), ...produceArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error('dl produce failed');
}

/** Runs `argv` under /usr/bin/time; resolves with its stdout and peak RSS in MB. */
function timed(argv, env = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', ...argv], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: repo,
      env: { ...process.env, PATH: sameNodePath(), ...env },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${argv.slice(0, 3).join(' ')} exited ${code}: ${err}`));
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ out, rssMb: Number(err.trim().split('\n').pop()) / 1024, wall });
    });
  });
}

async function noop(topic, n, decoder, [perPartition, max]) {
  const script = path.join(repo, 'bench/noop-consumer.mjs');
  const flags = ['--topic', topic, '--records', String(n), '--brokers', brokers, '--decoder', decoder];
  const r = await timed([process.execPath, script, ...flags, '--max-bytes-per-partition', String(perPartition), '--max-bytes', String(max)]);
  return { ...JSON.parse(r.out.trim()), rssMb: r.rssMb, wall: r.wall };
}

/** `dl ingest --once` as users run it (bin/dl), or with `viaNode` as `node bin/dl` (without the launcher's malloc thresholds). */
async function ingestOnce(topic, viaNode = false) {
  const lake = mkdtempSync(path.join(os.tmpdir(), 'dl-bench-lake-'));
  try {
    const flags = ['--once', '--topic', topic, '--group', `bench-${process.pid}-${Date.now()}`, '--data-dir', lake, '--progress', 'none', '--format', 'json'];
    const r = await timed([...(viaNode ? [process.execPath] : []), path.join(repo, 'bin/dl'), 'ingest', ...flags]);
    const summary = JSON.parse(r.out.trim().split('\n').pop());
    return { rate: summary.records / summary.seconds, rssMb: r.rssMb, wall: r.wall, summary };
  } finally {
    rmSync(lake, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function medianOf(n, f) {
  const all = [];
  for (let i = 0; i < n; i++) all.push(await f());
  return { rate: median(all.map((x) => x.rate)), rssMb: Math.max(...all.map((x) => x.rssMb)), wall: median(all.map((x) => x.wall)), all };
}

const topic = `bench.orders.${records}`;
await ensureTopic(topic, records);
const load = () => os.loadavg()[0].toFixed(2);
const loadBefore = load();
const stockSmall = await medianOf(runs, () => noop(topic, records, 'kafkajs', DL_FETCH));
const stockBig = await medianOf(runs, () => noop(topic, records, 'kafkajs', BIG_FETCH));
const dlDecoder = await medianOf(runs, () => noop(topic, records, 'dl', DL_FETCH));
const ingest = await medianOf(runs, () => ingestOnce(topic));
// bin/dl fixes glibc's malloc thresholds before Node starts (as the Docker image does; see bin/dl):
// the same run without them shows what that is worth.
const ingestViaNode = await medianOf(runs, () => ingestOnce(topic, true));
const ceiling = Math.max(stockSmall.rate, stockBig.rate);
const peer = stockSmall.rate >= stockBig.rate ? stockSmall : stockBig;
let big;
let bigCeiling;
if (backlog > 0) {
  const bigTopic = `bench.orders.${backlog}`;
  await ensureTopic(bigTopic, backlog);
  big = await ingestOnce(bigTopic);
  // The peer on the same topic (once each): start-up and group join weigh less over 10M records.
  bigCeiling = Math.max((await noop(bigTopic, backlog, 'kafkajs', DL_FETCH)).rate, (await noop(bigTopic, backlog, 'kafkajs', BIG_FETCH)).rate);
}

const k = (x) => `${Math.round(x / 1000)}k rec/s`;
const mb = (x) => `${Math.round(x)} MB peak RSS`;
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `\nbench:ingest ${new Date().toISOString().slice(0, 10)}: ${records} orders, ${os.cpus().length} × ${cpu}, Node ${process.version}, load ${loadBefore} → ${load()}; medians of ${runs}`,
);
const rows = [
  ['kafkajs no-op eachBatch, 128 KB/512 KB fetches', `${k(stockSmall.rate)}  ${mb(stockSmall.rssMb)}`],
  ['kafkajs no-op eachBatch, 16 MB/64 MB fetches', `${k(stockBig.rate)}  ${mb(stockBig.rssMb)}`],
  ["no-op eachBatch with dl's record batch decoder", `${k(dlDecoder.rate)}  ${mb(dlDecoder.rssMb)}`],
  [`dl ingest --once (${records})`, `${k(ingest.rate)}  ${mb(ingest.rssMb)}  (runs: ${ingest.all.map((r) => k(r.rate)).join(', ')})`],
  ['  the same as `node bin/dl` (glibc malloc defaults)', `${k(ingestViaNode.rate)}  ${mb(ingestViaNode.rssMb)}`],
];
if (big) {
  rows.push([`kafkajs no-op, faster fetch sizes (${backlog})`, k(bigCeiling)]);
  rows.push([`dl ingest --once (${backlog})`, `${k(big.rate)}  ${mb(big.rssMb)}  ${big.wall.toFixed(0)} s wall`]);
}
for (const [name, v] of rows) console.log(`  ${name.padEnd(50)} ${v}`);
console.log(`  dl ingest / kafkajs ceiling (the faster no-op): ${(ingest.rate / ceiling).toFixed(2)}   (target >= 0.7)`);
console.log(`  dl ingest / no-op with dl's decoder:            ${(ingest.rate / dlDecoder.rate).toFixed(2)}`);
// The rates above are each program's own clock: the no-op's starts after its connect, dl's summary
// before its lake, admin and consumer set-up. Whole processes, start to exit, side by side:
console.log(
  `  process wall, start to exit: the ceiling's no-op ${peer.wall.toFixed(2)} s, dl ingest ${ingest.wall.toFixed(2)} s (no-op/dl ${(peer.wall / ingest.wall).toFixed(2)})`,
);
console.log(`  dl ingest peak RSS: ${Math.round(ingest.rssMb)} MB   (target <= 256 MB)`);
if (big) {
  console.log(`  dl ingest / kafkajs ceiling on ${backlog} records: ${(big.rate / bigCeiling).toFixed(2)}`);
  console.log(`  peak RSS ${backlog} vs ${records} records: ${(big.rssMb / ingest.rssMb).toFixed(2)}x   (target within ±20%)`);
}
