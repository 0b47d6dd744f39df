import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kafkajsOwn, KAFKAJS_SRC as src } from '@dl/test-support/kafkajs-own';
import { testRandom, type SeededRandom } from '@dl/test-support/seeded-random';
import { fetchedBatchClass, type BatchRecord, type FilterAbortedMessages, type KafkajsBatchClass, type PartitionData } from './fetched-batch.js';

const require = createRequire(import.meta.url);
const KafkajsBatch = kafkajsOwn<KafkajsBatchClass>('consumer/batch.js');
const Long = require(path.join(src, 'utils/long.js')) as { fromValue(v: unknown): { gte(o: unknown): boolean } };
let leftToLong = 0;
const Ours = fetchedBatchClass(KafkajsBatch, require(path.join(src, 'consumer/filterAbortedMessages.js')) as FilterAbortedMessages, (o, from) => {
  leftToLong++;
  return Long.fromValue(o).gte(Long.fromValue(from));
});

type Batch = InstanceType<KafkajsBatchClass> &
  Record<string, unknown> & {
    isEmpty(): boolean;
    isEmptyIncludingFiltered(): boolean;
    isEmptyDueToFiltering(): boolean;
    isEmptyControlRecord(): boolean;
    isEmptyDueToLogCompactedMessages(): boolean;
    firstOffset(): string | null;
    lastOffset(): string;
    offsetLag(): string;
    offsetLagLow(): string;
  };

/** Everything a reader of a kafkajs Batch can see: fields, record lists (by identity) and methods. */
function view(b: Batch, records: BatchRecord[]) {
  const at = (list: BatchRecord[]) => list.map((r) => records.indexOf(r));
  return {
    fields: { topic: b.topic, partition: b.partition, highWatermark: b.highWatermark, fetchedOffset: b.fetchedOffset },
    raw: at(b.rawMessages),
    within: at(b.messagesWithinOffset),
    messages: at(b.messages),
    isEmpty: b.isEmpty(),
    isEmptyIncludingFiltered: b.isEmptyIncludingFiltered(),
    isEmptyDueToFiltering: b.isEmptyDueToFiltering(),
    isEmptyControlRecord: b.isEmptyControlRecord(),
    isEmptyDueToLogCompactedMessages: b.isEmptyDueToLogCompactedMessages(),
    firstOffset: b.firstOffset(),
    lastOffset: b.lastOffset(),
    offsetLag: b.offsetLag(),
    offsetLagLow: b.offsetLagLow(),
  };
}

const ABORT_MARKER = Buffer.from([0, 0, 0, 0]);
const COMMIT_MARKER = Buffer.from([0, 0, 0, 1]);

/** A fetch of one partition: ascending offsets around `from`, some transactional, markers, aborts. */
function partitionData(random: SeededRandom, from: bigint): PartitionData {
  const records: Array<BatchRecord & Record<string, unknown>> = [];
  let offset = from - BigInt(random.int(4) === 0 ? random.int(20) : 0);
  if (offset < 0n) offset = 0n; // Kafka's offsets (the negative ones are the next test's)
  const n = random.int(4) === 0 ? 0 : random.int(60);
  const producers = ['1', '2', '3'];
  const aborted: Array<{ producerId: string; firstOffset: string }> = [];
  for (let i = 0; i < n; i++) {
    const producerId = producers[random.int(producers.length)]!;
    const inTransaction = random.int(2) === 0;
    const control = inTransaction && random.int(8) === 0;
    if (inTransaction && random.int(10) === 0) aborted.push({ producerId, firstOffset: String(offset) });
    records.push({
      offset: String(offset),
      key: control ? (random.int(2) === 0 ? ABORT_MARKER : COMMIT_MARKER) : random.int(3) === 0 ? null : Buffer.from(`k${i}`),
      value: Buffer.from(`v${i}`),
      isControlRecord: control,
      batchContext: { producerId, inTransaction },
    });
    offset += BigInt(1 + (random.int(5) === 0 ? random.int(4) : 0)); // compaction leaves gaps
  }
  const hw = offset + BigInt(random.int(3));
  return {
    partition: random.int(3),
    highWatermark: String(hw),
    abortedTransactions: random.int(2) === 0 ? aborted : [],
    messages: records,
  };
}

describe('fetchedBatchClass (kafkajs Batch without a Long per record)', () => {
  it('shows exactly what kafkajs 2.2.4 Batch shows, for random fetches with gaps, markers and aborted transactions', () => {
    const random = testRandom();
    let filtered = 0;
    let controls = 0;
    let abortedSome = 0;
    for (let round = 0; round < 2000; round++) {
      // Offsets of every length, across a power of ten, to 2^63 - 1.
      const bases = [0n, 7n, 95n, 999n, 1000n, 123456789n, 9_007_199_254_740_990n, 9_223_372_036_854_775_700n];
      const from = bases[random.int(bases.length)]! + BigInt(random.int(30));
      const data = partitionData(random, from);
      const theirs = new KafkajsBatch('t', String(from), data) as Batch;
      const ours = new Ours('t', String(from), data) as Batch;
      expect(view(ours, data.messages)).toEqual(view(theirs, data.messages));
      if (theirs.messagesWithinOffset.length < data.messages.length) filtered++;
      if (theirs.messages.some((m) => m.isControlRecord) === false && theirs.messagesWithinOffset.some((m) => m.isControlRecord)) controls++;
      if (theirs.messages.length + theirs.messagesWithinOffset.filter((m) => m.isControlRecord).length < theirs.messagesWithinOffset.length) abortedSome++;
    }
    // The random fetches did reach every branch.
    expect(filtered).toBeGreaterThan(100);
    expect(controls).toBeGreaterThan(100);
    expect(abortedSome).toBeGreaterThan(20);
    expect(leftToLong).toBe(0);
  });

  it("leaves offsets that are not plain decimal strings to kafkajs's Long, with the same result", () => {
    const records: BatchRecord[] = [{ offset: '-1' }, { offset: '10' }, { offset: 9 as unknown as string }, { offset: '11' }];
    const data = { partition: 0, highWatermark: '12', messages: records };
    for (const from of ['10', 10 as unknown as string, '-2']) {
      const before = leftToLong;
      const ours = new Ours('t', from, data) as Batch;
      expect(view(ours, records)).toEqual(view(new KafkajsBatch('t', from, data) as Batch, records));
      expect(leftToLong).toBeGreaterThan(before);
    }
  });

  it('gives back the fetched list itself when nothing is filtered out, and copies when something is', () => {
    const records: BatchRecord[] = [{ offset: '5' }, { offset: '6' }, { offset: '7' }];
    const kept = new Ours('t', '5', { partition: 0, highWatermark: '8', messages: records }) as Batch;
    expect(kept.messages).toBe(records);
    expect(kept.messagesWithinOffset).toBe(records);
    const cut = new Ours('t', '6', { partition: 0, highWatermark: '8', messages: records }) as Batch;
    expect(cut.messages).toEqual([records[1], records[2]]);
    expect(records).toHaveLength(3);
  });
});
