import type { Schema } from 'apache-arrow';
import { deadLetter, type DeadLetterReason } from '@dl/core';
import { compileColumnDecoder } from './avro-column-decoder.js';
import type { IngestOptions } from './ingest-options.js';
import type { PartitionBuffer } from './partition-buffer.js';
import { partitionPath } from './partitioner.js';
import type { DecodeOutcome, ReaderSchema, RecordDecoder } from './record-decoder.js';
import { appendDeadLetter, appendTableRow, appendTableRowDirect, metaColumnsBefore, tableSchema, type SourceRecord } from './row-writer.js';
import type { Stats } from './stats.js';
import type { TableAccumulator } from './table-accumulator.js';

/**
 * The route stage: a decoded record becomes a row of the table directory partition its timestamp
 * (or `field:` value) picks, written with its reader schema, or a dead letter with its reason.
 */
export class RecordRouter {
  private readonly schemas = new Map<number, Schema>();

  constructor(
    private readonly opts: Pick<IngestOptions, 'partitionBy' | 'rawValue'>,
    private readonly stats: Stats,
  ) {}

  /**
   * The hot path: a value framed with the reader schema itself is decoded straight into the
   * columns. False when this record needs the general path (another writer schema, a schema
   * the direct decoder does not compile, `field:` partitioning).
   */
  routeDirect(buf: PartitionBuffer, src: SourceRecord, decoder: RecordDecoder, ts: number): boolean {
    const direct = this.opts.partitionBy.kind === 'field' ? undefined : decoder.directReader(src.message.value);
    if (!direct) return false;
    const acc = buf.tableFor(partitionPath(this.opts.partitionBy, ts), direct.id, () => this.schemaFor(direct.id, direct.json));
    const step = this.directStep(acc, direct);
    if (!step) return false;
    const problem = appendTableRowDirect(acc, src, step, direct.id, this.opts.rawValue);
    if (problem === undefined) this.stats.rows++;
    else this.addDead(buf, src, deadLetter('DECODE_ERROR', problem, direct.id), ts);
    return true;
  }

  /** The general path: what RecordDecoder made of the record (a value or a dead-letter reason). */
  route(buf: PartitionBuffer, src: SourceRecord, outcome: DecodeOutcome, ts: number): void {
    if (outcome.kind === 'dead') {
      this.addDead(buf, src, outcome.reason, ts);
      return;
    }
    const reader = outcome.reader;
    const schema = this.schemaFor(reader.id, reader.json);
    const acc = buf.tableFor(partitionPath(this.opts.partitionBy, ts, this.fieldValue(outcome.value)), reader.id, () => schema);
    const problem = appendTableRow(acc, src, outcome.value, outcome.schemaId, this.opts.rawValue);
    if (problem === undefined) this.stats.rows++;
    else this.addDead(buf, src, deadLetter('UNWRITABLE_ROW', problem, outcome.schemaId), ts);
  }

  /** The accumulator's compiled binary decoder, or undefined when its schema needs avsc. */
  private directStep(acc: TableAccumulator, reader: ReaderSchema): ((buf: Buffer, pos: number) => number) | undefined {
    if (acc.direct === undefined) {
      const first = metaColumnsBefore(this.opts.rawValue);
      acc.direct = compileColumnDecoder(reader.type, acc.builders.slice(first, acc.builders.length - 2)) ?? null;
    }
    return acc.direct ?? undefined;
  }

  private fieldValue(value: Record<string, unknown>): unknown {
    const by = this.opts.partitionBy;
    return by.kind === 'field' ? value[by.field] : undefined;
  }

  private schemaFor(readerId: number, json: unknown): Schema {
    let s = this.schemas.get(readerId);
    if (!s) {
      s = tableSchema(json as never, this.opts.rawValue);
      this.schemas.set(readerId, s);
    }
    return s;
  }

  private addDead(buf: PartitionBuffer, src: SourceRecord, reason: DeadLetterReason, ts: number): void {
    const path = this.opts.partitionBy.kind === 'none' ? '' : partitionPath({ kind: 'date' }, ts);
    appendDeadLetter(buf.dlqFor(path), src, reason, Date.now());
    buf.countDead(reason.errorClass);
    this.stats.deadLetters++;
    this.stats.deadByClass.set(reason.errorClass, (this.stats.deadByClass.get(reason.errorClass) ?? 0) + 1);
  }
}
