import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { runDl } from '../support/run-dl.js';
import { onceArgs } from '../support/once-args.js';
import { runPython } from '../support/python.js';
import { REPO, stackEndpoints, tempLake, uniqueTopic } from '../support/stack-env.js';
import { readRows } from '../support/read-lake.js';

interface Sent {
  key: string | null;
  typed: unknown;
  headers: Array<[string, string | null]>;
  bad?: boolean;
}

interface LakeRead {
  columns: string[];
  types: Record<string, string>;
  pandas_rows: number;
  rows: Record<string, { key: string | null; key_bytes: string | null; key_decoded: unknown; headers: Array<[string, string | null]> | null }>;
  duckdb: Record<string, Array<string | null>>;
}

/** Sends with the Confluent Python producer, ingests with dl, reads the lake back with pyarrow, pandas and DuckDB. */
async function roundTrip(
  kind: string,
  ingestFlags: string[] = [],
  count = 20,
): Promise<{ sent: Sent[]; lake: LakeRead; dir: string; summary: { rows: number; deadByClass: Record<string, number> } }> {
  const { brokers, registryUrl } = stackEndpoints();
  const topic = uniqueTopic(`keys-${kind}`);
  const out = runPython('confluent_keys.py', [
    'produce',
    '--brokers',
    brokers.join(','),
    '--registry-url',
    registryUrl,
    '--topic',
    topic,
    '--kind',
    kind,
    '--count',
    String(count),
    '--schema',
    path.join(REPO, 'packages/core/schemas/order.avsc'),
  ]);
  const sent = JSON.parse(out) as Sent[];
  const dir = tempLake();
  const r = await runDl([...onceArgs(topic, dir), '--progress', 'none', '--format', 'json', ...ingestFlags]);
  expect(r.code, r.stderr).toBe(0);
  const lake = JSON.parse(runPython('confluent_keys.py', ['read', '--lake', dir])) as LakeRead;
  return { sent, lake, dir, summary: JSON.parse(r.stdout) };
}

/** The Kafka key a row stands for: `key_bytes`, else the UTF-8 of `key` (see the README's lake contract). */
function kafkaKeyHex(row: { key: string | null; key_bytes: string | null }): string | null {
  if (row.key_bytes !== null) return row.key_bytes;
  return row.key === null ? null : Buffer.from(row.key, 'utf8').toString('hex');
}

