/*
 * Every setting of `dl`, once: flag, env name, default, description, the commands that take it.
 *
 * How to add a setting:
 *   1. Add an entry below with `setting({...})`: `flag` (commander style), `commands`, `description`,
 *      `parse` (a parser from ./setting.ts, or your own that throws SettingProblem(reason, example)),
 *      and `default` if it has one; then either `env` (a lasting setting: read from flags, env, dl.yaml)
 *      or `sources: 'flag'` (an argument of one run: flag only, refused in dl.yaml); `secret` if it must be masked;
 *      `stack: '<key>'` if the local stack's .stack/endpoints.json has a value for it (e.g. s3Endpoint).
 *   2. Read it in the command's action as `config.<key>` (typed, default applied). Libraries get typed
 *      options from the action, never the flag name.
 *   3. Checks that need two settings go in ./setting-checks.ts. Run `pnpm test:unit`: a test
 *      compares the README's configuration table with this file and prints the row to paste.
 * The cli adds the flag to `--help`, reads env and dl.yaml, and reports every bad value at once.
 */
import { parseInstant } from '../instant.js';
import { isTopicName, TOPIC_NAME_RULE } from '../topic-name.js';
import { isHttpUrl } from '../url-text.js';
import { bool, choice, commaList, existingFile, int, nonEmpty, positiveNumber, repeated, setting, SettingProblem, text, type ValueOf } from './setting.js';

export const DEFAULT_TOPIC = 'dev.orders';
export const DEFAULT_DATA_DIR = './ingestion_data';
export const DEFAULT_BROKERS = 'localhost:9092';
export const DEFAULT_REGISTRY_URL = 'http://localhost:8081';

/** Must equal @dl/ingester's COMPRESSIONS and @dl/kafka's (a cli unit test checks). */
export const PARQUET_COMPRESSIONS = ['zstd', 'snappy', 'gzip', 'lz4', 'brotli', 'none'] as const;
export const KAFKA_COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export const BROKEN_KIND_NAMES = ['no-header', 'bad-magic', 'unknown-id', 'truncated', 'garbage', 'wrong-schema', 'tombstone'] as const;
export const SUBJECT_STRATEGIES = ['topic', 'record', 'topic-record'] as const;
/** Must equal @dl/ingester's TABLE_FORMATS. */
export const TABLE_FORMATS = ['parquet', 'delta'] as const;
/** Must equal @dl/ingester's KEY_FORMATS. */
export const KEY_FORMATS = ['string', 'bytes', 'avro', 'auto'] as const;

/** How rows are spread over Hive-style directories (the ingester's PartitionBy). */
export type PartitionScheme = { kind: 'date' } | { kind: 'hour' } | { kind: 'none' } | { kind: 'field'; field: string };

const CONNECTED = ['produce', 'ingest', 'replay', 'demo', 'config'] as const;
const LAKE = ['ingest', 'view', 'replay', 'demo', 'tidy', 'config'] as const;

function brokerList(s: string): string[] {
  const list = commaList(s);
  if (list.length === 0) throw new SettingProblem('names no broker', DEFAULT_BROKERS);
  for (const b of list) if (!/^[^:\s]+:\d{1,5}$/.test(b)) throw new SettingProblem(`has "${b}", which is not host:port`, DEFAULT_BROKERS);
  return list;
}

function httpUrl(s: string): string {
  const url = s.trim().replace(/\/+$/, '');
  if (!isHttpUrl(url)) throw new SettingProblem('is not an http(s) URL', DEFAULT_REGISTRY_URL);
  return url;
}

/** An http(s) URL without user info: credentials come from the AWS chain, never a URL that gets printed. */
function s3Endpoint(s: string): string {
  const url = s.trim().replace(/\/+$/, '');
  if (!isHttpUrl(url, { withoutUserInfo: true })) throw new SettingProblem('is not an http(s) URL without credentials', 'http://localhost:8333');
  return url;
}

function userPassword(s: string): { username: string; password: string } {
  const i = s.indexOf(':');
  if (i <= 0) throw new SettingProblem('is not user:password', 'user:password');
  return { username: s.slice(0, i), password: s.slice(i + 1) };
}

