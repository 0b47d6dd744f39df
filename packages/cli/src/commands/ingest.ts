import type { Command } from 'commander';
import { addSettings } from '../settings-options.js';
import { loadSettings } from '../load-settings.js';
import { loadIngestingAction } from '../ingesting-action.js';

export function registerIngest(program: Command): void {
  const cmd = program.command('ingest').description('stream topics into the Parquet lake (table + dead-letter queue), exactly once');
  addSettings(cmd, 'ingest').action(async (_flags: unknown, self: Command) => {
    const settings = await loadSettings(self, 'ingest');
    const { runIngest } = await loadIngestingAction(() => import('../actions/ingest-action.js'));
    await runIngest(settings.values);
  });
}
