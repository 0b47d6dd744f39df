import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ParquetFile } from 'parquet-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalStore } from '@dl/storage';
import { writeOrdersTable } from '../test/helpers/lake-fixtures.js';
import type { DataFile } from './list-data-files.js';
import { readFooter } from './read-footer.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dl-footer-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function dataFile(file: string): DataFile {
  return {
    path: file,
    relPath: path.basename(file),
    size: statSync(file).size,
    partitions: [],
    store: new LocalStore(path.dirname(file)),
    key: path.basename(file),
  };
}

/** The row counts parquet-wasm (the reader of the data) sees in the same footer. */
async function wasmCounts(file: string): Promise<number[]> {
  const meta = (await ParquetFile.fromFile(new Blob([readFileSync(file)]))).metadata();
  return Array.from({ length: meta.numRowGroups() }, (_, i) => meta.rowGroup(i).numRows());
}

describe('readFooter', () => {
  it('gives the row counts parquet-wasm reads from the same footer', async () => {
    const [file] = writeOrdersTable(path.join(tmp, 'small'), 1, 10, 4);
    const footer = await readFooter(dataFile(file!));
    expect(footer.rowGroupRows).toEqual([4, 4, 2]);
    expect(footer.rowGroupRows).toEqual(await wasmCounts(file!));
    expect(footer.numRows).toBe(10);
  });
  it('reads a footer larger than its first tail read (64 KiB) with a second read', async () => {
    // One row per row group: ~1,500 row groups make a footer of several hundred KB.
    const [file] = writeOrdersTable(path.join(tmp, 'big'), 1, 1500, 1);
    const bytes = readFileSync(file!);
    expect(bytes.readUInt32LE(bytes.length - 8)).toBeGreaterThan(64 * 1024);
    const footer = await readFooter(dataFile(file!));
    expect(footer.numRows).toBe(1500);
    expect(footer.rowGroupRows).toEqual(await wasmCounts(file!));
  });
  it('throws on a truncated file, a missing magic and a footer length beyond the file', async () => {
    const [a, b, c] = writeOrdersTable(path.join(tmp, 'bad'), 3, 5);
    truncateSync(a!, 100);
    await expect(readFooter(dataFile(a!))).rejects.toThrow();
    const noMagic = readFileSync(b!);
    noMagic.write('XXXX', noMagic.length - 4);
    writeFileSync(b!, noMagic);
    await expect(readFooter(dataFile(b!))).rejects.toThrow('no Parquet magic at the end');
    const longFooter = readFileSync(c!);
    longFooter.writeUInt32LE(longFooter.length, longFooter.length - 8);
    writeFileSync(c!, longFooter);
    await expect(readFooter(dataFile(c!))).rejects.toThrow(`footer of ${longFooter.length} bytes in a file of ${longFooter.length}`);
  });
});
