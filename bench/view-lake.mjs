// The lakes `pnpm bench:view` reads, cached under .bench/ (git-ignored).
//
// - `ingested`: what `dl ingest --once` writes for the 1M-order bench topic `bench.orders.<N>`
//   (produced first if the topic is short, as bench:ingest does), with the ingester's defaults.
// - `generated`: an equivalent lake written directly, for machines without the stack: the
//   ingester's columns (core's mapping), its writer settings (its own encodeParquet: zstd, row
//   groups of 100k, plain columns, 128 KiB pages) and its file layout for a 3-partition topic
//   whose keys fill two partitions (one file per partition per 100k-record flush, so ~50k-row
//   files of one row group). `--file-rows 1000000` writes today's 10M table instead: 1M-row
//   files of ten 100k row groups.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Schema, Table, tableToIPC, vectorFromArray } from 'apache-arrow';
import {
  PARQUET_PAGE_BYTES,
  PLAIN_ENCODED_COLUMNS,
  TABLE_META_FIELDS_AFTER,
  TABLE_META_FIELDS_BEFORE,
  avroToArrowSchema,
  dataFileName,
  orderSchema,
} from '../packages/core/dist/index.js';
// The encoder worker's own function: the generated files have the ingester's writer settings.
import { encodeParquet } from '../packages/ingester/dist/parquet-encode.js';

const ROW_GROUP = 100_000;
const DESCRIPTIONS = ['1234', 'zażółć gęślą jaźń', '日本語の説明', 'AAA', 'a longer description of the order'];
const BASE_TS = Date.parse('2021-02-27T00:00:00.000Z');

/** The ingested lake of `rows` orders; undefined when there is no stack to ingest from. */
export function ingestedLake(root, rows) {
  // Named after the writer's page layout too, so a lake written before a layout change is not reused.
  const dir = path.join(root, '.bench', `view-ingested-${rows}-${hash(`${PLAIN_ENCODED_COLUMNS.join()}|${PARQUET_PAGE_BYTES}`)}`);
  if (existsSync(path.join(dir, '_SUCCESS'))) return dir;
  const stackFile = path.join(process.env.DL_STACK_DIR ?? path.join(root, '.stack'), 'endpoints.json');
  if (!process.env.KAFKA_BROKERS && !existsSync(stackFile)) return undefined;
  const dl = (args) =>
    spawnSync(process.execPath, [path.join(root, 'bin', 'dl'), ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const topic = `bench.orders.${rows}`;
  rmSync(dir, { recursive: true, force: true });
  const once = () =>
    dl(['ingest', '--once', '--topic', topic, '--group', `bench-view-${Date.now()}`, '--data-dir', dir, '--progress', 'none', '--format', 'json']);
  const rowsOf = (r) => (r.status === 0 ? JSON.parse(r.stdout.trim().split('\n').pop()).rows : 0);
  let got = rowsOf(once());
  if (got < rows) {
    process.stderr.write(`bench: ${topic} holds ${got} orders; producing ${rows - got} more (once)...\n`);
    const p = dl(['produce', '--topic', topic, '--partitions', '3', '--count', String(rows - got), '--seed', '1', '--compression', 'lz4', '--format', 'json']);
    if (p.status !== 0) {
      process.stderr.write('bench: dl produce failed (is the stack up?); generating the lake instead\n');
      return undefined;
    }
    rmSync(dir, { recursive: true, force: true });
    got = rowsOf(once());
  }
  if (got < rows) throw new Error(`dl ingest wrote ${got} rows of ${topic}, expected ${rows}`);
  writeFileSync(path.join(dir, '_SUCCESS'), '');
  return dir;
}

/** A generated lake of `rows` orders in files of `fileRows` rows (see the top of this file). */
export function generatedLake(root, rows, fileRows) {
  const fields = [...TABLE_META_FIELDS_BEFORE(true), ...avroToArrowSchema(orderSchema()).fields, ...TABLE_META_FIELDS_AFTER()];
  // Named after what shapes the files, so a changed schema makes a new one.
  const shape = hash(`${fields.map(String).join()}|${fileRows}|${PLAIN_ENCODED_COLUMNS.join()}|${PARQUET_PAGE_BYTES}`);
  const dir = path.join(root, '.bench', `view-generated-${rows}-${shape}`);
  if (existsSync(path.join(dir, '_SUCCESS'))) return dir;
  const staging = `${dir}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  const files = Math.ceil(rows / fileRows);
  const started = performance.now();
  for (let f = 0; f < files; f++) {
    const from = f * fileRows;
    const n = Math.min(fileRows, rows - from);
    const parts = [];
    for (let r = 0; r < n; r += ROW_GROUP) parts.push(batch(fields, from + r, Math.min(ROW_GROUP, n - r)));
    const table = parts.reduce((a, b) => a.concat(b));
    const bytes = encodeParquet(tableToIPC(table, 'stream'), {
      compression: 'zstd',
      rowGroupSize: ROW_GROUP,
      plainColumns: PLAIN_ENCODED_COLUMNS,
      pageBytes: PARQUET_PAGE_BYTES,
    });
    const date = new Date(BASE_TS + Math.floor((f * 2) / files) * 86_400_000).toISOString().slice(0, 10);
    const file = path.join(staging, 'parquet', `date=${date}`, dataFileName('dev.orders', f % 2, BigInt(from), BigInt(from + n - 1)));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    process.stderr.write(`bench: generated ${f + 1}/${files} files\r`);
  }
  writeFileSync(path.join(staging, '_SUCCESS'), '');
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  process.stderr.write(`\nbench: generated ${rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s under ${path.relative(root, dir)}\n`);
  return dir;
}

function hash(text) {
  return createHash('sha1').update(text).digest('hex').slice(0, 8);
}

function batch(fields, from, n) {
  const col = (f) => Array.from({ length: n }, (_, k) => f(from + k));
  const values = {
    key: col((i) => `product${i % 2}`),
    partition: col((i) => i % 2),
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

/** Files, rows and row groups per file, from `dl view --files` (footers only). */
export function layoutOf(root, lake) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'dl'), 'view', 'parquet', '--data-dir', lake, '--files', '--format', 'json'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`dl view --files failed: ${r.stderr}`);
  const files = JSON.parse(r.stdout);
  const sorted = (xs) => [...xs].sort((a, b) => a - b);
  const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
  return {
    files: files.length,
    rows: files.reduce((n, f) => n + f.rows, 0),
    medianFileRows: median(files.map((f) => f.rows)),
    rowGroups: [...new Set(files.map((f) => f.row_groups))].sort((a, b) => a - b),
    bytes: files.reduce((n, f) => n + f.bytes, 0),
  };
}
