import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { avroType } from '@dl/core';
import { compileColumnDecoder } from '../../packages/ingester/src/avro-column-decoder.js';
import { metaColumnsBefore, tableSchema } from '../../packages/ingester/src/row-writer.js';
import { TableAccumulator } from '../../packages/ingester/src/table-accumulator.js';
import { runDl } from '../support/run-dl.js';
import { runPython } from '../support/python.js';
import { stackEndpoints, tempLake, uniqueTopic } from '../support/stack-env.js';

// Property test of "one decoder semantics": the same seeded random values of every Avro type (the
// Avro interop schema's types plus logical types; test/python/interop_values.py), encoded by
// fastavro, go through every path dl decodes on and are read back by pyarrow, exactly:
//   direct    writer schema = reader schema, the binary decoder straight into columns
//   avsc      non-null unions (JSON text columns) and decimals: only avsc decodes it
//   resolved  an older writer version resolved to the latest (int promoted to long, a field added)
//   field     --partition-by field:longField (avsc path; folder names carry the exact digits)
//   raw       header-less values: dead letters, shown by `dl view --decode`, repaired by
//             `dl replay --frame-with latest` and ingested again
// DL_TEST_SEED=<n> reruns one seed; a failure names the seed and the values that differ.
const SEED = Number(process.env.DL_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
const COUNT = 200;
type Case = 'direct' | 'avsc' | 'resolved' | 'raw';

function py(args: string[]): string {
  try {
    return runPython('value_roundtrip.py', args);
  } catch (e) {
    throw new Error(`seed ${SEED} (rerun with DL_TEST_SEED=${SEED}): ${(e as { stderr?: string }).stderr || String(e)}`);
  }
}

async function dl(args: string[]): Promise<string> {
  const r = await runDl(args);
  expect(r.code, `seed ${SEED}: dl ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

function directDecoderTakes(schema: object): boolean {
  const acc = new TableAccumulator(tableSchema(schema as never, false), '');
  return compileColumnDecoder(avroType(schema), acc.builders.slice(metaColumnsBefore(false), acc.builders.length - 2)) !== undefined;
}

describe('every Avro value lands exactly, on every decode path (fastavro → dl → pyarrow)', () => {
  it(`holds for seed ${SEED}`, { timeout: 120_000 }, async () => {
    const { brokers, registryUrl } = stackEndpoints();
    const schemas = (c: Case) => JSON.parse(py(['schemas', '--case', c])) as { writer: object; reader: object };
    // The cases really take the paths they are named after.
    expect(directDecoderTakes(schemas('direct').reader)).toBe(true);
    expect(directDecoderTakes(schemas('avsc').reader)).toBe(false);

    const topics = { direct: uniqueTopic('vr-direct'), avsc: uniqueTopic('vr-avsc'), resolved: uniqueTopic('vr-resolved'), raw: uniqueTopic('vr-raw'), field: uniqueTopic('vr-field') };
    const produce = (c: Case, topic: string, count = COUNT) =>
      expect(JSON.parse(py(['produce', '--brokers', brokers.join(','), '--registry-url', registryUrl, '--topic', topic, '--case', c, '--seed', String(SEED), '--count', String(count)]))).toMatchObject({ sent: count });
    for (const c of ['direct', 'avsc', 'resolved', 'raw'] as const) produce(c, topics[c]);
    produce('direct', topics.field, 60);

    const lake = tempLake('dl-values-');
    const fieldLake = tempLake('dl-values-field-');
    const ingest = (dir: string, ts: string[], more: string[] = []) =>
      dl(['ingest', '--once', ...ts.flatMap((t) => ['--topic', t]), '--group', `g-${ts[0]}`, '--data-dir', dir, '--progress', 'none', ...more]);
    await Promise.all([
      ingest(lake, [topics.direct, topics.avsc, topics.resolved, topics.raw]),
      ingest(fieldLake, [topics.field], ['--partition-by', 'field:longField']),
    ]);

    const check = (c: Case, topic: string, dir: string, more: string[] = [], count = COUNT) =>
      expect(JSON.parse(py(['check-lake', '--lake', dir, '--topic', topic, '--case', c, '--seed', String(SEED), '--count', String(count), ...more]))).toEqual({ rows: count });
    check('direct', topics.direct, lake);
    check('avsc', topics.avsc, lake);
    check('resolved', topics.resolved, lake);
    check('direct', topics.field, fieldLake, ['--field', 'longField'], 60);

    // Header-less values are dead letters; --decode shows what they hold, exactly.
    const decoded = await dl(['view', 'parquet-dlq', '--data-dir', lake, '--decode', '--format', 'jsonl', '--limit', '0', '--where', `topic=${topics.raw}`]);
    const file = path.join(tempLake('dl-values-out-'), 'decoded.jsonl');
    writeFileSync(file, decoded);
    expect(JSON.parse(py(['check-decoded', '--topic', topics.raw, '--case', 'raw', '--seed', String(SEED), '--count', String(COUNT), '--input', file]))).toEqual({ rows: COUNT });

    // replay's repair check accepts every one of them, and what it frames lands exactly.
    const replayed = JSON.parse(await dl(['replay', 'parquet-dlq', '--data-dir', lake, '--topic', topics.raw, '--frame-with', 'latest', '--format', 'json'])) as { sent: number; unrepairable: number };
    expect(replayed).toMatchObject({ sent: COUNT, unrepairable: 0 });
    await ingest(lake, [topics.direct, topics.avsc, topics.resolved, topics.raw]);
    check('raw', topics.raw, lake, ['--replayed']);
  });
});
