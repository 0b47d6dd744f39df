import type { KafkaConnection } from '@dl/kafka';
import type { S3Settings } from '@dl/storage';
import type { RegistryOptions, SubjectNameStrategy } from '@dl/core';
import type { PartitionBy } from './partitioner.js';
import type { ParquetCompression } from './parquet-encode.js';
import type { KeyFormat } from './key-decoder.js';

/** Everything `ingest` needs; the cli builds it from the configuration schema (@dl/core/config), where the defaults are. */
export interface IngestOptions {
  kafka: KafkaConnection;
  registry: RegistryOptions;
  /** Topic names, or one regular expression. */
  topics: string[] | RegExp;
  groupId: string;
  /** A local directory or `s3://bucket/prefix`. */
  dataDir: string;
  /** Connection settings for an `s3://` data dir. */
  s3?: S3Settings;
  partitionBy: PartitionBy;
  compression: ParquetCompression;
  rowGroupSize: number;
  flushRecords: number;
  flushBytes: number;
  flushIntervalMs: number;
  /** Stop once every partition reached the high watermark it had at start. */
  once: boolean;
  /** Keep the raw framed value in an `avro_value` column. */
  rawValue: boolean;
  /** Verify every fetched record batch against its CRC-32C (default true; Kafka's check.crcs). */
  checkCrcs?: boolean;
  subjectStrategy: SubjectNameStrategy;
  /** Required by the record and topic-record strategies: the value's record full name. */
  recordName?: string;
  /** How keys are read (default `auto`: framed keys of the key subject are decoded). */
  keyFormat?: KeyFormat;
  /** The key's record full name, for the record and topic-record strategies' key subject. */
  keyRecordName?: string;
  /** Add the Kafka headers to the main table as a `headers` column. */
  withHeaders?: boolean;
  /** Map self-nesting value records this deep, then as JSON text (default: refuse recursive schemas). */
  recursiveDepth?: number;
  /** Pin the reader schema to this version of the subject. */
  readerVersion?: number;
  /** Serve Prometheus metrics on this port. */
  metricsPort?: number;
  /** Consumer group session timeout: how soon a crashed member's partitions move on. */
  sessionTimeoutMs: number;
  /** How to report progress on stderr. */
  progress: 'tty' | 'json' | 'none';
  /** `parquet` (default): Hive-style directories; `delta`: both tables are Delta tables. */
  tableFormat?: TableFormatName;
  /** Delta only: write a checkpoint every this many commits (default 10; 0 = never). */
  checkpointInterval?: number;
}

export const TABLE_FORMATS = ['parquet', 'delta'] as const;
export type TableFormatName = (typeof TABLE_FORMATS)[number];
export const DEFAULT_CHECKPOINT_INTERVAL = 10;

export interface IngestSummary {
  records: number;
  rows: number;
  deadLetters: number;
  deadByClass: Record<string, number>;
  files: number;
  bytesWritten: number;
  commits: number;
  conflicts: number;
  seconds: number;
  recordsPerSecond: number;
  /** Per topic-partition: the last offset now in the lake. */
  committed: Record<string, string>;
}
