import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { createTopic, framedOrder, registerOrder, send, orderType } from '@dl/test-support/produce-raw';
import { tempLake, uniqueTopic } from '@dl/test-support/stack-env';
import { readRows } from '@dl/test-support/read-lake';
import { startDl } from '@dl/test-support/run-dl';
import { stack } from '@dl/test-support/stack-control';
import { frame } from '@dl/core';

const OUTAGE_MS = Number(process.env.DL_OUTAGE_MS ?? 30_000);

describe('dl ingest during a registry outage', () => {
  it('keeps every good record out of the DLQ and completes once the registry is back', { timeout: 300_000 }, async () => {
    const topic = uniqueTopic('outage');
    await createTopic(topic, 2);
    const id = await registerOrder(topic);
    const messages = [];
    for (let i = 0; i < 5000; i++) {
      messages.push({ key: `product${i % 2}`, value: framedOrder(id, i) });
      // Ids the registry does not have: only a live registry can say "unknown" (a 404).
      if (i % 1000 === 0)
        messages.push({
          key: 'uid',
          value: frame(2_000_000_000 + i, orderType.toBuffer({ order_id: i, customer: 'x', description: 'y', price: 1, products: [] })),
        });
    }
    await send(topic, messages);
    const lake = tempLake('dl-outage-');
    const s = await stack();
    await s.stopComponent('registry');
    const started = Date.now();
    let run;
    try {
      run = startDl(['ingest', '--once', '--topic', topic, '--group', `g-${topic}`, '--data-dir', lake, '--progress', 'json', '--session-timeout', '6']);
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      // Still running (waiting, not failing, not dead-lettering) while the registry is down.
      expect(run.child.exitCode).toBeNull();
      expect(readRows(path.join(lake, 'parquet-dlq'))).toHaveLength(0);
    } finally {
      await s.startComponent('registry');
    }
    const { code } = await run.exited;
    expect(code, run.stderr.join('')).toBe(0);
    expect(run.stderr.join('')).toMatch(/registry/i);
    const rows = readRows(path.join(lake, 'parquet'));
    const dead = readRows(path.join(lake, 'parquet-dlq'));
    expect(rows).toHaveLength(5000);
    expect(dead.map((d) => d.error_class)).toEqual(Array(5).fill('UNKNOWN_SCHEMA_ID'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(OUTAGE_MS);
  });
});
