import { readFileSync } from 'node:fs';
import { ConfigError } from '@dl/core';
import type { Settings } from '@dl/core/config';
import { produce, type ProduceOptions } from '@dl/producer';
import { connectionOptions } from '../connection.js';
import { stopOnFirstSigint } from '../sigint-stop.js';

/** Maps the settings to ProduceOptions and runs; the first Ctrl-C in a bulk run stops it after the batches in flight. */
export async function runProduce(s: Settings): Promise<void> {
  const { kafka, registry } = connectionOptions(s, 'dl-produce');
  const opts: ProduceOptions = {
    kafka,
    registry,
    topic: s.topic,
    partitions: s.partitions,
    subjectStrategy: s.subjectStrategy,
    autoRegister: s.autoRegister,
    description: s.description,
    count: s.count,
    input: s.input,
    skipInvalid: s.skipInvalid,
    keyTemplate: s.key,
    ...(s.keySchema === undefined ? {} : { keySchema: readKeySchema(s.keySchema) }),
    customer: s.customer,
    price: s.price,
    seed: s.seed,
    rate: s.rate,
    broken: s.raw ? 'no-header' : s.broken,
    compression: s.kafkaCompression,
    format: s.format,
    echo: s.echo,
    batchSize: s.batchSize,
  };

  // Interrupted: what was sent is summarized, but the run did not do what was asked (exit 130).
  await stopOnFirstSigint('dl produce: SIGINT: stopping after the batches in flight (again to quit at once)', (signal) =>
    produce({ ...opts, signal }, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }),
  );
}

/** The --key-schema file: Avro schema JSON (a primitive name such as "long" works too). */
function readKeySchema(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`--key-schema ${file} is not an Avro schema file (${(e as Error).message}); pass an .avsc file of JSON.`);
  }
}
