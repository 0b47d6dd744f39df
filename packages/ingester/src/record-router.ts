import type { Field, Schema } from 'apache-arrow';
import { deadLetter, type DeadLetterReason } from '@dl/core';
import { compileColumnDecoder } from './avro-column-decoder.js';
import type { IngestOptions } from './ingest-options.js';
import type { KeyDecoder } from './key-decoder.js';
import type { PartitionBuffer } from './partition-buffer.js';
import { partitionPath } from './partitioner.js';
import type { DecodeOutcome, ReaderSchema, RecordDecoder } from './record-decoder.js';
import { recursiveAsText } from './recursive-text.js';
import { appendDeadLetter, appendTableRow, appendTableRowDirect, tableSchema, type RowKey, type SourceRecord } from './row-writer.js';
import type { Stats } from './stats.js';
import type { TableAccumulator } from './table-accumulator.js';
import { metaColumnsAfter, metaColumnsBefore, type TableShape } from './table-schema.js';

type Layout = { schema: Schema; shape: TableShape };
type RouterOptions = Pick<IngestOptions, 'partitionBy' | 'rawValue' | 'withHeaders' | 'recursiveDepth'>;

/** The key half of a record, as the decode stage made it: the row's key cells and its key reader. */
export interface DecodedKey {
  keys: KeyDecoder;
  key: RowKey;
}

/**
 * The route stage: a decoded record becomes a row of the table directory partition its timestamp
 * (or `field:` value) picks, written with its reader schema (and key reader schema), or a dead
 * letter with its reason.
 */
export class RecordRouter {
  private readonly layouts = new Map<string, Layout>();
  private lastLayout: { readerId: number; keyReaderId: number; layout: Layout } | undefined;
  private readonly recursiveTexts = new Map<number, ((v: unknown) => unknown) | undefined>();

  constructor(
    private readonly opts: RouterOptions,
    private readonly stats: Stats,
  ) {}

  /**
   * The hot path: a value framed with the reader schema itself is decoded straight into the
   * columns. False when this record needs the general path (another writer schema, a schema
   * the direct decoder does not compile, `field:` partitioning).
   */
  routeDirect(buf: PartitionBuffer, src: SourceRecord, decoder: RecordDecoder, ts: number, k: DecodedKey): boolean {
    const direct = this.opts.partitionBy.kind === 'field' ? undefined : decoder.directReader(src.message.value);
    if (!direct) return false;
    const keyReaderId = keyReaderIdOf(k.keys);
    const layout = this.layoutFor(direct.id, direct.json, keyReaderId, k.keys.keyField);
    const acc = buf.tableFor(partitionPath(this.opts.partitionBy, ts), direct.id, layout, keyReaderId);
    const step = this.directStep(acc, direct, layout.shape);
    if (!step) return false;
    const problem = appendTableRowDirect(acc, src, step, direct.id, layout.shape, k.key);
    if (problem === undefined) this.stats.rows++;
    else this.dead(buf, src, deadLetter('DECODE_ERROR', problem, direct.id), ts);
    return true;
  }

  /** The general path: what RecordDecoder made of the record (a value or a dead-letter reason). */
  route(buf: PartitionBuffer, src: SourceRecord, outcome: DecodeOutcome, ts: number, k: DecodedKey): void {
    if (outcome.kind === 'dead') {
      this.dead(buf, src, outcome.reason, ts);
      return;
    }
    const reader = outcome.reader;
    const keyReaderId = keyReaderIdOf(k.keys);
    const layout = this.layoutFor(reader.id, reader.json, keyReaderId, k.keys.keyField);
    const value = (this.recursiveText(reader)?.(outcome.value) as Record<string, unknown> | undefined) ?? outcome.value;
    const acc = buf.tableFor(partitionPath(this.opts.partitionBy, ts, this.fieldValue(value)), reader.id, layout, keyReaderId);
    const problem = appendTableRow(acc, src, value, outcome.schemaId, layout.shape, k.key);
    if (problem === undefined) this.stats.rows++;
    else this.dead(buf, src, deadLetter('UNWRITABLE_ROW', problem, outcome.schemaId), ts);
  }

  /** A dead letter (DLQ partitioned by date unless the table is not partitioned at all). */
  dead(buf: PartitionBuffer, src: SourceRecord, reason: DeadLetterReason, ts: number): void {
    const path = this.opts.partitionBy.kind === 'none' ? '' : partitionPath({ kind: 'date' }, ts);
    appendDeadLetter(buf.dlqFor(path), src, reason, Date.now());
    buf.countDead(reason.errorClass);
    this.stats.deadLetters++;
    this.stats.deadByClass.set(reason.errorClass, (this.stats.deadByClass.get(reason.errorClass) ?? 0) + 1);
  }

  /** The accumulator's compiled binary decoder, or undefined when its schema needs avsc. */
  private directStep(acc: TableAccumulator, reader: ReaderSchema, shape: TableShape): ((buf: Buffer, pos: number) => number) | undefined {
    if (acc.direct === undefined) {
      const first = metaColumnsBefore(shape);
      acc.direct = compileColumnDecoder(reader.type, acc.builders.slice(first, acc.builders.length - metaColumnsAfter(shape))) ?? null;
    }
    return acc.direct ?? undefined;
  }

  private fieldValue(value: Record<string, unknown>): unknown {
    const by = this.opts.partitionBy;
    return by.kind === 'field' ? value[by.field] : undefined;
  }

  /** `--recursive-depth`: the reader's converter of too-deep sub-trees to JSON text (undefined: none needed). */
  private recursiveText(reader: ReaderSchema): ((v: unknown) => unknown) | undefined {
    const depth = this.opts.recursiveDepth;
    if (depth === undefined) return undefined;
    if (!this.recursiveTexts.has(reader.id)) this.recursiveTexts.set(reader.id, recursiveAsText(reader.type, reader.json, depth));
    return this.recursiveTexts.get(reader.id);
  }

  /** The table schema and shape for a value reader schema and the key reader schema (if keys are decoded). */
  private layoutFor(readerId: number, json: unknown, keyReaderId: number, keyField: Field | undefined): Layout {
    const last = this.lastLayout;
    if (last && last.readerId === readerId && last.keyReaderId === keyReaderId) return last.layout;
    const id = `${readerId}/${keyReaderId}`;
    let layout = this.layouts.get(id);
    if (!layout) {
      const shape: TableShape = {
        rawValue: this.opts.rawValue,
        headers: this.opts.withHeaders ?? false,
        ...(keyField ? { keyField } : {}),
        ...(this.opts.recursiveDepth === undefined ? {} : { recursiveDepth: this.opts.recursiveDepth }),
      };
      layout = { schema: tableSchema(json as never, shape), shape };
      this.layouts.set(id, layout);
    }
    this.lastLayout = { readerId, keyReaderId, layout };
    return layout;
  }
}

/** The key reader's id when keys are decoded into `key_decoded`, else -1 (a number: this runs for every record). */
function keyReaderIdOf(keys: KeyDecoder): number {
  return keys.keyField ? (keys.reader?.id ?? -1) : -1;
}
