import { ConfigError, DEFAULT_DATA_DIR, DLQ_DIR } from '@dl/core';
import { parseReplayTime, replay, type ReplayOptions } from '@dl/replay';
import type { ReplayFlags } from '../commands/replay.js';
import { resolveConnection, type ConnectionFlags } from '../connection.js';
import { stopOnFirstSigint } from '../sigint-stop.js';

/** Maps flags and env to ReplayOptions and runs; the first Ctrl-C stops sending after the request in flight. */
export async function runReplay(table: string, flags: ReplayFlags & ConnectionFlags): Promise<void> {
  if (table !== DLQ_DIR) throw new ConfigError(`dl replay re-sends dead letters: name the dead-letter table, dl replay ${DLQ_DIR} (got "${table}").`);
  const conn = resolveConnection(flags);
  const dataDir = flags.dataDir ?? (process.env.DL_DATA_DIR || DEFAULT_DATA_DIR);
  // The replay ledger (intents, landed records, the lock) is still written with local files.
  if (/^s3:\/\//i.test(dataDir)) throw new ConfigError(`dl replay cannot use the s3:// lake "${dataDir}" yet (its ledger needs a local directory); replay from a local lake.`);
  const opts: ReplayOptions = {
    kafka: { brokers: conn.brokers, clientId: 'dl-replay', ...(conn.sasl ? { sasl: conn.sasl } : {}), ...(conn.ssl ? { ssl: conn.ssl } : {}) },
    registry: { url: conn.registryUrl, ...(conn.registryAuth ? { auth: conn.registryAuth } : {}) },
    dataDir,
    where: [...(flags.where ?? []), ...(flags.topic === undefined ? [] : [{ column: 'topic', value: flags.topic }])],
    fromOffset: flags.fromOffset,
    toOffset: flags.toOffset,
    since: flags.since === undefined ? undefined : parseReplayTime('--since', flags.since),
    until: flags.until === undefined ? undefined : parseReplayTime('--until', flags.until),
    limit: flags.limit,
    frameWith: flags.frameWith,
    toTopic: flags.toTopic,
    samePartition: flags.samePartition ?? false,
    dryRun: flags.dryRun ?? false,
    format: flags.format ?? 'text',
    skipCorrupt: flags.skipCorrupt ?? false,
  };

  await stopOnFirstSigint(
    'dl replay: SIGINT: stopping after the request in flight (again to quit at once; the next run finishes what was started)',
    (signal) => replay({ ...opts, signal }, { stdout: process.stdout, stderr: process.stderr }),
  );
}
