import type { Command } from 'commander';
import { addSettings } from '../settings-options.js';
import { loadSettings } from '../load-settings.js';

export function registerTidy(program: Command): void {
  const cmd = program
    .command('tidy')
    .description("compact a Delta table: merge each partition's small files into one, as one commit (rows unchanged)")
    .argument('<table>', 'parquet or parquet-dlq: a Delta table under --data-dir (dl ingest --table-format delta)');
  addSettings(cmd, 'tidy')
    .addHelpText(
      'after',
      `
The commit removes the old files and adds the merged ones with dataChange=false, as Spark's
OPTIMIZE does: every reader sees the same rows before and after, and a running dl ingest goes on.
The old files stay on disk for readers of older versions until --vacuum finds them older than
--retention-hours (default a week), together with files no commit ever added (a writer killed
before its commit). The retention must exceed the longest flush of a running dl ingest.

Examples:
  dl tidy parquet --data-dir ./ingestion_data
  dl tidy parquet-dlq --vacuum --retention-hours 24 --dry-run`,
    )
    .action(async (table: string, _flags: unknown, self: Command) => {
      const settings = await loadSettings(self, 'tidy');
      const { runTidy } = await import('../actions/tidy-action.js');
      await runTidy(table, settings.values);
    });
}
