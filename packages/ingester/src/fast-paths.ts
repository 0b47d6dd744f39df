import { installFastConsumePaths, type FastConsumeReport } from '@dl/kafka/fast-paths';

/**
 * The ingester's first call of the kafkajs consume fast paths, made when this module loads: the
 * ingester's index imports it first, and the cli imports it before `dl ingest`'s action, so it runs
 * before anything loads kafkajs (kafkajs's consumer group captures its `Batch` class as it loads;
 * see @dl/kafka's kafkajs-fast-paths.ts). `ingest()` calls it again with its own options.
 */
export const FAST_CONSUME_PATHS: FastConsumeReport = installFastConsumePaths();
