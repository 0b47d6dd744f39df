import { parquetMetadata } from 'hyparquet/src/metadata.js';
import type { DataFile } from './list-data-files.js';

/** What a Parquet footer says about a file's rows, read without decoding any data. */
export interface Footer {
  readonly file: DataFile;
  readonly numRows: number;
  readonly rowGroupRows: number[];
}

/** The tail read first: footers of the ingester's files are a few KB, so one read usually has it all. */
const TAIL_BYTES = 64 * 1024;
const MAGIC = 'PAR1';

/**
 * Reads a file's footer (by ranged gets) and parses it with hyparquet's metadata parser, pure JS:
 * `--count` and `--files` need only row counts, and parquet-wasm costs ~60–100 ms of module load
 * and WASM compilation before it can say them (README, "Choices that differ from the plan").
 * Throws on anything that is not a well-formed footer; the caller then opens the file with
 * parquet-wasm, whose error message is the one users see.
 */
export async function readFooter(file: DataFile): Promise<Footer> {
  if (file.size < 12) throw new Error(`${file.key}: ${file.size} bytes is too short for a Parquet file`);
  const tailLength = Math.min(file.size, TAIL_BYTES);
  const tail = await getRange(file, file.size - tailLength, tailLength);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  if (new TextDecoder().decode(tail.subarray(tailLength - 4)) !== MAGIC) throw new Error(`${file.key}: no Parquet magic at the end`);
  const metaLength = view.getUint32(tailLength - 8, true);
  if (metaLength + 12 > file.size) throw new Error(`${file.key}: footer of ${metaLength} bytes in a file of ${file.size}`);
  const footerBytes =
    metaLength + 8 <= tailLength ? tail.subarray(tailLength - 8 - metaLength) : await getRange(file, file.size - 8 - metaLength, metaLength + 8);
  const metadata = parquetMetadata(footerBytes, { geoparquet: false });
  const rowGroupRows = metadata.row_groups.map((g) => Number(g.num_rows));
  const numRows = Number(metadata.num_rows);
  if (rowGroupRows.reduce((a, b) => a + b, 0) !== numRows) throw new Error(`${file.key}: row groups hold other than the footer's ${numRows} rows`);
  return { file, numRows, rowGroupRows };
}

async function getRange(file: DataFile, offset: number, length: number): Promise<Uint8Array> {
  const bytes = await file.store.get(file.key, { offset, length });
  if (!bytes) throw new Error(`${file.key} disappeared while it was read`);
  if (bytes.length !== length) throw new Error(`${file.key}: expected ${length} bytes at ${offset}, got ${bytes.length}`);
  return bytes;
}
