import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, TABLE_NAMES } from '@dl/core';
import type { Settings } from '@dl/core/config';
import { DELTA_LOG_DIR, compactTable, vacuumTable } from '@dl/delta';
import { DiskStore } from '@dl/storage';

/** `dl tidy <table>`: compacts one Delta table of the lake (and with --vacuum deletes what no version needs). */
export async function runTidy(table: string, s: Settings): Promise<void> {
  if (!(TABLE_NAMES as readonly string[]).includes(table)) {
    throw new ConfigError(`dl tidy takes a table name, parquet or parquet-dlq (got "${table}"); e.g. dl tidy parquet.`);
  }
  if (!existsSync(path.join(s.dataDir, table, DELTA_LOG_DIR))) {
    throw new ConfigError(`${path.join(s.dataDir, table)} is not a Delta table (no ${DELTA_LOG_DIR}); dl tidy works on lakes written with dl ingest --table-format delta.`);
  }
  const store = new DiskStore(s.dataDir);
  const r = await compactTable(store, table);
  const v = s.vacuum ? await vacuumTable(store, table, { retentionMs: s.retentionHours * 3_600_000, dryRun: s.tidyDryRun }) : undefined;
  if (s.format === 'json') {
    process.stdout.write(`${JSON.stringify({ ...r, ...(v ? { vacuumed: v.deleted, dryRun: s.tidyDryRun } : {}) })}\n`);
    return;
  }
  if (r.version === undefined) process.stderr.write(`dl tidy: ${table} has no partition with more than one file; nothing to merge\n`);
  else process.stderr.write(`dl tidy: ${table}: ${r.filesRemoved} files merged into ${r.filesAdded} (${r.rows} rows), version ${r.version}\n`);
  if (v) {
    for (const f of v.deleted) process.stdout.write(`${f}\n`);
    process.stderr.write(`dl tidy: vacuum ${s.tidyDryRun ? 'would delete' : 'deleted'} ${v.deleted.length} file(s) older than ${s.retentionHours} h that no version needs; kept ${v.kept}\n`);
  }
}
