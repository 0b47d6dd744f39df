import { describe, expect, it } from 'vitest';
import { avroJsonText } from './avro-json-text.js';
import { avroType } from './avro-type.js';

describe('avroJsonText', () => {
  it('writes unions as {"branch": value} with exact long digits, wrapped or not', () => {
    const unwrapped = avroType(['null', 'long', 'boolean']);
    expect(avroJsonText(unwrapped, -(2n ** 63n))).toBe('{"long":-9223372036854775808}');
    expect(avroJsonText(unwrapped, 2n ** 53n + 1n)).toBe('{"long":9007199254740993}');
    expect(avroJsonText(unwrapped, false)).toBe('{"boolean":false}');
    expect(avroJsonText(unwrapped, null)).toBe('null');
    // An int branch before the long one: avsc's int check would throw on a bigint.
    const intFirst = avroType(['null', 'int', 'long']);
    expect(avroJsonText(intFirst, 2n ** 53n + 1n)).toBe('{"long":9007199254740993}');
    expect(avroJsonText(intFirst, 7)).toBe('{"int":7}');
    const wrapped = avroType(['int', 'long', 'double']);
    const decoded = wrapped.fromBuffer(wrapped.toBuffer({ long: 2n ** 63n - 1n }));
    expect(avroJsonText(wrapped, decoded)).toBe('{"long":9223372036854775807}');
  });

  it('keeps what JSON numbers cannot: NaN, ±Infinity, -0, and that a whole double is a double', () => {
    const u = avroType(['boolean', 'double']);
    expect([NaN, Infinity, -Infinity, -0, 0, 1e-310, 18178600141654178000].map((d) => avroJsonText(u, d))).toEqual([
      '{"double":"NaN"}',
      '{"double":"Infinity"}',
      '{"double":"-Infinity"}',
      '{"double":-0.0}',
      '{"double":0.0}',
      '{"double":1e-310}',
      '{"double":18178600141654178000.0}',
    ]);
  });

  it('writes bytes and fixed as code points 0-255, records in field order, maps and arrays', () => {
    const type = avroType({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'b', type: 'bytes' },
        { name: 'f', type: { type: 'fixed', name: 'F', size: 2 } },
        { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', 'B'] } },
        { name: 'm', type: { type: 'map', values: { type: 'array', items: 'long' } } },
        { name: 's', type: 'string' },
      ],
    });
    const value = { b: Buffer.from([0, 0xff, 0x22]), f: Buffer.from([0x41, 0xe9]), e: 'B', m: { k: [1n, -1n] }, s: 'zażółć "q"' };
    const text = avroJsonText(type, value);
    expect(text).toBe('{"b":"\\u0000ÿ\\"","f":"Aé","e":"B","m":{"k":[1,-1]},"s":"zażółć \\"q\\""}');
    expect(JSON.parse(text).b).toBe('\u0000\u00ff"');
  });
});
