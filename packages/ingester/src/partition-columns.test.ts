import { describe, expect, it } from 'vitest';
import { dlqPartitionColumns, partitionColumns, partitionValues } from './partition-columns.js';
import { partitionPath } from './partitioner.js';

describe('partition columns and values for Delta', () => {
  it('names the columns the Hive layout gives readers', () => {
    expect(partitionColumns({ kind: 'date' })).toEqual(['date']);
    expect(partitionColumns({ kind: 'hour' })).toEqual(['date', 'hour']);
    expect(partitionColumns({ kind: 'none' })).toEqual([]);
    expect(partitionColumns({ kind: 'field', field: 'customer' })).toEqual(['customer_part']);
    expect(dlqPartitionColumns({ kind: 'field', field: 'customer' })).toEqual(['date']);
    expect(dlqPartitionColumns({ kind: 'none' })).toEqual([]);
  });

  it('reads the values back from a partition path: Hive escapes undone, the null folder is null', () => {
    const t = Date.UTC(2026, 11, 1, 7);
    expect(partitionValues(partitionPath({ kind: 'hour' }, t))).toEqual({ date: '2026-12-01', hour: '07' });
    expect(partitionValues(partitionPath({ kind: 'field', field: 'customer' }, t, 'a/b=c'))).toEqual({ customer_part: 'a/b=c' });
    expect(partitionValues(partitionPath({ kind: 'field', field: 'customer' }, t, null))).toEqual({ customer_part: null });
    expect(partitionValues(partitionPath({ kind: 'date' }, Number.NaN))).toEqual({ date: null });
    expect(partitionValues('')).toEqual({});
  });
});
