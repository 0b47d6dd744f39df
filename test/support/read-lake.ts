import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readParquet } from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';

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
