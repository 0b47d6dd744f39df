import { describe, expect, it } from 'vitest';
import { Int64, Schema, Field, Table, Utf8, tableToIPC, vectorFromArray, type DataType } from 'apache-arrow';
import { Encoding, ParquetFile } from 'parquet-wasm';
import { parquetMetadata } from 'hyparquet';
import { readOffsetIndex } from 'hyparquet/src/indexes.js';
import { PARQUET_PAGE_BYTES, PLAIN_ENCODED_COLUMNS } from '@dl/core';
import { encodeParquet } from './parquet-encode.js';

const DICTIONARY = [Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY];

async function encodingsByColumn(bytes: Uint8Array): Promise<Map<string, Encoding[]>> {
  const file = await ParquetFile.fromFile(new Blob([bytes]));
  const out = new Map<string, Encoding[]>();
  for (const c of file.metadata().rowGroup(0).columns()) out.set(c.columnPath().join('.'), c.encodings());
  return out;
}

/** Data pages of each column chunk of row group 0, from the file's offset index (independent of parquet-wasm: hyparquet's parser). */
function pagesByColumn(bytes: Uint8Array): Map<string, number> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const out = new Map<string, number>();
  for (const chunk of parquetMetadata(buffer).row_groups[0]!.columns) {
    const at = Number(chunk.offset_index_offset);
    const index = readOffsetIndex({ view: new DataView(buffer, at, chunk.offset_index_length), offset: 0 });
    out.set(chunk.meta_data!.path_in_schema.join('.'), index.page_locations.length);
  }
  return out;
}

/** Arrow IPC of `n` rows, one non-null column per entry: its type and its value in row i. */
function ipcOf(n: number, columns: Record<string, [DataType, (i: number) => unknown]>): Uint8Array {
  const entries = Object.entries(columns);
  const schema = new Schema(entries.map(([name, [type]]) => new Field(name, type, false)));
  const data = Object.fromEntries(
    entries.map(([name, [type, value]]) => [
      name,
      vectorFromArray(
        Array.from({ length: n }, (_, i) => value(i)),
        type,
      ),
    ]),
  );
  return tableToIPC(new Table(schema, data), 'stream');
}

describe('encodeParquet', () => {
  it('cuts columns into pages of pageBytes, so a reader decompresses little to get the first rows', () => {
    // 60k distinct values of ~100 bytes (6 MB a column): wide enough that the byte limit cuts
    // pages before the writer's own 20k-row limit does.
    const n = 60_000;
    const value = (i: number) => `${'order '.repeat(15)}${String(i).padStart(10, '0')}`;
    const ipc = () => ipcOf(n, { avro_value: [new Utf8(), value], description: [new Utf8(), (i) => value(n - i)] });
    const settings = { compression: 'none', rowGroupSize: n, plainColumns: PLAIN_ENCODED_COLUMNS } as const;
    const paged = pagesByColumn(encodeParquet(ipc(), { ...settings, pageBytes: PARQUET_PAGE_BYTES }));
    const byDefault = pagesByColumn(encodeParquet(ipc(), settings));
    expect(PARQUET_PAGE_BYTES).toBe(128 * 1024);
    // 6 MB in pages of 128 KiB (plus at most one 1024-row write batch, ~100 KB): 26 or more. The
    // writer's 1 MiB default makes 8 at most.
    expect(paged.get('avro_value')).toBeGreaterThanOrEqual(26);
    expect(byDefault.get('avro_value')).toBeLessThanOrEqual(8);
    // A dictionary column: its dictionary stops at 128 KiB too, and the plain pages after it are as small.
    expect(paged.get('description')).toBeGreaterThanOrEqual(26);
    expect(byDefault.get('description')).toBeLessThanOrEqual(8);
  });

  it('writes the plain columns without a dictionary and keeps dictionary encoding for the rest', async () => {
    const n = 5000;
    const ipc = () => ipcOf(n, { offset: [new Int64(), (i) => BigInt(i)], topic: [new Utf8(), () => 'dev.orders'] });
    const plain = await encodingsByColumn(encodeParquet(ipc(), { compression: 'zstd', rowGroupSize: n, plainColumns: PLAIN_ENCODED_COLUMNS }));
    expect(PLAIN_ENCODED_COLUMNS).toContain('offset');
    expect(plain.get('offset')!.some((e) => DICTIONARY.includes(e))).toBe(false);
    expect(plain.get('topic')!.some((e) => DICTIONARY.includes(e))).toBe(true);
    // Without the setting, the writer's default dictionary-encodes offsets too (what the setting changes).
    const byDefault = await encodingsByColumn(encodeParquet(ipc(), { compression: 'zstd', rowGroupSize: n }));
    expect(byDefault.get('offset')!.some((e) => DICTIONARY.includes(e))).toBe(true);
  });
});
