import { describe, expect, it } from 'vitest';
import { compileKeyTemplate } from '@dl/producer';

describe('compileKeyTemplate', () => {
  it('mirrors the seed by default: product0, product1, product0, ...', () => {
    const key = compileKeyTemplate('product{i%2}');
    expect([0, 1, 2, 3].map((i) => key({ i, orderId: 100 + i }))).toEqual(['product0', 'product1', 'product0', 'product1']);
  });
  it.each([
    ['order-{order_id}', 'order-42'],
    ['{i}', '7'],
    ['p{ i % 3 }', 'p1'],
    ['{{literal}}-{i}', '{literal}-7'],
    ['fixed', 'fixed'],
  ])('%s → %s', (template, expected) => {
    expect(compileKeyTemplate(template)({ i: 7, orderId: 42 })).toBe(expected);
  });
  it('gives no key for the empty template', () => {
    expect(compileKeyTemplate('')({ i: 0, orderId: 0 })).toBeNull();
  });
  it.each([
    ['{x}', 'unknown placeholder "{x}"'],
    ['{i%0}', '{i%N} needs N of at least 1'],
    ['a{b', 'unmatched "{"'],
  ])('rejects %s with a usage error naming the problem', (template, why) => {
    expect(() => compileKeyTemplate(template)).toThrow(
      `Key template "${template}" is invalid: ${why}. Use text with {i}, {i%N} or {order_id}, e.g. 'product{i%2}'.`,
    );
  });
});
