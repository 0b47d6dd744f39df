import { tableFromIPC, type Schema, type Table } from 'apache-arrow';
import { ParquetFile, readParquet } from 'parquet-wasm';
import { DlError, errorMessage } from '@dl/core/errors';
import { displayPath } from './display-path.js';
import type { DataFile } from './list-data-files.js';
import { guardWasm, isWasmTrap } from './wasm-trap.js';
import { StoreBlob } from './store-blob.js';

/** Up to this size, a trapped read is repeated with the sync reader to learn why it failed. */
const DIAGNOSE_MAX_BYTES = 64 * 1024 * 1024;

/** One opened Parquet file: its footer is parsed, its data is read one row group at a time. */
export interface ParquetSource {
  readonly file: DataFile;
  readonly numRows: number;
  readonly rowGroupRows: number[];
  readonly schema: Schema;
  /**
   * Rows `[offset, offset + limit)` of one row group, only the named columns (all when undefined).
   * Only the footer and those column chunks are read from disk.
   */
  read(rowGroup: number, columns: string[] | undefined, offset: number, limit: number): Promise<Table>;
  close(): void;
}

/**
 * Opens a file lazily: a StoreBlob gives parquet-wasm a Blob whose slices are ranged reads of the
 * store, so opening reads the footer and each `read` only the byte ranges of the chunks it decodes.
 */
export async function openParquetSource(file: DataFile): Promise<ParquetSource> {
  let pf: ParquetFile;
  try {
    pf = await guardWasm(async () => ParquetFile.fromFile(StoreBlob.of(file.store, file.key, file.size)));
  } catch (e) {
    throw corrupt(file, e);
  }
  const rowGroupRows: number[] = [];
  try {
    const meta = pf.metadata();
    for (let i = 0; i < meta.numRowGroups(); i++) {
      const rg = meta.rowGroup(i);
      rowGroupRows.push(rg.numRows());
      rg.free();
    }
    meta.free();
  } catch (e) {
    pf.free();
    throw corrupt(file, e);
  }
  let schema: Schema | undefined;
  return {
    file,
    numRows: rowGroupRows.reduce((a, b) => a + b, 0),
    rowGroupRows,
    // Built on first use: --count and --files never need it.
    get schema() {
      try {
        schema ??= tableFromIPC(pf.schema().intoIPCStream()).schema;
      } catch (e) {
        throw corrupt(file, e);
      }
      return schema;
    },
    async read(rowGroup, columns, offset, limit) {
      const options = { rowGroups: [rowGroup], offset, limit, ...(columns ? { columns } : {}) };
      try {
        const wasmTable = await guardWasm(() => pf.read(options));
        return tableFromIPC(wasmTable.intoIPCStream());
      } catch (e) {
        throw corrupt(file, isWasmTrap(e) ? await diagnose(file, options) : e);
      }
    },
    close() {
      pf.free();
    },
  };
}

/** The sync reader reports what the async one traps on; worth reading the file once more for it. */
async function diagnose(file: DataFile, options: { rowGroups: number[]; columns?: string[] }): Promise<string> {
  if (file.size > DIAGNOSE_MAX_BYTES) return `row group ${options.rowGroups[0]} cannot be decoded`;
  try {
    const bytes = await file.store.get(file.key);
    if (!bytes) return `${file.key} disappeared while it was read`;
    readParquet(bytes, options).free();
    return `row group ${options.rowGroups[0]} cannot be decoded`;
  } catch (e) {
    return errorMessage(e);
  }
}

function corrupt(file: DataFile, e: unknown): DlError {
  const reason = (typeof e === 'string' ? e : errorMessage(e)).replace(/\.?\s*$/, '');
  return new DlError('LAKE_CORRUPT', `Cannot read "${displayPath(file.path)}" (${file.size} bytes) as Parquet: ${reason}.`, {
    cause: e,
  });
}
