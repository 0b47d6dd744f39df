import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { visibleFiles } from './read-lake.js';

/** Every file a reader can see must be named by a commit record: no torn or uncommitted files. */
export function uncommittedVisibleFiles(lake: string): string[] {
  const committed = new Set<string>();
  const logRoot = path.join(lake, '_dl', 'log');
  let topics: string[] = [];
  try {
    topics = readdirSync(logRoot);
  } catch {
    topics = [];
  }
  for (const t of topics) {
    for (const p of readdirSync(path.join(logRoot, t))) {
      for (const f of readdirSync(path.join(logRoot, t, p))) {
        if (!/^\d{20}\.json$/.test(f)) continue;
        const rec = JSON.parse(readFileSync(path.join(logRoot, t, p, f), 'utf8')) as { files: Array<{ final: string }> };
        for (const file of rec.files) committed.add(path.join(lake, file.final));
      }
    }
  }
  return [...visibleFiles(path.join(lake, 'parquet')), ...visibleFiles(path.join(lake, 'parquet-dlq'))].filter((f) => !committed.has(f));
}
