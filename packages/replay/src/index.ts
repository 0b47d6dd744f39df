/**
 * `@dl/replay`: `dl replay parquet-dlq`, re-driving dead letters to Kafka after a fix, exactly once.
 *
 * Layering: this package sits beside producer and ingester (it needs @dl/kafka to send and to read
 * topics back). Selecting dead letters is reading the DLQ table with `dl view --where`'s filters;
 * that reader lives in the viewer, and the cli passes it in as `readDeadLetters` (core's
 * DeadLetterReader), so a copy here cannot drift from what `dl view` shows and siblings never
 * import each other. The row type and the replay ledger's format are @dl/core's.
 *
 *   core ← kafka ← replay ← cli → viewer        cli lazy-loads replay for `dl replay` only
 */
export { replay } from './replay.js';
export { checkReplayOptions } from './check-options.js';
export type { FrameWith, ReplayFailure, ReplayIo, ReplayOptions, ReplayPlanLine, ReplaySummary } from './replay-options.js';
