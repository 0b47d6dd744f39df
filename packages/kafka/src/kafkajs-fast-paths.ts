import { createRequire } from 'node:module';
import path from 'node:path';
import { ProduceRequestWriter, type ProduceRequestArgs } from './produce-request-writer.js';
import { wakePausedFetches, type ConsumerGroupLike } from './paused-fetch-wake.js';
import { createRecordBatchDecoder, type RecordBatchDecoderDeps } from './record-batch-decoder.js';
import { fetchedBatchClass, type FilterAbortedMessages, type KafkajsBatchClass } from './fetched-batch.js';

/**
 * Two of kafkajs 2.2.4's produce-path functions dominate a bulk run's CPU: grouping a request's messages
 * by partition copies the partition's array once per message (O(n²)), and the Produce request encoder
 * builds one Encoder object, with its own zeroed buffer, per record. `installFastProducePaths()` swaps
 * in equivalent functions, byte for byte the same requests (see produce-request-writer.test.ts and
 * kafkajs-fast-paths.test.ts), through the CommonJS module cache.
 *
 * Nothing happens on import: the producer calls it, before anything loads kafkajs. Loading kafkajs
 * loads its `sendMessages`, which captures the grouping function once; after that, replacing it
 * changes nothing, and the report says `too-late` instead of claiming success. The request encoder
 * is looked up on every request, so it can be replaced at any time before the first send.
 * Only for kafkajs 2.2.4: any other version keeps kafkajs's own code (`unsupported`).
 * This module must not import kafkajs itself (the `@dl/kafka/fast-paths` entry exists for that).
 */
const require = createRequire(import.meta.url);
const root = path.dirname(require.resolve('kafkajs/package.json'));
const VERSION = (require('kafkajs/package.json') as { version: string }).version;
const GROUP = path.join(root, 'src/producer/groupMessagesPerPartition.js');
const SEND_MESSAGES = path.join(root, 'src/producer/sendMessages.js');
const PRODUCE_V3 = path.join(root, 'src/protocol/requests/produce/v3/request.js');
const RECORD_BATCH_DECODER = path.join(root, 'src/protocol/recordBatch/v0/decoder.js');
const DECODE_MESSAGES = path.join(root, 'src/protocol/requests/fetch/v4/decodeMessages.js');
const COMPRESSION = path.join(root, 'src/protocol/message/compression/index.js');
const CONSUMER_GROUP = path.join(root, 'src/consumer/consumerGroup.js');
const BATCH = path.join(root, 'src/consumer/batch.js');
const FILTER_ABORTED = path.join(root, 'src/consumer/filterAbortedMessages.js');
const LONG = path.join(root, 'src/utils/long.js');

interface Message {
  partition?: number | null;
}
export interface GroupArgs {
  topic: string;
  partitionMetadata: unknown[];
  messages: Message[];
  partitioner: (args: { topic: string; partitionMetadata: unknown[]; message: Message }) => number;
}
type GroupFn = (args: GroupArgs) => Record<number, Message[]>;
type ProduceV3 = (args: ProduceRequestArgs) => { encode(): Promise<{ buffer: Buffer }> };

/** kafkajs's grouping in one pass: the same partitions, each with its messages in their order. */
export function groupMessagesPerPartition({ topic, partitionMetadata, messages, partitioner }: GroupArgs): Record<number, Message[]> {
  if (partitionMetadata.length === 0) return {};
  const out: Record<number, Message[]> = {};
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    (out[partition] ??= []).push(message);
  }
  return out;
}

/** What each replacement did. */
export interface FastPathReport {
  /** `too-late`: kafkajs was loaded first, its sendMessages keeps the original O(n²) grouping. */
  grouping: 'replaced' | 'too-late' | 'unsupported';
  requestEncoder: 'replaced' | 'unsupported';
  kafkajsVersion: string;
}

/** kafkajs's own functions, kept for the equivalence tests (set by the first install). */
export let kafkajsProduceV3: ProduceV3 | undefined;
export let kafkajsGroupMessagesPerPartition: GroupFn | undefined;

let report: FastPathReport | undefined;

/** Replaces the two functions if it still can; idempotent (later calls return the first report). */
export function installFastProducePaths(): FastPathReport {
  if (report) return report;
  if (VERSION !== '2.2.4') return (report = { grouping: 'unsupported', requestEncoder: 'unsupported', kafkajsVersion: VERSION });
  const tooLate = require.cache[SEND_MESSAGES] !== undefined;
  kafkajsGroupMessagesPerPartition = require(GROUP) as GroupFn;
  if (!tooLate) require.cache[GROUP]!.exports = groupMessagesPerPartition;
  kafkajsProduceV3 = require(PRODUCE_V3) as ProduceV3;
  const writer = new ProduceRequestWriter(path.join(root, 'src'));
  require.cache[PRODUCE_V3]!.exports = (args: ProduceRequestArgs) => writer.request(args);
  return (report = { grouping: tooLate ? 'too-late' : 'replaced', requestEncoder: 'replaced', kafkajsVersion: VERSION });
}

