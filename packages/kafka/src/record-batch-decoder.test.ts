import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kafkajsOwn, KAFKAJS_SRC as src } from '@dl/test-support/kafkajs-own';
import { seededRandom, testRandom, type SeededRandom } from '@dl/test-support/seeded-random';
import { registerCodecs } from './codecs/register-codecs.js';
import {
  CorruptRecordBatchError,
  createRecordBatchDecoder,
  type KafkajsDecoder,
  type RecordBatch,
  type RecordBatchDecoderDeps,
} from './record-batch-decoder.js';

const require = createRequire(import.meta.url);
const Decoder = require(path.join(src, 'protocol/decoder.js')) as new (b: Buffer) => KafkajsDecoder & { canReadBytes(n: number): boolean };
const { RecordBatch: encodeBatch } = require(path.join(src, 'protocol/recordBatch/v0/index.js')) as {
  RecordBatch: (args: Record<string, unknown>) => Promise<{ buffer: Buffer }>;
};
const encodeRecord = require(path.join(src, 'protocol/recordBatch/record/v0/index.js')) as (args: Record<string, unknown>) => unknown;
const { lookupCodecByAttributes } = require(path.join(src, 'protocol/message/compression/index.js')) as Pick<RecordBatchDecoderDeps, 'lookupCodecByAttributes'>;
const theirs = kafkajsOwn<RecordBatchDecoderDeps['original']>('protocol/recordBatch/v0/decoder.js');
const kafkajsCrc32c = require(path.join(src, 'protocol/recordBatch/crc32C/index.js')) as (b: Buffer) => number;
registerCodecs();

let fallbacks = 0;
const ours = createRecordBatchDecoder({
  original: (d) => {
    fallbacks++;
    return theirs(d);
  },
  lookupCodecByAttributes,
  checkCrcs: () => crcsChecked,
});
let crcsChecked = true;

const NONE = 0;
const COMPRESSIONS = [NONE, 1, 2, 3, 4]; // none, gzip, snappy, lz4, zstd

function bytes(random: SeededRandom, max: number): Buffer | null {
  const r = random.int(10);
  if (r === 0) return null;
  if (r === 1) return Buffer.alloc(0);
  return random.bytes(random.int(max));
}

/** Header names that repeat (kafkajs folds repeats into arrays) and non-ASCII ones; no Object.prototype names. */
function headers(random: SeededRandom): Record<string, Buffer | Buffer[]> {
  const out: Record<string, Buffer | Buffer[]> = {};
  const names = ['trace', 'source', 'zażółć', '日本', 'x'];
  for (let h = random.int(6); h > 0; h--) {
    const name = names[random.int(names.length)]!;
    const value = random.bytes(random.int(40));
    const have = out[name];
    out[name] = have === undefined ? value : Array.isArray(have) ? [...have, value] : [have, value];
  }
  return out;
}

/** A wall-clock timestamp that is the same in every run (a seed then gives the same batches). */
const A_DAY = Date.UTC(2026, 11, 2);

const LARGE = [0, 1, 2 ** 31, 2 ** 53 - 10, 2 ** 53 + 1, 2 ** 62, -1];

async function randomBatch(random: SeededRandom, compression: number): Promise<Buffer> {
  // One draw, then never below 0 (a second draw for the value let -1 through: seed 2114941979).
  const large = LARGE[random.int(LARGE.length)]!;
  const firstOffset = BigInt(large < 0 ? 0 : large) + BigInt(random.int(1000));
  const firstTimestamp = [A_DAY, -1, 0, 2 ** 53 - 5, 2 ** 60][random.int(5)]!;
  const n = random.int(60);
  const records = Array.from({ length: n }, (_, i) => {
    // Timestamp deltas: small, around the 7-byte varlong boundary (2^48), huge, and negative.
    const delta = [random.int(1000), 2 ** 48 - random.int(3) * 2 ** 40, -(2 ** 48) - 7, 2 ** 55 + 3, -random.int(5000), 2 ** 62][random.int(6)]!;
    return encodeRecord({
      offsetDelta: i + (random.int(4) === 0 ? random.int(100) : 0),
      timestampDelta: BigInt(delta).toString(),
      key: bytes(random, 30),
      value: bytes(random, 300),
      headers: headers(random),
    });
  });
  const { buffer } = await encodeBatch({
    compression,
    firstOffset: firstOffset.toString(),
    firstTimestamp: String(firstTimestamp),
    maxTimestamp: String(firstTimestamp + 5),
    lastOffsetDelta: Math.max(0, n - 1),
    transactional: random.int(3) === 0,
    producerId: String(random.int(2) === 0 ? -1 : 2 ** 40 + random.int(99)),
    records,
  });
  // Attribute bits the encoder never sets: log-append time, control batch (offset 21 in the batch).
  if (random.int(5) === 0) buffer.writeInt16BE(buffer.readInt16BE(21) | 0x08, 21);
  if (random.int(8) === 0) buffer.writeInt16BE(buffer.readInt16BE(21) | 0x20, 21);
  return withCrc(buffer);
}

