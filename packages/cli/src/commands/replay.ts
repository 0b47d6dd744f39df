import { InvalidArgumentError, type Command } from 'commander';
import { addConnectionOptions, formatOption, intArg } from '../options.js';
import { whereArg } from './view.js';

export interface ReplayFlags {
  dataDir?: string;
  s3Endpoint?: string;
  where?: Array<{ column: string; value: string }>;
  topic?: string;
  fromOffset?: bigint;
  toOffset?: bigint;
  since?: string;
  until?: string;
  limit?: number;
  frameWith?: number | 'latest';
  toTopic?: string;
  samePartition?: boolean;
  dryRun?: boolean;
  format?: 'text' | 'json';
  skipCorrupt?: boolean;
}

function offsetArg(flag: string) {
  return (value: string): bigint => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${flag} takes an offset, a whole number of 0 or more, got "${value}".`);
    return BigInt(value.trim());
  };
}

function frameWithArg(value: string): number | 'latest' {
  if (value === 'latest') return 'latest';
  if (!/^\d+$/.test(value) || Number(value) > 0x7fffffff) throw new InvalidArgumentError(`--frame-with takes a schema id or "latest", got "${value}".`);
  return Number(value);
}

export function registerReplay(program: Command): void {
  const cmd = program
    .command('replay')
    .description('re-send dead letters to Kafka after a fix (repaired if asked), each exactly once')
    .argument('<table>', 'parquet-dlq: the dead-letter table under --data-dir')
    .option('--data-dir <dir>', 'lake directory or s3://bucket/prefix (env DL_DATA_DIR; default ./ingestion_data)')
    .option('--s3-endpoint <url>', 'S3-compatible server for s3:// lakes (env AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL; path-style)')
    .option('--where <column=value>', 'only dead letters whose column equals value, as in dl view (repeatable; all must hold)', whereArg)
    .option('--topic <name>', 'only dead letters from this topic (= --where topic=NAME)')
    .option('--from-offset <n>', 'only dead letters at or after this offset of their partition', offsetArg('--from-offset'))
    .option('--to-offset <n>', 'only dead letters at or before this offset', offsetArg('--to-offset'))
    .option('--since <time>', 'only records with a timestamp at or after this ISO-8601 time (UTC unless it says)')
    .option('--until <time>', 'only records with a timestamp before this ISO-8601 time')
    .option('--limit <n>', 'replay at most this many (in topic, partition, offset order)', intArg('--limit', 1))
    .option('--frame-with <id|latest>', 'add the 5-byte Confluent header to header-less Avro values, after checking they decode with that schema', frameWithArg)
    .option('--to-topic <name>', 'send to this topic instead of each dead letter\'s own')
    .option('--same-partition', 'send to the dead letter\'s own partition (default: by key)')
    .option('--dry-run', 'print what would be sent, one line per dead letter; send and record nothing')
    .addOption(formatOption())
    .option('--skip-corrupt', 'skip unreadable DLQ files with a warning instead of failing')
    .addHelpText(
      'after',
      `
Each dead letter goes out with its key and headers plus dl-replay-of: <topic>/<partition>/<offset>,
which the ingester puts in the table's replay_of column. Replays are recorded under
<data-dir>/_dl/replays/: a dead letter is re-driven once, whatever crashes (a run finishes an
interrupted one first), and dl view parquet-dlq --hide-replayed / --show-replayed reads the record.
Values that --frame-with cannot repair stay dead letters and are listed with the reason.

Examples:
  dl replay parquet-dlq --where error_class=NO_MAGIC_BYTE --frame-with latest --dry-run
  dl replay parquet-dlq --where error_class=UNKNOWN_SCHEMA_ID --topic dev.orders
  dl replay parquet-dlq --since 2024-05-01 --until 2024-05-02 --to-topic dev.orders.retry --format json`,
    );
  addConnectionOptions(cmd).action(async (table: string, flags: ReplayFlags & Record<string, unknown>) => {
    const { runReplay } = await import('../actions/replay-action.js');
    await runReplay(table, flags);
  });
}
