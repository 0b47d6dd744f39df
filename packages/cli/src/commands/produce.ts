import type { Command } from 'commander';

export function registerProduce(program: Command): void {
  program.command('produce').description('(not yet implemented)').action(() => {
    process.stderr.write('dl produce: not implemented yet\n');
    process.exitCode = 1;
  });
}
