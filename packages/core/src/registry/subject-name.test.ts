import { describe, expect, it } from 'vitest';
import { keySubjectName, subjectName } from '@dl/core';

describe('subjectName', () => {
  it.each([
    ['topic', 'dev.orders-value'],
    ['record', 'dev.dl.orders.Order'],
    ['topic-record', 'dev.orders-dev.dl.orders.Order'],
  ] as const)('%s → %s', (strategy, expected) => {
    expect(subjectName(strategy, 'dev.orders', 'dev.dl.orders.Order')).toBe(expected);
  });
});

describe('keySubjectName', () => {
  it.each([
    ['topic', undefined, 'dev.orders-key'],
    ['record', 'dev.dl.orders.OrderKey', 'dev.dl.orders.OrderKey'],
    ['topic-record', 'dev.dl.orders.OrderKey', 'dev.orders-dev.dl.orders.OrderKey'],
    ['record', undefined, undefined],
    ['topic-record', '', undefined],
  ] as const)('%s with key record %s → %s', (strategy, keyRecord, expected) => {
    expect(keySubjectName(strategy, 'dev.orders', keyRecord)).toBe(expected);
  });
});
