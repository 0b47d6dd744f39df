import type { Command } from 'commander';

export function registerView(program: Command): void {
  program.command('view').description('(not yet implemented)').action(() => {
    process.stderr.write('dl view: not implemented yet\n');
    process.exitCode = 1;
  });
}
