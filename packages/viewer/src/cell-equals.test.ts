import { describe, expect, it } from 'vitest';
import { cellEquals } from './cell-equals.js';

describe('cellEquals (--where)', () => {
  it.each([
    ['text', 'text', true],
    ['text', 'Text', false],
    [99.98, '99.980', true],
    [99.98, '', false],
    [9007199254740993n, '9007199254740993', true],
    [9007199254740993n, '9007199254740992', false],
    [1n, 'one', false],
    [true, 'TRUE', true],
    [null, 'null', true],
    ['null', 'null', true],
    ['', 'null', false],
    [new Date(Date.UTC(2021, 1, 27)), '2021-02-27T00:00:00Z', true],
    [new Date(Date.UTC(2021, 1, 27, 18, 39, 2, 253)), '2021-02-27T18:39:02.253', true],
    [new Date(Date.UTC(2021, 1, 27)), '2021-02-27', true],
    [Uint8Array.from(Buffer.from('product0')), 'product0', true],
    [[{ a: 1 }], '[{"a":1}]', true],
  ] as const)('%o = %j → %s', (cell, text, expected) => {
    expect(cellEquals(cell as never, text)).toBe(expected);
  });
});
