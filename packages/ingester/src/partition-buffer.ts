import type { Schema } from 'apache-arrow';
import { DLQ_DIR, TABLE_DIR, type DeadLetterClass } from '@dl/core';
import type { TableAccumulator } from './table-accumulator.js';
import { dlqAccumulator } from './row-writer.js';
import { TableAccumulator as Acc } from './table-accumulator.js';

/**
 * Everything buffered for one topic-partition since its last commit: the rows for each table
 * directory partition (and reader schema), the dead letters, and the chain position.
 */
export class PartitionBuffer {
  readonly tables = new Map<string, TableAccumulator>();
  readonly dlq = new Map<string, TableAccumulator>();
  /** Last offset processed into this buffer (table or DLQ). */
  lastOffset = -1n;
  records = 0;
  bytes = 0;
  readerSchemaId: number | null = null;
  readonly deadByClass = new Map<DeadLetterClass, number>();

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** Chain position: the previous commit's end + 1. */
    readonly from: bigint,
    /** Bumped when the partition is reset; a buffer of an older epoch is never committed. */
    readonly epoch: number,
    /** The previous buffer's tables (not the buffer: no chain of generations), to size this one's like them. */
    private readonly previousTables?: ReadonlyMap<string, TableAccumulator>,
  ) {}

  private last: { path: string; readerId: number; keyReaderId: number; acc: TableAccumulator } | undefined;

  /**
   * `keyReaderId`: the key subject's reader schema id when keys are decoded into `key_decoded`, else -1.
   * `layout.schema` is read only when the file is new (an object, not a closure made per record).
   */
  tableFor(partitionPath: string, readerId: number, layout: { readonly schema: Schema }, keyReaderId = -1): TableAccumulator {
    const last = this.last;
    if (last && last.path === partitionPath && last.readerId === readerId && last.keyReaderId === keyReaderId) return last.acc;
    // One file per reader schema (and key reader schema): interleaved writer versions all resolve to the same reader.
    const key = `${readerId}\u0000${keyReaderId}\u0000${partitionPath}`;
    let acc = this.tables.get(key);
    if (!acc) {
      acc = new Acc(layout.schema, partitionPath, this.previousTables?.get(key));
      this.tables.set(key, acc);
    }
    this.readerSchemaId = readerId;
    this.last = { path: partitionPath, readerId, keyReaderId, acc };
    return acc;
  }

  dlqFor(partitionPath: string): TableAccumulator {
    let acc = this.dlq.get(partitionPath);
    if (!acc) {
      acc = dlqAccumulator(partitionPath);
      this.dlq.set(partitionPath, acc);
    }
    return acc;
  }

  countDead(c: DeadLetterClass): void {
    this.deadByClass.set(c, (this.deadByClass.get(c) ?? 0) + 1);
  }

  *accumulators(): Generator<{ table: typeof TABLE_DIR | typeof DLQ_DIR; acc: TableAccumulator }> {
    for (const acc of this.tables.values()) if (acc.rows > 0) yield { table: TABLE_DIR, acc };
    for (const acc of this.dlq.values()) if (acc.rows > 0) yield { table: DLQ_DIR, acc };
  }
}
