import { describe, expect, it } from 'vitest';
import { cellText, hexPreview, isPrintableUtf8 } from './cell-text.js';

describe('cellText', () => {
  it('prints nested values as pandas does', () => {
    const products = [
      { name: 'shoes', price: 49.99 },
      { name: 't-shirt', price: 49.99 },
    ];
    expect(cellText(products)).toBe("[{'name': 'shoes', 'price': 49.99}, {'name': 't-shirt', 'price': 49.99}]");
    expect(cellText([null, true, "it's", 'say "hi"', 'back\\slash'])).toBe(`[None, True, "it's", 'say "hi"', 'back\\\\slash']`);
  });
  it('keeps top-level text bare and escapes what would break a line', () => {
    expect(cellText('zażółć gęślą jaźń')).toBe('zażółć gęślą jaźń');
    expect(cellText('a\nb\tc\u0007')).toBe('a\\nb\\tc\\x07');
  });
  it('prints binary as text when it is printable UTF-8, else as hex', () => {
    expect(cellText(Buffer.from('tombstone-2'))).toBe('tombstone-2');
    expect(cellText(Buffer.from('zażółć 日本'))).toBe('zażółć 日本');
    expect(cellText(Buffer.from('fffe0062696e', 'hex'))).toBe('[FF FE 00 62 69 6E]');
    expect(cellText(Buffer.from('000000000702', 'hex'))).toBe('[00 00 00 00 07 02]'); // valid UTF-8, but control bytes
    expect(cellText(Buffer.from('a\tb'))).toBe('[61 09 62]');
    expect(cellText(Buffer.from('c285', 'hex'))).toBe('[C2 85]'); // U+0085, a C1 control
    expect(cellText(Buffer.from('7f', 'hex'))).toBe('[7F]');
    expect(cellText(new Uint8Array(0))).toBe('[]');
    expect(
      cellText([
        { key: 'trace', value: Buffer.from("it's") },
        { key: 'b', value: Uint8Array.from([0xff]) },
      ]),
    ).toBe(`[{'key': 'trace', 'value': b"it's"}, {'key': 'b', 'value': [FF]}]`);
    expect(isPrintableUtf8(Buffer.from('ok'))).toBe(true);
    expect(isPrintableUtf8(Buffer.from([0xc3]))).toBe(false);
  });
  it('prints binary as hex, timestamps as ISO-8601, big integers in full', () => {
    expect(cellText(Uint8Array.from([2, 0, 16, 0x4a]))).toBe('[02 00 10 4A]');
    expect(hexPreview(new Uint8Array(100))).toMatch(/^\[(00 ){63}00 …\]$/);
    expect(cellText(new Date(Date.UTC(2021, 1, 27, 18, 39, 2, 253)))).toBe('2021-02-27T18:39:02.253Z');
    expect(cellText(9223372036854775807n)).toBe('9223372036854775807');
    expect(cellText(null)).toBe('null');
    expect(cellText(NaN)).toBe('NaN');
  });
});

describe('toCell for the logical types the Avro mapping produces', () => {
  it('prints decimals exactly, times of day, and zone-less timestamps without a zone', async () => {
    const { Decimal, TimeMillisecond, TimeMicrosecond, TimestampMillisecond } = await import('apache-arrow');
    const { toCell } = await import('./cell.js');
    // -12345 unscaled, scale 2, as four little-endian words of a 128-bit two's complement.
    const minus = Uint32Array.from([0xffffffff - 12344, 0xffffffff, 0xffffffff, 0xffffffff]);
    expect(toCell(minus, new Decimal(2, 10, 128))).toBe('-123.45');
    expect(toCell(Uint32Array.from([5, 0, 0, 0]), new Decimal(3, 10, 128))).toBe('0.005');
    expect(toCell(45_296_789, new TimeMillisecond())).toBe('12:34:56.789');
    expect(toCell(45_296_000_001n, new TimeMicrosecond())).toBe('12:34:56.000001');
    expect(toCell(1614451142253, new TimestampMillisecond())).toBe('2021-02-27T18:39:02.253');
    expect(toCell(1614451142253, new TimestampMillisecond('UTC'))).toEqual(new Date(1614451142253));
  });
});
