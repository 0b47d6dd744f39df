#!/usr/bin/env node
// First screen of `dl view` on a 10M-row table: `pnpm build && pnpm bench:view [--runs N] [--writer tuned]`.
// Generates once (cached in .bench/, git-ignored) an orders table like the ingester writes —
// 10 files of 1M rows under date= folders, row groups of 100k, zstd; `--writer tuned` adds 64 KiB
// data pages and no dictionary for the high-cardinality columns — then times `bin/dl view`
// as a user runs it (a fresh process each time: wall time and peak RSS from /usr/bin/time) and
// DuckDB's `read_parquet(...) LIMIT 20` from the project's Python venv (.venv, see
// test/python/setup-venv.sh) on the same files. Targets for the first screen: ≤300 ms, ≤150 MB.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Schema, Table, tableToIPC, vectorFromArray } from 'apache-arrow';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';
import { TABLE_META_FIELDS_AFTER, TABLE_META_FIELDS_BEFORE, avroToArrowSchema, dataFileName, orderSchema } from '../packages/core/dist/index.js';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' }, writer: { type: 'string', default: 'default' } } });
const runs = Number(args.runs);
if (!['default', 'tuned'].includes(args.writer)) throw new Error(`--writer is default or tuned, got "${args.writer}".`);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const FILES = 10;
const ROWS_PER_FILE = 1_000_000;
const ROW_GROUP = 100_000;
// The columns the ingester writes for the orders topic: meta columns around core's Avro→Arrow mapping.
const fields = [...TABLE_META_FIELDS_BEFORE(true), ...avroToArrowSchema(orderSchema()).fields, ...TABLE_META_FIELDS_AFTER()];
// The cache is named after what shapes the files, so a changed schema or writer makes a new one.
const shape = createHash('sha1')
  .update(`${fields.map(String).join()}|${args.writer}`)
  .digest('hex')
  .slice(0, 8);
const dir = path.join(root, '.bench', `orders-${(FILES * ROWS_PER_FILE) / 1e6}m-${args.writer}-${shape}`);
const DESCRIPTIONS = ['1234', 'zażółć gęślą jaźń', '日本語の説明', 'AAA', 'a longer description of the order'];
const BASE_TS = Date.parse('2021-02-27T00:00:00.000Z');

function batch(from, n) {
  const col = (f) => Array.from({ length: n }, (_, k) => f(from + k));
  const values = {
    key: col((i) => `product${i % 2}`),
    partition: col(() => 0),
    offset: col((i) => BigInt(i)),
    topic: col(() => 'dev.orders'),
    timestamp: col((i) => BASE_TS + i * 10),
    avro_value: col((i) => Uint8Array.from([0, 0, 0, 0, 1, i & 0xff, (i >> 8) & 0xff, 0x10, 0x4a, 0x6f, 0x68, 0x6e])),
    order_id: col((i) => i % 2_000_000_000),
    customer: col((i) => `customer ${i % 1000}`),
    description: col((i) => DESCRIPTIONS[i % DESCRIPTIONS.length]),
    price: col((i) => (i % 10_000) / 100),
    products: col((i) => [
      { name: 'shoes', price: 49.99 },
      { name: `item ${i % 50}`, price: (i % 100) + 0.99 },
    ]),
    schema_id: col(() => 1),
  };
  // Columns this generator does not know (added to the contract later) are null.
  return new Table(new Schema(fields), Object.fromEntries(fields.map((f) => [f.name, vectorFromArray(values[f.name] ?? col(() => null), f.type)])));
}

