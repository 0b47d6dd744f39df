import { Struct } from 'apache-arrow';
import { OptionError } from '@dl/core/errors';
import { jsToCell, type Cell } from './cell.js';
import { cellText } from './cell-text.js';
import { knownColumns } from './known-columns.js';
import {
  columnAlign,
  columnFloor,
  DLQ_ALWAYS,
  holdsBinary,
  isDlqColumns,
  requireColumns,
  unionColumns,
  whereColumns,
  type OutputColumn,
} from './output-columns.js';
import { printedColumns } from './render-table.js';
import { textWidth } from './text-width.js';
import { scanRows, type ScanSpec } from './scan-rows.js';
import type { Row } from './table-rows.js';
import type { ViewContext } from './view-context.js';
import type { ViewResult } from './view-options.js';
import { recordWriter } from './write-records.js';
import { writeTable } from './write-table.js';

/** The column `--decode` adds after `error_message`. */
export const DECODED_COLUMN = 'decoded';

/** Prints rows: picks the columns, scans only the row groups it needs, renders in the chosen format. */
export async function showRows(ctx: ViewContext): Promise<ViewResult> {
  const { settings: s, ds } = ctx;
  const fromEnd = s.tail !== undefined;
  const named = [...(s.columns ?? []), ...s.where.map((w) => w.column)].filter((n) => !(s.decodeRaw && n === DECODED_COLUMN));
  const known = await knownColumns(ctx, named, fromEnd);
  const decode = !!s.decodeRaw && known.some((c) => c.name === 'avro_value') && known.some((c) => c.name === 'topic');
  if (s.decodeRaw && !decode) ctx.warn('This table has no avro_value and topic columns: there is nothing to decode.');
  const columnsText = s.columns?.join(',') ?? '';
  if (!s.decodeRaw && s.columns?.includes(DECODED_COLUMN) && !known.some((c) => c.name === DECODED_COLUMN)) {
    throw new OptionError({
      setting: 'columns',
      value: columnsText,
      problem: `names column "${DECODED_COLUMN}", which exists only with {decode}`,
      fix: `pass {decode}, or leave "${DECODED_COLUMN}" out`,
    });
  }
  requireColumns(
    decode ? [...known, decodedColumn()] : known,
    (s.columns ?? []).map((column) => ({ column, value: columnsText })),
    'columns',
  );
  requireColumns(known, whereColumns(s.where), 'where');
  const dlq = ctx.target.isDlq || isDlqColumns(known);
  const selected = s.columns && [...s.columns, ...(dlq ? DLQ_ALWAYS.filter((c) => !s.columns!.includes(c)) : [])];
  const spec = {
    columns: selected && readList(selected, decode),
    where: s.where,
    offset: s.offset,
    limit: fromEnd ? s.tail! : s.limit,
    fromEnd,
  };
  const pick = (all: OutputColumn[]) => {
    const withDecode = decode ? [...all, decodedColumn()] : all;
    const cols = selected ? selected.map((n) => withDecode.find((c) => c.name === n)!) : all;
    return decode && !cols.some((c) => c.name === DECODED_COLUMN) ? withDecoded(cols) : cols;
  };

  if (s.format === 'table') {
    // Only the columns that fit are read: the rest cost decoding time and would not be printed.
    const columns = pick(known);
    const table = columns.map((c) => ({
      name: c.name,
      align: columnAlign(c),
      priority: priorityOf(c, dlq),
      floor: c.partition ? partitionFloor(ctx, c.name) : columnFloor(c),
    }));
    const printed = printedColumns(table, s.width).map((i) => columns[i]!.name);
    const rows = scanRows(ds, { ...spec, columns: readList(printed, decode) });
    const count = await writeTable(ctx, table, decode ? decoded(ctx, rows) : rows, (r) => cellsOf(r, columns).map(cellText));
    return result(ctx, count, columns);
  }

  // Machine formats with no row cap stream: every footer is read first so the columns are final.
  if (spec.limit === Infinity) {
    await ds.openAll();
    const columns = pick(
      unionColumns(
        ds.openedSources.map((x) => x.schema),
        ds.partitionKeys,
      ),
    );
    const writer = recordWriter(
      s.format,
      columns.map((c) => c.name),
    );
    let rows = 0;
    await ctx.out(writer.start());
    for await (const chunk of decode ? decoded(ctx, scanRows(ds, spec)) : scanRows(ds, spec)) {
      await ctx.out(chunk.map((r) => writer.row(cellsOf(r, columns))).join(''));
      rows += chunk.length;
    }
    await ctx.out(writer.end());
    return result(ctx, rows, columns);
  }

  const rows = await collectRows(ctx, spec, decode);
  // Files read for these rows may add columns (a newer schema): they are printed too.
  const columns = pick(
    ds.openedSources.length > 0
      ? unionColumns(
          ds.openedSources.map((x) => x.schema),
          ds.partitionKeys,
        )
      : known,
  );
  const writer = recordWriter(
    s.format,
    columns.map((c) => c.name),
  );
  await ctx.out(writer.start() + rows.map((r) => writer.row(cellsOf(r, columns))).join('') + writer.end());
  return result(ctx, rows.length, columns);
}

