import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { runDl } from '../support/run-dl.js';
import { tempLake, uniqueTopic } from '../support/stack-env.js';
import { readRows } from '../support/read-lake.js';

describe('dl demo', () => {
  it('shows both tables, and a second run adds more without duplicates', { timeout: 180_000 }, async () => {
    const topic = uniqueTopic('demo');
    const lake = tempLake('dl-demo-');
    const args = ['demo', '--topic', topic, '--data-dir', lake, '--count', '60', '--broken', '2'];
    const first = await runDl(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('$ dl view parquet --tail 10');
    expect(first.stdout).toMatch(/\[10 rows x \d+ columns\]/);
    expect(first.stdout).toContain('NO_MAGIC_BYTE');
    expect(first.stderr).toContain('60 new rows, 14 new dead letters');
    // Its produce and its ingest run on dl's kafkajs fast paths (both installed before kafkajs loads).
    expect(first.stderr).not.toContain('using its own');
    expect(first.stderr).not.toContain('kafkajs was loaded before');

    const second = await runDl(args);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('60 new rows, 14 new dead letters');
    const rows = readRows(path.join(lake, 'parquet'));
    const dead = readRows(path.join(lake, 'parquet-dlq'));
    expect(rows).toHaveLength(120);
    expect(dead).toHaveLength(28);
    expect(new Set([...rows, ...dead].map((r) => `${r.partition}/${r.offset}`)).size).toBe(148);
  });
});