describe('keys and headers from a Confluent Python producer', () => {
  it.each(['string', 'int', 'long', 'record'])('AvroSerializer %s keys: decoded into key_decoded, bytes kept exactly', { timeout: 120_000 }, async (kind) => {
    const { sent, lake } = await roundTrip(kind);
    expect(Object.keys(lake.rows)).toHaveLength(sent.length);
    expect(lake.pandas_rows).toBe(sent.length);
    expect(lake.columns.slice(0, 3)).toEqual(['key', 'key_bytes', 'key_decoded']);
    expect(lake.types['key_decoded']).toBe(
      { string: 'string', int: 'int32', long: 'int64', record: 'struct<region: string not null, id: int64 not null>' }[kind],
    );
    sent.forEach((s, offset) => {
      const row = lake.rows[String(offset)]!;
      expect(kafkaKeyHex(row)).toBe(s.key);
      expect(row.key).toBeNull();
      expect(row.key_decoded).toEqual(s.typed);
    });
    // DuckDB reads the same columns: the raw bytes as hex and the typed key.
    expect(lake.duckdb['0']![1]!.toLowerCase()).toBe(sent[0]!.key);
    expect(lake.duckdb['3']![2]).toBe(
      typeof sent[3]!.typed === 'object'
        ? `{'region': '${(sent[3]!.typed as { region: string }).region}', 'id': ${(sent[3]!.typed as { id: number }).id}}`
        : String(sent[3]!.typed),
    );
  });

  it('raw keys (text, empty, null, not UTF-8, look-alike framing) round-trip byte for byte, never U+FFFD', { timeout: 120_000 }, async () => {
    const { sent, lake } = await roundTrip('raw');
    expect(lake.columns).not.toContain('key_decoded'); // no <topic>-key subject: nothing to decode
    sent.forEach((s, offset) => {
      const row = lake.rows[String(offset)]!;
      expect(kafkaKeyHex(row), `offset ${offset}`).toBe(s.key);
      expect(row.key ?? '').not.toContain('\uFFFD');
    });
    expect(lake.rows['0']).toMatchObject({ key: null, key_bytes: 'fffe0062696e' });
    expect(lake.rows['1']).toMatchObject({ key: '', key_bytes: null }); // empty, not null
    expect(lake.rows['2']).toMatchObject({ key: null, key_bytes: null }); // null
    expect(lake.rows['3']).toMatchObject({ key: 'product0', key_bytes: null });
    expect(lake.duckdb['0']![1]).toBe('FFFE0062696E');
    expect(lake.duckdb['1']![0]).toBe('');
    expect(lake.duckdb['2']![0]).toBeNull();
  });

  it('--key-format bytes keeps every key in key_bytes', { timeout: 120_000 }, async () => {
    const { sent, lake } = await roundTrip('raw', ['--key-format', 'bytes']);
    sent.forEach((s, offset) => {
      const row = lake.rows[String(offset)]!;
      expect(row.key).toBeNull();
      expect(row.key_bytes).toBe(s.key);
    });
  });

  it('a framed key of the key subject that does not decode is a KEY_DECODE_ERROR dead letter with its bytes', { timeout: 120_000 }, async () => {
    const { sent, lake, dir, summary } = await roundTrip('bad-key', [], 12);
    const bad = sent.filter((s) => s.bad);
    expect(summary.deadByClass).toEqual({ KEY_DECODE_ERROR: bad.length });
    expect(summary.rows).toBe(sent.length - bad.length);
    const dead = readRows(path.join(dir, 'parquet-dlq'));
    expect(dead.map((d) => Buffer.from(d['key'] as Uint8Array).toString('hex')).sort()).toEqual(bad.map((b) => b.key).sort());
    expect(
      dead.every(
        (d) =>
          d['error_class'] === 'KEY_DECODE_ERROR' &&
          /^key \(key schema id \d+\): body .+ \[DECODE_ERROR\]$/.test(String(d['error_message'])) &&
          d['schema_id'] === null,
      ),
    ).toBe(true);
    for (const [offset, row] of Object.entries(lake.rows)) expect(row.key_decoded).toEqual(sent[Number(offset)]!.typed);
  });

  it('--key-format string leaves framed keys undecoded (no key_decoded column), bytes still exact', { timeout: 120_000 }, async () => {
    const { sent, lake } = await roundTrip('record', ['--key-format', 'string'], 5);
    expect(lake.columns).not.toContain('key_decoded');
    sent.forEach((s, offset) => expect(kafkaKeyHex(lake.rows[String(offset)]!)).toBe(s.key));
  });

  it('--with-headers: 100 headers per record, in order, values exact (null and empty kept apart)', { timeout: 120_000 }, async () => {
    const { sent, lake } = await roundTrip('headers', ['--with-headers'], 10);
    expect(lake.types['headers']).toBe('list<element: struct<key: string not null, value: binary> not null>');
    sent.forEach((s, offset) => expect(lake.rows[String(offset)]!.headers).toEqual(s.headers));
    expect(lake.rows['0']!.headers![50]).toEqual(['h050', null]);
    expect(lake.rows['0']!.headers![10]).toEqual(['h010', '']);
    expect(lake.duckdb['3']!.slice(-2)).toEqual(['100', 'trace-id']);
  });

  it(
    'dl produce --key-schema sends framed Avro keys that dl ingest decodes; --key-format avro dead-letters the unframed ones',
    { timeout: 120_000 },
    async () => {
      const topic = uniqueTopic('keys-dl');
      const schemaFile = path.join(tempLake('dl-key-'), 'key.avsc');
      writeFileSync(
        schemaFile,
        JSON.stringify({
          type: 'record',
          name: 'OrderKey',
          namespace: 'dev.dl.test',
          fields: [
            { name: 'shop', type: 'string' },
            { name: 'n', type: 'long' },
          ],
        }),
      );
      const p = await runDl([
        'produce',
        '--topic',
        topic,
        '--count',
        '6',
        '--key-schema',
        schemaFile,
        '--key',
        '{{"shop": "s{i%2}", "n": {i}}}',
        '--format',
        'json',
      ]);
      expect(p.code, p.stderr).toBe(0);
      const plain = await runDl(['produce', '--topic', topic, '--count', '2', '--key', 'plain{i}', '--format', 'json']);
      expect(plain.code, plain.stderr).toBe(0);
      const dir = tempLake();
      const r = await runDl([...onceArgs(topic, dir), '--progress', 'none', '--format', 'json', '--key-format', 'avro']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ rows: 6, deadByClass: { KEY_DECODE_ERROR: 2 } });
      const lake = JSON.parse(runPython('confluent_keys.py', ['read', '--lake', dir])) as LakeRead;
      for (let i = 0; i < 6; i++) expect(lake.rows[String(i)]!.key_decoded).toEqual({ shop: `s${i % 2}`, n: i });
      const dead = readRows(path.join(dir, 'parquet-dlq'));
      expect(dead.map((d) => Buffer.from(d['key'] as Uint8Array).toString())).toEqual(['plain0', 'plain1']);
      // The default (auto) keeps the unframed keys as text instead.
      const auto = tempLake();
      const a = await runDl(['ingest', '--once', '--topic', topic, '--group', `ga-${topic}`, '--data-dir', auto, '--progress', 'none', '--format', 'json']);
      expect(JSON.parse(a.stdout)).toMatchObject({ rows: 8, deadLetters: 0 });
      const autoRead = JSON.parse(runPython('confluent_keys.py', ['read', '--lake', auto])) as LakeRead;
      expect(autoRead.rows['6']).toMatchObject({ key: 'plain0', key_bytes: null, key_decoded: null });
      expect(autoRead.rows['0']).toMatchObject({ key: null, key_decoded: { shop: 's0', n: 0 } });
    },
  );

  it('without --with-headers there is no headers column', { timeout: 120_000 }, async () => {
    const { lake } = await roundTrip('headers', [], 2);
    expect(lake.columns).not.toContain('headers');
  });
});
