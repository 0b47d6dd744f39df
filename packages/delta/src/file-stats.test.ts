import { describe, expect, it } from 'vitest';
import {
  Field,
  Float64,
  Int32,
  Int64,
  Schema,
  Table,
  TimestampMicrosecond,
  TimestampMillisecond,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
} from 'apache-arrow';
import { fileStats } from './file-stats.js';

describe('fileStats', () => {
  it('counts rows, and gives min/max/nullCount for numbers and timestamps (longs exact), nullCount only for strings', () => {
    const schema = new Schema([
      new Field('offset', new Int64(), false),
      new Field('partition', new Int32(), false),
      new Field('timestamp', new TimestampMillisecond('UTC'), false),
      new Field('price', new Float64(), true),
      new Field('key', new Utf8(), true),
    ]);
    const table = new Table(schema, {
      offset: vectorFromArray([9007199254740993n, 9007199254740995n], new Int64()),
      partition: vectorFromArray([2, 2], new Int32()),
      timestamp: vectorFromArray([Date.UTC(2026, 11, 1, 10), Date.UTC(2026, 11, 1, 11)], new TimestampMillisecond('UTC')),
      price: vectorFromArray([null, 4.5], new Float64()),
      key: vectorFromArray(['a', null], new Utf8()),
    });
    expect(JSON.parse(fileStats(table))).toEqual({
      numRecords: 2,
      minValues: { offset: 9007199254740992, partition: 2, timestamp: '2026-12-01T10:00:00.000Z', price: 4.5 },
      maxValues: { offset: 9007199254740996, partition: 2, timestamp: '2026-12-01T11:00:00.000Z', price: 4.5 },
      nullCount: { offset: 0, partition: 0, timestamp: 0, price: 1, key: 1 },
    });
    // JSON.parse rounds past 2^53; the text itself carries the exact offsets.
    expect(fileStats(table)).toContain('"offset":9007199254740993');
    expect(fileStats(table)).toContain('"offset":9007199254740995');
  });

  it('rounds sub-millisecond timestamps outward: min down, max up', () => {
    // Raw microseconds (vectorFromArray would read numbers as milliseconds).
    const data = makeData({ type: new TimestampMicrosecond('UTC'), length: 2, data: BigInt64Array.from([1_000_000_500n, 1_000_001_500n]) });
    const table = new Table({ t: makeVector(data) });
    const stats = JSON.parse(fileStats(table)) as { minValues: { t: string }; maxValues: { t: string } };
    expect(stats.minValues.t).toBe('1970-01-01T00:16:40.000Z');
    expect(stats.maxValues.t).toBe('1970-01-01T00:16:40.002Z');
  });
});
