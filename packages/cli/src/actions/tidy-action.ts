import { ConfigError, TABLE_NAMES } from '@dl/core';
import type { Settings } from '@dl/core/config';
import { DELTA_LOG_DIR, compactTable, logPrefix, vacuumTable } from '@dl/delta';
import { openStore } from '@dl/storage';
import { s3SettingsFor } from '../s3-settings.js';

/** `dl tidy <table>`: compacts one Delta table of the lake (and with --vacuum deletes what no version needs). */
export async function runTidy(table: string, s: Settings): Promise<void> {
  if (!(TABLE_NAMES as readonly string[]).includes(table)) {
    throw new ConfigError(`dl tidy takes a table name, parquet or parquet-dlq (got "${table}"); e.g. dl tidy parquet.`);
  }
  const store = await openStore(s.dataDir, s3SettingsFor([s.dataDir], s.s3Endpoint));
  try {
    await tidy(store, table, s);
  } finally {
    await store.close();
  }
}

async function tidy(store: Awaited<ReturnType<typeof openStore>>, table: string, s: Settings): Promise<void> {
  let isDelta = false;
  for await (const _ of store.list(logPrefix(table))) {
    isDelta = true;
    break;
  }
  if (!isDelta) {
    throw new ConfigError(
      `${s.dataDir.replace(/\/+$/, '')}/${table} is not a Delta table (no ${DELTA_LOG_DIR}); dl tidy works on lakes written with dl ingest --table-format delta.`,
    );
  }
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
    process.stderr.write(
      `dl tidy: vacuum ${s.tidyDryRun ? 'would delete' : 'deleted'} ${v.deleted.length} file(s) older than ${s.retentionHours} h that no version needs; kept ${v.kept}\n`,
    );
  }
}
