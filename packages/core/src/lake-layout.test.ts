import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { dataFileName, parseDataFileName, sanitizeSegment, lakePaths } from '@dl/core';

describe('sanitizeSegment', () => {
  it.each([
    ['../../etc', '%2E.%2F..%2Fetc'],
    ['a/b', 'a%2Fb'],
    ['nul\u0000byte', 'nul%00byte'],
    ['..', '%2E%2E'],
    ['', '__EMPTY__'],
    ['_hidden', '%5Fhidden'],
    ['zażółć', 'zażółć'],
  ])('%j → %j', (input, expected) => {
    const out = sanitizeSegment(input);
    expect(out).toBe(expected);
    // Whatever the input, joining it stays inside the parent directory.
    expect(path.join('/lake/parquet', `x=${out}`).startsWith('/lake/parquet/')).toBe(true);
    expect(out.includes('/')).toBe(false);
  });
  it('bounds long values', () => {
    expect(Buffer.byteLength(sanitizeSegment('x'.repeat(1000)))).toBeLessThanOrEqual(200);
  });
});

describe('data file names', () => {
  it('round-trip topic, partition and offsets', () => {
    const name = dataFileName('dev.orders', 3, 10n, 99n);
    expect(name).toBe('dev.orders+3+00000000000000000010-00000000000000000099.parquet');
    expect(parseDataFileName(name)).toEqual({ topic: 'dev.orders', partition: 3, from: 10n, to: 99n });
  });
  it('keeps the private directory beside, not inside, the tables', () => {
    const p = lakePaths('/data');
    expect(p.table).toBe('/data/parquet');
    expect(p.staging.startsWith(p.table + '/')).toBe(false);
  });
});
