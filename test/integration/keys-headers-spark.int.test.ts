import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPython } from '../support/python.js';
import { runDl } from '../support/run-dl.js';
import { REPO, stackEndpoints, tempLake, uniqueTopic } from '../support/stack-env.js';

const JARS = path.join(process.env.DL_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'dl'), 'delta-spark-4.2.0');
const SPARK_PYTHON = path.join(REPO, '.venv-spark', 'bin', 'python');
const COUNT = 12;

interface Sent {
  key: string;
  typed: unknown;
  headers: Array<[string, string | null]>;
}

interface SparkRow {
  key: string | null;
  key_bytes: string | null;
  key_decoded: unknown;
  headers: Array<[string, string | null]> | null;
}

type SparkRead = Record<string, { types: Record<string, string>; rows: Record<string, SparkRow> }>;

/** Sends COUNT records of `kind` with the Confluent Python producer; returns what was sent, by offset. */
function produce(kind: string, topic: string): Sent[] {
  const { brokers, registryUrl } = stackEndpoints();
  const args = ['produce', '--brokers', brokers.join(','), '--registry-url', registryUrl, '--topic', topic, '--kind', kind, '--count', String(COUNT)];
  return JSON.parse(runPython('confluent_keys.py', [...args, '--schema', path.join(REPO, 'packages/core/schemas/order.avsc')])) as Sent[];
}

/** `dl ingest --once --with-headers` of the topic into a new lake, plain Parquet or Delta. */
async function ingest(topic: string, delta: boolean): Promise<string> {
  const dir = tempLake(delta ? 'dl-kspark-delta-' : 'dl-kspark-');
  const flags = ['--group', `g-${path.basename(dir)}`, '--data-dir', dir, '--with-headers', '--progress', 'none', '--format', 'json'];
  const r = await runDl(['ingest', '--once', '--topic', topic, ...flags, ...(delta ? ['--table-format', 'delta'] : [])]);
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ rows: COUNT, deadLetters: 0 });
  return path.join(dir, 'parquet');
}

describe('Spark reads the key and header columns (spark.read.parquet and format("delta"))', () => {
  it('key bytes, typed long and record keys and 100 headers equal what the Confluent producer sent', { timeout: 300_000 }, async () => {
    if (!existsSync(SPARK_PYTHON) || !existsSync(path.join(JARS, '.installed'))) {
      throw new Error('Spark is not set up: run `bash test/spark/setup-spark.sh` (CI does).');
    }
    const topics = { long: uniqueTopic('kspark-long'), record: uniqueTopic('kspark-rec') };
    const sent = { long: produce('mixed-long', topics.long), record: produce('mixed-record', topics.record) };
    const tables: Array<{ kind: 'long' | 'record'; format: 'parquet' | 'delta'; dir: string }> = [];
    for (const kind of ['long', 'record'] as const)
      for (const format of ['parquet', 'delta'] as const) tables.push({ kind, format, dir: await ingest(topics[kind], format === 'delta') });

    const read = JSON.parse(
      execFileSync(SPARK_PYTHON, [path.join(REPO, 'test/python/spark_read_keys.py'), JARS, ...tables.map((t) => `${t.format}:${t.dir}`)], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      }),
    ) as SparkRead;

    for (const t of tables) {
      const what = `${t.kind} keys, ${t.format}`;
      const table = read[t.dir]!;
      expect(table.types, what).toEqual({
        key: 'string',
        key_bytes: 'binary',
        key_decoded: t.kind === 'long' ? 'bigint' : 'struct<region:string,id:bigint>',
        headers: 'array<struct<key:string,value:binary>>',
        // Spark infers a date from the Hive folders; the Delta log declares its partition column a string.
        date: t.format === 'parquet' ? 'date' : 'string',
      });
      expect(Object.keys(table.rows), what).toHaveLength(COUNT);
      sent[t.kind].forEach((s, offset) => {
        const row = table.rows[String(offset)]!;
        // Every key here is binary (framed or not UTF-8): exact bytes in key_bytes, no text key.
        expect(row, `${what}, offset ${offset}`).toEqual({ key: null, key_bytes: s.key, key_decoded: s.typed, headers: s.headers });
      });
      // The cases that matter, spelled out: a raw non-UTF-8 key has no typed value; null and empty header values differ.
      expect(table.rows['3']).toMatchObject({ key_bytes: 'c3', key_decoded: null });
      expect(table.rows['0']!.headers!.slice(49, 51)).toEqual([
        ['h049', '31ce00'],
        ['h050', null],
      ]);
      expect(table.rows['0']!.headers![10]).toEqual(['h010', '']);
    }
  });
});
