import { execFile } from 'node:child_process';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { avroType } from '@dl/core';
import { compileColumnDecoder } from '../../packages/ingester/src/avro-column-decoder.js';
import { metaColumnsBefore, tableSchema } from '../../packages/ingester/src/row-writer.js';
import { TableAccumulator } from '../../packages/ingester/src/table-accumulator.js';
import { runDl } from '../support/run-dl.js';
import { REPO, stackEndpoints, tempLake, uniqueTopic } from '../support/stack-env.js';

// Property test of "one decoder semantics": the same seeded random values of every Avro type (the
// Avro interop schema's types plus logical types; test/python/interop_values.py), encoded by
// fastavro, go through every path dl decodes on and are read back by pyarrow, exactly:
//   direct    writer schema = reader schema, the binary decoder straight into columns
//   avsc      non-null unions (JSON text columns) and decimals: only avsc decodes it
//   resolved  an older writer version resolved to the latest (int promoted to long, a field added)
//   field     --partition-by field:longField (avsc path; folder names carry the exact digits)
//   raw       header-less values: dead letters, shown by `dl view --decode`, repaired by
//             `dl replay --frame-with latest` and ingested again
// After the good values of each topic come BAD values whose string is not UTF-8: on every path a
// DECODE_ERROR dead letter with its raw bytes (no U+FFFD), not decoded by the view, not repaired.
// DL_TEST_SEED=<n> reruns one seed; a failure names the seed and the values that differ.
const SEED = Number(process.env.DL_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
const COUNT = 200;
const BAD = 5;
type Case = 'direct' | 'avsc' | 'resolved' | 'raw';

/** test/python/value_roundtrip.py with the test venv; async, so the independent steps overlap. */
async function py(args: string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(
      path.join(REPO, '.venv', 'bin', 'python'),
      [path.join(REPO, 'test', 'python', 'value_roundtrip.py'), ...args],
      { maxBuffer: 64 << 20 },
    );
    return stdout;
  } catch (e) {
    throw new Error(`seed ${SEED} (rerun with DL_TEST_SEED=${SEED}): ${(e as { stderr?: string }).stderr || String(e)}`, { cause: e });
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
    const schemas = async (c: Case) => JSON.parse(await py(['schemas', '--case', c])) as { writer: object; reader: object };
    // The cases really take the paths they are named after.
    expect(directDecoderTakes((await schemas('direct')).reader)).toBe(true);
    expect(directDecoderTakes((await schemas('avsc')).reader)).toBe(false);

    const topics = {
      direct: uniqueTopic('vr-direct'),
      avsc: uniqueTopic('vr-avsc'),
      resolved: uniqueTopic('vr-resolved'),
      raw: uniqueTopic('vr-raw'),
      field: uniqueTopic('vr-field'),
    };
    const produce = async (c: Case, topic: string, count = COUNT) =>
      expect(
        JSON.parse(
          await py([
            'produce',
            '--brokers',
            brokers.join(','),
            '--registry-url',
            registryUrl,
            '--topic',
            topic,
            '--case',
            c,
            '--seed',
            String(SEED),
            '--count',
            String(count),
            '--bad',
            String(BAD),
          ]),
        ),
      ).toMatchObject({ sent: count + BAD });
    await Promise.all([...(['direct', 'avsc', 'resolved', 'raw'] as const).map((c) => produce(c, topics[c])), produce('direct', topics.field, 60)]);

    const lake = tempLake('dl-values-');
    const fieldLake = tempLake('dl-values-field-');
    const ingest = (dir: string, ts: string[], more: string[] = []) =>
      dl(['ingest', '--once', ...ts.flatMap((t) => ['--topic', t]), '--group', `g-${ts[0]}`, '--data-dir', dir, '--progress', 'none', ...more]);
    await Promise.all([
      ingest(lake, [topics.direct, topics.avsc, topics.resolved, topics.raw]),
      ingest(fieldLake, [topics.field], ['--partition-by', 'field:longField']),
    ]);

    const check = async (c: Case, topic: string, dir: string, more: string[] = [], count = COUNT) =>
      expect(
        JSON.parse(
          await py([
            'check-lake',
            '--lake',
            dir,
            '--topic',
            topic,
            '--case',
            c,
            '--seed',
            String(SEED),
            '--count',
            String(count),
            '--bad',
            String(BAD),
            ...more,
          ]),
        ),
      ).toEqual({
        rows: count,
        dead: more.includes('--replayed') ? 0 : BAD,
      });
    const checks = Promise.all([
      check('direct', topics.direct, lake),
      check('avsc', topics.avsc, lake),
      check('resolved', topics.resolved, lake),
      check('direct', topics.field, fieldLake, ['--field', 'longField'], 60),
    ]);
    checks.catch(() => {}); // awaited below; a failure meanwhile is not an unhandled rejection

    // Header-less values are dead letters; --decode shows what they hold, exactly.
    const decoded = await dl(['view', 'parquet-dlq', '--data-dir', lake, '--decode', '--format', 'jsonl', '--limit', '0', '--where', `topic=${topics.raw}`]);
    const file = path.join(tempLake('dl-values-out-'), 'decoded.jsonl');
    writeFileSync(file, decoded);
    expect(
      JSON.parse(
        await py([
          'check-decoded',
          '--topic',
          topics.raw,
          '--case',
          'raw',
          '--seed',
          String(SEED),
          '--count',
          String(COUNT),
          '--bad',
          String(BAD),
          '--input',
          file,
        ]),
      ),
    ).toEqual({ rows: COUNT + BAD });

    // replay's repair check accepts every good one (and no invalid UTF-8), and what it frames lands exactly.
    const replayed = JSON.parse(
      await dl(['replay', 'parquet-dlq', '--data-dir', lake, '--topic', topics.raw, '--frame-with', 'latest', '--format', 'json']),
    ) as {
      sent: number;
      unrepairable: number;
      failures: Array<{ reason: string }>;
    };
    expect(replayed).toMatchObject({ sent: COUNT, unrepairable: BAD });
    for (const f of replayed.failures) expect(f.reason).toMatch(/not valid UTF-8/);
    await checks; // before the lake changes again
    await ingest(lake, [topics.direct, topics.avsc, topics.resolved, topics.raw]);
    await check('raw', topics.raw, lake, ['--replayed']);
  });
});
