import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { partitionPath } from './partitioner.js';

const t = Date.UTC(2026, 10, 24, 23, 59, 1);

describe('partitionPath', () => {
  it('uses the UTC date and hour of the record timestamp', () => {
    expect(partitionPath({ kind: 'date' }, t)).toBe('date=2026-11-24');
    expect(partitionPath({ kind: 'hour' }, t)).toBe('date=2026-11-24/hour=23');
    expect(partitionPath({ kind: 'none' }, t)).toBe('');
  });
  it.each(['../../etc', '/abs', 'a\u0000b', '..', '.hidden'])('keeps hostile field value %j inside the table', (v) => {
    const rel = partitionPath({ kind: 'field', field: 'customer' }, t, v);
    const full = path.resolve('/lake/parquet', rel);
    expect(full.startsWith('/lake/parquet/customer_part=')).toBe(true);
    expect(rel.split('/')).toHaveLength(1);
  });
  it('writes nulls as Hive does', () => {
    expect(partitionPath({ kind: 'field', field: 'x' }, t, null)).toBe('x_part=__HIVE_DEFAULT_PARTITION__');
  });
});

describe('timestamps a Date cannot hold', () => {
  it.each([Number.NaN, 9e15, -9e15])("%s goes to Hive's default partition instead of throwing", (ts) => {
    expect(partitionPath({ kind: 'date' }, ts)).toBe('date=__HIVE_DEFAULT_PARTITION__');
    expect(partitionPath({ kind: 'hour' }, ts)).toBe('date=__HIVE_DEFAULT_PARTITION__/hour=__HIVE_DEFAULT_PARTITION__');
  });
});
