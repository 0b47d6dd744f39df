import type { KafkaConnection } from '@dl/kafka';
import type { DeadLetterReader, WhereFilter } from '@dl/core';
import type { S3Settings } from '@dl/storage';

/** `--frame-with`: a schema id, or the latest version of the target topic's `<topic>-value` subject. */
export type FrameWith = number | 'latest';

export interface ReplayOptions {
  kafka: KafkaConnection;
  registry: { url: string; auth?: { username: string; password: string }; timeoutMs?: number };
  /** The lake whose `parquet-dlq` is replayed and whose `_dl/replays/` records the replays. */
  /** A local directory or `s3://bucket/prefix`. */
  dataDir: string;
  /** Connection settings for an `s3://` data dir. */
  s3?: S3Settings;
  /** Reads the lake's dead letters (the cli passes the viewer's `readDeadLetters`: its filters, its corrupt-file handling). */
  readDeadLetters: DeadLetterReader;
  /** Equality filters on the DLQ's columns, as `dl view --where` (all must hold). */
  where?: WhereFilter[];
  /** Dead letters at or after this offset (of their original partition). */
  fromOffset?: bigint;
  /** Dead letters at or before this offset. */
  toOffset?: bigint;
  /** Dead letters whose record `timestamp` is at or after this instant. */
  since?: Date;
  /** Dead letters whose record `timestamp` is before this instant. */
  until?: Date;
  /** Re-drive at most this many (of those not replayed yet), in (topic, partition, offset) order. */
  limit?: number;
  /** Put the 5-byte header in front of header-less Avro bodies, after checking they decode with that schema. */
  frameWith?: FrameWith;
  /** Send to this topic instead of each dead letter's own. */
  toTopic?: string;
  /** Send to the dead letter's own partition instead of choosing one by key. */
  samePartition?: boolean;
  /** Print what would be sent; send nothing, write nothing. */
  dryRun?: boolean;
  /** `json`: one JSON document on stdout instead of lines and a summary on stderr. */
  format?: 'text' | 'json';
  /** Skip unreadable DLQ files with a warning instead of failing. */
  skipCorrupt?: boolean;
  /** Stops sending after the request in flight; what was sent is recorded, the rest stays dead. */
  signal?: AbortSignal;
  /** How long reconciling an interrupted replay may read its target topics; default 120 s. */
  reconcileTimeoutMs?: number;
}

export interface ReplayIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** A dead letter that stays dead, and why. */
export interface ReplayFailure {
  ref: string;
  errorClass: string;
  reason: string;
}

/** One line of a dry run: what would happen to one dead letter. */
export interface ReplayPlanLine {
  ref: string;
  errorClass: string;
  action: 'send' | 'unrepairable';
  /** `topic` (partition by key) or `topic/partition`. */
  to?: string;
  /** How the value goes out: `as is`, or `framed with schema id N …`. */
  repair?: string;
  reason?: string;
}

export interface ReplaySummary {
  dryRun: boolean;
  /** Dead letters matching the filters. */
  matched: number;
  /** Of those, already re-driven by an earlier replay: skipped. */
  alreadyReplayed: number;
  /** Of those, part of an interrupted replay that the next real run finishes first (dry runs only). */
  pending: number;
  /** Selected but not repairable: they stay dead letters (see `failures`). */
  unrepairable: number;
  /** Selected and repairable: what this run sends (or, dry, would send). */
  toSend: number;
  /** Records sent and acknowledged by this run, including those of interrupted replays it finished. */
  sent: number;
  /** Left unsent because the run was stopped; they stay dead letters. */
  notSent: number;
  /** Interrupted replays found and finished first. */
  reconciled: { runs: number; found: number; resent: number };
  failures: ReplayFailure[];
  /** Dry runs: one line per selected dead letter. */
  plan?: ReplayPlanLine[];
  seconds: number;
}
