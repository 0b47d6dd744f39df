// First, before any module below loads kafkajs: kafkajs's Batch can only be replaced before then.
export { FAST_CONSUME_PATHS } from './fast-paths.js';
export { ingest, type IngestIo } from './ingest.js';
export { TABLE_FORMATS, type IngestOptions, type IngestSummary, type TableFormatName } from './ingest-options.js';
export type { PartitionBy } from './partitioner.js';
// Not from parquet-encode.js: that module loads parquet-wasm, which only the encoder worker needs.
export { PARQUET_COMPRESSIONS as COMPRESSIONS } from '@dl/core/config';
export type { ParquetCompression } from './parquet-encode.js';
export { KEY_FORMATS, type KeyFormat } from './key-decoder.js';
