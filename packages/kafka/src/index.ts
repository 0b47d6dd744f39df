export { createKafka, KAFKA_RETRY, type KafkaConnection } from './create-kafka.js';
export { kafkaError } from './kafka-error.js';
export { textLogSink, kafkaLogCreator, type KafkaLogSink, type KafkaLogEntry, type KafkaLogLevel } from './kafka-log.js';
export { ensureTopic, type EnsuredTopic } from './ensure-topic.js';
export { highWatermarks, type PartitionWatermarks } from './high-watermarks.js';
export { registerCodecs } from './codecs/register-codecs.js';
export { snappyCompress, snappyDecompress } from './codecs/snappy-codec.js';
export { lz4Compress, lz4Decompress } from './codecs/lz4-codec.js';
export { zstdCompress, zstdDecompress } from './codecs/zstd-codec.js';
export { COMPRESSIONS, compressionType, type CompressionName, type CompressionType } from './compression.js';
// kafkajs itself, so dependants need no direct dependency on it (one version, one codec registry).
export { default as kafkajs } from 'kafkajs';
export type { Admin, Consumer, Kafka, Producer, KafkaMessage, RecordMetadata, EachBatchPayload, IHeaders } from 'kafkajs';
export { keyCachingPartitioner } from './key-caching-partitioner.js';
// The producer calls it through the `@dl/kafka/fast-paths` entry, which does not load kafkajs.
export { installFastProducePaths, installFastConsumePaths, type FastPathReport, type FastConsumeReport } from './kafkajs-fast-paths.js';
