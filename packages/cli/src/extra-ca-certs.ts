import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';

/**
 * Node 20 loads the certificates of NODE_EXTRA_CA_CERTS (and its own root store with them) while
 * it starts, whether or not the process ever opens a TLS connection: with the system bundle
 * (/etc/ssl/certs/ca-certificates.crt, what many images set) that is ~70 ms of every start here,
 * `node -e 0` 99 ms instead of 31 (Node 24 loads them at the first TLS connection instead). So
 * bin/dl holds the variable back, as DL_HELD_NODE_EXTRA_CA_CERTS, from the commands that rarely
 * need TLS (`view`, `--version`, `--help`; none of them starts other processes), and a `view`
 * that will talk to S3 or the registry runs itself again with it.
 */
const HELD = 'DL_HELD_NODE_EXTRA_CA_CERTS';

/**
 * When bin/dl held NODE_EXTRA_CA_CERTS back: runs this same command again in a Node that loads
 * it (the terminal shared) and returns that run's exit code (a signal that ended it as 128 + its
 * number, as a shell reports it). Undefined when nothing was held: this process trusts what the
 * user asked for. Only for a command that has neither read input nor written output yet.
 */
export function rerunWithExtraCaCerts(env: NodeJS.ProcessEnv): number | undefined {
  const value = env[HELD];
  if (value === undefined) return undefined;
  const { [HELD]: _held, ...rest } = env;
  const [, script, ...args] = process.argv;
  const r = spawnSync(process.execPath, [...process.execArgv, script!, ...args], { stdio: 'inherit', env: { ...rest, NODE_EXTRA_CA_CERTS: value } });
  if (r.error) throw r.error;
  if (r.signal) return 128 + (constants.signals[r.signal] ?? 0);
  return r.status ?? 1;
}
