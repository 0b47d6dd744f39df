import { describe, expect, it } from 'vitest';
import { avroType } from './avro-type.js';

const BIG = [-5670298353632853312n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n, -4503599627370497n];

describe('schema resolution never reads a long through a double', () => {
  it('a long promoted to double or float is the exact value rounded once, sign kept', () => {
    const writer = avroType({ type: 'record', name: 'R', fields: [{ name: 'x', type: 'long' }] });
    for (const to of ['double', 'float']) {
      const reader = avroType({ type: 'record', name: 'R', fields: [{ name: 'x', type: to }] });
      const resolver = reader.createResolver(writer);
      for (const x of BIG) expect(reader.fromBuffer(writer.toBuffer({ x }), resolver).x, `${x} as ${to}`).toBe(Number(x));
    }
  });

  it("a union reader takes the branch of the writer's own type before one it promotes to", () => {
    const writer = avroType(['boolean', 'long']);
    const unwrapped = avroType(['boolean', 'double', 'long', 'string']);
    const wrapped = avroType(['int', 'double', 'long']); // int and double: avsc wraps it
    for (const x of BIG) {
      expect(unwrapped.fromBuffer(writer.toBuffer(x), unwrapped.createResolver(writer))).toBe(x);
      const intOrLong = avroType(['int', 'long']);
      expect(wrapped.fromBuffer(intOrLong.toBuffer(x), wrapped.createResolver(intOrLong))).toEqual({ long: x });
    }
    // With no branch of its type, the promotion still works (exactly rounded).
    const doubles = avroType(['null', 'double']);
    expect(doubles.fromBuffer(avroType(['null', 'long']).toBuffer(BIG[0]!), doubles.createResolver(avroType(['null', 'long'])))).toBe(Number(BIG[0]!));
  });

  it('a non-union writer resolves to the union branch of its type, too', () => {
    const reader = avroType({ type: 'record', name: 'R', fields: [{ name: 'x', type: ['null', 'double', 'long'] }] });
    const writer = avroType({ type: 'record', name: 'R', fields: [{ name: 'x', type: 'long' }] });
    expect(reader.fromBuffer(writer.toBuffer({ x: BIG[1]! }), reader.createResolver(writer)).x).toBe(BIG[1]);
  });
});

describe('bytes read as a string', () => {
  it('is the UTF-8 text, and an error when the bytes are not UTF-8 (never U+FFFD)', () => {
    const writer = avroType({ type: 'record', name: 'R', fields: [{ name: 's', type: 'bytes' }] });
    const reader = avroType({ type: 'record', name: 'R', fields: [{ name: 's', type: 'string' }] });
    const resolver = reader.createResolver(writer);
    expect(reader.fromBuffer(writer.toBuffer({ s: Buffer.from('zażółć') }), resolver).s).toBe('zażółć');
    expect(() => reader.fromBuffer(writer.toBuffer({ s: Buffer.from([0x61, 0xff]) }), resolver)).toThrow(/not valid UTF-8/);
  });
});

describe('unions', () => {
  it("follow avsc's wrapUnions option", () => {
    expect(avroType(['null', 'long']).typeName).toBe('union:unwrapped');
    expect(avroType(['int', 'double']).typeName).toBe('union:wrapped');
    expect(avroType(['null', 'long'], { wrapUnions: 'always' }).typeName).toBe('union:wrapped');
  });
});
