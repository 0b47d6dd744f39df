import { sanitizeSegment } from '@dl/core';
import { FIELD_PARTITION_SUFFIX, type PartitionBy } from './partitioner.js';

/** The partition columns a Hive-style layout gives readers, in folder order. */
export function partitionColumns(by: PartitionBy): string[] {
  switch (by.kind) {
    case 'none':
      return [];
    case 'date':
      return ['date'];
    case 'hour':
      return ['date', 'hour'];
    case 'field':
      return [`${sanitizeSegment(by.field)}${FIELD_PARTITION_SUFFIX}`];
  }
}

/** The dead-letter table is partitioned by date unless the lake is not partitioned at all. */
export function dlqPartitionColumns(by: PartitionBy): string[] {
  return by.kind === 'none' ? [] : ['date'];
}

/**
 * `date=2026-12-01/hour=10` → `{ date: '2026-12-01', hour: '10' }`: the values a Delta `add`
 * carries. Hive's null folder is null; %XX escapes are undone, so the value is what a Hive reader
 * shows for the folder.
 */
export function partitionValues(partitionPath: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (partitionPath === '') return out;
  for (const seg of partitionPath.split('/')) {
    const i = seg.indexOf('=');
    const value = seg.slice(i + 1);
    out[seg.slice(0, i)] = value === '__HIVE_DEFAULT_PARTITION__' ? null : unescapeHive(value);
  }
  return out;
}

function unescapeHive(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
