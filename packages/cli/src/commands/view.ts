import type { Command } from 'commander';
import { addSettings } from '../settings-options.js';
import { loadSettings } from '../load-settings.js';

export function registerView(program: Command): void {
  const cmd = program
    .command('view')
    .description('print a lake table (parquet, parquet-dlq) or a Parquet file or directory')
    .argument('<table>', 'parquet | parquet-dlq (under --data-dir), or the path of a Parquet file or directory');
  addSettings(cmd, 'view')
    .addHelpText(
      'after',
      `
Output: tables fit the terminal (or $COLUMNS, else 120 columns, off one). json, jsonl and csv print
64-bit integers beyond 2^53 as strings (json, jsonl), binary as base64 and timestamps as ISO-8601 UTC;
csv quotes as RFC 4180 and prints nested values as JSON. --where compares numbers as numbers,
timestamps as instants, binary with the text's UTF-8 bytes; "null" matches missing values.
Files and folders starting with _ or . (the ingester's staging and logs) are never read.

Examples:
  dl view parquet                          the first 20 rows of ./ingestion_data/parquet
  dl view parquet-dlq --decode             dead letters, with what each raw value holds
  dl view parquet --where customer="John Doe" --columns offset,description --tail 5
  dl view ./some/dir --format jsonl --limit 0 | head`,
    )
    .action(async (table: string, _flags: unknown, self: Command) => {
      const settings = await loadSettings(self, 'view');
      const { runView } = await import('../actions/view-action.js');
      await runView(table, settings.values);
    });
}
