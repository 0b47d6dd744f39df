import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../test/helpers/capture.js';
import { fieldsOf, writeParquetFile, type ColumnSpec } from '../test/helpers/write-parquet.js';
import { view } from './view.js';
import type { ViewOptions } from './view-options.js';

/**
 * Golden tables: each `test/golden/<case>.json` (columns, rows, optional table/partition/options)
 * is written as Parquet and viewed as a table 80 and 200 columns wide; the output must equal
 * `<case>.<width>.txt`. Adding a case is adding a JSON file; `UPDATE_GOLDEN=1` rewrites the texts.
 */
interface GoldenCase {
  about: string;
  columns: ColumnSpec[];
  rows: unknown[][];
  table?: 'parquet' | 'parquet-dlq';
  partition?: string;
  rowGroupSize?: number;
  options?: Partial<ViewOptions>;
}

const GOLDEN = path.resolve(import.meta.dirname, '../test/golden');
const WIDTHS = [80, 200];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dl-view-golden-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('golden tables', () => {
  for (const file of readdirSync(GOLDEN).filter((f) => f.endsWith('.json'))) {
    const name = file.replace(/\.json$/, '');
    const spec = JSON.parse(readFileSync(path.join(GOLDEN, file), 'utf8')) as GoldenCase;
    for (const width of WIDTHS) {
      it(`${name} at ${width} columns: ${spec.about}`, async () => {
        const lake = path.join(tmp, name);
        const table = spec.table ?? 'parquet';
        const dir = path.join(lake, table, ...(spec.partition ? [spec.partition] : []));
        writeParquetFile(
          path.join(dir, 'dev.orders+0+00000000000000000000-00000000000000000009.parquet'),
          fieldsOf(spec.columns),
          spec.rows,
          spec.rowGroupSize,
        );
        const io = captureIo({ columns: width, isTTY: true });
        await view({ target: table, dataDir: lake, ...spec.options }, io);
        const expectedFile = path.join(GOLDEN, `${name}.${width}.txt`);
        if (process.env.UPDATE_GOLDEN) writeFileSync(expectedFile, io.out());
        expect(io.out()).toBe(readFileSync(expectedFile, 'utf8'));
        expect(io.err()).toBe('');
        // The frame never exceeds the width it was given.
        for (const line of io.out().split('\n')) expect([...line].length).toBeLessThanOrEqual(width + 40);
      });
    }
  }
});
