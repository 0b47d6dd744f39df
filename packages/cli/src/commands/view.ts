import { InvalidArgumentError, type Command } from 'commander';
import { choiceOption, intArg } from '../options.js';

export interface ViewFlags {
  dataDir?: string;
  s3Endpoint?: string;
  format?: 'table' | 'json' | 'jsonl' | 'csv';
  limit?: number;
  offset?: number;
  tail?: number;
  columns?: string[];
  where?: Array<{ column: string; value: string }>;
  schema?: boolean;
  count?: boolean;
  files?: boolean;
  skipCorrupt?: boolean;
  decode?: boolean;
  hideReplayed?: boolean;
  showReplayed?: boolean;
  registryUrl?: string;
  registryAuth?: string;
}

/** `--columns a,b,c`. */
function columnList(value: string): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError(`--columns takes comma-separated column names, got "${value}".`);
  return names;
}

/** `--where column=value`, repeatable: split at the first `=`, so values may contain `=`. */
export function whereArg(value: string, previous: NonNullable<ViewFlags['where']> = []): NonNullable<ViewFlags['where']> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`--where takes column=value, got "${value}".`);
  return [...previous, { column: value.slice(0, eq).trim(), value: value.slice(eq + 1) }];
}

export function registerView(program: Command): void {
  program
    .command('view')
    .description('print a lake table (parquet, parquet-dlq) or a Parquet file or directory')
    .argument('<table>', 'parquet | parquet-dlq (under --data-dir), or the path of a Parquet file or directory')
    .option('--data-dir <dir>', 'lake directory or s3://bucket/prefix (env DL_DATA_DIR; default ./ingestion_data)')
    .option('--s3-endpoint <url>', 'S3-compatible server for s3:// lakes (env AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL; path-style)')
    .addOption(choiceOption('--format <format>', 'output format (default: table)', ['table', 'json', 'jsonl', 'csv']))
    .option('--limit <n>', 'rows to print, 0 for all (default 20)', intArg('--limit', 0))
    .option('--offset <n>', 'rows to skip first (from the end with --tail)', intArg('--offset', 0))
    .option('--tail <n>', 'print the last n rows instead of the first', intArg('--tail', 0))
    .option('--columns <list>', 'comma-separated columns to print, in that order', columnList)
    .option('--where <column=value>', 'only rows whose column equals value (repeatable; all must hold)', whereArg)
    .option('--schema', 'print column names and types instead of rows')
    .option('--count', 'print the number of rows (from Parquet metadata)')
    .option('--files', 'print the data files behind the table, with rows and sizes')
    .option('--skip-corrupt', 'skip unreadable files with a warning instead of failing')
    .option('--decode', 'dead letters: decode each raw avro_value as plain Avro with its subject\'s latest schema (asks the registry)')
    .option('--hide-replayed', 'dead letters: leave out those dl replay re-sent')
    .option('--show-replayed', 'dead letters: add a replayed_to column, <topic>/<partition>/<offset> of the re-sent record')
    .option('--registry-url <url>', 'schema registry for --decode (env SCHEMA_REGISTRY_URL; default: the local stack, else http://localhost:8081)')
    .option('--registry-auth <user:password>', 'registry basic auth for --decode (env SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO)')
    .addHelpText(
      'after',
      `
Output: tables fit the terminal (or $COLUMNS, else 120 columns, off one). json, jsonl and csv print
64-bit integers beyond 2^53 as strings (json, jsonl), binary as base64 and timestamps as ISO-8601 UTC;
csv quotes as RFC 4180 and prints nested values as JSON. --where compares numbers as numbers,
timestamps as instants, binary with the text's UTF-8 bytes; "null" matches missing values.
Files and folders starting with _ or . (the ingester's staging and logs) are never read.

Examples:
  dl view parquet                          the first 20 rows of ./ingestion_data/parquet
  dl view parquet-dlq --decode             dead letters, with what each raw value holds
  dl view parquet --where customer="John Doe" --columns offset,description --tail 5
  dl view ./some/dir --format jsonl --limit 0 | head`,
    )
    .action(async (table: string, flags: ViewFlags) => {
      const { runView } = await import('../actions/view-action.js');
      await runView(table, flags);
    });
}
