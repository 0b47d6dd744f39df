/**
 * `@dl/replay`: `dl replay parquet-dlq`, re-driving dead letters to Kafka after a fix, exactly once.
 *
 * Layering: this package sits beside producer and ingester (it needs @dl/kafka to send and to read
 * topics back) and is the one package that also depends on @dl/viewer. Selecting dead letters is
 * reading the DLQ table with `dl view --where`'s filters, and that reader (file listing, hive
 * partitions, row-group pruning, corrupt-file handling) lives in the viewer; a copy here would drift
 * from what `dl view` shows. The arrow points one way: the viewer stays Kafka-free and knows nothing
 * of replay, except the replay ledger's format, which both read from @dl/core (replay-ledger.ts).
 *
 *   core ← kafka ← replay → viewer → core        cli lazy-loads replay for `dl replay` only
 */
export { replay } from './replay.js';
export { parseReplayTime, checkReplayOptions } from './check-options.js';
export type { FrameWith, ReplayFailure, ReplayIo, ReplayOptions, ReplayPlanLine, ReplaySummary } from './replay-options.js';
