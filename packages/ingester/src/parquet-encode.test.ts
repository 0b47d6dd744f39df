import { describe, expect, it } from 'vitest';
import { Int64, Schema, Field, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { Encoding, ParquetFile } from 'parquet-wasm';
import { PLAIN_ENCODED_COLUMNS } from '@dl/core';
import { encodeParquet } from './parquet-encode.js';

const DICTIONARY = [Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY];

async function encodingsByColumn(bytes: Uint8Array): Promise<Map<string, Encoding[]>> {
  const file = await ParquetFile.fromFile(new Blob([bytes]));
  const out = new Map<string, Encoding[]>();
  for (const c of file.metadata().rowGroup(0).columns()) out.set(c.columnPath().join('.'), c.encodings());
  return out;
}

describe('encodeParquet', () => {
  it('writes the plain columns without a dictionary and keeps dictionary encoding for the rest', async () => {
    const n = 5000;
    const schema = new Schema([new Field('offset', new Int64(), false), new Field('topic', new Utf8(), false)]);
    const table = new Table(schema, {
      offset: vectorFromArray(
        Array.from({ length: n }, (_, i) => BigInt(i)),
        new Int64(),
      ),
      topic: vectorFromArray(
        Array.from({ length: n }, () => 'dev.orders'),
        new Utf8(),
      ),
    });
    const ipc = () => tableToIPC(table, 'stream');
    const plain = await encodingsByColumn(encodeParquet(ipc(), { compression: 'zstd', rowGroupSize: n, plainColumns: PLAIN_ENCODED_COLUMNS }));
    expect(PLAIN_ENCODED_COLUMNS).toContain('offset');
    expect(plain.get('offset')!.some((e) => DICTIONARY.includes(e))).toBe(false);
    expect(plain.get('topic')!.some((e) => DICTIONARY.includes(e))).toBe(true);
    // Without the setting, the writer's default dictionary-encodes offsets too (what the setting changes).
    const byDefault = await encodingsByColumn(encodeParquet(ipc(), { compression: 'zstd', rowGroupSize: n }));
    expect(byDefault.get('offset')!.some((e) => DICTIONARY.includes(e))).toBe(true);
  });
});
