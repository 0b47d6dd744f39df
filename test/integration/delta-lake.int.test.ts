import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROKEN_KINDS, produceAcceptanceSet } from '../support/acceptance-set.js';
import { rawValues } from '../support/raw-values.js';
import { deltaOnceArgs } from '../support/delta-once-args.js';
import { runDl } from '../support/run-dl.js';
import { runDeltaPython } from '../support/python.js';
import { tempLake, uniqueTopic } from '../support/stack-env.js';

interface DeltaCheck {
  deltalake: {
    version: number;
    protocol: number[];
    partition_columns: string[];
    files: number;
    history: number;
    operations: string[];
    rows: number;
    unique_partition_offset: number;
    columns: string[];
    schema: string[];
    stats_rows: number;
    first: unknown[];
    dead_rows: number;
    dead_by_class: Record<string, number>;
    dead: Array<{ partition: number; offset: number; key: string | null; avro_value: string | null; error_class: string; date: string }>;
  };
  duckdb: { rows: number; unique_partition_offset: number; columns: string[]; dead_by_class: Record<string, number>; first: unknown[] };
}

/** Every `add` of a table's JSON commits, for the "no file of the same offsets twice" check. */
function addedPaths(table: string): string[] {
  const log = path.join(table, '_delta_log');
  const out: string[] = [];
  for (const name of readdirSync(log).filter((n) => /^\d{20}\.json$/.test(n))) {
    for (const line of readFileSync(path.join(log, name), 'utf8').split('\n')) {
      if (line.includes('"add"')) out.push((JSON.parse(line) as { add: { path: string } }).add.path);
    }
  }
  return out;
}

