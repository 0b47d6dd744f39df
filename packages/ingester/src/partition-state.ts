import type { PartitionBuffer } from './partition-buffer.js';
import type { TableAccumulator } from './table-accumulator.js';

/** What the ingester knows about one topic-partition it consumes. */
export interface PartitionState {
  topic: string;
  partition: number;
  /** Last offset in the lake (-1n: nothing yet). */
  committedEnd: bigint;
  /** Next offset to process: records below it are already buffered or committed. */
  next: bigint;
  /** Records since the last seal; a new buffer starts at `next`. */
  current: PartitionBuffer | undefined;
  /** The last sealed buffer's tables: the next buffer's columns start at their sizes. */
  lastTables?: ReadonlyMap<string, TableAccumulator>;
  /** Bumped on reset: sealed buffers of an older epoch are never committed. */
  epoch: number;
  /** Lake state must be (re)read before the next batch is processed (new assignment). */
  needsLoad: boolean;
  /**
   * The offset we last asked kafkajs to seek to (undefined: never since the last load). A fetch
   * that then starts past it means those offsets are gone from Kafka (compaction, retention).
   */
  soughtAt: bigint | undefined;
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

/** The inverse of partitionKey (topic names may contain '/'; the partition never does). */
export function splitPartitionKey(key: string): [string, number] {
  const i = key.lastIndexOf('/');
  return [key.slice(0, i), Number(key.slice(i + 1))];
}
