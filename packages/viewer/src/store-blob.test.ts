import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalStore, type ByteRange } from '@dl/storage';
import { writeOrdersTable } from '../test/helpers/lake-fixtures.js';
import { listDataFiles } from './list-data-files.js';
import { openParquetSource } from './parquet-source.js';
import { StoreBlob } from './store-blob.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dl-store-blob-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A LocalStore that records every read it serves. */
class CountingStore extends LocalStore {
  readonly reads: Array<{ key: string; range?: ByteRange }> = [];
  override get(key: string, range?: ByteRange) {
    this.reads.push(range ? { key, range } : { key });
    return super.get(key, range);
  }
}

describe('reading Parquet through a store', () => {
  it('reads the footer and only the chunks it decodes, by ranges, never the whole file', async () => {
    // One file of 4,000 orders in row groups of 1,000.
    writeOrdersTable(path.join(tmp, 'parquet'), 1, 4000, 1000);
    const store = new CountingStore(tmp);
    const [file] = await listDataFiles({ store, key: 'parquet', kind: 'dir', path: path.join(tmp, 'parquet') });
    expect(file).toBeDefined();
    const size = statSync(path.join(tmp, file!.key)).size;
    const source = await openParquetSource(file!);
    expect(source.rowGroupRows).toEqual([1000, 1000, 1000, 1000]);
    const footerReads = store.reads.length;
    const t = await source.read(2, ['offset'], 0, 5);
    expect(t.numRows).toBe(5);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['offset']);
    source.close();
    expect(store.reads.every((r) => r.range !== undefined)).toBe(true);
    expect(store.reads.length).toBeGreaterThan(footerReads);
    const bytesRead = store.reads.reduce((a, r) => a + (r.range?.length ?? 0), 0);
    expect(bytesRead).toBeLessThan(size / 4);
  });

  it('slices like a Blob: clamped, negative positions from the end, exact bytes', async () => {
    const store = new LocalStore(tmp);
    await store.put('b.bin', '0123456789');
    const blob = StoreBlob.of(store, 'b.bin', 10);
    const text = async (b: Blob) => Buffer.from(await b.arrayBuffer()).toString();
    expect(await text(blob.slice(2, 5))).toBe('234');
    expect(await text(blob.slice(-3))).toBe('789');
    expect(await text(blob.slice(8, 100))).toBe('89');
    expect(await text(blob.slice(4, 6).slice(1))).toBe('5');
    expect(blob.slice(5, 2).size).toBe(0);
  });
});