/** The batch with its CRC-32C rewritten, as a producer that set what the test changed would write it. */
function withCrc(batch: Buffer): Buffer {
  batch.writeUInt32BE(kafkajsCrc32c(batch.subarray(21)), 17);
  return batch;
}

/** Decodes every batch in `buffer` with `decode`, as kafkajs's fetch response reader does. */
async function decodeAll(decode: (d: KafkajsDecoder) => Promise<RecordBatch>, buffer: Buffer): Promise<unknown[]> {
  const decoder = new Decoder(buffer);
  const out: unknown[] = [];
  while (decoder.canReadBytes(49)) {
    try {
      out.push(await decode(decoder));
    } catch (e) {
      out.push({ threw: (e as Error).name, message: (e as Error).message });
      break;
    }
  }
  return out;
}

// Hundreds of random batches through both decoders per test: ~2–5 s each alone, more beside the
// other unit test files (one went past vitest's 5 s default while the machine was busy).
describe('the record batch decoder', { timeout: 30_000 }, () => {
  it.each(COMPRESSIONS)(
    'returns exactly what kafkajs returns (compression %i: random records, offsets and timestamps past 2^53, headers, flags)',
    async (compression) => {
      const random = testRandom();
      fallbacks = 0;
      for (let round = 0; round < 60; round++) {
        const batches = await Promise.all(Array.from({ length: 1 + random.int(3) }, () => randomBatch(random, compression)));
        const fetched = Buffer.concat(batches);
        const expected = await decodeAll(theirs, fetched);
        expect(await decodeAll(ours, fetched)).toEqual(expected);
        expect(expected.length).toBe(batches.length);
      }
      expect(fallbacks).toBe(0);
    },
  );

  it("hands a fetch's cut-off last batch to kafkajs, which throws the partial-message error its caller expects", async () => {
    const random = testRandom();
    for (let round = 0; round < 40; round++) {
      const last = await randomBatch(random, NONE);
      const fetched = Buffer.concat([await randomBatch(random, 3), last]);
      // Keep at least the 49 bytes kafkajs needs to start reading the cut batch.
      const cut = fetched.subarray(0, fetched.length - 1 - random.int(Math.max(1, last.length - 50)));
      const got = await decodeAll(ours, cut);
      expect(got).toEqual(await decodeAll(theirs, cut));
      expect(got.at(-1)).toMatchObject({ threw: 'KafkaJSPartialMessageError' });
    }
  });

  it("verifies every batch's CRC: one changed byte anywhere it covers (attributes to the last record) fails the fetch", async () => {
    const random = testRandom();
    fallbacks = 0;
    for (let round = 0; round < 100; round++) {
      const batch = await randomBatch(random, random.int(2) === 0 ? NONE : 3);
      // Any byte the CRC covers: the attributes (offset 21) to the end.
      const at = 21 + random.int(batch.length - 21);
      batch[at] = (batch[at]! + 1 + random.int(255)) % 256;
      const got = await decodeAll(ours, batch);
      expect(got).toEqual([
        {
          threw: 'CorruptRecordBatchError',
          message: expect.stringMatching(
            /^A fetched record batch is corrupt: the batch at offset \d+ has CRC \d+, its bytes give \d+ \(they changed after its producer wrote them; Kafka's own consumers refuse this batch too\)\.$/,
          ),
        },
      ]);
    }
    expect(fallbacks).toBe(0);
  });

  it('with checkCrcs off, checks the CRC of a batch that does not decode only; one that decodes gives kafkajs its records', async () => {
    const random = testRandom();
    fallbacks = 0;
    let corrupt = 0;
    let clean = 0;
    crcsChecked = false;
    try {
      for (let round = 0; round < 300; round++) {
        const batch = await randomBatch(random, random.int(2) === 0 ? NONE : 3);
        if (batch.length <= 62) continue;
        const at = 61 + random.int(batch.length - 61);
        batch[at] = (batch[at]! + 1 + random.int(255)) % 256;
        const got = await decodeAll(ours, batch);
        const last = got.at(-1) as { threw?: string; message?: string };
        if (last.threw === 'CorruptRecordBatchError') {
          // Even when the record's header count gave it away: the CRC is the cause it names.
          expect(last.message).toMatch(/^A fetched record batch is corrupt: the batch at offset \d+ has CRC \d+, its bytes give \d+ \(/);
          corrupt++;
        } else {
          // The change still decodes (a key, value or header byte): the same (changed) records as kafkajs's.
          expect(got).toEqual(await decodeAll(theirs, batch));
          clean++;
        }
      }
    } finally {
      crcsChecked = true;
    }
    expect(fallbacks).toBe(0);
    expect(corrupt).toBeGreaterThan(5);
    expect(clean).toBeGreaterThan(20);
  });

  it('leaves malformed batches whose CRC holds (a producer wrote them so) to kafkajs, so they fail (or not) exactly as before', async () => {
    // A fixed seed: kafkajs itself can spin without bound on some malformed batches (next test).
    const random = seededRandom(20261202);
    fallbacks = 0;
    let compared = 0;
    let stopped = 0;
    for (let round = 0; round < 150; round++) {
      const batch = await randomBatch(random, random.int(2) === 0 ? NONE : 3);
      if (batch.length <= 62) continue;
      batch[61 + random.int(batch.length - 61)] = random.int(256);
      withCrc(batch);
      const got = await decodeAll(ours, batch);
      const last = got.at(-1) as { threw?: string; message?: string };
      if (last.threw === 'CorruptRecordBatchError') {
        // Only a header count the record cannot hold (kafkajs would spin on it: next test) stops ours.
        const [, headers, bytes] = /declares (\d+) headers in (-?\d+) bytes\.$/.exec(last.message ?? '') ?? [];
        expect(Number(headers), last.message).toBeGreaterThan(0);
        expect(Number(bytes)).toBeGreaterThanOrEqual(0);
        expect(2 * Number(headers)).toBeGreaterThan(Number(bytes));
        stopped++;
        continue;
      }
      expect(got).toEqual(await decodeAll(theirs, batch));
      compared++;
    }
    expect(fallbacks).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(100);
    expect(compared + stopped).toBeGreaterThan(140);
  });

  it('stops on a record that declares more headers than its bytes hold, where kafkajs makes up empty ones', async () => {
    const record = (count: number) => {
      // offsetDelta 0, timestampDelta 0, null key and value, then `count` as the header count (zigzag varint).
      const body = [0, 0, 0, 1, 1];
      let z = count * 2;
      while (z >= 0x80) {
        body.push((z & 0x7f) | 0x80);
        z = Math.floor(z / 128);
      }
      body.push(z);
      return Buffer.from([body.length * 2, ...body]);
    };
    const batchOf = async (recordBytes: Buffer) => {
      const { buffer } = await encodeBatch({ compression: NONE, firstOffset: '7', firstTimestamp: '0', maxTimestamp: '0', records: [] });
      // An empty batch from kafkajs's encoder, given one record: fix the length, count and bytes.
      const out = Buffer.concat([buffer, recordBytes]);
      out.writeInt32BE(out.length - 12, 8);
      out.writeInt32BE(1, 57);
      return withCrc(out);
    };
    const few = await batchOf(record(3));
    const [kafkajsBatch] = (await decodeAll(theirs, few)) as RecordBatch[];
    expect(kafkajsBatch!.records[0]!.headers).toEqual({ '': [Buffer.alloc(0), Buffer.alloc(0), Buffer.alloc(0)] });
    expect(await decodeAll(ours, few)).toEqual([
      { threw: 'CorruptRecordBatchError', message: 'A fetched record batch is corrupt: the record at offset 7 declares 3 headers in 0 bytes.' },
    ]);

    // 2^30 headers: kafkajs would not come back from this one (the test's timeout would fail it).
    const [huge] = await decodeAll(ours, await batchOf(record(2 ** 30)));
    expect(huge).toMatchObject({ threw: 'CorruptRecordBatchError', message: expect.stringContaining('declares 1073741824 headers') });
    expect(new CorruptRecordBatchError('x').retriable).toBe(false);
  });

  it("keeps headers named like Object.prototype members as the header's value (kafkajs folds in the inherited member)", async () => {
    const record = encodeRecord({
      offsetDelta: 0,
      timestampDelta: 0,
      key: null,
      value: Buffer.from('v'),
      headers: { constructor: Buffer.from('c'), toString: [Buffer.from('t1'), Buffer.from('t2')], plain: Buffer.from('p') },
    });
    // A __proto__ header cannot be given to kafkajs's encoder as an object key: patch a name of the same length.
    const { buffer } = await encodeBatch({ compression: NONE, firstOffset: '0', firstTimestamp: '0', maxTimestamp: '0', records: [record] });
    const at = buffer.indexOf('plain');
    const [batch] = (await decodeAll(ours, buffer)) as RecordBatch[];
    const headersOf = batch!.records[0]!.headers;
    expect(Object.keys(headersOf)).toEqual(['constructor', 'toString', 'plain']);
    expect(headersOf.constructor).toEqual(Buffer.from('c'));
    expect(headersOf.toString).toEqual([Buffer.from('t1'), Buffer.from('t2')]);
    const [kafkajsBatch] = (await decodeAll(theirs, buffer)) as RecordBatch[];
    expect(kafkajsBatch!.records[0]!.headers.constructor).toEqual([Object, Buffer.from('c')]);

    const proto = encodeRecord({ offsetDelta: 0, timestampDelta: 0, key: null, value: null, headers: { abcdefghi: Buffer.from('x') } });
    const { buffer: b2 } = await encodeBatch({ compression: NONE, firstOffset: '0', firstTimestamp: '0', maxTimestamp: '0', records: [proto] });
    b2.write('__proto__', b2.indexOf('abcdefghi'));
    withCrc(b2);
    const [p] = (await decodeAll(ours, b2)) as RecordBatch[];
    const h = p!.records[0]!.headers;
    expect(Object.getPrototypeOf(h)).toBe(Object.prototype);
    expect(Object.keys(h)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(h, '__proto__')?.value).toEqual(Buffer.from('x'));
    expect(at).toBeGreaterThan(0);
  });
});
