import { InvalidArgumentError, Option, type Command } from 'commander';
import type { BrokenKind, CompressionName } from '@dl/producer';
import { addConnectionOptions, choiceOption, formatOption, intArg, numberArg } from '../options.js';

export interface ProduceFlags {
  topic: string;
  partitions: number;
  description?: string;
  count?: number;
  input?: string;
  skipInvalid?: boolean;
  key: string;
  keySchema?: string;
  customer?: string;
  price?: number;
  seed?: number;
  rate?: number;
  raw?: boolean;
  broken?: BrokenKind;
  compression: CompressionName;
  autoRegister: boolean;
  subjectStrategy: 'topic' | 'record' | 'topic-record';
  format?: 'text' | 'json';
  echo?: boolean;
  batchSize: number;
}

/** Each kind and what it sends; the record keys are checked against the producer's list. */
const BROKEN: Record<BrokenKind, string> = {
  'no-header': 'the Avro body without the 5-byte header (= --raw, the seed\'s broken producer)',
  'bad-magic': 'magic byte 1, then the real schema id and body',
  'unknown-id': 'a schema id the registry does not have (2147483000 or just above)',
  truncated: 'framed, with the second half of the body cut off',
  garbage: '8–64 random bytes, not starting with 0',
  'wrong-schema': 'framed with the id of a dl.Other schema registered under dl-wrong-schema-value',
  tombstone: 'a null value',
};
const COMPRESSION: Record<CompressionName, true> = { none: true, gzip: true, snappy: true, lz4: true, zstd: true };

function price(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`--price takes a number of at least 0, got "${value}".`);
  return n;
}

export function registerProduce(program: Command): void {
  const cmd = program
    .command('produce')
    .description('send orders to Kafka: prompted for on a terminal, or --description, --count, --input')
    .option('--topic <name>', 'topic to send to (created if missing)', 'dev.orders')
    .option('--partitions <n>', 'partitions of the topic when this run creates it', intArg('--partitions', 1, 10_000), 1)
    .option('--description <text>', 'send one order with this description (or --count of them)')
    .option('--count <n>', 'send this many generated orders', intArg('--count', 1))
    .option('--input <file>', 'send the orders of a JSON-lines file, one Order per line (- for stdin)')
    .option('--skip-invalid', 'with --input: skip lines that do not match the schema instead of sending nothing')
    .option('--key <template>', 'message key: text with {i} (message index), {i%N}, {order_id}; \'\' for none', 'product{i%2}')
    .option('--key-schema <avsc>', 'send each key as Confluent-framed Avro of this schema (registered under <topic>-key); --key gives its value')
    .option('--customer <name>', 'customer of every order (default John Doe; generated with --count)')
    .option('--price <number>', 'price of every order (default 99.98; the products\' sum with --count)', price)
    .option('--seed <n>', 'make generated orders and garbage repeatable', intArg('--seed', 0, 0xffffffff))
    .option('--rate <msgs/s>', 'send at most this many messages per second', numberArg('--rate', 0))
    .option('--raw', 'send the Avro body without the Confluent header (same as --broken no-header)')
    .addOption(
      choiceOption('--broken <kind>', 'send values the ingester must dead-letter (kinds below); combines with --count/--description', Object.keys(BROKEN)),
    )
    .addOption(choiceOption('--compression <codec>', 'Kafka compression', Object.keys(COMPRESSION), 'none'))
    .option('--no-auto-register', 'do not register the order schema: frame with the subject\'s latest registered version')
    .addOption(new Option('--subject-strategy <name>', 'how the order schema\'s subject is named').choices(['topic', 'record', 'topic-record']).default('topic'))
    .addOption(formatOption())
    .option('--echo', 'print each delivered record, as the prompt does (slower: one request per message)')
    .addOption(new Option('--batch-size <n>', 'messages per request').argParser(intArg('--batch-size', 1, 100_000)).default(1000).hideHelp())
    .addHelpText(
      'after',
      [
        '',
        'Broken kinds:',
        ...Object.entries(BROKEN).map(([k, v]) => `  ${k.padEnd(13)} ${v}`),
        '',
        'Key templates: literal text plus {i} (index of the message in this run, from 0), {i%N} (that index',
        'modulo N) and {order_id}; {{ and }} for literal braces. The default product{i%2} alternates',
        'product0, product1 as the seed does.',
        '',
        'Examples:',
        '  dl produce                                   prompt for descriptions (terminal only)',
        '  dl produce --description \'zażółć gęślą jaźń\'  one order',
        '  dl produce --count 100000 --seed 1 --compression zstd',
        '  dl produce --broken garbage --count 100',
        '  dl produce --input orders.jsonl --key \'order-{order_id}\'',
      ].join('\n'),
    );
  addConnectionOptions(cmd).action(async (flags: ProduceFlags & Record<string, unknown>) => {
    const { runProduce } = await import('../actions/produce-action.js');
    await runProduce(flags);
  });
}
