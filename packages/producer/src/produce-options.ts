import type { SubjectNameStrategy } from '@dl/core';
import { BROKEN_KIND_NAMES, DEFAULT_TOPIC } from '@dl/core/config';
import type { CompressionName, KafkaConnection } from '@dl/kafka';

/** Ways to send a value the ingester must route to the dead-letter table (see broken-values.ts). */
export const BROKEN_KINDS = BROKEN_KIND_NAMES;
export type BrokenKind = (typeof BROKEN_KINDS)[number];

export { DEFAULT_TOPIC };
/** Mirrors the seed, whose keys alternate product0, product1. */
export const DEFAULT_KEY_TEMPLATE = 'product{i%2}';

export interface ProduceOptions {
  kafka: KafkaConnection;
  registry: { url: string; auth?: { username: string; password: string }; timeoutMs?: number };
  /** Default `dev.orders`. */
  topic?: string;
  /** Partitions of the topic if this run creates it; default 1. */
  partitions?: number;
  /** How the order schema's subject is named; default `topic` (`<topic>-value`). */
  subjectStrategy?: SubjectNameStrategy;
  /** Register the order schema (default); when false, frame with the subject's latest registered version. */
  autoRegister?: boolean;

  /** Send orders with this description (one, or `count` of them). */
  description?: string;
  /** Send this many generated orders. */
  count?: number;
  /** Send the orders of a JSON-lines file, or of stdin for `-`. */
  input?: string;
  /** With `input`: skip lines that do not match the schema instead of sending nothing. */
  skipInvalid?: boolean;
  /** None of the three: prompt for descriptions (needs a terminal). */

  /** Message key template: `{i}` (index in this run), `{i%N}`, `{order_id}`; '' for no key. */
  keyTemplate?: string;
  /** Send keys as Confluent-framed Avro of this schema (registered under the key subject). */
  keySchema?: unknown;
  customer?: string;
  price?: number;
  /** Makes generated orders and garbage bytes repeatable. */
  seed?: number;
  /** At most this many messages per second. */
  rate?: number;
  /** Send values of this broken kind instead of well-framed ones. */
  broken?: BrokenKind;
  compression?: CompressionName;
  /** `json`: a machine-readable summary on stdout instead of the summary line on stderr. */
  format?: 'text' | 'json';
  /** Print each delivered record (default: on when prompting or sending one description). */
  echo?: boolean;
  /** Messages per request (bounded by ~512 KiB); default 1000 (kafkajs groups messages in O(n²) per request). */
  batchSize?: number;
  /** Aborting stops sending after the batches in flight; the summary still covers what was sent. */
  signal?: AbortSignal;
}

export interface ProduceIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Read by `--input -`; its `isTTY` decides whether prompting is possible. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Asks for one description; resolves null when the user ends the session (Ctrl-C / Ctrl-D). */
  prompt?: (message: string) => Promise<string | null>;
}

export interface ProduceSummary {
  topic: string;
  partitions: number;
  /** The id the values were framed with (null when unframed). */
  schemaId: number | null;
  broken: BrokenKind | null;
  compression: CompressionName;
  sent: number;
  failed: number;
  /** Invalid input lines skipped with `skipInvalid`. */
  skipped: number;
  /** Key and value bytes sent. */
  bytes: number;
  seconds: number;
  msgsPerSec: number;
  mbPerSec: number;
  /** Where the time went, in milliseconds. */
  timings: { generateMs: number; encodeMs: number; sendMs: number };
}
