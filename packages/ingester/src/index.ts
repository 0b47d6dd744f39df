export { ingest, type IngestIo } from './ingest.js';
export { TABLE_FORMATS, type IngestOptions, type IngestSummary, type TableFormatName } from './ingest-options.js';
export type { PartitionBy } from './partitioner.js';
// Not from parquet-encode.js: that module loads parquet-wasm, which only the encoder worker needs.
export { PARQUET_COMPRESSIONS as COMPRESSIONS } from '@dl/core/config';
export type { ParquetCompression } from './parquet-encode.js';
export { KEY_FORMATS, type KeyFormat } from './key-decoder.js';
