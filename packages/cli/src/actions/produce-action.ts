import { readFileSync } from 'node:fs';
import { ConfigError } from '@dl/core';
import { produce, type ProduceOptions } from '@dl/producer';
import type { ProduceFlags } from '../commands/produce.js';
import { resolveConnection, type ConnectionFlags } from '../connection.js';
import { stopOnFirstSigint } from '../sigint-stop.js';

/** Maps flags and env to ProduceOptions and runs; the first Ctrl-C in a bulk run stops it after the batches in flight. */
export async function runProduce(flags: ProduceFlags & ConnectionFlags): Promise<void> {
  const conn = resolveConnection(flags);
  if (flags.raw && flags.broken !== undefined && flags.broken !== 'no-header') {
    throw new ConfigError(`--raw is --broken no-header; it cannot be combined with --broken ${flags.broken}.`);
  }
  const opts: ProduceOptions = {
    kafka: { brokers: conn.brokers, clientId: 'dl-produce', ...(conn.sasl ? { sasl: conn.sasl } : {}), ...(conn.ssl ? { ssl: conn.ssl } : {}) },
    registry: { url: conn.registryUrl, ...(conn.registryAuth ? { auth: conn.registryAuth } : {}) },
    topic: flags.topic,
    partitions: flags.partitions,
    subjectStrategy: flags.subjectStrategy,
    autoRegister: flags.autoRegister,
    description: flags.description,
    count: flags.count,
    input: flags.input,
    skipInvalid: flags.skipInvalid ?? false,
    keyTemplate: flags.key,
    ...(flags.keySchema === undefined ? {} : { keySchema: readKeySchema(flags.keySchema) }),
    customer: flags.customer,
    price: flags.price,
    seed: flags.seed,
    rate: flags.rate,
    broken: flags.raw ? 'no-header' : flags.broken,
    compression: flags.compression,
    format: flags.format ?? 'text',
    echo: flags.echo,
    batchSize: flags.batchSize,
  };

  // Interrupted: what was sent is summarized, but the run did not do what was asked (exit 130).
  await stopOnFirstSigint('dl produce: SIGINT: stopping after the batches in flight (again to quit at once)', (signal) =>
    produce({ ...opts, signal }, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }),
  );
}

/** The --key-schema file: Avro schema JSON (a primitive name like "long" works too). */
function readKeySchema(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`--key-schema ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); pass an .avsc file.`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`--key-schema ${file} is not JSON (${(e as Error).message}); pass an Avro schema file (.avsc).`);
  }
}
