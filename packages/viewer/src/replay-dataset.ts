import path from 'node:path';
import { Field, Schema, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { deadLetterRef, parseDataFileName, parseDeadLetterRef, sanitizeSegment, type ReplayLanding } from '@dl/core';
import { Dataset, type DatasetOptions } from './dataset.js';
import type { DataFile } from './list-data-files.js';
import type { ParquetSource } from './parquet-source.js';
import type { Footer } from './read-footer.js';

/** `hide`: drop dead letters a replay re-drove. `show`: add a `replayed_to` column saying where each went. */
export type ReplayedMode = 'hide' | 'show';

/** The column `--show-replayed` adds: `<topic>/<partition>/<offset>` of the replayed record, null when not replayed. */
export const REPLAYED_TO_COLUMN = 'replayed_to';

/** Per row group of a wrapped file: the rows kept (indices in the file's row group) and their `replayed_to`. */
interface GroupPlan {
  /** Undefined: every row. */
  kept: number[] | undefined;
  /** By index in the file's row group; undefined: null throughout. */
  replayedTo: Array<string | null> | undefined;
}

interface Wrapped {
  inner: ParquetSource;
  plans: GroupPlan[];
}

const KEY_COLUMNS = ['topic', 'partition', 'offset'];

/**
 * A Dataset whose files look as if replayed dead letters were not in them (`hide`) or had a
 * `replayed_to` column (`show`), so every view mode (rows, count, where, tail) works unchanged.
 * Only files whose name says they may hold a replayed dead letter are read ahead (their topic,
 * partition and offset columns); the others pass through untouched.
 */
export class ReplayDataset extends Dataset {
  private readonly wrapped = new Map<number, ParquetSource | undefined>();
  private readonly outer = new Map<ParquetSource, ParquetSource>();
  private readonly info = new Map<ParquetSource, Wrapped>();
  private readonly byPartition = new Map<string, bigint[]>();

  constructor(
    files: DataFile[],
    options: DatasetOptions,
    private readonly landed: Map<string, ReplayLanding>,
    private readonly mode: ReplayedMode,
  ) {
    super(files, options);
    for (const ref of landed.keys()) {
      const dl = parseDeadLetterRef(ref);
      if (!dl) continue;
      const k = `${sanitizeSegment(dl.topic)}+${dl.partition}`;
      const list = this.byPartition.get(k) ?? [];
      list.push(dl.offset);
      this.byPartition.set(k, list);
    }
  }

  override get openedSources(): ParquetSource[] {
    return super.openedSources.map((s) => this.outer.get(s) ?? s);
  }

  override async open(index: number): Promise<ParquetSource | undefined> {
    if (this.wrapped.has(index)) return this.wrapped.get(index);
    const inner = await super.open(index);
    const source = inner && (await this.wrap(inner));
    this.wrapped.set(index, source);
    return source;
  }

  /** Row counts must leave out hidden rows: every file is opened (and wrapped) as for reading. */
  override async footers(): Promise<Footer[]> {
    return this.openAll();
  }

  override async read(source: ParquetSource, rowGroup: number, columns: string[] | undefined, offset: number, limit: number): Promise<Table | undefined> {
    const w = this.info.get(source);
    if (!w) return super.read(source, rowGroup, columns, offset, limit);
    const plan = w.plans[rowGroup]!;
    const total = w.inner.rowGroupRows[rowGroup]!;
    const picked = plan.kept ? plan.kept.slice(offset, offset + limit) : range(offset, Math.min(total, offset + limit));
    const addColumn = this.mode === 'show' && (columns === undefined || columns.includes(REPLAYED_TO_COLUMN));
    const fileColumns = columns?.filter((c) => c !== REPLAYED_TO_COLUMN);
    // Only replayed_to wanted: read one small column for the row count.
    const readColumns = fileColumns?.length === 0 ? [w.inner.schema.fields[0]!.name] : fileColumns;
    const start = picked[0] ?? 0;
    const span = picked.length === 0 ? Math.min(1, total) : picked[picked.length - 1]! - start + 1;
    let table = await super.read(w.inner, rowGroup, readColumns, start, span);
    if (!table) return undefined;
    if (picked.length !== span)
      table = takeRows(
        table,
        picked.map((i) => i - start),
      );
    if (!addColumn) return table;
    const values = picked.map((i) => plan.replayedTo?.[i] ?? null);
    const column = new Table({ [REPLAYED_TO_COLUMN]: vectorFromArray(values, new Utf8()) });
    return fileColumns?.length === 0 ? column : table.assign(column);
  }

  private async wrap(inner: ParquetSource): Promise<ParquetSource | undefined> {
    const names = new Set(inner.schema.fields.map((f) => f.name));
    const mayHold = KEY_COLUMNS.every((c) => names.has(c)) && this.mayHoldLanded(inner.file);
    if (!mayHold && this.mode === 'hide') return inner;
    const plans: GroupPlan[] = [];
    for (let g = 0; g < inner.rowGroupRows.length; g++) {
      if (!mayHold) {
        plans.push({ kept: undefined, replayedTo: undefined });
        continue;
      }
      const t = await super.read(inner, g, KEY_COLUMNS, 0, inner.rowGroupRows[g]!);
      if (!t) return undefined;
      plans.push(this.plan(t));
    }
    const schema =
      this.mode === 'show' ? new Schema([...inner.schema.fields, new Field(REPLAYED_TO_COLUMN, new Utf8(), true)], inner.schema.metadata) : inner.schema;
    const rowGroupRows = plans.map((p, g) => p.kept?.length ?? inner.rowGroupRows[g]!);
    const outer: ParquetSource = {
      file: inner.file,
      numRows: rowGroupRows.reduce((a, b) => a + b, 0),
      rowGroupRows,
      schema,
      read: async (rowGroup, columns, offset, limit) => {
        const t = await this.read(outer, rowGroup, columns, offset, limit);
        if (!t) throw new Error(`internal: ${inner.file.path} was skipped as unreadable`);
        return t;
      },
      close: () => inner.close(),
    };
    this.outer.set(inner, outer);
    this.info.set(outer, { inner, plans });
    return outer;
  }

  private plan(t: Table): GroupPlan {
    const [topic, partition, offset] = KEY_COLUMNS.map((c) => t.getChild(c)!);
    const kept: number[] = [];
    const replayedTo: Array<string | null> = [];
    for (let i = 0; i < t.numRows; i++) {
      const landing = this.landed.get(deadLetterRef(String(topic!.get(i)), Number(partition!.get(i)), BigInt(offset!.get(i) as bigint)));
      if (!landing) kept.push(i);
      replayedTo.push(landing ? deadLetterRef(landing.topic, landing.partition, landing.offset) : null);
    }
    return this.mode === 'hide' ? { kept, replayedTo: undefined } : { kept: undefined, replayedTo };
  }

  /** From the file name (`<topic>+<partition>+<from>-<to>.parquet`) when it has the lake's form; otherwise assume it may. */
  private mayHoldLanded(file: DataFile): boolean {
    const parsed = parseDataFileName(path.basename(file.path));
    if (!parsed) return this.landed.size > 0;
    const offsets = this.byPartition.get(`${parsed.topic}+${parsed.partition}`);
    return offsets?.some((o) => o >= parsed.from && o <= parsed.to) ?? false;
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
}

/** Rows at `indices` (ascending), as zero-copy slices of the runs they form. */
function takeRows(table: Table, indices: number[]): Table {
  if (indices.length === 0) return table.slice(0, 0);
  const runs: Table[] = [];
  let runStart = indices[0]!;
  let prev = runStart;
  for (const i of [...indices.slice(1), -1]) {
    if (i === prev + 1) {
      prev = i;
      continue;
    }
    runs.push(table.slice(runStart, prev + 1));
    runStart = prev = i;
  }
  return runs[0]!.concat(...runs.slice(1));
}
