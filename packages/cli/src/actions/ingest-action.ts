import { ConfigError } from '@dl/core';
import { ingest, parseCompression, parsePartitionBy, type IngestOptions } from '@dl/ingester';
import type { IngestFlags } from '../commands/ingest.js';
import { resolveConnection, type ConnectionFlags } from '../connection.js';

/** Maps flags and env to IngestOptions, runs until SIGINT/SIGTERM (or --once), prints a summary. */
export async function runIngest(flags: IngestFlags & ConnectionFlags): Promise<void> {
  const conn = resolveConnection(flags);
  const named = flags.topic ?? [];
  if (flags.topicPattern && named.length > 0) {
    throw new ConfigError('Pass either --topic or --topic-pattern, not both.');
  }
  let topics: string[] | RegExp = named.length > 0 ? named : ['dev.orders'];
  if (flags.topicPattern) {
    try {
      topics = new RegExp(flags.topicPattern);
    } catch (e) {
      throw new ConfigError(`--topic-pattern "${flags.topicPattern}" is not a valid regular expression (${(e as Error).message}).`);
    }
  }
  if (flags.subjectStrategy !== 'topic' && !flags.recordName) {
    throw new ConfigError(`--subject-strategy ${flags.subjectStrategy} needs the value's record name; pass --record-name e.g. dev.dl.orders.Order.`);
  }
  if (flags.keyFormat === 'avro' && flags.subjectStrategy !== 'topic' && !flags.keyRecordName) {
    throw new ConfigError(`--key-format avro with --subject-strategy ${flags.subjectStrategy} needs the key's record name; pass --key-record-name e.g. dev.dl.orders.OrderKey.`);
  }
  const opts: IngestOptions = {
    kafka: { brokers: conn.brokers, clientId: 'dl-ingest', ...(conn.sasl ? { sasl: conn.sasl } : {}), ...(conn.ssl ? { ssl: conn.ssl } : {}) },
    registry: { url: conn.registryUrl, ...(conn.registryAuth ? { auth: conn.registryAuth } : {}) },
    topics,
    groupId: flags.group,
    dataDir: flags.dataDir ?? process.env.DL_DATA_DIR ?? './ingestion_data',
    partitionBy: parsePartitionBy(flags.partitionBy),
    compression: parseCompression(flags.compression),
    rowGroupSize: flags.rowGroupSize,
    flushRecords: flags.flushRecords,
    flushBytes: flags.flushBytes,
    flushIntervalMs: flags.flushInterval * 1000,
    once: flags.once ?? false,
    rawValue: flags.rawValue,
    subjectStrategy: flags.subjectStrategy as IngestOptions['subjectStrategy'],
    ...(flags.recordName ? { recordName: flags.recordName } : {}),
    ...(flags.readerVersion === undefined ? {} : { readerVersion: flags.readerVersion }),
    keyFormat: flags.keyFormat as NonNullable<IngestOptions['keyFormat']>,
    ...(flags.keyRecordName ? { keyRecordName: flags.keyRecordName } : {}),
    withHeaders: flags.withHeaders ?? false,
    ...(flags.recursiveDepth === undefined ? {} : { recursiveDepth: flags.recursiveDepth }),
    ...(flags.metricsPort === undefined ? {} : { metricsPort: flags.metricsPort }),
    sessionTimeoutMs: flags.sessionTimeout * 1000,
    progress: (flags.progress as IngestOptions['progress'] | undefined) ?? (process.stderr.isTTY ? 'tty' : 'json'),
  };

  const controller = new AbortController();
  let signals = 0;
  const onSignal = (name: string) => {
    signals++;
    if (signals > 1) {
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

  const summary = await ingest(opts, controller.signal, { stderr: process.stderr });
  if (flags.format === 'json') {
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
