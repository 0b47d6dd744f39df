import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import kafkajs from 'kafkajs';
import { ingest, type IngestOptions } from '@dl/ingester';
import { createTopic, framedOrder, registerOrder, send } from '@dl/test-support/produce-raw';
import { stackEndpoints, tempLake, uniqueTopic } from '@dl/test-support/stack-env';
import { testIngestOptions } from '@dl/test-support/ingest-options';
import { readRows } from '@dl/test-support/read-lake';
import { uncommittedVisibleFiles } from '@dl/test-support/lake-check';
import { runPython } from '@dl/test-support/python';
import { commitChainProblems, lakeEnds, topicEnds } from '../../../test/chaos/support/audit.js';

// The lake, not the consumer group, holds the progress: whatever the group's committed offsets
// say (ahead of the lake, behind it, or pointing at transaction markers), every assignment starts
// where the lake ends, and `--once` ends as soon as the lake reaches the high watermarks.

const options = testIngestOptions;

const quiet = () =>
  new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });
const run = (opts: IngestOptions) => ingest(opts, new AbortController().signal, { stderr: quiet() });

/** `partition/offset` of every row of a table directory, sorted. */
function keys(dir: string): string[] {
  return readRows(dir)
    .map((r) => `${r.partition}/${r.offset}`)
    .sort();
}

function orderIds(lake: string): number[] {
  return readRows(path.join(lake, 'parquet'))
    .map((r) => r.order_id as number)
    .sort((a, b) => a - b);
}

