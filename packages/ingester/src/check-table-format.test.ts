import { describe, expect, it } from 'vitest';
import { MemoryStore } from '@dl/delta';
import { checkTableFormat } from './check-table-format.js';

describe('checkTableFormat', () => {
  it('accepts a new lake in either format', async () => {
    await expect(checkTableFormat(new MemoryStore(), 'parquet', 'x')).resolves.toBeUndefined();
    await expect(checkTableFormat(new MemoryStore(), 'delta', 'x')).resolves.toBeUndefined();
  });

  it('refuses plain Parquet on a Delta lake and Delta on a plain Parquet lake, each in one sentence', async () => {
    const d = new MemoryStore();
    await d.put(`parquet/_delta_log/${'0'.repeat(20)}.json`, '{}');
    // Schema keys, not flags: the cli names them as the user gave them (see test/integration/delta-lake.int.test.ts).
    await expect(checkTableFormat(d, 'parquet', 'lake')).rejects.toMatchObject({
      exitCode: 2,
      message:
        'tableFormat "parquet" does not match lake, which holds Delta tables; pass tableFormat delta to add to them, or another dataDir for plain Parquet.',
      detail: { setting: 'tableFormat', value: 'parquet', fix: 'pass {tableFormat} delta to add to them, or another {dataDir} for plain Parquet' },
    });
    await expect(checkTableFormat(d, 'delta', 'lake')).resolves.toBeUndefined();
    const p = new MemoryStore();
    const file = { table: 'parquet', staged: 's', final: 'f', rows: 1, bytes: 1 };
    await p.put(`_dl/log/t/0/${'0'.repeat(20)}.json`, JSON.stringify({ files: [file] }));
    await expect(checkTableFormat(p, 'delta', 'lake')).rejects.toThrow(
      'tableFormat "delta" does not match lake, which holds plain Parquet tables; pass tableFormat parquet to add to them, or another dataDir for Delta tables.',
    );
    await expect(checkTableFormat(p, 'parquet', 'lake')).resolves.toBeUndefined();
  });

  it('knows a Delta lake whose first Delta commit a crash prevented, from its commit records', async () => {
    const d = new MemoryStore();
    const file = { table: 'parquet', staged: 'f', final: 'f', rows: 1, bytes: 1, delta: { partitionValues: {}, stats: '{}', schema: '{}' } };
    await d.put(`_dl/log/t/0/${'0'.repeat(20)}.json`, JSON.stringify({ files: [file] }));
    await expect(checkTableFormat(d, 'delta', 'lake')).resolves.toBeUndefined();
    await expect(checkTableFormat(d, 'parquet', 'lake')).rejects.toThrow('does not match lake, which holds Delta tables');
  });
});
