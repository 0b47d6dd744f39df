/**
 * kafkajs 2.2.4's `Batch` (src/consumer/batch.js), which its consumer group makes for every
 * partition of every fetch, parses every record's offset string into its BigInt `Long` to keep
 * the records at or after the offset it fetched from, then copies the array twice more (aborted
 * transactions, control records). For a fetch of small records that is ~110 ns and two objects per
 * record, all garbage by the next fetch (`bench/` and the note on issue #13: ~95 ns of it goes).
 *
 * `fetchedBatchClass(kafkajsBatch, filterAbortedMessages)` is a subclass that keeps every method and
 * per-batch field of kafkajs's (its constructor runs on the batch without its records) and makes
 * the three record lists itself: offsets compared as the decimal strings they are (a longer string
 * is a larger offset; equal lengths compare as text), kafkajs's own filter for aborted transactions,
 * and a list that lost nothing is the list it came from, not a copy. Anything that is not a plain
 * non-negative decimal string (a negative offset, a number, a `Long`) is compared by kafkajs's
 * `Long`, so the lists are the same as kafkajs's for any input (fetched-batch.test.ts).
 */

/** The record fields the batch reads (the records are whatever kafkajs's decoder made). */
export interface BatchRecord {
  offset: string;
  isControlRecord?: boolean;
}

export interface PartitionData {
  partition: number;
  highWatermark: string;
  abortedTransactions?: unknown[] | null;
  messages: BatchRecord[];
  [more: string]: unknown;
}

/** kafkajs's Batch class, as far as the subclass needs it. */
export interface KafkajsBatchClass {
  new (topic: string, fetchedOffset: string, partitionData: PartitionData): KafkajsBatchLike;
}
export interface KafkajsBatchLike {
  rawMessages: BatchRecord[];
  messagesWithinOffset: BatchRecord[];
  messages: BatchRecord[];
}

export type FilterAbortedMessages = (args: { messages: BatchRecord[]; abortedTransactions?: unknown[] | null }) => BatchRecord[];

/** kafkajs's `Long.fromValue(a).gte(Long.fromValue(b))`, for the offsets this module leaves to it. */
export type LongAtOrAfter = (offset: unknown, from: unknown) => boolean;

const CANONICAL = /^(?:0|[1-9][0-9]*)$/;
const NO_MESSAGES: BatchRecord[] = [];

export function fetchedBatchClass(Base: KafkajsBatchClass, filterAbortedMessages: FilterAbortedMessages, longAtOrAfter: LongAtOrAfter): KafkajsBatchClass {
  return class FetchedBatch extends Base {
    constructor(topic: string, fetchedOffset: string, partitionData: PartitionData) {
      // kafkajs's constructor sets the batch's own fields (topic, partition, highWatermark, ...).
      super(topic, fetchedOffset, { ...partitionData, messages: NO_MESSAGES });
      const raw = partitionData.messages;
      this.rawMessages = raw;
      const within = withinOffset(raw, fetchedOffset, longAtOrAfter);
      this.messagesWithinOffset = within;
      this.messages = withoutControlRecords(filterAbortedMessages({ messages: within, abortedTransactions: partitionData.abortedTransactions }));
    }
  };
}

/** The records whose offset is at or after `from` (the same list when that is all of them). */
function withinOffset(records: BatchRecord[], from: unknown, longAtOrAfter: LongAtOrAfter): BatchRecord[] {
  const fast = typeof from === 'string' && CANONICAL.test(from);
  const keep = (r: BatchRecord): boolean => {
    const o = r.offset;
    // Canonical decimal strings of non-negative integers: length first, then text, orders them.
    if (fast && typeof o === 'string' && CANONICAL.test(o)) return o.length !== from.length ? o.length > from.length : o >= from;
    return longAtOrAfter(o, from);
  };
  for (let i = 0; i < records.length; i++) {
    if (!keep(records[i]!)) return records.filter(keep);
  }
  return records;
}

function withoutControlRecords(records: BatchRecord[]): BatchRecord[] {
  for (let i = 0; i < records.length; i++) {
    if (records[i]!.isControlRecord) return records.filter((r) => !r.isControlRecord);
  }
  return records;
}
