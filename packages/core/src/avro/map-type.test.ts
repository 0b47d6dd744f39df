import { describe, expect, it } from 'vitest';
import { avroType } from './avro-type.js';

describe('maps', () => {
  // Block of 3 entries: "__proto__" -> 1, "2" -> 2, "a" -> 3, then the end block.
  const body = Buffer.from([0x06, 0x12, ...Buffer.from('__proto__'), 0x02, 0x02, ...Buffer.from('2'), 0x04, 0x02, ...Buffer.from('a'), 0x06, 0x00]);

  it('keep an entry whose key is __proto__ (avsc made it the prototype and dropped it)', () => {
    const m = avroType({ type: 'map', values: 'long' }).fromBuffer(body) as Record<string, bigint>;
    expect(Object.entries(m)).toEqual(
      expect.arrayContaining([
        ['__proto__', 1n],
        ['2', 2n],
        ['a', 3n],
      ]),
    );
    expect(Object.keys(m)).toHaveLength(3);
  });

  it('keep it through schema resolution, nested in a record', () => {
    const writer = avroType({ type: 'record', name: 'R', fields: [{ name: 'm', type: { type: 'map', values: 'int' } }] });
    const reader = avroType({ type: 'record', name: 'R', fields: [{ name: 'm', type: { type: 'map', values: 'long' } }] });
    const r = reader.fromBuffer(writer.toBuffer({ m: JSON.parse('{"__proto__": 5, "b": 6}') }), reader.createResolver(writer)) as { m: Record<string, bigint> };
    expect(Object.entries(r.m)).toEqual([
      ['__proto__', 5n],
      ['b', 6n],
    ]);
  });
});
