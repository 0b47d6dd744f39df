import { describe, expect, it } from 'vitest';
import { BROKEN_KINDS } from '../support/acceptance-set.js';
import { rawValues } from '../support/raw-values.js';
import { runDl } from '../support/run-dl.js';
import { runPython } from '../support/python.js';
import { tempLake, uniqueTopic } from '../support/stack-env.js';
import { s3Env, s3TestServer, tempS3Lake } from '../support/s3-env.js';

/**
 * 10,000 orders and 100 of each broken kind, ingested into `lake` (a directory or s3://), then read
 * back independently: pandas/pyarrow always, DuckDB where it can reach the lake (local).
 */
async function acceptance(lake: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const topic = uniqueTopic('acc');
  const p = await runDl(['produce', '--topic', topic, '--partitions', '3', '--count', '10000', '--seed', '7', '--format', 'json'], env);
  expect(p.code, p.stderr).toBe(0);
  for (const kind of Object.keys(BROKEN_KINDS)) {
    const b = await runDl(['produce', '--topic', topic, '--broken', kind, '--count', '100', '--key', `${kind}-{i}`, '--format', 'json'], env);
    expect(b.code, b.stderr).toBe(0);
  }
  const ing = await runDl(['ingest', '--once', '--topic', topic, '--group', `g-${topic}`, '--data-dir', lake, '--format', 'json', '--progress', 'none'], env);
  expect(ing.code, ing.stderr).toBe(0);
  // On dl's record batch decoder and fetch Batch: the bundled cli installs them before kafkajs loads.
  expect(ing.stderr).not.toContain('using its own');
  const summary = JSON.parse(ing.stdout) as { rows: number; deadLetters: number };
  expect(summary).toMatchObject({ rows: 10_000, deadLetters: 700 });

  const check = JSON.parse(runPython('check_lake.py', [lake], env)) as {
    pandas: {
      rows: number;
      unique_partition_offset: number;
      columns: string[];
      first: Array<{ products: unknown[] }>;
      dead_rows: number;
      dead_by_class: Record<string, number>;
      dead: Array<{ partition: number; offset: number; key: string | null; avro_value: string | null; error_class: string }>;
    };
    duckdb: { rows: number; unique_partition_offset: number; dead_by_class: Record<string, number>; first: unknown[] } | null;
  };
  expect(check.pandas.rows).toBe(10_000);
  expect(check.pandas.unique_partition_offset).toBe(10_000);
  expect(check.pandas.columns.slice(0, 7)).toEqual(['key', 'key_bytes', 'partition', 'offset', 'topic', 'timestamp', 'avro_value']);
  expect(check.pandas.columns).toEqual(expect.arrayContaining(['order_id', 'customer', 'description', 'price', 'products', 'schema_id', 'date']));
  expect(check.pandas.first[0]!.products.length).toBeGreaterThan(0);
  expect(check.pandas.first[0]!.products[0]).toHaveProperty('name');
  expect(check.pandas.dead_rows).toBe(700);
  expect(check.pandas.dead_by_class).toEqual({
    NO_MAGIC_BYTE: 100,
    BAD_MAGIC_BYTE: 100,
    UNKNOWN_SCHEMA_ID: 100,
    DECODE_ERROR: 200,
    SUBJECT_MISMATCH: 100,
    TOMBSTONE: 100,
  });
  // DuckDB, with hive partitioning, agrees (on local lakes: its S3 support is a run-time download).
  if (!lake.startsWith('s3://')) {
    expect(check.duckdb).not.toBeNull();
    expect(check.duckdb!.rows).toBe(10_000);
    expect(check.duckdb!.unique_partition_offset).toBe(10_000);
    expect(check.duckdb!.dead_by_class).toEqual(check.pandas.dead_by_class);
    expect(check.duckdb!.first).toEqual(check.pandas.first);
  }

  // Every dead letter has the class of the kind that made it, and the exact bytes that were sent.
  const raw = await rawValues(topic);
  for (const d of check.pandas.dead) {
    const kind = d.key!.replace(/-\d+$/, '');
    expect(d.error_class, `${d.key}`).toBe(BROKEN_KINDS[kind]);
    const sent = raw.get(`${d.partition}/${d.offset}`);
    expect(d.avro_value).toBe(sent === null || sent === undefined ? null : sent.toString('hex'));
  }
}

describe('the lake, read by pandas/pyarrow and DuckDB (issue acceptance)', () => {
  it('holds exactly the 10,000 good orders, and exactly the broken ones in the DLQ with the right class and raw bytes', { timeout: 300_000 }, async () => {
    await acceptance(tempLake('dl-acc-'));
  });
  it('does the same on an s3:// lake, read back with pyarrow S3FileSystem and pandas', { timeout: 300_000 }, async () => {
    const server = s3TestServer();
    await acceptance(tempS3Lake(server, 'acc'), s3Env(server));
  });
});
