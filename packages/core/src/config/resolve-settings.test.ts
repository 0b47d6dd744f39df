import { describe, expect, it } from 'vitest';
import { describeSettings } from './describe-settings.js';
import { resolveSettings, type SettingSources } from './resolve-settings.js';
import { DEFAULT_DATA_DIR } from './settings.js';

const none: SettingSources = { flags: {}, env: {} };

describe('resolveSettings', () => {
  it('takes flags over env over the file over the stack over defaults', () => {
    const stack = { name: '.stack/endpoints.json', values: { brokers: 'stack:1', registryUrl: 'http://stack:2' } };
    const file = { name: 'dl.yaml', data: { brokers: 'file:1', 'registry-url': 'http://file:2', group: 'from-file' } };
    const env = { KAFKA_BROKERS: 'env:1' };
    const r = resolveSettings('ingest', { flags: { group: 'from-flag' }, env, file, stack });
    expect(r.problems).toEqual([]);
    expect(r.values.brokers).toEqual(['env:1']);
    expect(r.values.registryUrl).toBe('http://file:2');
    expect(r.values.group).toBe('from-flag');
    expect(r.origins).toMatchObject({ brokers: 'env', registryUrl: 'file', group: 'flag' });
    const bare = resolveSettings('ingest', { ...none, stack });
    expect(bare.values.brokers).toEqual(['stack:1']);
    expect(bare.origins.brokers).toBe('stack');
    expect(resolveSettings('ingest', none).values.brokers).toEqual(['localhost:9092']);
  });

  it('counts an empty env value as unset, for every command', () => {
    for (const command of ['ingest', 'view', 'replay', 'demo'] as const) {
      const r = resolveSettings(command, { flags: {}, env: { DL_DATA_DIR: '' } });
      expect(r.values.dataDir).toBe(DEFAULT_DATA_DIR);
      expect(r.origins.dataDir).toBeUndefined();
    }
    expect(resolveSettings('view', { flags: {}, env: { DL_DATA_DIR: '/lake' } }).values.dataDir).toBe('/lake');
  });

  it('returns every problem at once, each naming the value, its source and the fix', () => {
    const r = resolveSettings('ingest', {
      flags: { flushRecords: 'lots', partitionBy: 'weekly' },
      env: { KAFKA_BROKERS: 'no-port', SCHEMA_REGISTRY_URL: 'ftp://x' },
      file: { name: 'dl.yaml', data: { 'flush-interval': 0, colour: 'blue' } },
    });
    expect(r.problems).toEqual([
      '"colour" in dl.yaml is not a setting; see dl config --help or the README\'s configuration table.',
      'KAFKA_BROKERS="no-port" has "no-port", which is not host:port; e.g. KAFKA_BROKERS=localhost:9092 (or unset it).',
      'SCHEMA_REGISTRY_URL="ftp://x" is not an http(s) URL; e.g. SCHEMA_REGISTRY_URL=http://localhost:8081 (or unset it).',
      '--partition-by "weekly" is not one of date, hour, none or field:<name>; e.g. --partition-by date.',
      '--flush-records "lots" is not a whole number of at least 1; e.g. --flush-records 100000.',
      'flush-interval "0" in dl.yaml is not a whole number from 1 to 86400; e.g. flush-interval: 10.',
    ]);
  });

  it('parses partition schemes, lists and negated booleans', () => {
    const r = resolveSettings('ingest', { flags: { partitionBy: 'field:customer', topics: ['a', 'b'], rawValue: false }, env: {} });
    expect(r.values.partitionBy).toEqual({ kind: 'field', field: 'customer' });
    expect(r.values.topics).toEqual(['a', 'b']);
    expect(r.values.rawValue).toBe(false);
    const file = resolveSettings('ingest', { flags: {}, env: {}, file: { name: 'dl.yaml', data: { topic: ['x', 'y'], 'raw-value': false } } });
    expect(file.values.topics).toEqual(['x', 'y']);
    expect(file.values.rawValue).toBe(false);
  });

  it('lets a command section of the file override the top level, and checks every section', () => {
    const data = { compression: 'gzip', ingest: { compression: 'brotli', group: 'g1' }, produce: { compression: 'zstd', gruop: 'typo' } };
    const ingest = resolveSettings('ingest', { flags: {}, env: {}, file: { name: 'dl.yaml', data } });
    expect(ingest.values.compression).toBe('brotli');
    expect(ingest.values.group).toBe('g1');
    expect(ingest.problems).toEqual([
      '"gruop" in dl.yaml (produce) is not a setting of dl produce; see dl config --help or the README\'s configuration table.',
    ]);
    const produce = resolveSettings('produce', { flags: {}, env: {}, file: { name: 'dl.yaml', data: { ...data, produce: { compression: 'zstd' } } } });
    expect(produce.problems).toEqual([]);
    expect(produce.values.kafkaCompression).toBe('zstd');
  });

  it('refuses a per-run argument in dl.yaml with one sentence, at the top level or in a section', () => {
    const r = resolveSettings('ingest', { flags: {}, env: {}, file: { name: 'dl.yaml', data: { once: true } } });
    expect(r.problems).toEqual([
      '"once" in dl.yaml is a per-run argument (--once of dl ingest), read from the command line only; remove it and pass --once when you run the command.',
    ]);
    expect(r.values.once).toBe(false);
    // Refused whichever command runs, as an unknown key is: the file is wrong for every run.
    const count = resolveSettings('view', { flags: {}, env: {}, file: { name: 'dl.yaml', data: { count: 5 } } });
    expect(count.problems).toEqual([
      '"count" in dl.yaml is a per-run argument (--count of dl produce, dl view, dl demo), read from the command line only; remove it and pass --count when you run the command.',
    ]);
    // `topic` is lasting for produce and ingest, per-run for replay (a filter): only the replay section is wrong.
    const topic = resolveSettings('ingest', { flags: {}, env: {}, file: { name: 'dl.yaml', data: { topic: 'a', replay: { topic: 'b' } } } });
    expect(topic.problems).toEqual([
      '"topic" in dl.yaml (replay) is a per-run argument (--topic of dl replay), read from the command line only; remove it and pass --topic when you run the command.',
    ]);
    expect(topic.values.topics).toEqual(['a']);
  });

  it('reads every lasting setting from the environment too', () => {
    const env = { DL_FLUSH_RECORDS: '500', DL_TOPIC: 'a,b', DL_PARTITION_BY: 'hour', DL_PARQUET_COMPRESSION: 'gzip', DL_RAW_VALUE: 'false' };
    const r = resolveSettings('ingest', { flags: {}, env });
    expect(r.problems).toEqual([]);
    expect(r.values).toMatchObject({ flushRecords: 500, topics: ['a', 'b'], partitionBy: { kind: 'hour' }, compression: 'gzip', rawValue: false });
    expect(r.origins).toMatchObject({ flushRecords: 'env', topics: 'env', partitionBy: 'env', compression: 'env', rawValue: 'env' });
    // The same DL_TOPIC names the topic dl produce sends to; Kafka's compression has its own name.
    const p = resolveSettings('produce', { flags: {}, env: { DL_TOPIC: 'a', DL_KAFKA_COMPRESSION: 'zstd', DL_PARQUET_COMPRESSION: 'brotli' } });
    expect(p.problems).toEqual([]);
    expect(p.values).toMatchObject({ topic: 'a', kafkaCompression: 'zstd' });
    const bad = resolveSettings('ingest', { flags: {}, env: { DL_FLUSH_RECORDS: 'many' } });
    expect(bad.problems).toEqual(['DL_FLUSH_RECORDS="many" is not a whole number of at least 1; e.g. DL_FLUSH_RECORDS=100000 (or unset it).']);
  });

  it('lets the stronger source win between --topic and --topic-pattern', () => {
    const flagPattern = resolveSettings('ingest', { flags: { topicPattern: '^dev\\.' }, env: { DL_TOPIC: 'a' } });
    expect(flagPattern.problems).toEqual([]);
    expect(flagPattern.values.topicPattern?.source).toBe('^dev\\.');
    expect(flagPattern.values.topics).toEqual(['dev.orders']);
    expect(flagPattern.origins.topics).toBeUndefined();
    const flagTopic = resolveSettings('ingest', { flags: { topics: ['b'] }, env: { DL_TOPIC_PATTERN: 'x' } });
    expect(flagTopic.problems).toEqual([]);
    expect(flagTopic.values.topicPattern).toBeUndefined();
    const bothEnv = resolveSettings('ingest', { flags: {}, env: { DL_TOPIC: 'a', DL_TOPIC_PATTERN: 'x' } });
    expect(bothEnv.problems).toEqual(['Give either DL_TOPIC or DL_TOPIC_PATTERN, not both.']);
  });

  it('runs the checks that need two settings', () => {
    const sasl = resolveSettings('produce', { flags: { saslUsername: 'u' }, env: {} });
    expect(sasl.problems).toEqual([
      'SASL needs both a username and a password; pass --sasl-username and --sasl-password (or KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD).',
    ]);
    const both = resolveSettings('ingest', { flags: { topics: ['a'], topicPattern: 'b.*' }, env: {} });
    expect(both.problems).toEqual(['Give either --topic or --topic-pattern, not both.']);
    expect(resolveSettings('ingest', { flags: { topicPattern: 'b.*' }, env: {} }).problems).toEqual([]);
    const input = resolveSettings('produce', { flags: { input: 'orders.jsonl', count: '5' }, env: {} });
    expect(input.problems).toEqual(['--input sends the orders of a file; it cannot be combined with --description or --count.']);
    const window = resolveSettings('replay', { flags: { since: '2024-05-02', until: '2024-05-01', fromOffset: '9', toOffset: '3' }, env: {} });
    expect(window.problems).toEqual([
      '--from-offset 9 is after --to-offset 3; both are inclusive, so swap them.',
      '--since 2024-05-02T00:00:00.000Z is not before --until 2024-05-01T00:00:00.000Z; --until is exclusive.',
    ]);
  });
  it('masks the user info of URL-valued settings in problems, whatever their source', () => {
    const r = resolveSettings('ingest', {
      flags: {},
      env: { SCHEMA_REGISTRY_URL: 'htp://alice:s3cr3t@reg:8081', AWS_ENDPOINT_URL_S3: 'http://AK:SECRET@minio:9000' },
      file: { name: 'dl.yaml', data: { 'registry-url': 'ftp://bob:hunter2@x' } },
    });
    expect(r.problems).toEqual([
      'SCHEMA_REGISTRY_URL="htp://***@reg:8081" is not an http(s) URL; e.g. SCHEMA_REGISTRY_URL=http://localhost:8081 (or unset it).',
      'AWS_ENDPOINT_URL_S3="http://***@minio:9000" is not an http(s) URL without credentials; e.g. AWS_ENDPOINT_URL_S3=http://localhost:8333 (or unset it).',
    ]);
    const flag = resolveSettings('view', { flags: { registryUrl: 'alice:s3cr3t@reg:8081' }, env: {} });
    expect(flag.problems.join('\n')).toContain('"***@reg:8081"');
    expect(JSON.stringify([r.problems, flag.problems])).not.toMatch(/s3cr3t|SECRET|alice|AK:/);
  });
  it('refuses an --ssl-ca that is a directory, one sentence naming the value', () => {
    const r = resolveSettings('ingest', { flags: { sslCa: '/' }, env: {} });
    expect(r.problems).toEqual(['--ssl-ca "/" is a directory, not a file: give the path of a file; e.g. --ssl-ca ca.pem.']);
    expect(resolveSettings('ingest', { flags: { sslCa: '/nope/ca.pem' }, env: {} }).problems[0]).toMatch(/^--ssl-ca "\/nope\/ca.pem" does not exist/);
  });
});

