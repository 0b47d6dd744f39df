import { onceArgs } from './once-args.js';

/** onceArgs with `--table-format delta`: what every Delta integration test starts from. */
export function deltaOnceArgs(topic: string, lake: string): string[] {
  return [...onceArgs(topic, lake), '--table-format', 'delta'];
}
