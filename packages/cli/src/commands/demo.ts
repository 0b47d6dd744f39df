import type { Command } from 'commander';
import { addSettings } from '../settings-options.js';
import { loadSettings } from '../load-settings.js';
import { loadIngestingAction } from '../ingesting-action.js';
import { loadProducingAction } from '../producing-action.js';

export function registerDemo(program: Command): void {
  const cmd = program
    .command('demo')
    .description('the whole job in one command: start the local stack if needed, produce orders and broken messages, ingest once, show the table and the DLQ');
  addSettings(cmd, 'demo').action(async (_flags: unknown, self: Command) => {
    // It produces and ingests: both sets of kafkajs fast paths go in before kafkajs loads.
    const { runDemo } = await loadProducingAction(() => loadIngestingAction(() => import('../actions/demo-action.js')));
    // The stack may have to start first: settings are loaded after that, from its endpoints.
    await runDemo(() => loadSettings(self, 'demo'));
  });
}
