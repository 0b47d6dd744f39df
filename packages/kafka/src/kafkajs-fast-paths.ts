import { createRequire } from 'node:module';
import path from 'node:path';
import { ProduceRequestWriter, type ProduceRequestArgs } from './produce-request-writer.js';

/**
 * Two of kafkajs 2.2.4's produce-path functions dominate a bulk run's CPU: grouping a request's messages
 * by partition copies the partition's array once per message (O(n²)), and the Produce request encoder
 * builds one Encoder object, with its own zeroed buffer, per record. This module swaps in equivalent
 * functions, byte for byte the same requests (see produce-request-writer.test.ts), through the CommonJS
 * module cache: it must be imported before kafkajs is first loaded for the grouping (the request
 * encoder is looked up lazily, so `installFastProducePaths()` before the first send is enough for it).
 * Only for that exact kafkajs version: any other keeps kafkajs's own code.
 */
const require = createRequire(import.meta.url);
const root = path.dirname(require.resolve('kafkajs/package.json'));
const VERSION = (require('kafkajs/package.json') as { version: string }).version;
const GROUP = path.join(root, 'src/producer/groupMessagesPerPartition.js');
const PRODUCE_V3 = path.join(root, 'src/protocol/requests/produce/v3/request.js');

interface Message {
  partition?: number | null;
}
interface GroupArgs {
  topic: string;
  partitionMetadata: unknown[];
  messages: Message[];
  partitioner: (args: { topic: string; partitionMetadata: unknown[]; message: Message }) => number;
}

function groupMessagesPerPartition({ topic, partitionMetadata, messages, partitioner }: GroupArgs): Record<number, Message[]> {
  if (partitionMetadata.length === 0) return {};
  const out: Record<number, Message[]> = {};
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    (out[partition] ??= []).push(message);
  }
  return out;
}

/** kafkajs's own Produce v3 request builder, kept for the equivalence tests. */
export let kafkajsProduceV3: ((args: ProduceRequestArgs) => { encode(): Promise<{ buffer: Buffer }> }) | undefined;

let installed = false;

export function installFastProducePaths(): boolean {
  if (installed) return true;
  if (VERSION !== '2.2.4') return false;
  installed = true;
  require(GROUP);
  require.cache[GROUP]!.exports = groupMessagesPerPartition;
  kafkajsProduceV3 = require(PRODUCE_V3) as typeof kafkajsProduceV3;
  const writer = new ProduceRequestWriter(path.join(root, 'src'));
  require.cache[PRODUCE_V3]!.exports = (args: ProduceRequestArgs) => writer.request(args);
  return true;
}

installFastProducePaths();
