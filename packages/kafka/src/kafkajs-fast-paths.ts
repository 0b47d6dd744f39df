import { createRequire } from 'node:module';
import path from 'node:path';
import { ProduceRequestWriter, type ProduceRequestArgs } from './produce-request-writer.js';

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