function partitionScheme(s: string): PartitionScheme {
  if (s === 'date' || s === 'hour' || s === 'none') return { kind: s };
  const m = /^field:(.+)$/.exec(s);
  if (m) return { kind: 'field', field: m[1]! };
  throw new SettingProblem('is not one of date, hour, none or field:<name>', 'date');
}

function regex(s: string): RegExp {
  try {
    return new RegExp(s);
  } catch (e) {
    throw new SettingProblem(`is not a valid regular expression (${(e as Error).message})`, '^dev\\.');
  }
}

function columnList(s: string): string[] {
  const names = commaList(s);
  if (names.length === 0) throw new SettingProblem('names no column', 'offset,key');
  return names;
}

/** `column=value`, split at the first `=` so values may contain `=`. */
function whereFilter(s: string): { column: string; value: string } {
  const eq = s.indexOf('=');
  if (eq <= 0 || s.slice(0, eq).trim() === '') throw new SettingProblem('is not column=value', 'error_class=NO_MAGIC_BYTE');
  return { column: s.slice(0, eq).trim(), value: s.slice(eq + 1) };
}

function offset(s: string): bigint {
  if (!/^\d+$/.test(s.trim())) throw new SettingProblem('is not an offset, a whole number of 0 or more', '0');
  return BigInt(s.trim());
}

function frameWith(s: string): number | 'latest' {
  if (s === 'latest') return 'latest';
  if (!/^\d+$/.test(s) || Number(s) > 0x7fffffff) throw new SettingProblem('is not a schema id or "latest"', 'latest');
  return Number(s);
}

function price(s: string): number {
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n) || n < 0) throw new SettingProblem('is not a number of at least 0', '99.98');
  return n;
}

function topicName(s: string): string {
  if (!isTopicName(s)) throw new SettingProblem(TOPIC_NAME_RULE, DEFAULT_TOPIC);
  return s;
}

/** ISO-8601, UTC when no zone is given (as `dl view` prints and compares times). */
function isoTime(s: string): Date {
  const ms = parseInstant(s);
  if (Number.isNaN(ms)) throw new SettingProblem('is not an ISO-8601 time such as 2024-05-01 or 2024-05-01T12:00:00Z', '2024-05-01');
  return new Date(ms);
}

const list = (v: string[]) => v.join(',');

