import { describe, expect, it } from 'vitest';
import { jsToCell } from './cell.js';
import { toJsonValue } from './json-value.js';

describe('cells keep every key', () => {
  it('a map key or field named __proto__ is an entry, in the cell and in its JSON', () => {
    const decoded = JSON.parse('{"__proto__": {"n": 1}, "b": 9007199254740993}') as Record<string, unknown>;
    decoded.b = 2n ** 53n + 1n;
    const cell = jsToCell(decoded);
    expect(Object.keys(cell as object)).toEqual(['__proto__', 'b']);
    expect(JSON.stringify(toJsonValue(cell))).toBe('{"__proto__":{"n":1},"b":"9007199254740993"}');
  });
});
