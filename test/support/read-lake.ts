import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readParquet } from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';
import type { DeadLetterRow } from '@dl/core';
import { readDeadLetters } from '@dl/viewer';

/** Every Parquet file a reader of the table directory would see (hidden entries skipped). */
export function visibleFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      if (n.startsWith('_') || n.startsWith('.')) continue;
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.parquet')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** All rows of a table directory as plain objects (tests only: loads everything). */
export function readRows(dir: string): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  for (const f of visibleFiles(dir)) {
    const t = tableFromIPC(readParquet(readFileSync(f)).intoIPCStream());
    for (const r of t.toArray()) rows.push(r.toJSON() as Record<string, unknown>);
  }
  return rows;
}

/**
 * The dead letters of a lake as core's DeadLetterRow, through the viewer's reader: the one the cli
 * hands to replay, so tests that feed replay's stages get what `dl replay` gets. The lake itself is
 * checked apart from it (readRows above, pyarrow and DuckDB in the integration tests).
 */
export async function readDeadLetterRows(lake: string): Promise<DeadLetterRow[]> {
  const out: DeadLetterRow[] = [];
  for await (const chunk of readDeadLetters({ dataDir: lake })) out.push(...chunk);
  return out;
}
