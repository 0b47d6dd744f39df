import { describe, expect, it } from 'vitest';
import path from 'node:path';
import {
  STAGING_PREFIX,
  TABLE_DIR,
  commitRecordKey,
  dataFileKey,
  dataFileName,
  parseCommitRecordKey,
  parseDataFileName,
  sanitizeSegment,
  stagedKey,
  stagingWriterOf,
  writerLeaseKey,
} from '@dl/core';

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
  it('keeps the private keys beside, not inside, the tables', () => {
    const final = dataFileKey(TABLE_DIR, 'date=2026-01-01', dataFileName('dev.orders', 0, 0n, 9n));
    expect(final).toBe('parquet/date=2026-01-01/dev.orders+0+00000000000000000000-00000000000000000009.parquet');
    expect(dataFileKey(TABLE_DIR, '', 'f.parquet')).toBe('parquet/f.parquet');
    const staged = stagedKey('host-1-abc', 3, final);
    expect(staged).toBe(`_dl/staging/host-1-abc/3/${final}`);
    expect(staged.startsWith(STAGING_PREFIX) && !staged.startsWith(`${TABLE_DIR}/`)).toBe(true);
    expect(stagingWriterOf(staged)).toBe('host-1-abc');
    expect(stagingWriterOf(final)).toBeUndefined();
    expect(writerLeaseKey('host-1-abc')).toBe('_dl/writers/host-1-abc.json');
  });
  it('names commit records by topic, partition and chain position, and parses them back', () => {
    const key = commitRecordKey('dev/orders', 2, 100n);
    expect(key).toBe('_dl/log/dev%2Forders/2/00000000000000000100.json');
    expect(parseCommitRecordKey(key)).toEqual({ topicSegment: 'dev%2Forders', partition: 2, from: 100n });
    expect(parseCommitRecordKey('_dl/log/t/2/.00000000000000000100.json.ab.tmp')).toBeUndefined();
    expect(parseCommitRecordKey('parquet/x.json')).toBeUndefined();
  });
});
