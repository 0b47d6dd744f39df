import { describe, expect, it } from 'vitest';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { runDl } from '../support/run-dl.js';
import { createTopic, framedOrder, registerOrder, send } from '../support/produce-raw.js';
import { readRows } from '../support/read-lake.js';
import { runPython } from '../support/python.js';
import { REPO, tempLake, uniqueTopic } from '../support/stack-env.js';

/** The local stack's broker keeps its logs here (stack/lib/config.mjs). */
const KAFKA_DATA = path.join(process.env.DL_STACK_DIR ?? path.join(REPO, '.stack'), 'kafka', 'data');

/** The record batches of a segment file: base offset, position and length (Kafka's log format, v2). */
function batchesOf(segment: Buffer): Array<{ base: number; at: number; length: number }> {
  const out = [];
  for (let at = 0; at + 12 <= segment.length;) {
    const length = segment.readInt32BE(at + 8);
    out.push({ base: Number(segment.readBigInt64BE(at)), at, length });
    at += 12 + length;
  }
  return out;
}

describe('a record batch whose bytes changed on the broker (bit rot, a bad disk)', () => {
  it('stops dl ingest with one sentence naming the batch, and nothing of it reaches the lake; --no-check-crcs reads the changed value', async () => {
    const topic = uniqueTopic('crc');
    const id = await registerOrder(topic);
    await createTopic(topic, 1);
    // Three sends, three uncompressed batches: offsets 0-9, 10-19 and 20-29.
    for (let b = 0; b < 3; b++) {
      await send(
        topic,
        Array.from({ length: 10 }, (_, j) => ({ key: `k${b * 10 + j}`, value: framedOrder(id, b * 10 + j) })),
      );
    }
    const file = path.join(KAFKA_DATA, `${topic}-0`, '00000000000000000000.log');
    expect(existsSync(file), `${file}: this test changes a segment file of the local stack's broker (pnpm stack:up)`).toBe(true);
    const segment = readFileSync(file);
    const batches = batchesOf(segment);
    expect(batches.map((b) => b.base)).toEqual([0, 10, 20]);
    // Order 18's description "order 18" becomes "order 19": a value that still decodes, only changed.
    const middle = batches[1]!;
    const text = segment.indexOf('order 18', middle.at);
    expect(text).toBeGreaterThan(middle.at);
    expect(text).toBeLessThan(middle.at + 12 + middle.length);
    const fd = openSync(file, 'r+');
    try {
      // The broker serves fetches from this file (through the page cache): the next fetch sees the change.
      writeSync(fd, Buffer.from('9'), 0, 1, text + 'order 1'.length);
    } finally {
      closeSync(fd);
    }

    const lake = tempLake();
    const r = await runDl(['ingest', '--once', '--topic', topic, '--group', `g-${topic}`, '--data-dir', lake, '--progress', 'none']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /^dl: Kafka failed while consuming: A fetched record batch is corrupt: the batch at offset 10 has CRC \d+, its bytes give \d+ \(/m,
    );
    // Only records before the changed batch may have been committed; none of it, none after it.
    // (One fetch holds all three batches, so the lake usually stays empty; never a partial batch.)
    const rows = readRows(path.join(lake, 'parquet'));
    expect([0, 10]).toContain(rows.length);
    expect(rows.every((row) => BigInt(row['offset'] as bigint) < 10n)).toBe(true);
    expect(readRows(path.join(lake, 'parquet-dlq'))).toEqual([]);

    // What kafkajs alone does: the changed value goes into the lake as if Kafka had held it.
    const unchecked = tempLake();
    const u = await runDl(['ingest', '--once', '--topic', topic, '--group', `u-${topic}`, '--data-dir', unchecked, '--progress', 'none', '--no-check-crcs']);
    expect(u.code, u.stderr).toBe(0);
    const changed = readRows(path.join(unchecked, 'parquet')).find((row) => Number(row['order_id']) === 18);
    expect(changed?.['description']).toBe('order 19');
    // pyarrow and DuckDB read that lake as holding every offset once.
    const seen = JSON.parse(runPython('table_offsets.py', [unchecked])) as Record<'pyarrow' | 'duckdb', { rows: number; keys: string[] }>;
    const all = Array.from({ length: 30 }, (_, o) => `0/${o}`).sort();
    expect(seen.pyarrow).toMatchObject({ rows: 30, keys: all });
    expect(seen.duckdb).toMatchObject({ rows: 30, keys: all });
  });
});
