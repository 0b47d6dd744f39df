import type { IngestOptions } from '@dl/ingester';
import { stackEndpoints } from './stack-env.js';

/** `ingest()` options for a test: the local stack, group `g-<topic>`, --once, defaults otherwise. */
export function testIngestOptions(topic: string, dataDir: string, extra: Partial<IngestOptions> = {}): IngestOptions {
  const { brokers, registryUrl } = stackEndpoints();
  return {
    kafka: { brokers, clientId: 'dl-ingest-test' },
    registry: { url: registryUrl },
    topics: [topic],
    groupId: `g-${topic}`,
    dataDir,
    partitionBy: { kind: 'date' },
    compression: 'zstd',
    rowGroupSize: 100_000,
    flushRecords: 100_000,
    flushBytes: 64 << 20,
    flushIntervalMs: 10_000,
    once: true,
    rawValue: true,
    subjectStrategy: 'topic',
    progress: 'none',
    sessionTimeoutMs: 10_000,
    ...extra,
  };
}
