import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROKEN_KINDS } from '../support/acceptance-set.js';
import { createTopic } from '../support/produce-raw.js';
import { runDeltaPython, runPython } from '../support/python.js';
import { deltaOnceArgs } from '../support/delta-once-args.js';
import { runDl } from '../support/run-dl.js';
import { REPO, stackEndpoints, tempLake, uniqueTopic } from '../support/stack-env.js';

const KINDS = Object.keys(BROKEN_KINDS);
const JARS = path.join(process.env.DL_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'dl'), 'delta-spark-4.2.0');
const SPARK_PYTHON = path.join(REPO, '.venv-spark', 'bin', 'python');

interface Read {
  schema: string[];
  deltalake: unknown[][];
  duckdb: unknown[][];
}

describe('--table-format delta, read by Spark with Delta Lake (delta-spark)', () => {
  it('Spark, delta-rs and DuckDB agree on the acceptance set plus a v2 run interleaved with v1', { timeout: 400_000 }, async () => {
    if (!existsSync(SPARK_PYTHON) || !existsSync(path.join(JARS, '.installed'))) {
      throw new Error('Spark is not set up: run `bash test/spark/setup-spark.sh` (CI does).');
    }
    const topic = uniqueTopic('dspark');
    await createTopic(topic, 2);
    const { brokers, registryUrl } = stackEndpoints();
    expect((await runDl(['produce', '--topic', topic, '--count', '2000', '--seed', '3', '--format', 'json'])).code).toBe(0);
    for (const kind of KINDS)
      expect((await runDl(['produce', '--topic', topic, '--broken', kind, '--count', '20', '--key', `${kind}-{i}`, '--format', 'json'])).code).toBe(0);
    const lake = tempLake('dl-dspark-');
    const ingest = [...deltaOnceArgs(topic, lake), '--checkpoint-interval', '3', '--flush-records', '500', '--format', 'json', '--progress', 'none'];
    expect((await runDl(ingest)).code).toBe(0);
    // Version 2 of the schema (a new optional field) from a Confluent producer, interleaved with v1.
    runPython('confluent_interop.py', [
      'produce',
      '--brokers',
      brokers.join(','),
      '--registry-url',
      registryUrl,
      '--topic',
      topic,
      '--count',
      '300',
      '--mixed-v2',
      '--first-id',
      '5000',
      '--schema',
      path.join(REPO, 'packages/core/schemas/order.avsc'),
    ]);
    expect((await runDl(ingest)).code).toBe(0);

    const cols = 'partition,offset,order_id,description,price,coupon';
    const spark = JSON.parse(
      execFileSync(SPARK_PYTHON, [path.join(REPO, 'test/python/spark_read_delta.py'), lake, JARS, cols], { encoding: 'utf8', maxBuffer: 256 << 20 }),
    ) as {
      schema: string[];
      rows: unknown[][];
      dead_rows: number;
      dead_by_class: Record<string, number>;
      dead_offsets: unknown[][];
    };
    const table = JSON.parse(runDeltaPython('read_delta.py', [path.join(lake, 'parquet'), cols])) as Read;
    const dlq = JSON.parse(runDeltaPython('read_delta.py', [path.join(lake, 'parquet-dlq'), 'partition,offset,date,error_class'])) as Read;

    expect(spark.rows).toHaveLength(2300);
    expect(spark.schema).toEqual(table.schema);
    expect(spark.schema.filter((c) => c === 'date')).toHaveLength(1);
    expect(spark.rows).toEqual(table.deltalake);
    expect(table.duckdb).toEqual(table.deltalake);
    const coupons = spark.rows.filter((r) => r[5] !== null);
    expect(coupons).toHaveLength(150);
    expect(coupons.every((r) => r[5] === `C${r[2] as number}`)).toBe(true);

    expect(spark.dead_rows).toBe(KINDS.length * 20);
    expect(spark.dead_offsets).toEqual(dlq.deltalake.map((r) => r.slice(0, 3)));
    const byClass: Record<string, number> = {};
    for (const r of dlq.duckdb) byClass[r[3] as string] = (byClass[r[3] as string] ?? 0) + 1;
    expect(spark.dead_by_class).toEqual(byClass);
    expect(byClass).toEqual({ NO_MAGIC_BYTE: 20, BAD_MAGIC_BYTE: 20, UNKNOWN_SCHEMA_ID: 20, DECODE_ERROR: 40, SUBJECT_MISMATCH: 20, TOMBSTONE: 20 });
  });
});
