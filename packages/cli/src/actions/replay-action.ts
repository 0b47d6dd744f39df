import { ConfigError, DLQ_DIR } from '@dl/core';
import type { Settings } from '@dl/core/config';
import { replay, type ReplayOptions } from '@dl/replay';
import { readDeadLetters } from '@dl/viewer';
import { connectionOptions } from '../connection.js';
import { s3SettingsFor } from '../s3-settings.js';
import { stopOnFirstSigint } from '../sigint-stop.js';

/** Maps the settings to ReplayOptions and runs; the first Ctrl-C stops sending after the request in flight. */
export async function runReplay(table: string, s: Settings): Promise<void> {
  if (table !== DLQ_DIR) throw new ConfigError(`dl replay re-sends dead letters: name the dead-letter table, dl replay ${DLQ_DIR} (got "${table}").`);
  const { kafka, registry } = connectionOptions(s, 'dl-replay');
  const s3 = s3SettingsFor([s.dataDir], s.s3Endpoint);
  const opts: ReplayOptions = {
    kafka,
    registry,
    dataDir: s.dataDir,
    s3,
    // The viewer's reader, bound to the same S3 settings.
    readDeadLetters: (o) => readDeadLetters({ ...o, s3 }),
    where: [...(s.where ?? []), ...(s.replayTopic === undefined ? [] : [{ column: 'topic', value: s.replayTopic }])],
    fromOffset: s.fromOffset,
    toOffset: s.toOffset,
    since: s.since,
    until: s.until,
    limit: s.replayLimit,
    frameWith: s.frameWith,
    toTopic: s.toTopic,
    samePartition: s.samePartition,
    dryRun: s.dryRun,
    format: s.format,
    skipCorrupt: s.skipCorrupt,
  };

  await stopOnFirstSigint('dl replay: SIGINT: stopping after the request in flight (again to quit at once; the next run finishes what was started)', (signal) =>
    replay({ ...opts, signal }, { stdout: process.stdout, stderr: process.stderr }),
  );
}
