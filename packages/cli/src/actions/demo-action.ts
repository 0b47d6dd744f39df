import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DlError } from '@dl/core';
import { resolveSettings, type ResolvedSettings } from '@dl/core/config';
import { BROKEN_KINDS, produce } from '@dl/producer';
import { ingest } from '@dl/ingester';
import { view } from '@dl/viewer';
import { connectionOptions } from '../connection.js';
import { s3SettingsFor } from '../s3-settings.js';

const STACK_SCRIPT = fileURLToPath(new URL('../../../../stack/stack.mjs', import.meta.url));

/**
 * `dl demo`: the seed's whole story in one command. Each run adds a new batch of orders and dead
 * letters, and ingestion resumes from the lake, so running it again shows more rows, never twice.
 */
export async function runDemo(load: () => Promise<ResolvedSettings>): Promise<void> {
  const err = process.stderr;
  let settings = await load();
  const explicit = (['flag', 'env', 'file'] as const).some((o) => settings.origins.brokers === o || settings.origins.registryUrl === o);
  if (!explicit && settings.origins.brokers !== 'stack') {
    if (!existsSync(STACK_SCRIPT)) {
      throw new DlError('USAGE', 'No Kafka given and no local stack here; pass --brokers and --registry-url (or start Kafka and a schema registry).', {
        exitCode: 2,
      });
    }
    err.write('dl demo: starting the local stack (Kafka + schema registry; the first time downloads them)...\n');
    const stack = (await import(pathToFileURL(STACK_SCRIPT).href)) as { up(opts?: object): Promise<unknown> };
    await stack.up();
    settings = await load();
  }
  const s = settings.values;
  const { kafka, registry } = connectionOptions(s, 'dl-demo');
  const quiet = { stdout: process.stderr, stderr: process.stderr };
  const dataDir = s.dataDir;
  const s3 = s3SettingsFor([dataDir], s.s3Endpoint);
  const flags = { topic: s.topic, count: s.demoCount, broken: s.demoBroken };
  // The ingest settings the demo does not expose keep their defaults.
  const d = resolveSettings('ingest', { flags: {}, env: {} }).values;

  err.write(`dl demo: producing ${flags.count} orders to ${flags.topic}...\n`);
  await produce({ kafka, registry, topic: flags.topic, partitions: 3, count: flags.count, format: 'text', echo: false }, quiet);
  if (flags.broken > 0) {
    err.write(`dl demo: producing ${flags.broken} messages of each broken kind (${BROKEN_KINDS.join(', ')})...\n`);
    for (const kind of BROKEN_KINDS) {
      await produce({ kafka, registry, topic: flags.topic, count: flags.broken, broken: kind, keyTemplate: `${kind}-{i}`, format: 'text', echo: false }, quiet);
    }
  }

  err.write(`dl demo: ingesting into ${dataDir}...\n`);
  const summary = await ingest(
    {
      kafka,
      registry,
      topics: [flags.topic],
      groupId: d.group,
      dataDir,
      s3,
      partitionBy: d.partitionBy,
      compression: d.compression,
      rowGroupSize: d.rowGroupSize,
      flushRecords: d.flushRecords,
      flushBytes: d.flushBytes,
      flushIntervalMs: d.flushInterval * 1000,
      sessionTimeoutMs: d.sessionTimeout * 1000,
      once: true,
      rawValue: d.rawValue,
      subjectStrategy: d.subjectStrategy,
      progress: err.isTTY ? 'tty' : 'none',
    },
    new AbortController().signal,
    { stderr: err },
  );
  err.write(`dl demo: ${summary.rows} new rows, ${summary.deadLetters} new dead letters\n\n`);

  const io = { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stdout.isTTY), columns: process.stdout.columns ?? 120 };
  process.stdout.write('$ dl view parquet --tail 10\n');
  await view({ target: 'parquet', dataDir, s3, tail: 10 }, io);
  process.stdout.write('\n$ dl view parquet-dlq --tail 15 --columns offset,key,error_class,error_message\n');
  await view({ target: 'parquet-dlq', dataDir, s3, tail: 15, columns: ['offset', 'key', 'error_class', 'error_message'] }, io);
}
