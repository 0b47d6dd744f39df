import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';
import { PARQUET_COMPRESSIONS } from '@dl/core/config';

export const COMPRESSIONS = PARQUET_COMPRESSIONS;
export type ParquetCompression = (typeof COMPRESSIONS)[number];

export interface EncodeSettings {
  compression: ParquetCompression;
  rowGroupSize: number;
  /** Columns written without dictionary encoding (values that rarely repeat). */
  plainColumns?: readonly string[];
  /** Data and dictionary page size limit, bytes (parquet-wasm's default when absent: 1 MiB). */
  pageBytes?: number;
}

const CODEC: Record<ParquetCompression, Compression> = {
  zstd: Compression.ZSTD,
  snappy: Compression.SNAPPY,
  gzip: Compression.GZIP,
  lz4: Compression.LZ4_RAW,
  brotli: Compression.BROTLI,
  none: Compression.UNCOMPRESSED,
};

/**
 * Arrow IPC stream in, Parquet file bytes out (`onCopied` runs once `ipc` is no longer needed). Runs in the encoder worker (see parquet-worker), so
 * this file imports nothing from the workspace: the worker loads only parquet-wasm.
 */
export function encodeParquet(ipc: Uint8Array, settings: EncodeSettings, onCopied?: () => void): Uint8Array {
  const table = WasmTable.fromIPCStream(ipc);
  // The IPC bytes are in WASM memory now: the caller may let them go.
  onCopied?.();
  let props = new WriterPropertiesBuilder()
    .setCompression(CODEC[settings.compression])
    .setMaxRowGroupSize(settings.rowGroupSize)
    .setCreatedBy('dl (parquet-wasm)');
  if (settings.pageBytes !== undefined) props = props.setDataPageSizeLimit(settings.pageBytes).setDictionaryPageSizeLimit(settings.pageBytes);
  for (const column of settings.plainColumns ?? []) props = props.setColumnDictionaryEnabled(column, false);
  return writeParquet(table, props.build());
}
