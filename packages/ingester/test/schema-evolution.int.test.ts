import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { Writable } from 'node:stream';
import { avroType, createRegistry, frame } from '@dl/core';
import { ingest } from '@dl/ingester';
import { createTopic, framedOrder, registerOrder, send } from '@dl/test-support/produce-raw';
import { ORDER_SCHEMA, stackEndpoints, tempLake, uniqueTopic } from '@dl/test-support/stack-env';
import { readRows } from '@dl/test-support/read-lake';

const V2 = {
  ...ORDER_SCHEMA,
  fields: [...(ORDER_SCHEMA.fields as unknown[]), { name: 'coupon', type: ['null', 'string'], default: null }],
};

describe('schema evolution mid-stream', () => {
  it('picks up a new backward-compatible version without a restart; old records stay readable', { timeout: 180_000 }, async () => {
    const topic = uniqueTopic('evo');
    await createTopic(topic, 1);
    const v1 = await registerOrder(topic);
    await send(
      topic,
      Array.from({ length: 100 }, (_, i) => ({ key: 'k', value: framedOrder(v1, i) })),
    );
    const { brokers, registryUrl } = stackEndpoints();
    const lake = tempLake('dl-evo-');
    const stop = new AbortController();
    const quiet = new Writable({
      write(_c, _e, cb) {
        cb();
      },
    });
    const running = ingest(
      {
        kafka: { brokers, clientId: 'evo' },
        registry: { url: registryUrl },
        topics: [topic],
        groupId: `g-${topic}`,
        dataDir: lake,
        partitionBy: { kind: 'date' },
        compression: 'zstd',
        rowGroupSize: 100_000,
        flushRecords: 100_000,
        flushBytes: 64 << 20,
        flushIntervalMs: 1000,
        once: false,
        rawValue: false,
        subjectStrategy: 'topic',
        progress: 'none',
        sessionTimeoutMs: 10_000,
      },
      stop.signal,
      { stderr: quiet },
    );
    const until = async (n: number) => {
      for (let t = 0; t < 600 && readRows(path.join(lake, 'parquet')).length < n; t++) await new Promise((r) => setTimeout(r, 100));
    };
    await until(100);
    const v2 = await createRegistry({ url: registryUrl }).register(`${topic}-value`, V2);
    expect(v2).not.toBe(v1);
    const t2 = avroType(V2);
    // Writers of both versions interleave after the upgrade.
    await send(
      topic,
      Array.from({ length: 100 }, (_, i) => ({
        key: 'k',
        value:
          i % 2 === 0
            ? frame(v2, t2.toBuffer({ order_id: 100 + i, customer: 'c', description: 'd', price: 1, products: [], coupon: `C${i}` }))
            : framedOrder(v1, 100 + i),
      })),
    );
    await until(200);
    stop.abort();
    const summary = await running;
    const rows = readRows(path.join(lake, 'parquet'));
    expect(summary.deadLetters).toBe(0);
    expect(rows).toHaveLength(200);
    const byId = new Map(rows.map((r) => [r.order_id as number, r]));
    expect(byId.get(5)!.coupon).toBeUndefined(); // written before v2 existed: v1 file
    expect(byId.get(100)!.coupon).toBe('C0');
    expect(byId.get(101)!.coupon).toBeNull(); // a v1 record read with the v2 reader
    expect(byId.get(101)!.schema_id).toBe(v1);
    expect(byId.get(100)!.schema_id).toBe(v2);
  });
});
