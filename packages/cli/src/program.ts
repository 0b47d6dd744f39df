import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { registerProduce } from './commands/produce.js';
import { registerIngest } from './commands/ingest.js';
import { registerView } from './commands/view.js';
import { registerDemo } from './commands/demo.js';
import { registerReplay } from './commands/replay.js';

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
  for (const cmd of program.commands) cmd.exitOverride().showHelpAfterError('(run with --help for usage)');
  return program;
}