describe('--table-format delta: the lake as Delta tables, read by delta-rs and DuckDB', () => {
  it('holds the 10,000 orders once and every broken kind in the DLQ table, and a second run adds nothing', { timeout: 300_000 }, async () => {
    const topic = uniqueTopic('delta');
    const lake = tempLake('dl-delta-');
    await produceAcceptanceSet(topic, 10_000, 100);
    const args = [...deltaOnceArgs(topic, lake), '--flush-records', '2000', '--format', 'json', '--progress', 'none'];
    const ing = await runDl(args);
    expect(ing.code, ing.stderr).toBe(0);
    expect(JSON.parse(ing.stdout)).toMatchObject({ rows: 10_000, deadLetters: 700 });

    const check = JSON.parse(runDeltaPython('check_delta.py', [lake])) as DeltaCheck;
    const dr = check.deltalake;
    expect(dr.protocol).toEqual([1, 2]);
    expect(dr.partition_columns).toEqual(['date']);
    expect(dr.rows).toBe(10_000);
    expect(dr.unique_partition_offset).toBe(10_000);
    expect(dr.stats_rows).toBe(10_000);
    expect(dr.columns.slice(0, 7)).toEqual(['key', 'key_bytes', 'partition', 'offset', 'topic', 'timestamp', 'avro_value']);
    expect(dr.schema).toEqual(dr.columns);
    // `date` once: from partitionValues, not also inside the files.
    expect(dr.columns.filter((c) => c === 'date')).toHaveLength(1);
    expect(dr.columns).toEqual(expect.arrayContaining(['order_id', 'customer', 'description', 'price', 'products', 'schema_id']));
    expect(dr.dead_rows).toBe(700);
    expect(dr.dead_by_class).toEqual({
      NO_MAGIC_BYTE: 100,
      BAD_MAGIC_BYTE: 100,
      UNKNOWN_SCHEMA_ID: 100,
      DECODE_ERROR: 200,
      SUBJECT_MISMATCH: 100,
      TOMBSTONE: 100,
    });
    // DuckDB's delta extension agrees.
    expect(check.duckdb.rows).toBe(10_000);
    expect(check.duckdb.unique_partition_offset).toBe(10_000);
    expect(check.duckdb.columns).toEqual(dr.columns);
    expect(check.duckdb.dead_by_class).toEqual(dr.dead_by_class);
    expect(check.duckdb.first).toEqual(dr.first);

    const raw = await rawValues(topic);
    for (const d of dr.dead) {
      expect(d.error_class, `${d.key}`).toBe(BROKEN_KINDS[d.key!.replace(/-\d+$/, '')]);
      const sent = raw.get(`${d.partition}/${d.offset}`);
      expect(d.avro_value).toBe(sent === null || sent === undefined ? null : sent.toString('hex'));
      expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }

    // dl view reads the tables through their logs; a data file no commit names is not read.
    const day = path.join(lake, 'parquet', `date=${dr.dead[0]!.date}`);
    const some = readdirSync(day).find((n) => n.endsWith('.parquet'))!;
    copyFileSync(path.join(day, some), path.join(day, `uncommitted-${some}`));
    const view = (extra: string[]) => runDl(['view', ...extra, '--data-dir', lake, '--format', 'json']);
    expect(JSON.parse((await view(['parquet', '--count'])).stdout)).toEqual({ rows: 10_000 });
    expect(JSON.parse((await view(['parquet-dlq', '--count'])).stdout)).toEqual({ rows: 700 });
    expect(JSON.parse((await view(['parquet', '--count', '--where', 'partition=1'])).stdout).rows).toBeLessThan(10_000);
    const schema = JSON.parse((await view(['parquet', '--schema'])).stdout) as Array<{ column: string; partition: boolean }>;
    expect(schema.map((c) => c.column)).toEqual(dr.columns);
    expect(schema.filter((c) => c.partition).map((c) => c.column)).toEqual(['date']);
    const files = JSON.parse((await view(['parquet', '--files'])).stdout) as Array<{ file: string; rows: number }>;
    expect(files).toHaveLength(dr.files);
    expect(files.some((f) => f.file.includes('uncommitted-'))).toBe(false);
    expect(files.reduce((n, f) => n + f.rows, 0)).toBe(10_000);
    const rows = JSON.parse((await view(['parquet', '--limit', '3', '--columns', 'order_id,description,products'])).stdout) as unknown[];
    expect(rows).toHaveLength(3);
    // dl replay reads the Delta DLQ through the same reader.
    const dry = await runDl([
      'replay',
      'parquet-dlq',
      '--data-dir',
      lake,
      '--where',
      'error_class=NO_MAGIC_BYTE',
      '--frame-with',
      'latest',
      '--dry-run',
      '--format',
      'json',
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('"matched":100');

    // A second run finds everything committed: no new version, no file added twice.
    const again = await runDl(args);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 0, deadLetters: 0 });
    const after = JSON.parse(runDeltaPython('check_delta.py', [lake])) as DeltaCheck;
    expect(after.deltalake.version).toBe(dr.version);
    // The lake is Delta now: a plain-Parquet run on it is refused with one sentence (exit 2).
    const mixed = await runDl(args.map((a) => (a === 'delta' ? 'parquet' : a)));
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain(
      `dl: --table-format "parquet" does not match ${lake}, which holds Delta tables; pass --table-format delta to add to them, or another --data-dir for plain Parquet.`,
    );
    const adds = addedPaths(path.join(lake, 'parquet'));
    expect(new Set(adds).size).toBe(adds.length);
    expect(adds.length).toBe(dr.files);

    // dl tidy merges each partition's files into one commit of remove + add: same rows for every reader.
    const tidy = await runDl(['tidy', 'parquet', '--data-dir', lake, '--format', 'json']);
    expect(tidy.code, tidy.stderr).toBe(0);
    const t = JSON.parse(tidy.stdout) as { version: number; filesRemoved: number; filesAdded: number; rows: number };
    expect(t).toMatchObject({ version: dr.version + 1, filesRemoved: dr.files, rows: 10_000 });
    expect(t.filesAdded).toBeLessThan(dr.files);
    const tidied = JSON.parse(runDeltaPython('check_delta.py', [lake])) as DeltaCheck;
    expect(tidied.deltalake).toMatchObject({ rows: 10_000, unique_partition_offset: 10_000, stats_rows: 10_000, files: t.filesAdded, first: dr.first });
    expect(tidied.deltalake.operations).toContain('OPTIMIZE');
    expect(tidied.duckdb).toMatchObject({ rows: 10_000, unique_partition_offset: 10_000, first: dr.first });
    expect(JSON.parse((await view(['parquet', '--count'])).stdout)).toEqual({ rows: 10_000 });
    // Vacuum keeps what the retention protects: the files tidy just removed, the fresh uncommitted one.
    const vac = await runDl(['tidy', 'parquet', '--data-dir', lake, '--vacuum', '--retention-hours', '1', '--format', 'json']);
    expect(vac.code, vac.stderr).toBe(0);
    expect(JSON.parse(vac.stdout)).toMatchObject({ filesRemoved: 0, vacuumed: [] });
    expect(readdirSync(day).filter((n) => n.endsWith('.parquet')).length).toBeGreaterThan(t.filesAdded);
  });
});
