import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompressionName } from '@dl/kafka';
import { generatedOrder, seededRandom } from '@dl/producer';
import { REPO, stackEndpoints, uniqueTopic } from '@dl/test-support/stack-env';
import { expectSameOrders, runProduce } from './support.js';

const python = path.join(REPO, '.venv/bin/python');

/**
 * Acceptance by an independent decoder: librdkafka (confluent-kafka) reads the topic and fastavro decodes
 * each value with the writer schema fetched from the registry by the id in its header.
 */
describe('dl produce, checked by Python (confluent-kafka + fastavro)', () => {
  it.each(['none', 'snappy', 'lz4', 'zstd'] as CompressionName[])('--count 1000 (%s) decodes to exactly the records sent', async (compression) => {
    if (!existsSync(python)) throw new Error(`${python} is missing: run test/python/setup-venv.sh first`);
    const topic = uniqueTopic(`py-${compression}`);
    const { summary } = await runProduce({ topic, count: 1000, seed: 11, partitions: 2, compression });
    const { brokers, registryUrl } = stackEndpoints();
    const r = spawnSync(
      python,
      [path.join(REPO, 'test/python/decode_topic.py'), '--brokers', brokers.join(','), '--registry-url', registryUrl, '--topic', topic, '--count', '1000'],
      { encoding: 'utf8', timeout: 90_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: string; schema_id: number; value?: { order_id: number }; error?: string });
    expect(lines).toHaveLength(1000);
    expect(lines.filter((l) => l.error)).toEqual([]);
    expect(new Set(lines.map((l) => l.schema_id))).toEqual(new Set([summary.schemaId]));
    const random = seededRandom(11);
    const expected = Array.from({ length: 1000 }, (_, i) => generatedOrder(i, random));
    expectSameOrders(
      lines.map((l) => l.value!).sort((a, b) => a.order_id - b.order_id),
      expected,
    );
    for (const l of lines) expect(l.key).toBe(`product${l.value!.order_id % 2}`);
  });
});
