import { DataType } from 'apache-arrow';
import type { Cell } from './cell.js';
import { BINARY_SHOWN_AS } from './cell-text.js';
import { dlqColumns, unionColumns } from './output-columns.js';
import { renderTable } from './render-table.js';
import { typeLabel } from './type-label.js';
import type { ViewContext } from './view-context.js';
import type { ViewResult } from './view-options.js';
import { recordWriter } from './write-records.js';

const HEADER = ['column', 'type', 'nullable', 'partition', 'shown'];

/** `--schema`: every column of every file (footers only), with pyarrow-style type names. */
export async function showSchema(ctx: ViewContext): Promise<ViewResult> {
  const sources = await ctx.ds.openAll();
  const columns =
    ctx.ds.files.length === 0 && ctx.target.isDlq
      ? dlqColumns()
      : unionColumns(
          sources.map((s) => s.schema),
          ctx.ds.partitionKeys,
        );
  const rows: Cell[][] = columns.map((c) => [c.name, typeLabel(c.type), c.nullable, c.partition, holdsBinary(c.type) ? BINARY_SHOWN_AS : '']);
  if (ctx.settings.format === 'table') {
    const table = HEADER.map((name) => ({ name, align: 'left' as const, priority: name === 'type' ? 2 : 1 }));
    await ctx.out(
      renderTable(
        table,
        rows.map((r) => r.map(String)),
        ctx.settings.width,
      ),
    );
  } else {
    const w = recordWriter(ctx.settings.format, HEADER);
    await ctx.out(w.start() + rows.map((r) => w.row(r)).join('') + w.end());
  }
  return { rows: rows.length, columns: HEADER, filesRead: sources.length, skipped: ctx.ds.skipped };
}

/** True for binary columns and nested ones with binary inside (the headers list): their cells follow the text-or-hex rule. */
function holdsBinary(type: DataType): boolean {
  if (DataType.isBinary(type) || DataType.isLargeBinary(type) || DataType.isFixedSizeBinary(type)) return true;
  return (type.children ?? []).some((c) => holdsBinary(c.type));
}
