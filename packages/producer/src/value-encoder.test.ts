import { describe, expect, it } from 'vitest';
import { localOrderType, seedOrder, ValueEncoder } from '@dl/producer';

describe('ValueEncoder', () => {
  it('grows its scratch buffer for values bigger than it, and copies out each value', () => {
    const type = localOrderType();
    const enc = new ValueEncoder(type);
    const big = seedOrder(1, 'ß'.repeat(50_000));
    const a = enc.framed(big, 5);
    const b = enc.framed(seedOrder(2, 'small'), 5);
    expect(type.fromBuffer(a.subarray(5))).toEqual(big);
    expect(type.fromBuffer(b.subarray(5)).description).toBe('small');
  });
  it('keeps Unicode byte-exact', () => {
    const enc = new ValueEncoder(localOrderType());
    const v = enc.body(seedOrder(0, 'zażółć gęślą jaźń'));
    expect(v.includes(Buffer.from('zażółć gęślą jaźń', 'utf8'))).toBe(true);
  });
});