describe('describeSettings', () => {
  it('masks secrets and says where each value came from', () => {
    const r = resolveSettings('ingest', {
      flags: { saslUsername: 'u' },
      env: { KAFKA_SASL_PASSWORD: 'hunter2', SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: 'bob:s3cret', SCHEMA_REGISTRY_URL: 'http://bob:pw@reg:8081' },
    });
    const lines = Object.fromEntries(describeSettings(r).map((l) => [l.name, l]));
    expect(lines['sasl-password']).toMatchObject({ value: '***', origin: 'env', from: 'KAFKA_SASL_PASSWORD' });
    expect(lines['registry-auth']?.value).toBe('bob:***');
    expect(lines['registry-url']?.value).toBe('http://***@reg:8081');
    expect(lines['sasl-username']).toMatchObject({ value: 'u', origin: 'flag' });
    expect(lines.group).toMatchObject({ value: 'dl-ingest', origin: 'default' });
    expect(JSON.stringify(describeSettings(r))).not.toMatch(/hunter2|s3cret|pw@/);
  });

  it('shows an s3:// data dir and the S3 endpoint with their user info masked (dl config)', () => {
    const r = resolveSettings('view', { flags: {}, env: { DL_DATA_DIR: 's3://AK:SE/CRET@lake/x', AWS_ENDPOINT_URL_S3: 'http://minio:9000' } });
    const lines = Object.fromEntries(describeSettings(r).map((l) => [l.name, l]));
    expect(lines['data-dir']?.value).toBe('s3://***@lake/x');
    expect(lines['s3-endpoint']?.value).toBe('http://minio:9000');
    expect(resolveSettings('view', { flags: {}, env: { DL_DATA_DIR: '/home/a@b/lake' } }).values.dataDir).toBe('/home/a@b/lake');
    expect(
      Object.fromEntries(describeSettings(resolveSettings('view', { flags: {}, env: { DL_DATA_DIR: '/home/a@b/lake' } })).map((l) => [l.name, l.value]))[
        'data-dir'
      ],
    ).toBe('/home/a@b/lake');
  });
});
