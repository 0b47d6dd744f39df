import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { registerProduce } from './commands/produce.js';
import { registerIngest } from './commands/ingest.js';
import { registerView } from './commands/view.js';
import { registerDemo } from './commands/demo.js';
import { registerReplay } from './commands/replay.js';
import { registerConfig } from './commands/config.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Declares every command. Each command file only declares flags; its action lazy-loads the
 * package that does the work, so `dl view` never loads a Kafka client.
 */
export function buildProgram(): Command {
  const program = new Command('dl')
    .description('Stream Kafka into a Parquet data lake, with a Parquet dead-letter queue.')
    .version(pkg.version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true)
    // `dl config ingest --group x`: options after a command name belong to that command.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      writeOut: (s) => process.stdout.write(s),
    });
  registerProduce(program);
  registerIngest(program);
  registerView(program);
  registerDemo(program);
  registerReplay(program);
  registerConfig(program);
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const cmd of all(program).slice(1)) cmd.exitOverride().showHelpAfterError('(run with --help for usage)');
  return program;
}
