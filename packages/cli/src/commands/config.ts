import type { Command } from 'commander';
import { addSettings } from '../settings-options.js';
import { loadSettings } from '../load-settings.js';

const SHOWN = ['produce', 'ingest', 'view', 'replay', 'demo'] as const;

/** `dl config [command]`: the effective settings and where each came from, secrets masked. */
export function registerConfig(program: Command): void {
  const cmd = program
    .command('config')
    .description('print the effective configuration and where each value came from (flag, env, file, stack, default)')
    .addHelpText(
      'after',
      '\nSources, first wins: flags > env > dl.yaml (or --config FILE) > the local stack (.stack/endpoints.json) > defaults.\n' +
        'Per-run arguments (--once, --count, --where, --format, …) come from flags only: listed last, marked [per-run: flag only].',
    );
  // Options after a command name (`dl config ingest --group x`) are that command's, not config's
  // (the program enables positional options too, which commander needs for this).
  cmd.enablePositionalOptions();
  addSettings(cmd, 'config').action(async (_flags: unknown, self: Command) => {
    const settings = await loadSettings(self, 'config');
    const { printConfig } = await import('../actions/config-action.js');
    printConfig(settings, settings.values.format);
  });
  // `dl config ingest --group x`: a command's own settings, with its flags.
  for (const name of SHOWN) {
    const sub = cmd.command(name).description(`the settings dl ${name} would use`);
    addSettings(sub, name);
    sub.action(async (_flags: unknown, self: Command) => {
      const settings = await loadSettings(self, name);
      const { printConfig } = await import('../actions/config-action.js');
      const format = self.opts<{ format?: string }>().format ?? 'text';
      printConfig(settings, format === 'json' ? 'json' : 'text');
    });
  }
}
