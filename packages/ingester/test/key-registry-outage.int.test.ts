import { describe, expect, it } from 'vitest';
import path from 'node:path';
import avsc from 'avsc';
import { createRegistry, frame } from '@dl/core';
import { createTopic, framedOrder, registerOrder, send } from '@dl/test-support/produce-raw';
import { stackEndpoints, tempLake, uniqueTopic } from '@dl/test-support/stack-env';
import { readRows } from '@dl/test-support/read-lake';
import { startDl } from '@dl/test-support/run-dl';
import { stack } from '@dl/test-support/stack-control';

const OUTAGE_MS = Number(process.env.DL_OUTAGE_MS ?? 15_000);

const KEY_V1 = { type: 'record', name: 'OrderKey', namespace: 'dev.dl.test', fields: [{ name: 'id', type: 'long' }] };
const KEY_V2 = { ...KEY_V1, fields: [...KEY_V1.fields, { name: 'shard', type: 'int', default: 0 }] };

async function until(what: string, ok: () => boolean, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// Stops the registry: run against a private stack (DL_STACK_DIR), never a shared one.
describe('dl ingest with framed keys during a registry outage', () => {
  it('pauses on a key whose schema it must fetch, never dead-letters it, and decodes it once the registry is back', { timeout: 300_000 }, async () => {
    const topic = uniqueTopic('key-outage');
    await createTopic(topic, 1);
    const valueId = await registerOrder(topic);
    const registry = createRegistry({ url: stackEndpoints().registryUrl });
    const v1 = await registry.register(`${topic}-key`, KEY_V1);
    const t1 = avsc.Type.forSchema(KEY_V1 as avsc.Schema);
    await send(
      topic,
      Array.from({ length: 50 }, (_, i) => ({ key: null, value: framedOrder(valueId, i) })).map((m, i) => ({
        ...m,
        key: frame(v1, t1.toBuffer({ id: i })) as unknown as string,
      })),
    );
    const lake = tempLake('dl-key-outage-');
    const run = startDl([
      'ingest',
      '--topic',
      topic,
      '--group',
      `g-${topic}`,
      '--data-dir',
      lake,
      '--progress',
      'none',
      '--flush-interval',
      '1',
      '--session-timeout',
      '6',
    ]);
    const s = await stack();
    try {
      await until('the first 50 rows', () => readRows(path.join(lake, 'parquet')).length === 50);
      // A new key version, then the registry goes away before dl ingest has seen its id.
      const v2 = await registry.register(`${topic}-key`, KEY_V2);
      const t2 = avsc.Type.forSchema(KEY_V2 as avsc.Schema);
      await s.stopComponent('registry');
      try {
        await send(
          topic,
          Array.from({ length: 50 }, (_, i) => ({
            key: frame(v2, t2.toBuffer({ id: 50 + i, shard: 7 })) as unknown as string,
            value: framedOrder(valueId, 50 + i),
          })),
        );
        await new Promise((r) => setTimeout(r, OUTAGE_MS));
        expect(run.child.exitCode).toBeNull();
        expect(readRows(path.join(lake, 'parquet-dlq'))).toHaveLength(0);
        expect(readRows(path.join(lake, 'parquet'))).toHaveLength(50);
      } finally {
        await s.startComponent('registry');
      }
      await until('all 100 rows', () => readRows(path.join(lake, 'parquet')).length === 100);
    } finally {
      run.child.kill('SIGTERM');
    }
    const { code } = await run.exited;
    expect(code, run.stderr.join('')).toBe(0);
    expect(run.stderr.join('')).toMatch(/registry/i);
    const rows = readRows(path.join(lake, 'parquet'));
    expect(readRows(path.join(lake, 'parquet-dlq'))).toHaveLength(0);
    const ids = rows.map((r) => Number((r['key_decoded'] as { toJSON(): { id: bigint } }).toJSON().id)).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
