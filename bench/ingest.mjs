#!/usr/bin/env node
// pnpm bench:ingest [--records 1000000] [--backlog 10000000]
//
// Against the running local stack: pre-produces N orders once (topic reused across runs), then
// measures in the same run
//   1. the client's ceiling: a no-op kafkajs eachBatch consumer reading the whole topic,
//   2. `dl ingest --once` into a fresh lake (records/s, MB/s, peak RSS),
// and prints the ratio. With --backlog it repeats 2. on a bigger topic, to show RSS stays flat.
// Figures, not a test: nothing here fails on a slow machine.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import { registerCodecs } from '@dl/kafka';

const repo = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const records = arg('records', 1_000_000);
const backlog = arg('backlog', 0);

const stackFile = path.join(process.env.DL_STACK_DIR ?? path.join(repo, '.stack'), 'endpoints.json');
if (!process.env.KAFKA_BROKERS && !existsSync(stackFile)) {
  console.error('bench:ingest needs the local stack: run `pnpm stack:up` first.');
  process.exit(1);
}
const endpoints = existsSync(stackFile) ? JSON.parse(readFileSync(stackFile, 'utf8')) : {};
const brokers = (process.env.KAFKA_BROKERS ?? endpoints.brokers).split(',');
registerCodecs(); // the bench topic is lz4-compressed, as real producers' batches often are
const kafka = new kafkajs.Kafka({ clientId: 'bench', brokers, logLevel: kafkajs.logLevel.NOTHING });

async function topicSize(topic) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return { count: 0, bytes: 0 };
    const offsets = await admin.fetchTopicOffsets(topic);
    return { count: offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0) };
  } finally {
    await admin.disconnect();
  }
}

async function ensureTopic(topic, n) {
  const have = (await topicSize(topic)).count;
  if (have >= n) return;
  console.error(`bench: producing ${n - have} orders to ${topic} (once; reused by later runs)...`);
  const r = spawnSync(
    process.execPath,
    [
      path.join(repo, 'bin/dl'),
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
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (r.status !== 0) throw new Error('dl produce failed');
}

async function noopCeiling(topic, n) {
  const consumer = kafka.consumer({ groupId: `bench-noop-${Date.now()}`, maxBytesPerPartition: 16 << 20, maxBytes: 64 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
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
  return { seconds, rate: n / seconds, mbps: bytes / seconds / 1e6 };
}

function ingestOnce(topic) {
  const lake = mkdtempSync(path.join(os.tmpdir(), 'dl-bench-lake-'));
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      '/usr/bin/time',
      [
        '-f',
        '%M',
        process.execPath,
        path.join(repo, 'bin/dl'),
        'ingest',
        '--once',
        '--topic',
        topic,
        '--group',
        `bench-${Date.now()}`,
        '--data-dir',
        lake,
        '--progress',
        'none',
        '--format',
        'json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const du = spawnSync('du', ['-sb', lake], { encoding: 'utf8' }).stdout.split('\t')[0];
      rmSync(lake, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`dl ingest exited ${code}: ${err}`));
      const summary = JSON.parse(out.trim().split('\n').pop());
      const rssMb = Number(err.trim().split('\n').pop()) / 1024;
      resolve({ seconds, summary, rssMb, lakeBytes: Number(du) });
    });
  });
}

const topic = `bench.orders.${records}`;
await ensureTopic(topic, records);
const ceiling = await noopCeiling(topic, records);
const run = await ingestOnce(topic);
const rate = run.summary.records / run.summary.seconds;
const rows = [
  ['kafkajs no-op eachBatch (ceiling)', `${Math.round(ceiling.rate)} rec/s`, `${ceiling.mbps.toFixed(1)} MB/s`, '', ''],
  [
    `dl ingest --once (${records})`,
    `${Math.round(rate)} rec/s`,
    `${(run.summary.bytesWritten / run.summary.seconds / 1e6).toFixed(1)} MB/s written`,
    `${run.rssMb.toFixed(0)} MB peak RSS`,
    `${run.seconds.toFixed(1)} s wall incl. start-up`,
  ],
];
if (backlog > 0) {
  const big = `bench.orders.${backlog}`;
  await ensureTopic(big, backlog);
  const b = await ingestOnce(big);
  rows.push([
    `dl ingest --once (${backlog})`,
    `${Math.round(b.summary.records / b.summary.seconds)} rec/s`,
    '',
    `${b.rssMb.toFixed(0)} MB peak RSS`,
    `${b.seconds.toFixed(1)} s wall`,
  ]);
}
console.log(`\nbench:ingest on ${os.cpus().length} cores, Node ${process.version}`);
for (const r of rows) console.log(`  ${r[0].padEnd(38)} ${r.slice(1).filter(Boolean).join('  ')}`);
console.log(`  ratio ingest / ceiling: ${(rate / ceiling.rate).toFixed(2)}  (targets: >= 150000 rec/s, >= 0.7x, <= 256 MB RSS)`);
