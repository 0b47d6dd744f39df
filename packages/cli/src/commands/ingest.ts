import type { Command } from 'commander';

export function registerIngest(program: Command): void {
  program.command('ingest').description('(not yet implemented)').action(() => {
    process.stderr.write('dl ingest: not implemented yet\n');
    process.exitCode = 1;
  });
}