/** What pyarrow and DuckDB read from the table: they must agree with each other and with us. */
function independentRead(lake: string): { rows: number; keys: string[]; order_ids: number[] } {
  const out = JSON.parse(runPython('table_offsets.py', [lake])) as Record<'pyarrow' | 'duckdb', { rows: number; keys: string[]; order_ids: number[] }>;
  expect(out.duckdb).toEqual(out.pyarrow);
  return out.pyarrow;
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

async function orders(topic: string, from: number, n: number, partitions: number): Promise<void> {
  const id = await registerOrder(topic);
  await send(
    topic,
    range(from, n).map((i) => ({ key: `k${i}`, value: framedOrder(id, i) })),
    (i) => i % partitions,
  );
}

function admin(): kafkajs.Admin {
  return new kafkajs.Kafka({ clientId: 'dl-test', brokers: stackEndpoints().brokers, logLevel: kafkajs.logLevel.NOTHING }).admin();
}

/**
 * Writes order `i` for each entry of `txns` in one kafkajs transaction per entry, committed or
 * aborted: the partition then holds a control record (marker) after each transaction.
 */
async function transactional(topic: string, txns: Array<{ ids: number[]; commit: boolean }>): Promise<void> {
  const id = await registerOrder(topic);
  const kafka = new kafkajs.Kafka({ clientId: 'dl-test-txn', brokers: stackEndpoints().brokers, logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer({ transactionalId: `txn-${topic}`, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (const t of txns) {
      const txn = await producer.transaction();
      await txn.send({ topic, acks: -1, messages: t.ids.map((i) => ({ key: `k${i}`, value: framedOrder(id, i), partition: 0 })) });
      if (t.commit) await txn.commit();
      else await txn.abort();
    }
  } finally {
    await producer.disconnect();
  }
}

describe('the lake sets the consumer position (real Kafka + registry)', () => {
  it('a lake deleted and re-ingested with the same group gets every record exactly once', async () => {
    const topic = uniqueTopic('pos-del');
    await createTopic(topic, 2);
    await orders(topic, 0, 400, 2);
    const lake = tempLake();
    await run(options(topic, lake, { flushRecords: 150 }));
    expect(orderIds(lake)).toEqual(range(0, 400));

    // The group's committed offsets are now at the high watermarks; the lake starts over.
    rmSync(lake, { recursive: true, force: true });
    const again = await run(options(topic, lake));
    expect(again.rows).toBe(400);
    expect(orderIds(lake)).toEqual(range(0, 400));
    expect(new Set(keys(path.join(lake, 'parquet'))).size).toBe(400);
    const seen = independentRead(lake);
    expect({ rows: seen.rows, unique: new Set(seen.keys).size, ids: seen.order_ids }).toEqual({ rows: 400, unique: 400, ids: range(0, 400) });
    expect(commitChainProblems(lake)).toEqual([]);

    // And new records after that are added once.
    await orders(topic, 400, 50, 2);
    await run(options(topic, lake));
    expect(orderIds(lake)).toEqual(range(0, 450));
  });

  it('a second, new lake fed from the same group gets every record', async () => {
    const topic = uniqueTopic('pos-two');
    await createTopic(topic, 3);
    await orders(topic, 0, 300, 3);
    const a = tempLake();
    const b = tempLake();
    await run(options(topic, a));
    const second = await run(options(topic, b));
    expect(second.rows).toBe(300);
    expect(orderIds(b)).toEqual(range(0, 300));
    // Both lakes stay whole and independent: more records reach each of them once.
    await orders(topic, 300, 30, 3);
    await run(options(topic, a));
    await run(options(topic, b));
    expect(orderIds(a)).toEqual(range(0, 330));
    expect(orderIds(b)).toEqual(range(0, 330));
  });

  it('a group whose committed offsets are behind the lake re-reads nothing twice', async () => {
    const topic = uniqueTopic('pos-behind');
    await createTopic(topic, 2);
    await orders(topic, 0, 200, 2);
    const lake = tempLake();
    const group = `g-${topic}`;
    await run(options(topic, lake));
    // Rewind the group to the beginning (a restored group, or one committed long ago).
    const a = admin();
    await a.connect();
    try {
      await a.setOffsets({ groupId: group, topic, partitions: [0, 1].map((p) => ({ partition: p, offset: '0' })) });
    } finally {
      await a.disconnect();
    }
    await orders(topic, 200, 40, 2);
    const second = await run(options(topic, lake));
    expect(second.records).toBe(40);
    const all = keys(path.join(lake, 'parquet'));
    expect(new Set(all).size).toBe(all.length);
    expect(orderIds(lake)).toEqual(range(0, 240));
    expect(commitChainProblems(lake)).toEqual([]);
  });

  it('--once on a topic of a kafkajs transactional producer ends and holds exactly the committed records', async () => {
    const topic = uniqueTopic('pos-txn');
    await createTopic(topic, 1);
    // Committed, aborted, committed: the last offset before the high watermark is a commit marker.
    await transactional(topic, [
      { ids: range(0, 20), commit: true },
      { ids: range(1000, 10), commit: false },
      { ids: range(20, 20), commit: true },
    ]);
    const lake = tempLake();
    const first = await run(options(topic, lake, { flushRecords: 7 }));
    expect(first.rows).toBe(40);
    expect(orderIds(lake)).toEqual(range(0, 40));
    expect(commitChainProblems(lake, { allowGaps: true })).toEqual([]);
    expect(uncommittedVisibleFiles(lake)).toEqual([]);
    // 20 + 10 + 20 records and 3 markers: the chain covers the last marker too.
    expect(lakeEnds(lake, topic).get(0)).toBe(52);
    // pyarrow and DuckDB see exactly the committed records: offsets 0..19 and 32..51 (markers at 20, 31, 52).
    expect(independentRead(lake)).toEqual({ rows: 40, keys: [...range(0, 20), ...range(32, 20)].map((o) => `0/${o}`).sort(), order_ids: range(0, 40) });

    // Only an aborted transaction since: the fetch holds nothing but aborted records and markers.
    await transactional(topic, [{ ids: range(2000, 5), commit: false }]);
    const second = await run(options(topic, lake));
    expect(second.records).toBe(0);
    expect(lakeEnds(lake, topic).get(0)).toBe((await topicEnds(topic)).get(0)! - 1);
    // A new lake with the same group, and then a run with the lake complete: both end too.
    const other = tempLake();
    expect((await run(options(topic, other))).rows).toBe(40);
    expect((await run(options(topic, other))).records).toBe(0);
    expect(orderIds(other)).toEqual(range(0, 40));
    expect(commitChainProblems(other, { allowGaps: true })).toEqual([]);
  });

  it('--once on an empty topic, or one holding only an aborted transaction, ends at once', async () => {
    const empty = uniqueTopic('pos-empty');
    await createTopic(empty, 2);
    expect((await run(options(empty, tempLake()))).records).toBe(0);

    const aborted = uniqueTopic('pos-aborted');
    await createTopic(aborted, 1);
    await transactional(aborted, [{ ids: range(0, 5), commit: false }]);
    const lake = tempLake();
    expect((await run(options(aborted, lake))).records).toBe(0);
    expect(readRows(path.join(lake, 'parquet'))).toEqual([]);
    // The lake remembers it has passed the marker (5 aborted records, then the marker at offset 5).
    expect(lakeEnds(lake, aborted).get(0)).toBe(5);
    expect(commitChainProblems(lake, { allowGaps: true })).toEqual([]);
  });
});
