export { ingest, type IngestIo } from './ingest.js';
export { INGEST_DEFAULTS, type IngestOptions, type IngestSummary } from './ingest-options.js';
export { parsePartitionBy, type PartitionBy } from './partitioner.js';
export { COMPRESSIONS, type ParquetCompression } from './parquet-encode.js';
export { parseCompression } from './parse-compression.js';
