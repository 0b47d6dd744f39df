import { countRows } from './count-rows.js';
import type { ViewContext } from './view-context.js';
import type { ViewResult } from './view-options.js';

/** `--count`: a bare number (`{"rows": N}` in json/jsonl, a `rows` column in csv) for scripts. */
export async function showCount(ctx: ViewContext): Promise<ViewResult> {
  const names = ctx.settings.where.map((w) => w.column);
  if (names.length > 0) {
    // Checking --where's column names needs a schema, so apache-arrow: loaded only then.
    const [{ knownColumns }, { requireColumns, whereColumns }] = await Promise.all([import('./known-columns.js'), import('./output-columns.js')]);
    requireColumns(await knownColumns(ctx, names, false), whereColumns(ctx.settings.where), 'where');
  }
  const rows = await countRows(ctx.ds, ctx.settings.where);
  const text = {
    table: `${rows}\n`,
    csv: `rows\n${rows}\n`,
    json: `${JSON.stringify({ rows })}\n`,
    jsonl: `${JSON.stringify({ rows })}\n`,
  }[ctx.settings.format];
  await ctx.out(text);
  return { rows, columns: ['rows'], filesRead: ctx.ds.openedSources.length, skipped: ctx.ds.skipped };
}
