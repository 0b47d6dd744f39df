import { describe, expect, it } from 'vitest';
import { textWidth, truncateText } from './text-width.js';

describe('textWidth and truncateText', () => {
  it('counts wide characters twice and combining marks not at all', () => {
    expect(textWidth('zażółć')).toBe(6);
    expect(textWidth('日本語')).toBe(6);
    expect(textWidth('e\u0301cole')).toBe(5);
  });
  it('cuts to a width with …, never inside a character', () => {
    expect(truncateText('zażółć gęślą jaźń', 8)).toBe('zażółć …');
    expect(truncateText('日本語のテキスト', 6)).toBe('日本…');
    expect(textWidth(truncateText('日本語のテキスト', 6))).toBeLessThanOrEqual(6);
    expect(truncateText('e\u0301e\u0301e\u0301', 2)).toBe('e\u0301…');
    expect(truncateText('short', 10)).toBe('short');
  });
});