function generate() {
  if (existsSync(path.join(dir, '_SUCCESS'))) return;
  rmSync(dir, { recursive: true, force: true });
  const staging = `${dir}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  const started = performance.now();
  for (let f = 0; f < FILES; f++) {
    const from = f * ROWS_PER_FILE;
    const parts = [];
    for (let r = 0; r < ROWS_PER_FILE; r += ROW_GROUP) parts.push(batch(from + r, ROW_GROUP));
    const table = parts.reduce((a, b) => a.concat(b));
    let props = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).setMaxRowGroupSize(ROW_GROUP);
    if (args.writer === 'tuned') {
      props = props.setDataPageSizeLimit(64 * 1024);
      for (const c of ['offset', 'timestamp', 'avro_value', 'order_id', 'price']) props = props.setColumnDictionaryEnabled(c, false);
    }
    props = props.build();
    const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), props);
    const date = new Date(BASE_TS + Math.floor(f / 2) * 86_400_000).toISOString().slice(0, 10);
    const file = path.join(staging, `date=${date}`, dataFileName('dev.orders', 0, BigInt(from), BigInt(from + ROWS_PER_FILE - 1)));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    process.stderr.write(`generated ${f + 1}/${FILES} files (${(bytes.length / 1e6).toFixed(1)} MB)\r`);
  }
  writeFileSync(path.join(staging, '_SUCCESS'), '');
  renameSync(staging, dir);
  process.stderr.write(
    `\ngenerated ${FILES * ROWS_PER_FILE} rows in ${((performance.now() - started) / 1000).toFixed(1)} s under ${path.relative(root, dir)}\n`,
  );
}

/** Wall ms and peak RSS (MB) of one process, from GNU time. */
function measure(cmd, argv) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...argv], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  const [wall, rssKb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { ms: wall * 1000, mb: rssKb / 1024, stdout: r.stdout };
}

function series(label, cmd, argv) {
  const samples = Array.from({ length: runs }, () => measure(cmd, argv));
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { label, median: ms[Math.floor(ms.length / 2)], best: ms[0], rss: Math.max(...samples.map((s) => s.mb)), extra: samples[0].stdout };
}

generate();
if (!existsSync('/usr/bin/time')) throw new Error('bench:view needs GNU time at /usr/bin/time to measure peak RSS.');
const dl = path.join(root, 'bin', 'dl');
const rel = path.relative(root, dir);
const results = [
  series('node -e 0 (startup floor)', process.execPath, ['-e', '0']),
  series('dl --version (cli + @dl/core load)', process.execPath, [dl, '--version']),
  series('dl view <dir> --limit 20', process.execPath, [dl, 'view', rel, '--limit', '20']),
  series('dl view <dir> --tail 20', process.execPath, [dl, 'view', rel, '--tail', '20']),
  series('dl view <dir> --count', process.execPath, [dl, 'view', rel, '--count']),
  series('dl view <dir> --where order_id=9999999 --columns offset', process.execPath, [dl, 'view', rel, '--where', 'order_id=9999999', '--columns', 'offset']),
];
const python = path.join(root, '.venv', 'bin', 'python');
if (existsSync(python)) {
  const query = `SELECT * FROM read_parquet('${dir}/**/*.parquet', hive_partitioning=true) LIMIT 20`;
  // Fetched as Arrow: Python datetimes with a time zone would need pytz, and Arrow is the fair comparison.
  const script = `import time,duckdb\nt=time.perf_counter()\nr=duckdb.sql("""${query}""")\n(r.to_arrow_table() if hasattr(r, "to_arrow_table") else r.fetch_arrow_table())\nprint(round((time.perf_counter()-t)*1000))`;
  const r = series('duckdb (python) LIMIT 20', python, ['-c', script]);
  r.label += ` [query alone ${r.extra.trim()} ms]`;
  results.push(r);
} else {
  process.stderr.write('no .venv/bin/python: skipping DuckDB (run test/python/setup-venv.sh)\n');
}
const w = Math.max(...results.map((r) => r.label.length));
console.log(`${FILES * ROWS_PER_FILE} rows, ${FILES} files, row groups of ${ROW_GROUP}, ${args.writer} writer settings; ${runs} runs each\n`);
console.log(`${'command'.padEnd(w)}  median ms  best ms  peak RSS MB`);
for (const r of results)
  console.log(`${r.label.padEnd(w)}  ${r.median.toFixed(0).padStart(9)}  ${r.best.toFixed(0).padStart(7)}  ${r.rss.toFixed(0).padStart(11)}`);
const first = results.find((r) => r.label.startsWith('dl view <dir> --limit'));
console.log(`\nfirst screen: ${first.median.toFixed(0)} ms (target 300), ${first.rss.toFixed(0)} MB (target 150)`);
