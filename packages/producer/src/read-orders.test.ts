import { describe, expect, it } from 'vitest';
import { localOrderType, parseOrderLines, seedOrder } from '@dl/producer';

const type = localOrderType();
const good = JSON.stringify(seedOrder(1, 'ok'));

describe('parseOrderLines', () => {
  it('keeps valid lines, ignores blank ones', () => {
    expect(parseOrderLines(`${good}\n\n${good}\n`, type)).toEqual({ orders: [seedOrder(1, 'ok'), seedOrder(1, 'ok')], invalid: [] });
  });
  it('names the line number and the field of each problem', () => {
    const lines = [
      good,
      JSON.stringify({ ...seedOrder(2, 'x'), price: 'abc' }),
      '{not json',
      JSON.stringify({ ...seedOrder(3, 'y'), customer: undefined }),
      JSON.stringify({ ...seedOrder(4, 'z'), products: [{ name: 'hat', price: 'free' }] }),
      JSON.stringify({ ...seedOrder(5, 'w'), extra: 1 }),
      JSON.stringify({ ...seedOrder(6, 'v'), order_id: 1.5 }),
    ];
    const { orders, invalid } = parseOrderLines(lines.join('\n'), type);
    expect(orders).toHaveLength(1);
    expect(invalid).toEqual([
      'line 2: field "price" must be a double, got "abc"',
      expect.stringMatching(/^line 3: not valid JSON \(/),
      'line 4: field "customer" is missing (expected a string)',
      'line 5: field "products[0].price" must be a double, got "free"',
      'line 6: field "extra" is not in the schema',
      'line 7: field "order_id" must be an int, got 1.5',
    ]);
  });
});
