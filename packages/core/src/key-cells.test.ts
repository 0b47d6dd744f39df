import { describe, expect, it } from 'vitest';
import { kafkaKeyOf, keyCells } from './key-cells.js';

const cases: Array<[string, Buffer | null]> = [
  ['null key', null],
  ['empty key', Buffer.alloc(0)],
  ['text key', Buffer.from('order-42')],
  ['non-ASCII text', Buffer.from('clé-ü-日本')],
  ['not UTF-8', Buffer.from('fffe0062696e', 'hex')],
  ['lone continuation byte', Buffer.from([0x61, 0x80])],
  ['framed Avro key', Buffer.from('000000000702', 'hex')],
];

describe('keyCells', () => {
  it.each(cases)('%s round-trips exactly, kept as text or not', (_name, raw) => {
    for (const asText of [true, false]) {
      const c = keyCells(raw, asText);
      const back = kafkaKeyOf(c.key === null ? null : c.key.toString('utf8'), c.keyBytes);
      if (raw === null) expect(back).toBeNull();
      else expect(back?.equals(raw)).toBe(true);
    }
  });

  it('keeps valid UTF-8 in key and nothing in key_bytes', () => {
    expect(keyCells(Buffer.from('a'), true)).toEqual({ key: Buffer.from('a'), keyBytes: null });
    expect(keyCells(Buffer.alloc(0), true)).toEqual({ key: Buffer.alloc(0), keyBytes: null });
  });

  it('puts bytes that are not UTF-8 in key_bytes and never writes U+FFFD', () => {
    const raw = Buffer.from('fffe0062696e', 'hex');
    expect(keyCells(raw, true)).toEqual({ key: null, keyBytes: raw });
  });

  it('tells a null key from an empty one', () => {
    expect(keyCells(null, true)).toEqual({ key: null, keyBytes: null });
    expect(kafkaKeyOf('', null)).toEqual(Buffer.alloc(0));
    expect(kafkaKeyOf(null, null)).toBeNull();
  });

  it('keeps every key as bytes when asked (--key-format bytes, decoded keys)', () => {
    expect(keyCells(Buffer.from('abc'), false)).toEqual({ key: null, keyBytes: Buffer.from('abc') });
  });
});
