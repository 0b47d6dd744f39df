import type { Cell } from './cell.js';
import { renderTable } from './render-table.js';
import type { ViewContext } from './view-context.js';
import type { ViewResult } from './view-options.js';
import { recordWriter } from './write-records.js';

const HEADER = ['file', 'rows', 'row_groups', 'bytes'];

/** `--files`: the data files behind the table (relative to it), from their footers. */
export async function showFiles(ctx: ViewContext): Promise<ViewResult> {
  const sources = await ctx.ds.footers();
  const rows: Cell[][] = sources.map((s) => [s.file.relPath, s.numRows, s.rowGroupRows.length, s.file.size]);
  if (ctx.settings.format === 'table') {
    const table = HEADER.map((name) => ({ name, align: name === 'file' ? ('left' as const) : ('right' as const), priority: 1 }));
    const totalRows = sources.reduce((a, s) => a + s.numRows, 0);
    const totalBytes = sources.reduce((a, s) => a + s.file.size, 0);
    const footer = `[${sources.length} ${sources.length === 1 ? 'file' : 'files'}, ${totalRows} rows, ${humanBytes(totalBytes)}]`;
    await ctx.out(
      renderTable(
        table,
        rows.map((r) => r.map(String)),
        ctx.settings.width,
        footer,
      ),
    );
  } else {
    const w = recordWriter(ctx.settings.format, HEADER);
    await ctx.out(w.start() + rows.map((r) => w.row(r)).join('') + w.end());
  }
  return { rows: rows.length, columns: HEADER, filesRead: sources.length, skipped: ctx.ds.skipped };
}

function humanBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}