async function collectRows(ctx: ViewContext, spec: ScanSpec, decode: boolean): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const chunk of decode ? decoded(ctx, scanRows(ctx.ds, spec)) : scanRows(ctx.ds, spec)) rows.push(...chunk);
  return rows;
}

/** Partition values are known from the folder names before any file is read: the column is as wide as they are. */
function partitionFloor(ctx: ViewContext, name: string): number {
  let width = 0;
  for (const f of ctx.ds.files) for (const [k, v] of f.partitions) if (k === name) width = Math.max(width, textWidth(v ?? 'null'));
  return Math.max(6, Math.min(24, width));
}

/** File columns to read for these output columns: `decoded` is computed from `avro_value` and `topic`. */
function readList(names: string[], decode: boolean): string[] {
  const wanted = names.filter((n) => n !== DECODED_COLUMN);
  return [...new Set([...wanted, ...(decode ? ['avro_value', 'topic'] : [])])];
}

function cellsOf(row: Row, columns: OutputColumn[]): Cell[] {
  return columns.map((c) => row[c.name] ?? null);
}

/** Binary and partition columns go first when the table is narrow: hex says little, and the folder names already say the partition. */
function priorityOf(c: OutputColumn, dlq: boolean): number {
  if (dlq && ((DLQ_ALWAYS as readonly string[]).includes(c.name) || c.name === DECODED_COLUMN)) return 2;
  return c.partition || holdsBinary(c.type) ? 0 : 1;
}

/** Its type is only known per row; Struct is what a record decodes to, and is never right-aligned. */
function decodedColumn(): OutputColumn {
  return { name: DECODED_COLUMN, type: new Struct([]), nullable: true, partition: false };
}

/** `decoded` goes right after `error_message` (or last), where the eye already is. */
function withDecoded(columns: OutputColumn[]): OutputColumn[] {
  const at = columns.findIndex((c) => c.name === 'error_message');
  const out = [...columns];
  out.splice(at < 0 ? out.length : at + 1, 0, decodedColumn());
  return out;
}

/** Adds `decoded` to each row: what its raw `avro_value` holds, as `decodeRaw` reads it (null when it cannot). */
async function* decoded(ctx: ViewContext, chunks: AsyncIterable<Row[]>): AsyncGenerator<Row[]> {
  for await (const rows of chunks) {
    for (const row of rows) {
      const bytes = row.avro_value;
      const topic = row.topic;
      const value = bytes instanceof Uint8Array && typeof topic === 'string' ? await ctx.settings.decodeRaw!(bytes, topic) : undefined;
      row[DECODED_COLUMN] = jsToCell(value);
    }
    yield rows;
  }
}

function result(ctx: ViewContext, rows: number, columns: OutputColumn[]): ViewResult {
  return { rows, columns: columns.map((c) => c.name), filesRead: ctx.ds.openedSources.length, skipped: ctx.ds.skipped };
}
