import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { produceAcceptanceSet } from '../support/acceptance-set.js';
import { runDeltaPython } from '../support/python.js';
import { deltaOnceArgs } from '../support/delta-once-args.js';
import { runDl } from '../support/run-dl.js';
import { deltaRsS3Options, stackS3, uniqueTopic } from '../support/stack-env.js';

interface Facts {
  version: number;
  rows: number;
  files: number;
  txn: Record<string, number | null>;
  values: number[] | null;
}

describe("--table-format delta on an s3:// lake (the stack's S3 server), read by delta-rs", () => {
  it('holds every order once and every broken kind in the DLQ table; a second run adds nothing', { timeout: 300_000 }, async () => {
    const s3 = stackS3();
    const topic = uniqueTopic('ds3');
    await produceAcceptanceSet(topic, 3000, 20);
    const lake = `s3://${s3.bucket}/delta-it-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const args = [...deltaOnceArgs(topic, lake), '--flush-records', '700', '--checkpoint-interval', '3', '--format', 'json', '--progress', 'none'];
    const first = await runDl(args);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ rows: 3000, deadLetters: 140 });

    const env = {
      DL_DELTA_STORAGE_OPTIONS: deltaRsS3Options(s3),
    };
    const facts = (table: string, extra: string[]) => JSON.parse(runDeltaPython('delta_table_facts.py', [`${lake}/${table}`, ...extra], env)) as Facts;
    const apps = [0, 1, 2].flatMap((p) => ['--app-id', `dl-ingest:${topic}:${p}`]);
    const table = facts('parquet', [...apps, '--column', 'order_id']);
    expect(table.rows).toBe(3000);
    expect(new Set(table.values).size).toBe(3000);
    // Each partition's progress is a txn in the table its records went to (orders are keyed onto
    // two partitions; the broken kinds spread over all three).
    const dlq = facts('parquet-dlq', [...apps, '--column', 'offset']);
    expect(dlq.rows).toBe(140);
    for (const p of [0, 1, 2]) {
      const app = `dl-ingest:${topic}:${p}`;
      expect(Math.max(table.txn[app] ?? -1, dlq.txn[app] ?? -1), app).toBeGreaterThan(0);
    }
    const count = async (t: string) => JSON.parse((await runDl(['view', t, '--count', '--data-dir', lake, '--format', 'json'])).stdout) as { rows: number };
    expect(await count('parquet')).toEqual({ rows: 3000 });
    expect(await count('parquet-dlq')).toEqual({ rows: 140 });

    const again = await runDl(args);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 0, deadLetters: 0 });
    expect(facts('parquet', []).version).toBe(table.version);
  });
});
