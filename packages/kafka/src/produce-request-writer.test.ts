import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testRandom, type SeededRandom } from '@dl/test-support/seeded-random';
import { installFastProducePaths, registerCodecs } from '@dl/kafka';
import { kafkajsProduceV3 } from './kafkajs-fast-paths.js';
import { ProduceRequestWriter, type ProduceMessage, type ProduceRequestArgs } from './produce-request-writer.js';

const require = createRequire(import.meta.url);
const src = path.join(path.dirname(require.resolve('kafkajs/package.json')), 'src');
const Long = require(path.join(src, 'utils/long.js')) as { fromValue(v: unknown): unknown };

// Each test's random keys and values come from a seed it prints when it fails.
let random: SeededRandom;
beforeEach(() => {
  random = testRandom();
});
const randomBytes = (n: number) => random.bytes(n);

function message(i: number): ProduceMessage {
  const pick = i % 7;
  return {
    key: pick === 0 ? null : pick === 1 ? `key-${i}-zażółć` : randomBytes(i % 20),
    value: pick === 2 ? null : pick === 3 ? `value ${i} ✓` : randomBytes((i * 37) % 300),
    ...(pick === 4 ? { timestamp: String(1_700_000_000_000 + ((i * 7919) % 100_000)) } : {}),
    ...(pick === 5 ? { headers: { a: 'x', b: [Buffer.from([1, 2]), 'ü'], c: Buffer.alloc(0) } } : {}),
  };
}

function args(compression: number, n: number, extra: Partial<ProduceRequestArgs> = {}): ProduceRequestArgs {
  return {
    acks: -1,
    timeout: 30_000,
    compression,
    producerId: Long.fromValue(4242),
    producerEpoch: 3,
    topicData: [
      { topic: 'dev.orders', partitions: [{ partition: 0, firstSequence: 17, messages: Array.from({ length: n }, (_, i) => message(i)) }] },
      {
        topic: 'other',
        partitions: [
          { partition: 2, firstSequence: 0, messages: [message(1)] },
          { partition: 5, messages: [message(3), message(4)] },
        ],
      },
    ],
    ...extra,
  };
}

afterEach(() => vi.restoreAllMocks());

describe('ProduceRequestWriter', () => {
  installFastProducePaths();
  registerCodecs();
  const writer = new ProduceRequestWriter(src);

  // gzip and our lz4/snappy writers are deterministic, so compressed requests compare byte for byte too.
  it.each([
    ['none', 0],
    ['gzip', 1],
    ['snappy', 2],
    ['lz4', 3],
  ])('writes the same Produce v3 request as kafkajs (%s)', async (_name, compression) => {
    vi.spyOn(Date, 'now').mockReturnValue(1_700_000_050_000);
    expect(String(kafkajsProduceV3)).toContain('topicEncoder'); // really kafkajs's own
    for (const n of [1, 2, 50, 1000]) {
      const a = args(compression, n);
      const ours = await writer.body(a);
      const theirs = (await kafkajsProduceV3!(a).encode()).buffer;
      expect(ours.equals(theirs)).toBe(true);
    }
  });

  it('writes the transactional flag and a null transactional id as kafkajs does', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_700_000_050_000);
    for (const extra of [{ transactionalId: 'tx-1' }, { transactionalId: null, producerId: undefined, producerEpoch: undefined }]) {
      const a = args(0, 5, extra);
      expect((await writer.body(a)).equals((await kafkajsProduceV3!(a).encode()).buffer)).toBe(true);
    }
  });
});
