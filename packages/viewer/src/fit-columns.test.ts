import { describe, expect, it } from 'vitest';
import { fitColumns, keptColumns } from './fit-columns.js';

const col = (natural: number, priority = 1, headerWidth = 6) => ({ natural, headerWidth, priority });

describe('fitColumns', () => {
  it('gives every column its natural width when there is room', () => {
    expect(fitColumns([col(10), col(20)], 80)).toEqual([
      { index: 0, width: 10 },
      { index: 1, width: 20 },
    ]);
  });
  it('shares what is left evenly among the columns that would be cut', () => {
    // 1 + (w + 3) * 2 = 31 → 24 for both columns.
    const slots = fitColumns([col(50), col(8), col(50)], 41);
    expect(slots).toEqual([
      { index: 0, width: 12 },
      { index: 1, width: 8 },
      { index: 2, width: 11 },
    ]);
  });
  it('drops binary first, then columns nearest the middle, and marks each gap once', () => {
    const cols = [col(10), col(10), col(10, 0), col(10), col(10)];
    // Columns 1 and 3 are as near the middle: the left one goes.
    expect(keptColumns(cols, 40)).toEqual([0, 3, 4]);
    expect(fitColumns(cols, 40).map((s) => ('gap' in s ? '…' : s.index))).toEqual([0, '…', 3, 4]);
  });
  it('keeps priority columns, at 20 wide at least, before anything else', () => {
    const cols = [col(30), col(30), col(100, 2, 13), col(30)];
    expect(keptColumns(cols, 40)).toEqual([2, 3]);
    expect(keptColumns(cols, 30)).toEqual([2]);
  });
  it('decides from headers alone, so the caller can read only the kept columns', () => {
    const narrow = [col(1), col(1), col(1), col(1)];
    const wide = [col(90), col(90), col(90), col(90)];
    expect(keptColumns(narrow, 30)).toEqual(keptColumns(wide, 30));
  });
  it('widens numbers to their full width first', () => {
    const slots = fitColumns(
      [
        { ...col(30), fillFirst: false },
        { natural: 19, headerWidth: 6, priority: 1, fillFirst: true },
      ],
      40,
    );
    expect(slots).toEqual([
      { index: 0, width: 14 },
      { index: 1, width: 19 },
    ]);
  });
});
