export { ingest, type IngestIo } from './ingest.js';
export type { IngestOptions, IngestSummary } from './ingest-options.js';
export type { PartitionBy } from './partitioner.js';
export { COMPRESSIONS, type ParquetCompression } from './parquet-encode.js';
export { KEY_FORMATS, type KeyFormat } from './key-decoder.js';
