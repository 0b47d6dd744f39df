import { Option, type Command } from 'commander';
import { addConnectionOptions, collect, formatOption, intArg } from '../options.js';

export interface IngestFlags {
  topic?: string[];
  topicPattern?: string;
  group: string;
  dataDir?: string;
  partitionBy: string;
  compression: string;
  rowGroupSize: number;
  flushRecords: number;
  flushBytes: number;
  flushInterval: number;
  once?: boolean;
  rawValue: boolean;
  subjectStrategy: string;
  recordName?: string;
  readerVersion?: number;
  keyFormat: string;
  keyRecordName?: string;
  withHeaders?: boolean;
  recursiveDepth?: number;
  metricsPort?: number;
  sessionTimeout: number;
  format?: string;
  progress?: string;
}

export function registerIngest(program: Command): void {
  const cmd = program
    .command('ingest')
    .description('stream topics into the Parquet lake (table + dead-letter queue), exactly once')
    .option('--topic <name>', 'topic to ingest, repeatable (default dev.orders)', collect)
    .option('--topic-pattern <regex>', 'ingest every topic matching this regular expression instead')
    .option('--group <id>', 'consumer group id', 'dl-ingest')
    .option('--data-dir <dir>', 'lake directory (env DL_DATA_DIR; default ./ingestion_data)')
    .option('--partition-by <scheme>', 'date | hour | none | field:<name>', 'date')
    .addOption(new Option('--compression <codec>', 'Parquet compression').choices(['zstd', 'snappy', 'gzip', 'lz4', 'brotli', 'none']).default('zstd'))
    .option('--row-group-size <rows>', 'rows per Parquet row group', intArg('--row-group-size', 1), 100_000)
    .option('--flush-records <n>', 'flush after this many buffered records', intArg('--flush-records', 1), 100_000)
    .option('--flush-bytes <n>', 'flush after this many buffered bytes', intArg('--flush-bytes', 1024), 64 * 1024 * 1024)
    .option('--flush-interval <seconds>', 'flush at least this often, even when idle', intArg('--flush-interval', 1, 86_400), 10)
    .option('--once', 'consume up to the high watermarks seen at start, then exit')
    .option('--no-raw-value', 'do not keep the raw framed value in the avro_value column')
    .addOption(new Option('--subject-strategy <name>', 'how the expected subject is named').choices(['topic', 'record', 'topic-record']).default('topic'))
    .option('--record-name <fullname>', 'record full name, for the record and topic-record strategies')
    .option('--reader-version <n>', 'pin the reader schema to this subject version (default: latest)', intArg('--reader-version', 1))
    .addOption(
      new Option('--key-format <format>', 'keys: string (text, or bytes when not UTF-8), bytes, avro (framed for <topic>-key), auto (avro when framed with an id of the key subject)')
        .choices(['string', 'bytes', 'avro', 'auto'])
        .default('auto'),
    )
    .option('--key-record-name <fullname>', "the key's record full name, for the key subject under the record and topic-record strategies")
    .option('--with-headers', 'add the Kafka headers to the table as a headers column (list of key + binary value)')
    .option('--recursive-depth <n>', 'map a record nested inside itself this many levels deep, deeper levels as JSON text (default: refuse recursive schemas)', intArg('--recursive-depth', 0, 15))
    .option('--session-timeout <seconds>', 'consumer group session timeout: how soon a crashed member\'s partitions move on', intArg('--session-timeout', 6, 300), 30)
    .option('--metrics-port <port>', 'serve Prometheus metrics on this port', intArg('--metrics-port', 1, 65535))
    .addOption(new Option('--progress <mode>', 'progress on stderr (default: tty on a terminal, else json)').choices(['tty', 'json', 'none']))
    .addOption(formatOption())
    .action(async (flags: IngestFlags & Record<string, unknown>) => {
      const { runIngest } = await import('../actions/ingest-action.js');
      await runIngest(flags);
    });
  addConnectionOptions(cmd);
}
