import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DlError, type SubjectNameStrategy } from '@dl/core';
import { BROKEN_KINDS, produce } from '@dl/producer';
import { ingest, INGEST_DEFAULTS } from '@dl/ingester';
import { view } from '@dl/viewer';
import type { DemoFlags } from '../commands/demo.js';
import { resolveConnection, stackEndpointsFile, type ConnectionFlags } from '../connection.js';
import { s3SettingsFor } from '../s3-settings.js';

const STACK_SCRIPT = fileURLToPath(new URL('../../../../stack/stack.mjs', import.meta.url));

/**
 * `dl demo`: the seed's whole story in one command. Each run adds a new batch of orders and dead
 * letters, and ingestion resumes from the lake, so running it again shows more rows, never twice.
 */
export async function runDemo(flags: DemoFlags & ConnectionFlags): Promise<void> {
  const err = process.stderr;
  const explicit = flags.brokers ?? flags.registryUrl ?? process.env.KAFKA_BROKERS ?? process.env.SCHEMA_REGISTRY_URL;
  if (!explicit && !existsSync(stackEndpointsFile())) {
    if (!existsSync(STACK_SCRIPT)) {
      throw new DlError('USAGE', 'No Kafka given and no local stack here; pass --brokers and --registry-url (or start Kafka and a schema registry).', { exitCode: 2 });
    }
    err.write('dl demo: starting the local stack (Kafka + schema registry; the first time downloads them)...\n');
    const stack = (await import(pathToFileURL(STACK_SCRIPT).href)) as { up(opts?: object): Promise<unknown> };
    await stack.up();
  }
  const conn = resolveConnection(flags);
  const kafka = { brokers: conn.brokers, clientId: 'dl-demo', ...(conn.sasl ? { sasl: conn.sasl } : {}), ...(conn.ssl ? { ssl: conn.ssl } : {}) };
  const registry = { url: conn.registryUrl, ...(conn.registryAuth ? { auth: conn.registryAuth } : {}) };
  const quiet = { stdout: process.stderr, stderr: process.stderr };
  const dataDir = flags.dataDir ?? process.env.DL_DATA_DIR ?? INGEST_DEFAULTS.dataDir;
  const s3 = s3SettingsFor([dataDir], flags);

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
      ...INGEST_DEFAULTS,
      kafka,
      registry,
      topics: [flags.topic],
      dataDir,
      s3,
      partitionBy: { kind: 'date' },
      compression: 'zstd',
      once: true,
      rawValue: true,
      subjectStrategy: 'topic' as SubjectNameStrategy,
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
