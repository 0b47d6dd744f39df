import { CommanderError } from 'commander';
// The errors entry alone: the full core loads apache-arrow, ~200 ms no command needs to start.
import { isDlError, OptionError } from '@dl/core/errors';
import { buildProgram } from './program.js';

/**
 * The one top-level catch: a known error prints one line and its exit code; a commander usage
 * error prints its line plus a hint (exit 2); anything else is a bug and prints its stack.
 */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  // Piping into `head` closes stdout early: end quietly instead of an EPIPE stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end up here too, with exit code 0.
      if (e.exitCode === 0) return 0;
      return 2;
    }
    if (isDlError(e)) {
      // Libraries know settings, not flags: their errors are worded here (loaded only when one names a setting).
      const message = e instanceof OptionError || e.template !== undefined ? (await import('./word-error.js')).wordError(e) : e.message;
      // A ConfigError may list several problems, one per line: each gets the prefix.
      for (const line of message.split('\n')) process.stderr.write(`dl: ${line}\n`);
      if (process.env.DL_DEBUG && e.cause) process.stderr.write(`cause: ${String(e.cause)}\n`);
      return e.exitCode;
    }
    process.stderr.write(`dl: unexpected error, this is a bug: please report it with the lines below.\n`);
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 70;
  }
}
