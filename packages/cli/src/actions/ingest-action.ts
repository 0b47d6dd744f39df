import type { Settings } from '@dl/core/config';
import { ingest, type IngestOptions } from '@dl/ingester';
import { isDlError } from '@dl/core/errors';
import { wordError } from '../word-error.js';
import { connectionOptions } from '../connection.js';
import { s3SettingsFor } from '../s3-settings.js';
import { startGc } from '../start-gc.js';

/** Maps the settings to IngestOptions, runs until SIGINT/SIGTERM (or --once), prints a summary. */
export async function runIngest(s: Settings): Promise<void> {
  const { kafka, registry } = connectionOptions(s, 'dl-ingest');
  const opts: IngestOptions = {
    kafka,
    registry,
    topics: s.topicPattern ?? s.topics,
    groupId: s.group,
    dataDir: s.dataDir,
    s3: s3SettingsFor([s.dataDir], s.s3Endpoint),
    partitionBy: s.partitionBy,
    compression: s.compression,
    rowGroupSize: s.rowGroupSize,
    flushRecords: s.flushRecords,
    flushBytes: s.flushBytes,
    flushIntervalMs: s.flushInterval * 1000,
    once: s.once,
    rawValue: s.rawValue,
    checkCrcs: s.checkCrcs,
    subjectStrategy: s.subjectStrategy,
    ...(s.recordName ? { recordName: s.recordName } : {}),
    ...(s.readerVersion === undefined ? {} : { readerVersion: s.readerVersion }),
    keyFormat: s.keyFormat,
    ...(s.keyRecordName ? { keyRecordName: s.keyRecordName } : {}),
    withHeaders: s.withHeaders,
    ...(s.recursiveDepth === undefined ? {} : { recursiveDepth: s.recursiveDepth }),
    ...(s.metricsPort === undefined ? {} : { metricsPort: s.metricsPort }),
    sessionTimeoutMs: s.sessionTimeout * 1000,
    progress: s.progress ?? (process.stderr.isTTY ? 'tty' : 'json'),
    tableFormat: s.tableFormat,
    checkpointInterval: s.checkpointInterval,
  };

  const controller = new AbortController();
  const force = new AbortController();
  let signals = 0;
  const onSignal = (name: string) => {
    signals++;
    if (signals > 1) {
      force.abort();
      process.stderr.write(`dl ingest: ${name} again, exiting now; uncommitted records will be read again next run\n`);
      process.exit(130);
    }
    process.stderr.write(`\ndl ingest: ${name}: finishing the current flush and committing (again to force)\n`);
    controller.abort();
    // Bounded shutdown: a stuck broker or disk must not keep the process forever.
    setTimeout(() => {
      process.stderr.write('dl ingest: shutdown took longer than 60 s, exiting; uncommitted records will be read again next run\n');
      process.exit(1);
    }, 60_000).unref();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const gc = startGc();
  const summary = await ingest(opts, controller.signal, {
    stderr: process.stderr,
    ...(gc ? { startGc: gc } : {}),
    forceStop: force.signal,
    describe: (e) => (isDlError(e) ? wordError(e) : e.message),
  });
  if (s.format === 'json') {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    const dead = Object.entries(summary.deadByClass)
      .map(([c, n]) => `${c}=${n}`)
      .join(', ');
    process.stderr.write(
      `dl ingest: ${summary.records} records in ${summary.seconds}s (${summary.recordsPerSecond}/s): ${summary.rows} rows, ${summary.deadLetters} dead letters${dead ? ` (${dead})` : ''}, ${summary.files} files, ${summary.commits} commits\n`,
    );
  }
}
