import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '@dl/core';
import { createTopic, framedOrder, registerOrder, send } from '../support/produce-raw.js';
import { runDeltaPython, runPython } from '../support/python.js';
import { deltaOnceArgs } from '../support/delta-once-args.js';
import { runDl, startDl } from '../support/run-dl.js';
import { ORDER_SCHEMA, REPO, stackEndpoints, tempLake, uniqueTopic } from '../support/stack-env.js';

interface Read {
  columns: string[];
  schema: string[];
  history: string[];
  deltalake: unknown[][];
  duckdb: unknown[][];
}

/** The versions of a table's log whose commit carries a metaData action. */
function metaDataVersions(table: string): number[] {
  const log = path.join(table, '_delta_log');
  return readdirSync(log)
    .filter((n) => /^\d{20}\.json$/.test(n))
    .filter((n) => readFileSync(path.join(log, n), 'utf8').includes('{"metaData"'))
    .map((n) => Number(n.slice(0, 20)));
}

async function countOf(lake: string): Promise<number> {
  const r = await runDl(['view', 'parquet', '--count', '--data-dir', lake, '--format', 'json']);
  return r.code === 0 ? (JSON.parse(r.stdout) as { rows: number }).rows : 0;
}

async function waitForRows(lake: string, n: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await countOf(lake)) >= n) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the table never reached ${n} rows`);
}

describe('--table-format delta: schema evolution mid-stream', () => {
  it('a v2 with a new optional field, interleaved with v1 from a Confluent producer, becomes one table schema', { timeout: 300_000 }, async () => {
    const topic = uniqueTopic('devo');
    await createTopic(topic, 2);
    const { brokers, registryUrl } = stackEndpoints();
    const produce = (extra: string[]) =>
      runPython('confluent_interop.py', [
        'produce',
        '--brokers',
        brokers.join(','),
        '--registry-url',
        registryUrl,
        '--topic',
        topic,
        '--count',
        '200',
        '--schema',
        path.join(REPO, 'packages/core/schemas/order.avsc'),
        ...extra,
      ]);
    expect(JSON.parse(produce([]))).toEqual({ sent: 200 });
    const lake = tempLake('dl-devo-');
    const run = startDl([
      'ingest',
      '--topic',
      topic,
      '--group',
      `g-${topic}`,
      '--data-dir',
      lake,
      '--table-format',
      'delta',
      '--flush-interval',
      '1',
      '--progress',
      'none',
    ]);
    await waitForRows(lake, 200);
    // v2 arrives while ingest runs: every other record is written with it.
    expect(JSON.parse(produce(['--mixed-v2', '--first-id', '1000']))).toEqual({ sent: 200 });
    await waitForRows(lake, 400);
    run.child.kill('SIGTERM');
    expect((await run.exited).code, run.stderr.join('')).toBe(0);

    const table = path.join(lake, 'parquet');
    const read = JSON.parse(runDeltaPython('read_delta.py', [table, 'partition,offset,order_id,coupon,schema_id'])) as Read;
    expect(read.schema).toContain('coupon');
    expect(read.schema.filter((c) => c === 'date')).toHaveLength(1);
    expect(read.deltalake).toHaveLength(400);
    expect(read.duckdb).toEqual(read.deltalake);
    const coupon = new Map(read.deltalake.map((r) => [r[2] as number, r[3]]));
    const ids = new Map(read.deltalake.map((r) => [r[2] as number, r[4] as number]));
    // Rows written before v2 existed: their files lack the column, readers show null.
    for (let i = 0; i < 200; i++) expect(coupon.get(i), `order ${i}`).toBeNull();
    for (let i = 1000; i < 1200; i++) expect(coupon.get(i), `order ${i}`).toBe(i % 2 === 0 ? `C${i}` : null);
    expect(ids.get(1000)).not.toBe(ids.get(1001));
    // The new column came in as a metaData action of a later commit, not a new table.
    const versions = metaDataVersions(table);
    expect(versions[0]).toBe(0);
    expect(versions.length).toBe(2);
    expect(read.history[0]).toBe('CREATE TABLE');
  });

  it(
    'a column type the table cannot take (string read as bytes) stops the run with one sentence, and no valid record becomes a dead letter',
    { timeout: 180_000 },
    async () => {
      const topic = uniqueTopic('dnarrow');
      await createTopic(topic, 1);
      const v1 = await registerOrder(topic);
      await send(
        topic,
        Array.from({ length: 50 }, (_, i) => ({ key: 'k', value: framedOrder(v1, i) })),
      );
      const lake = tempLake('dl-dnarrow-');
      const args = [...deltaOnceArgs(topic, lake), '--format', 'json', '--progress', 'none'];
      expect((await runDl(args)).code).toBe(0);
      // v2 reads description as bytes: Avro resolution allows it (string promotes to bytes), so the
      // registry accepts it, but the table's string column cannot become binary.
      const { registryUrl } = stackEndpoints();
      const changed = {
        ...ORDER_SCHEMA,
        fields: (ORDER_SCHEMA.fields as Array<{ name: string }>).map((f) => (f.name === 'description' ? { ...f, type: 'bytes' } : f)),
      };
      await createRegistry({ url: registryUrl }).register(`${topic}-value`, changed);
      await send(
        topic,
        Array.from({ length: 50 }, (_, i) => ({ key: 'k', value: framedOrder(v1, 50 + i) })),
      );
      const refused = await runDl(args);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('changes column "description" of the Delta table from string to binary');
      // The delta package names the setting by its key; the cli prints the flag.
      expect(refused.stderr).toContain('or ingest into another --data-dir.');
      expect(
        refused.stderr
          .trim()
          .split('\n')
          .filter((l) => l.includes('"description"')),
      ).toHaveLength(1);
      const count = async (t: string) => JSON.parse((await runDl(['view', t, '--count', '--data-dir', lake, '--format', 'json'])).stdout) as { rows: number };
      expect(await count('parquet')).toEqual({ rows: 50 });
      expect(await count('parquet-dlq')).toEqual({ rows: 0 });
    },
  );
});
