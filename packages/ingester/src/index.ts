export { ingest, type IngestIo } from './ingest.js';
export { INGEST_DEFAULTS, TABLE_FORMATS, type IngestOptions, type IngestSummary, type TableFormatName } from './ingest-options.js';
export { parsePartitionBy, type PartitionBy } from './partitioner.js';
export { COMPRESSIONS, type ParquetCompression } from './parquet-encode.js';
export { parseCompression } from './parse-compression.js';
