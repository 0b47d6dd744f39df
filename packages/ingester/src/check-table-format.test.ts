import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lakePaths } from '@dl/core';
import { checkTableFormat } from './check-table-format.js';

function lake(): ReturnType<typeof lakePaths> {
  return lakePaths(mkdtempSync(path.join(os.tmpdir(), 'dl-fmt-')));
}

describe('checkTableFormat', () => {
  it('accepts a new lake in either format', () => {
    expect(() => checkTableFormat(lake(), 'parquet', 'x')).not.toThrow();
    expect(() => checkTableFormat(lake(), 'delta', 'x')).not.toThrow();
  });

  it('refuses plain Parquet on a Delta lake and Delta on a plain Parquet lake, each in one sentence', () => {
    const d = lake();
    mkdirSync(path.join(d.table, '_delta_log'), { recursive: true });
    expect(() => checkTableFormat(d, 'parquet', 'lake')).toThrow('lake holds Delta tables; pass --table-format delta to add to them, or another --data-dir for plain Parquet.');
    expect(() => checkTableFormat(d, 'delta', 'lake')).not.toThrow();
    const p = lake();
    mkdirSync(path.join(p.log, 't', '0'), { recursive: true });
    writeFileSync(path.join(p.log, 't', '0', `${'0'.repeat(20)}.json`), '{}');
    expect(() => checkTableFormat(p, 'delta', 'lake')).toThrow('lake holds plain Parquet tables; pass --table-format parquet to add to them, or another --data-dir for Delta tables.');
    expect(() => checkTableFormat(p, 'parquet', 'lake')).not.toThrow();
  });
});
