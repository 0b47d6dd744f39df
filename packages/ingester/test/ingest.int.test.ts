import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { ingest } from '@dl/ingester';
import { createTopic, send, registerOrder, framedOrder, brokenSet, order } from '@dl/test-support/produce-raw';
import { tempLake, uniqueTopic } from '@dl/test-support/stack-env';
import { testIngestOptions } from '@dl/test-support/ingest-options';
import { readRows, visibleFiles } from '@dl/test-support/read-lake';
import { Writable } from 'node:stream';

const options = testIngestOptions;

const sink = () => {
  const lines: string[] = [];
  return {
    lines,
    stream: new Writable({
      write(c, _e, cb) {
        lines.push(String(c));
        cb();
      },
    }),
  };
};

describe('dl ingest (real Kafka + registry)', () => {
  it('routes good records to the table and each broken kind to the DLQ with its class, exactly once', async () => {
    const topic = uniqueTopic('ing');
    await createTopic(topic, 3);
    const id = await registerOrder(topic);
    const good = Array.from({ length: 1000 }, (_, i) => ({ key: `product${i % 2}`, value: framedOrder(id, i) }));
    const broken = await brokenSet(topic, id, 7);
    await send(topic, [...good.slice(0, 500), ...broken, ...good.slice(500)], (i) => i % 3);
    const lake = tempLake();
    const err = sink();
    const summary = await ingest(options(topic, lake), new AbortController().signal, { stderr: err.stream });
    expect(summary.records).toBe(1000 + broken.length);

    const rows = readRows(path.join(lake, 'parquet'));
    expect(rows).toHaveLength(1000);
    const seen = new Set(rows.map((r) => `${r.partition}/${r.offset}`));
    expect(seen.size).toBe(1000);
    const byId = new Map(rows.map((r) => [r.order_id as number, r]));
    expect(byId.get(1)!.description).toBe('zażółć gęślą jaźń 1');
    expect(byId.get(1)!.schema_id).toBe(id);
    expect(typeof byId.get(1)!.timestamp).toBe('number');

    const dead = readRows(path.join(lake, 'parquet-dlq'));
    expect(dead.map((d) => `${String(Buffer.from(d.key as Uint8Array))}:${d.error_class}`).sort()).toEqual(broken.map((b) => `${b.key}:${b.expected}`).sort());
    for (const d of dead) {
      const b = broken.find((x) => x.key === String(Buffer.from(d.key as Uint8Array)))!;
      if (b.value === null) expect(d.avro_value).toBeNull();
      else expect(Buffer.from(d.avro_value as Uint8Array).equals(b.value)).toBe(true);
      expect(String(d.error_message).length).toBeGreaterThan(10);
    }

    // Nothing private is visible to readers of the table directories.
    for (const f of [...visibleFiles(path.join(lake, 'parquet')), ...visibleFiles(path.join(lake, 'parquet-dlq'))]) {
      expect(path.basename(f)).toMatch(/^ing-.+\+\d+\+\d{20}-\d{20}\.parquet$/);
    }
    // A second run finds nothing new and writes nothing.
    const again = await ingest(options(topic, lake), new AbortController().signal, { stderr: sink().stream });
    expect(again.records).toBe(0);
    expect(readRows(path.join(lake, 'parquet'))).toHaveLength(1000);
  });

  it('resumes from the lake, not from Kafka: a second group into the same lake adds nothing, new records are added once', async () => {
    const topic = uniqueTopic('ing');
    await createTopic(topic, 2);
    const id = await registerOrder(topic);
    await send(
      topic,
      Array.from({ length: 300 }, (_, i) => ({ key: 'k', value: framedOrder(id, i) })),
    );
    const lake = tempLake();
    await ingest(options(topic, lake, { flushRecords: 70 }), new AbortController().signal, { stderr: sink().stream });
    const other = await ingest(options(topic, lake, { groupId: `other-${topic}` }), new AbortController().signal, { stderr: sink().stream });
    expect(other.rows).toBe(0);
    await send(
      topic,
      Array.from({ length: 50 }, (_, i) => ({ key: 'k', value: framedOrder(id, 300 + i) })),
    );
    await ingest(options(topic, lake), new AbortController().signal, { stderr: sink().stream });
    const rows = readRows(path.join(lake, 'parquet'));
    expect(rows).toHaveLength(350);
    expect(new Set(rows.map((r) => r.order_id)).size).toBe(350);
    expect(existsSync(path.join(lake, '_dl', 'log'))).toBe(true);
    // Nothing left staged (the local store also removes the directories a delete empties).
    const staging = path.join(lake, '_dl', 'staging');
    const left = existsSync(staging) ? readdirSync(staging, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()) : [];
    expect(left.map((d) => d.name)).toEqual([]);
    void order;
  });
});
