import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { runDl } from '../support/run-dl.js';
import { runPython } from '../support/python.js';
import { REPO, stackEndpoints, tempLake, uniqueTopic } from '../support/stack-env.js';
import { readRows } from '../support/read-lake.js';

// Writers and readers nobody here wrote: librdkafka with Confluent's AvroSerializer and
// AvroDeserializer, talking to the same broker and registry as dl.
describe('interoperability with the Confluent Python client', () => {
  it.each(['zstd', 'lz4', 'snappy', 'gzip'])('ingests orders sent by AvroSerializer with %s batches', { timeout: 120_000 }, async (compression) => {
    const { brokers, registryUrl } = stackEndpoints();
    const topic = uniqueTopic(`cf-${compression}`);
    const out = runPython('confluent_interop.py', [
      'produce',
      '--brokers',
      brokers.join(','),
      '--registry-url',
      registryUrl,
      '--topic',
      topic,
      '--count',
      '500',
      '--compression',
      compression,
      '--schema',
      path.join(REPO, 'packages/core/schemas/order.avsc'),
    ]);
    expect(JSON.parse(out)).toEqual({ sent: 500 });
    const lake = tempLake();
    const r = await runDl(['ingest', '--once', '--topic', topic, '--group', `g-${topic}`, '--data-dir', lake, '--progress', 'none', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = readRows(path.join(lake, 'parquet'));
    expect(rows).toHaveLength(500);
    expect(readRows(path.join(lake, 'parquet-dlq'))).toHaveLength(0);
    const o = rows.find((x) => x.order_id === 7)!;
    expect(o.description).toBe('zażółć gęślą jaźń 7');
    expect(o.customer).toBe('Zofia Żółć');
  });

  it('dl produce output decodes with AvroDeserializer to exactly the records sent', { timeout: 120_000 }, async () => {
    const { brokers, registryUrl } = stackEndpoints();
    const topic = uniqueTopic('cf-de');
    const input = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ order_id: i, customer: 'Zoë', description: `zażółć ${i} 日本`, price: i + 0.5, products: [{ name: 'shoes', price: 49.99 }] }),
    ).join('\n');
    const { writeFileSync } = await import('node:fs');
    const file = path.join(tempLake('dl-in-'), 'orders.jsonl');
    writeFileSync(file, `${input}\n`);
    const p = await runDl(['produce', '--topic', topic, '--input', file, '--compression', 'zstd', '--format', 'json']);
    expect(p.code, p.stderr).toBe(0);
    const lines = runPython('confluent_interop.py', [
      'consume',
      '--brokers',
      brokers.join(','),
      '--registry-url',
      registryUrl,
      '--topic',
      topic,
      '--count',
      '50',
    ])
      .trim()
      .split('\n');
    const values = lines.map((l) => (JSON.parse(l) as { value: unknown }).value);
    expect(values).toEqual(input.split('\n').map((l) => JSON.parse(l)));
  });
});
