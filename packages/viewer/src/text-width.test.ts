import { describe, expect, it } from 'vitest';
import { testRandom } from '@dl/test-support/seeded-random';
import { MAY_JOIN, textWidth, truncateText } from './text-width.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemeCount = (s: string) => [...segmenter.segment(s)].length;

/** truncateText as it was before its fast path: always cut by Intl.Segmenter's graphemes. */
function segmenterCut(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = textWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

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
  it('never splits an emoji sequence, a flag, a Hangul syllable of jamo or CR LF', () => {
    expect(truncateText('👩‍👩‍👧‍👦👩‍👩‍👧‍👦x', 3)).toBe('👩‍👩‍👧‍👦…');
    expect(truncateText('🇵🇱🇵🇱🇵🇱', 3)).toBe('🇵🇱…');
    const jamo = '\u1100\u1161\u11a8\u1100\u1161\u11a8';
    expect(truncateText(jamo, 3)).toBe(segmenterCut(jamo, 3));
    expect(truncateText(jamo, 3)).not.toContain('\u1100\u1161…');
    expect(truncateText('ab\r\ncd', 3)).toBe(segmenterCut('ab\r\ncd', 3));
  });

  // The fast path cuts by code points when no code point may join another: this is the claim that
  // makes it safe, checked against the ICU this Node carries (a newer Unicode may add characters).
  it('every assigned code point outside MAY_JOIN stands alone as a grapheme', () => {
    const joining: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (MAY_JOIN.test(c) || !/\p{Assigned}/u.test(c) || /\p{Co}/u.test(c)) continue;
      if (graphemeCount(`a${c}a`) !== 3 || graphemeCount(c + c) !== 2) joining.push(`U+${cp.toString(16).toUpperCase()}`);
    }
    expect(joining).toEqual([]);
  });

  it('cuts random mixed-script texts exactly where Intl.Segmenter would', () => {
    const rnd = testRandom();
    const pieces = [
      'a',
      'Z',
      ' ',
      'ż',
      'ó',
      'ł',
      'ß',
      'é',
      'e\u0301',
      '日',
      '本',
      'の',
      'カ',
      'ｶ\uff9e',
      '한',
      '\u1100\u1161',
      '\u11a8',
      '👍',
      '👍🏽',
      '👩‍💻',
      '❤️',
      '🇵🇱',
      '🇩',
      'क्ष',
      'क',
      '\u094d',
      'ำ',
      '\u0600١',
      'ع',
      '\r\n',
      '\r',
      '\n',
      '\t',
      '\u200d',
      '\u200c',
      '\u{e0067}',
      '𝔘',
      '\u{10000}',
    ];
    for (let i = 0; i < 3000; i++) {
      let text = '';
      const n = 1 + rnd.int(12);
      for (let k = 0; k < n; k++) text += pieces[rnd.int(pieces.length)];
      const full = textWidth(text);
      for (let width = 0; width <= full + 1; width++) expect(truncateText(text, width), JSON.stringify({ text, width })).toBe(segmenterCut(text, width));
    }
  });
});