export const SETTINGS = {
  // ---- connection
  brokers: setting({
    flag: '--brokers <list>',
    env: 'KAFKA_BROKERS',
    stack: 'brokers',
    commands: CONNECTED,
    description: 'Kafka bootstrap servers, comma separated',
    default: [DEFAULT_BROKERS],
    defaultText: `the local stack, else ${DEFAULT_BROKERS}`,
    parse: brokerList,
    show: list,
  }),
  registryUrl: setting({
    flag: '--registry-url <url>',
    env: 'SCHEMA_REGISTRY_URL',
    stack: 'registryUrl',
    commands: [...CONNECTED, 'view'],
    description: 'schema registry URL',
    default: DEFAULT_REGISTRY_URL,
    defaultText: `the local stack, else ${DEFAULT_REGISTRY_URL}`,
    parse: httpUrl,
    secret: 'userinfo',
  }),
  registryAuth: setting({
    flag: '--registry-auth <user:password>',
    env: 'SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO',
    commands: [...CONNECTED, 'view'],
    description: 'registry basic auth',
    parse: userPassword,
    secret: 'password',
    show: (v) => `${v.username}:${v.password}`,
  }),
  saslMechanism: setting({
    flag: '--sasl-mechanism <name>',
    env: 'KAFKA_SASL_MECHANISM',
    commands: CONNECTED,
    description: 'plain | scram-sha-256 | scram-sha-512',
    defaultText: 'none (scram-sha-512 when a username is given)',
    parse: choice(['plain', 'scram-sha-256', 'scram-sha-512'], 'scram-sha-512'),
  }),
  saslUsername: setting({
    flag: '--sasl-username <name>',
    env: 'KAFKA_SASL_USERNAME',
    commands: CONNECTED,
    description: 'SASL username',
    parse: nonEmpty('dl'),
  }),
  saslPassword: setting({
    flag: '--sasl-password <secret>',
    env: 'KAFKA_SASL_PASSWORD',
    commands: CONNECTED,
    description: 'SASL password',
    parse: text,
    secret: 'all',
  }),
  ssl: setting({
    flag: '--ssl',
    env: 'KAFKA_SSL',
    commands: CONNECTED,
    description: 'connect to the brokers over TLS',
    defaultText: 'plaintext (TLS when --ssl-ca is given)',
    parse: bool,
  }),
  sslCa: setting({
    flag: '--ssl-ca <file>',
    env: 'KAFKA_SSL_CA_LOCATION',
    commands: CONNECTED,
    description: "PEM file of the CA that signed the brokers' certificates",
    parse: existingFile('ca.pem'),
  }),
  sslInsecure: setting({
    flag: '--ssl-insecure',
    env: 'KAFKA_SSL_INSECURE',
    commands: CONNECTED,
    description: "do not verify the brokers' certificates (tests only)",
    default: false,
    parse: bool,
  }),

  // ---- the lake
  dataDir: setting({
    flag: '--data-dir <dir>',
    env: 'DL_DATA_DIR',
    commands: LAKE,
    description: 'lake directory, or s3://bucket/prefix',
    default: DEFAULT_DATA_DIR,
    parse: nonEmpty(DEFAULT_DATA_DIR),
    secret: 'userinfo',
  }),
  s3Endpoint: setting({
    flag: '--s3-endpoint <url>',
    env: 'AWS_ENDPOINT_URL_S3',
    commands: LAKE,
    description: 'S3-compatible server of an s3:// lake (path-style addressing)',
    defaultText: "AWS_ENDPOINT_URL, else the local stack's S3 server, else AWS S3",
    parse: s3Endpoint,
    secret: 'userinfo',
  }),

  // ---- produce
  topic: setting({
    flag: '--topic <name>',
    env: 'DL_TOPIC',
    commands: ['produce', 'demo'],
    description: 'topic to send to (created if missing)',
    default: DEFAULT_TOPIC,
    parse: topicName,
  }),
  partitions: setting({
    flag: '--partitions <n>',
    env: 'DL_PARTITIONS',
    commands: ['produce'],
    description: 'partitions of the topic when this run creates it',
    default: 1,
    parse: int(1, 10_000),
  }),
  description: setting({
    flag: '--description <text>',
    sources: 'flag',
    commands: ['produce'],
    description: 'send one order with this description (or --count of them)',
    parse: text,
  }),
  count: setting({
    flag: '--count <n>',
    sources: 'flag',
    commands: ['produce'],
    description: 'send this many generated orders',
    parse: int(1, Number.MAX_SAFE_INTEGER, '1000'),
  }),
  input: setting({
    flag: '--input <file>',
    sources: 'flag',
    commands: ['produce'],
    description: 'send the orders of a JSON-lines file, one Order per line (- for stdin)',
    parse: nonEmpty('orders.jsonl'),
  }),
  skipInvalid: setting({
    flag: '--skip-invalid',
    sources: 'flag',
    commands: ['produce'],
    description: 'with --input: skip lines that do not match the schema instead of sending nothing',
    default: false,
    parse: bool,
  }),
  key: setting({
    flag: '--key <template>',
    env: 'DL_KEY',
    commands: ['produce'],
    description: "message key: text with {i} (message index), {i%N}, {order_id}; '' for none",
    default: 'product{i%2}',
    parse: text,
  }),
  customer: setting({
    flag: '--customer <name>',
    sources: 'flag',
    commands: ['produce'],
    description: 'customer of every order',
    defaultText: 'John Doe; generated with --count',
    parse: text,
  }),
  price: setting({
    flag: '--price <number>',
    sources: 'flag',
    commands: ['produce'],
    description: 'price of every order',
    defaultText: "99.98; the products' sum with --count",
    parse: price,
  }),
  seed: setting({
    flag: '--seed <n>',
    sources: 'flag',
    commands: ['produce'],
    description: 'make generated orders and garbage repeatable',
    parse: int(0, 0xffffffff, '1'),
  }),
  rate: setting({
    flag: '--rate <msgs/s>',
    env: 'DL_RATE',
    commands: ['produce'],
    description: 'send at most this many messages per second',
    parse: positiveNumber('1000'),
  }),
  raw: setting({
    flag: '--raw',
    sources: 'flag',
    commands: ['produce'],
    description: 'send the Avro body without the Confluent header (same as --broken no-header)',
    default: false,
    parse: bool,
  }),
  broken: setting({
    flag: '--broken <kind>',
    sources: 'flag',
    commands: ['produce'],
    description: 'send values the ingester must dead-letter (kinds below); combines with --count/--description',
    parse: choice(BROKEN_KIND_NAMES),
  }),
  kafkaCompression: setting({
    flag: '--compression <codec>',
    env: 'DL_KAFKA_COMPRESSION',
    commands: ['produce'],
    description: `Kafka compression: ${KAFKA_COMPRESSIONS.join(' | ')}`,
    default: 'none',
    parse: choice(KAFKA_COMPRESSIONS, 'zstd'),
  }),
  autoRegister: setting({
    flag: '--no-auto-register',
    env: 'DL_AUTO_REGISTER',
    commands: ['produce'],
    description: "do not register the order schema: frame with the subject's latest registered version",
    default: true,
    parse: bool,
  }),
  echo: setting({
    flag: '--echo',
    sources: 'flag',
    commands: ['produce'],
    description: 'print each delivered record, as the prompt does (slower: one request per message)',
    defaultText: 'on when prompting or sending one description',
    parse: bool,
  }),
  batchSize: setting({
    flag: '--batch-size <n>',
    env: 'DL_BATCH_SIZE',
    commands: ['produce'],
    description: 'messages per request',
    default: 1000,
    parse: int(1, 100_000, '1000'),
    hidden: true,
  }),
  keySchema: setting({
    flag: '--key-schema <avsc>',
    env: 'DL_KEY_SCHEMA',
    commands: ['produce'],
    description: 'send each key as Confluent-framed Avro of this schema file (registered under <topic>-key); --key gives its value, JSON for records',
    defaultText: 'keys as UTF-8 text',
    parse: existingFile('key.avsc'),
  }),
  subjectStrategy: setting({
    flag: '--subject-strategy <name>',
    env: 'DL_SUBJECT_STRATEGY',
    commands: ['produce', 'ingest'],
    description: `how the value subject is named: ${SUBJECT_STRATEGIES.join(' | ')}`,
    default: 'topic',
    parse: choice(SUBJECT_STRATEGIES),
  }),

  // ---- ingest
  topics: repeated({
    flag: '--topic <name>',
    env: 'DL_TOPIC',
    commands: ['ingest'],
    description: 'topic to ingest, repeatable',
    default: [DEFAULT_TOPIC],
    each: topicName,
    show: list,
  }),
  topicPattern: setting({
    flag: '--topic-pattern <regex>',
    env: 'DL_TOPIC_PATTERN',
    commands: ['ingest'],
    description: 'ingest every topic matching this regular expression instead',
    parse: regex,
    show: (r) => r.source,
  }),
  group: setting({
    flag: '--group <id>',
    env: 'DL_GROUP',
    commands: ['ingest'],
    description: 'consumer group id',
    default: 'dl-ingest',
    parse: nonEmpty('dl-ingest'),
  }),
  partitionBy: setting({
    flag: '--partition-by <scheme>',
    env: 'DL_PARTITION_BY',
    commands: ['ingest'],
    description: 'date | hour | none | field:<name>',
    default: { kind: 'date' } as PartitionScheme,
    parse: partitionScheme,
    show: (p) => (p.kind === 'field' ? `field:${p.field}` : p.kind),
  }),
  compression: setting({
    flag: '--compression <codec>',
    env: 'DL_PARQUET_COMPRESSION',
    commands: ['ingest'],
    description: `Parquet compression: ${PARQUET_COMPRESSIONS.join(' | ')}`,
    default: 'zstd',
    parse: choice(PARQUET_COMPRESSIONS),
  }),
  tableFormat: setting({
    flag: '--table-format <format>',
    env: 'DL_TABLE_FORMAT',
    commands: ['ingest'],
    description: 'parquet (Hive-style directories) | delta (Delta Lake tables)',
    default: 'parquet',
    parse: choice(TABLE_FORMATS, 'delta'),
  }),
  checkpointInterval: setting({
    flag: '--checkpoint-interval <commits>',
    env: 'DL_CHECKPOINT_INTERVAL',
    commands: ['ingest'],
    description: 'delta: write a checkpoint every this many commits (0: never)',
    default: 10,
    parse: int(0, 1_000_000, '10'),
  }),
  rowGroupSize: setting({
    flag: '--row-group-size <rows>',
    env: 'DL_ROW_GROUP_SIZE',
    commands: ['ingest'],
    description: 'rows per Parquet row group',
    default: 100_000,
    parse: int(1, Number.MAX_SAFE_INTEGER, '100000'),
  }),
  flushRecords: setting({
    flag: '--flush-records <n>',
    env: 'DL_FLUSH_RECORDS',
    commands: ['ingest'],
    description: 'flush after this many buffered records',
    default: 100_000,
    parse: int(1, Number.MAX_SAFE_INTEGER, '100000'),
  }),
  flushBytes: setting({
    flag: '--flush-bytes <n>',
    env: 'DL_FLUSH_BYTES',
    commands: ['ingest'],
    description: 'flush after this many buffered bytes',
    default: 64 * 1024 * 1024,
    defaultText: '64 MiB',
    parse: int(1024, Number.MAX_SAFE_INTEGER, '67108864'),
  }),
  flushInterval: setting({
    flag: '--flush-interval <seconds>',
    env: 'DL_FLUSH_INTERVAL',
    commands: ['ingest'],
    description: 'flush at least this often, even when idle',
    default: 10,
    parse: int(1, 86_400, '10'),
  }),
  once: setting({
    flag: '--once',
    sources: 'flag',
    commands: ['ingest'],
    description: 'consume up to the high watermarks seen at start, then exit',
    default: false,
    parse: bool,
  }),
  rawValue: setting({
    flag: '--no-raw-value',
    env: 'DL_RAW_VALUE',
    commands: ['ingest'],
    description: 'do not keep the raw framed value in the avro_value column',
    default: true,
    parse: bool,
  }),
  checkCrcs: setting({
    flag: '--no-check-crcs',
    env: 'DL_CHECK_CRCS',
    commands: ['ingest'],
    description: "do not verify each fetched record batch's CRC-32C (Kafka's check.crcs)",
    default: true,
    parse: bool,
  }),
  recordName: setting({
    flag: '--record-name <fullname>',
    env: 'DL_RECORD_NAME',
    commands: ['ingest'],
    description: 'record full name, for the record and topic-record strategies',
    parse: nonEmpty('dev.dl.orders.Order'),
  }),
  readerVersion: setting({
    flag: '--reader-version <n>',
    env: 'DL_READER_VERSION',
    commands: ['ingest'],
    description: 'pin the reader schema to this subject version',
    defaultText: 'latest',
    parse: int(1, Number.MAX_SAFE_INTEGER, '1'),
  }),
  keyFormat: setting({
    flag: '--key-format <format>',
    env: 'DL_KEY_FORMAT',
    commands: ['ingest'],
    description:
      'keys: string (text, else bytes) | bytes | avro (every key framed for the key subject) | auto (decode keys framed with an id of the key subject)',
    default: 'auto',
    parse: choice(KEY_FORMATS, 'auto'),
  }),
  keyRecordName: setting({
    flag: '--key-record-name <fullname>',
    env: 'DL_KEY_RECORD_NAME',
    commands: ['ingest'],
    description: "the key's record full name, naming the key subject under the record and topic-record strategies",
    parse: nonEmpty('dev.dl.orders.OrderKey'),
  }),
  withHeaders: setting({
    flag: '--with-headers',
    env: 'DL_WITH_HEADERS',
    commands: ['ingest'],
    description: 'add the Kafka headers to the table as a headers column (list of key + binary value)',
    default: false,
    parse: bool,
  }),
  recursiveDepth: setting({
    flag: '--recursive-depth <n>',
    env: 'DL_RECURSIVE_DEPTH',
    commands: ['ingest'],
    description: 'map a record nested in itself this many levels deep, deeper levels as JSON text',
    defaultText: 'off: recursive schemas are refused',
    parse: int(0, 15, '2'),
  }),
  sessionTimeout: setting({
    flag: '--session-timeout <seconds>',
    env: 'DL_SESSION_TIMEOUT',
    commands: ['ingest'],
    description: "consumer group session timeout: how soon a crashed member's partitions move on",
    default: 30,
    parse: int(6, 300, '30'),
  }),
  metricsPort: setting({
    flag: '--metrics-port <port>',
    env: 'DL_METRICS_PORT',
    commands: ['ingest'],
    description: 'serve Prometheus metrics on this port',
    defaultText: 'off',
    parse: int(1, 65535, '9464'),
  }),
  progress: setting({
    flag: '--progress <mode>',
    env: 'DL_PROGRESS',
    commands: ['ingest'],
    description: 'progress on stderr: tty | json | none',
    defaultText: 'tty on a terminal, else json',
    parse: choice(['tty', 'json', 'none']),
  }),
  format: setting({
    flag: '--format <format>',
    sources: 'flag',
    commands: ['produce', 'ingest', 'replay', 'tidy', 'config'],
    description: 'output format: text | json',
    default: 'text',
    parse: choice(['text', 'json']),
  }),

  // ---- view and replay
  viewFormat: setting({
    flag: '--format <format>',
    sources: 'flag',
    commands: ['view'],
    description: 'output format: table | json | jsonl | csv',
    default: 'table',
    parse: choice(['table', 'json', 'jsonl', 'csv']),
  }),
  limit: setting({
    flag: '--limit <n>',
    sources: 'flag',
    commands: ['view'],
    description: 'rows to print, 0 for all',
    defaultText: '20',
    parse: int(0, Number.MAX_SAFE_INTEGER, '20'),
  }),
  offset: setting({
    flag: '--offset <n>',
    sources: 'flag',
    commands: ['view'],
    description: 'rows to skip first (from the end with --tail)',
    parse: int(0, Number.MAX_SAFE_INTEGER, '0'),
  }),
  tail: setting({
    flag: '--tail <n>',
    sources: 'flag',
    commands: ['view'],
    description: 'print the last n rows instead of the first',
    parse: int(0, Number.MAX_SAFE_INTEGER, '10'),
  }),
  columns: setting({
    flag: '--columns <list>',
    sources: 'flag',
    commands: ['view'],
    description: 'comma-separated columns to print, in that order',
    parse: columnList,
    show: list,
  }),
  where: repeated({
    flag: '--where <column=value>',
    sources: 'flag',
    commands: ['view', 'replay'],
    description: 'only rows whose column equals value (repeatable; all must hold)',
    each: whereFilter,
    show: (w) => w.map((x) => `${x.column}=${x.value}`).join(' '),
  }),
  schema: setting({
    flag: '--schema',
    sources: 'flag',
    commands: ['view'],
    description: 'print column names and types instead of rows',
    default: false,
    parse: bool,
  }),
  countRows: setting({
    flag: '--count',
    sources: 'flag',
    commands: ['view'],
    description: 'print the number of rows (from Parquet metadata)',
    default: false,
    parse: bool,
  }),
  files: setting({
    flag: '--files',
    sources: 'flag',
    commands: ['view'],
    description: 'print the data files behind the table, with rows and sizes',
    default: false,
    parse: bool,
  }),
  skipCorrupt: setting({
    flag: '--skip-corrupt',
    sources: 'flag',
    commands: ['view', 'replay'],
    description: 'skip unreadable files with a warning instead of failing',
    default: false,
    parse: bool,
  }),
  decode: setting({
    flag: '--decode',
    sources: 'flag',
    commands: ['view'],
    description: "dead letters: decode each raw avro_value as plain Avro with its subject's latest schema (asks the registry)",
    default: false,
    parse: bool,
  }),
  hideReplayed: setting({
    flag: '--hide-replayed',
    sources: 'flag',
    commands: ['view'],
    description: 'dead letters: leave out those dl replay re-sent',
    default: false,
    parse: bool,
  }),
  showReplayed: setting({
    flag: '--show-replayed',
    sources: 'flag',
    commands: ['view'],
    description: 'dead letters: add a replayed_to column, <topic>/<partition>/<offset> of the re-sent record',
    default: false,
    parse: bool,
  }),
  replayTopic: setting({
    flag: '--topic <name>',
    sources: 'flag',
    commands: ['replay'],
    description: 'only dead letters from this topic (= --where topic=NAME)',
    parse: text,
  }),
  fromOffset: setting({
    flag: '--from-offset <n>',
    sources: 'flag',
    commands: ['replay'],
    description: 'only dead letters at or after this offset of their partition',
    parse: offset,
    show: String,
  }),
  toOffset: setting({
    flag: '--to-offset <n>',
    sources: 'flag',
    commands: ['replay'],
    description: 'only dead letters at or before this offset',
    parse: offset,
    show: String,
  }),
  since: setting({
    flag: '--since <time>',
    sources: 'flag',
    commands: ['replay'],
    description: 'only records with a timestamp at or after this ISO-8601 time (UTC unless it says)',
    parse: isoTime,
    show: (d) => d.toISOString(),
  }),
  until: setting({
    flag: '--until <time>',
    sources: 'flag',
    commands: ['replay'],
    description: 'only records with a timestamp before this ISO-8601 time',
    parse: isoTime,
    show: (d) => d.toISOString(),
  }),
  replayLimit: setting({
    flag: '--limit <n>',
    sources: 'flag',
    commands: ['replay'],
    description: 'replay at most this many (in topic, partition, offset order)',
    parse: int(1, Number.MAX_SAFE_INTEGER, '100'),
  }),
  frameWith: setting({
    flag: '--frame-with <id|latest>',
    sources: 'flag',
    commands: ['replay'],
    description: 'add the 5-byte Confluent header to header-less Avro values, after checking they decode with that schema',
    parse: frameWith,
  }),
  toTopic: setting({
    flag: '--to-topic <name>',
    sources: 'flag',
    commands: ['replay'],
    description: "send to this topic instead of each dead letter's own",
    parse: topicName,
  }),
  samePartition: setting({
    flag: '--same-partition',
    sources: 'flag',
    commands: ['replay'],
    description: "send to the dead letter's own partition (default: by key)",
    default: false,
    parse: bool,
  }),
  dryRun: setting({
    flag: '--dry-run',
    sources: 'flag',
    commands: ['replay'],
    description: 'print what would be sent, one line per dead letter; send and record nothing',
    default: false,
    parse: bool,
  }),

  // ---- tidy
  vacuum: setting({
    flag: '--vacuum',
    sources: 'flag',
    commands: ['tidy'],
    description: 'also delete data files no version within --retention-hours needs',
    default: false,
    parse: bool,
  }),
  retentionHours: setting({
    flag: '--retention-hours <n>',
    env: 'DL_RETENTION_HOURS',
    commands: ['tidy'],
    description: 'vacuum keeps files removed (or written, uncommitted) less than this long ago; longer than any flush',
    default: 168,
    parse: int(1, 100_000, '168'),
  }),
  tidyDryRun: setting({
    flag: '--dry-run',
    sources: 'flag',
    commands: ['tidy'],
    description: 'with --vacuum: list what would be deleted, delete nothing',
    default: false,
    parse: bool,
  }),

  // ---- demo
  demoCount: setting({
    flag: '--count <n>',
    sources: 'flag',
    commands: ['demo'],
    description: 'good orders to produce',
    default: 300,
    parse: int(0, 10_000_000, '300'),
  }),
  demoBroken: setting({
    flag: '--broken <n>',
    sources: 'flag',
    commands: ['demo'],
    description: 'messages of each broken kind to produce',
    default: 5,
    parse: int(0, 100_000, '5'),
  }),
};

export type SettingKey = keyof typeof SETTINGS;
/** The resolved values: a key with a default always has a value. */
export type Settings = { [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };
