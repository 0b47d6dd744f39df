import type { Command } from 'commander';
import { addConnectionOptions, intArg } from '../options.js';

export interface DemoFlags {
  topic: string;
  dataDir?: string;
  s3Endpoint?: string;
  count: number;
  broken: number;
}

export function registerDemo(program: Command): void {
  const cmd = program
    .command('demo')
    .description('the whole job in one command: start the local stack if needed, produce orders and broken messages, ingest once, show the table and the DLQ')
    .option('--topic <name>', 'topic to use', 'dev.orders')
    .option('--data-dir <dir>', 'lake directory or s3://bucket/prefix (env DL_DATA_DIR; default ./ingestion_data)')
    .option('--s3-endpoint <url>', 'S3-compatible server for s3:// lakes (env AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL; path-style)')
    .option('--count <n>', 'good orders to produce', intArg('--count', 0, 10_000_000), 300)
    .option('--broken <n>', 'messages of each broken kind to produce', intArg('--broken', 0, 100_000), 5)
    .action(async (flags: DemoFlags & Record<string, unknown>) => {
      const { runDemo } = await import('../actions/demo-action.js');
      await runDemo(flags);
    });
  addConnectionOptions(cmd);
}
