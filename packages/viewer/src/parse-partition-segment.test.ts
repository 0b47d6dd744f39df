import { describe, expect, it } from 'vitest';
import { sanitizeSegment } from '@dl/core';
import { parsePartitionSegment } from './parse-partition-segment.js';

describe('parsePartitionSegment', () => {
  it('reads key=value folders', () => {
    expect(parsePartitionSegment('date=2024-01-31')).toEqual(['date', '2024-01-31']);
    expect(parsePartitionSegment('hour=07')).toEqual(['hour', '07']);
    expect(parsePartitionSegment('a=b=c')).toEqual(['a', 'b=c']);
    expect(parsePartitionSegment('x=__HIVE_DEFAULT_PARTITION__')).toEqual(['x', null]);
    expect(parsePartitionSegment('misc')).toBeUndefined();
    expect(parsePartitionSegment('=x')).toBeUndefined();
  });
  it.each(['../../etc', 'a/b', 'zażółć', '_hidden', '', 'x:y*z?', '100%'])('undoes sanitizeSegment(%j)', (value) => {
    expect(parsePartitionSegment(`field=${sanitizeSegment(value)}`)).toEqual(['field', value]);
  });
});
