import { describe, expect, it } from 'vitest';
import { subjectName } from '@dl/core';

describe('subjectName', () => {
  it.each([
    ['topic', 'dev.orders-value'],
    ['record', 'dev.dl.orders.Order'],
    ['topic-record', 'dev.orders-dev.dl.orders.Order'],
  ] as const)('%s → %s', (strategy, expected) => {
    expect(subjectName(strategy, 'dev.orders', 'dev.dl.orders.Order')).toBe(expected);
  });
});
