import type { ViewContext } from './view-context.js';
import { dlqColumns, unionColumns, type OutputColumn } from './output-columns.js';

/**
 * The columns to check names against, reading as few footers as possible: the first file in scan
 * order usually has them all; only a name it lacks makes every footer be read (it may come from a
 * later schema version).
 */
export async function knownColumns(ctx: ViewContext, names: string[], fromEnd: boolean): Promise<OutputColumn[]> {
  const { ds } = ctx;
  if (ds.files.length === 0) return ctx.target.isDlq ? dlqColumns() : [];
  const n = ds.files.length;
  for (let k = 0; k < n; k++) if (await ds.open(fromEnd ? n - 1 - k : k)) break;
  let known = unionColumns(
    ds.openedSources.map((s) => s.schema),
    ds.partitionKeys,
  );
  if (names.some((name) => !known.some((c) => c.name === name))) {
    await ds.openAll();
    known = unionColumns(
      ds.openedSources.map((s) => s.schema),
      ds.partitionKeys,
    );
  }
  return known;
}
