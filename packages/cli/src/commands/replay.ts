import type { Command } from 'commander';
import { addSettings } from '../settings-options.js';
import { loadSettings } from '../load-settings.js';

export function registerReplay(program: Command): void {
  const cmd = program
    .command('replay')
    .description('re-send dead letters to Kafka after a fix (repaired if asked), each exactly once')
    .argument('<table>', 'parquet-dlq: the dead-letter table under --data-dir');
  addSettings(cmd, 'replay')
    .addHelpText(
      'after',
      `
Each dead letter goes out with its key and headers plus dl-replay-of: <topic>/<partition>/<offset>,
which the ingester puts in the table's replay_of column. Replays are recorded under
<data-dir>/_dl/replays/: a dead letter is re-driven once, whatever crashes (a run finishes an
interrupted one first), and dl view parquet-dlq --hide-replayed / --show-replayed reads the record.
Values that --frame-with cannot repair stay dead letters and are listed with the reason.

Examples:
  dl replay parquet-dlq --where error_class=NO_MAGIC_BYTE --frame-with latest --dry-run
  dl replay parquet-dlq --where error_class=UNKNOWN_SCHEMA_ID --topic dev.orders
  dl replay parquet-dlq --since 2024-05-01 --until 2024-05-02 --to-topic dev.orders.retry --format json`,
    )
    .action(async (table: string, _flags: unknown, self: Command) => {
      const settings = await loadSettings(self, 'replay');
      const { runReplay } = await import('../actions/replay-action.js');
      await runReplay(table, settings.values);
    });
}