/** What the consume-path replacement did. */
export interface FastConsumeReport {
  /** `too-late`: kafkajs already loaded its fetch response decoder, which keeps its own record batch decoder. */
  recordBatchDecoder: 'replaced' | 'too-late' | 'unsupported';
  /** `too-late`: kafkajs's consumer group was loaded first and keeps kafkajs's own Batch (fetched-batch.ts). */
  batch: 'replaced' | 'too-late' | 'unsupported';
  /** `wakes-on-resume`: a fetch loop with every partition paused wakes at the first resume (paused-fetch-wake.ts). */
  pausedFetch: 'wakes-on-resume' | 'unsupported';
  kafkajsVersion: string;
}

/** kafkajs's own record batch decoder, kept for the equivalence tests (set by the first install). */
export let kafkajsRecordBatchDecoder: RecordBatchDecoderDeps['original'] | undefined;
/** kafkajs's own Batch class, likewise. */
export let kafkajsBatch: KafkajsBatchClass | undefined;
let consumeReport: FastConsumeReport | undefined;

export interface FastConsumeOptions {
  /** Verify every batch's CRC-32C before decoding it (Kafka's check.crcs); else only batches that do not decode. */
  checkCrcs: boolean;
}

/** What the installed decoder does now: the last install's options (one decoder serves every consumer of the process). */
let crcsChecked = true;

/**
 * Swaps kafkajs's record batch decoder for record-batch-decoder.ts (the same records; see its
 * tests). kafkajs loads the fetch response decoder, which captures the record batch decoder, at
 * its first fetch, so this works any time before a consumer fetches. Idempotent; a later call's
 * options replace the earlier ones. Also makes a paused fetch loop wake at a resume
 * (paused-fetch-wake.ts; prototype methods, so any time before the consumer runs), and swaps
 * kafkajs's `Batch` for fetched-batch.ts's subclass, which only works before kafkajs loads its
 * consumer group (loading kafkajs does): `dl ingest` calls this once from an entry of its own
 * (@dl/ingester/fast-paths) before anything loads kafkajs, then again with its options.
 */
export function installFastConsumePaths(options: FastConsumeOptions = { checkCrcs: true }): FastConsumeReport {
  crcsChecked = options.checkCrcs;
  if (consumeReport) return consumeReport;
  if (VERSION !== '2.2.4')
    return (consumeReport = { recordBatchDecoder: 'unsupported', batch: 'unsupported', pausedFetch: 'unsupported', kafkajsVersion: VERSION });
  // consumerGroup.js takes `Batch` from the module cache when it loads, so this goes first.
  const batchTooLate = require.cache[CONSUMER_GROUP] !== undefined;
  kafkajsBatch = require(BATCH) as KafkajsBatchClass;
  if (!batchTooLate) {
    const Long = require(LONG) as { fromValue(v: unknown): { gte(o: unknown): boolean } };
    require.cache[BATCH]!.exports = fetchedBatchClass(kafkajsBatch, require(FILTER_ABORTED) as FilterAbortedMessages, (offset, from) =>
      Long.fromValue(offset).gte(Long.fromValue(from)),
    );
  }
  wakePausedFetches(require(CONSUMER_GROUP) as { prototype: ConsumerGroupLike });
  const tooLate = require.cache[DECODE_MESSAGES] !== undefined;
  kafkajsRecordBatchDecoder = require(RECORD_BATCH_DECODER) as RecordBatchDecoderDeps['original'];
  if (!tooLate) {
    const { lookupCodecByAttributes } = require(COMPRESSION) as Pick<RecordBatchDecoderDeps, 'lookupCodecByAttributes'>;
    require.cache[RECORD_BATCH_DECODER]!.exports = createRecordBatchDecoder({
      original: kafkajsRecordBatchDecoder,
      lookupCodecByAttributes,
      checkCrcs: () => crcsChecked,
    });
  }
  return (consumeReport = {
    recordBatchDecoder: tooLate ? 'too-late' : 'replaced',
    batch: batchTooLate ? 'too-late' : 'replaced',
    pausedFetch: 'wakes-on-resume',
    kafkajsVersion: VERSION,
  });
}
