import { tableLayout, type TableColumn, type TableLayout } from './render-table.js';
import type { Row } from './table-rows.js';
import type { ViewContext } from './view-context.js';

/** Rows whose widths shape a table printed without a row cap. */
const SAMPLE_ROWS = 1000;

/**
 * Prints rows as a table as they arrive: column widths come from the first rows (all of them for
 * a capped view), later rows stream through the same frame, so `--limit 0` never holds the
 * table in memory. Returns the number of rows printed.
 */
export async function writeTable(ctx: ViewContext, columns: TableColumn[], chunks: AsyncIterable<Row[]>, texts: (row: Row) => string[]): Promise<number> {
  let sample: string[][] = [];
  let layout: TableLayout | undefined;
  let count = 0;
  for await (const chunk of chunks) {
    count += chunk.length;
    if (layout) {
      await ctx.out(chunk.map((r) => layout!.row(texts(r))).join(''));
      continue;
    }
    sample.push(...chunk.map(texts));
    if (sample.length >= SAMPLE_ROWS) {
      layout = tableLayout(columns, sample, ctx.settings.width);
      await ctx.out(layout.head + sample.map(layout.row).join(''));
      sample = [];
    }
  }
  if (!layout) {
    layout = tableLayout(columns, sample, ctx.settings.width);
    await ctx.out(layout.head + sample.map(layout.row).join(''));
  }
  await ctx.out(layout.foot(count));
  return count;
}
