import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { isUtf8Range } from './utf8-range.js';

describe('isUtf8Range', () => {
  it("answers as Node's isUtf8 on every 1- and 2-byte sequence and on sequences around each multi-byte boundary", () => {
    for (let a = 0; a < 256; a++) {
      expect(isUtf8Range(Buffer.from([a]), 0, 1), `${a}`).toBe(isUtf8(Buffer.from([a])));
      for (let b = 0; b < 256; b++) {
        const two = Buffer.from([a, b]);
        if (isUtf8Range(two, 0, 2) !== isUtf8(two)) expect.fail(`[${a}, ${b}]`);
      }
    }
    // Lead bytes of 3- and 4-byte forms with every second byte, valid continuations after it.
    for (const lead of [0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf8]) {
      for (let b = 0; b < 256; b++) {
        for (const tail of [[0x80], [0xbf], [0x80, 0x80], [0xbf, 0xbf], [0x41, 0x80], [0x80, 0x41]]) {
          const s = Buffer.from([lead, b, ...tail]);
          for (let n = 1; n <= s.length; n++) if (isUtf8Range(s, 0, n) !== isUtf8(s.subarray(0, n))) expect.fail(`[${[...s.subarray(0, n)]}]`);
        }
      }
    }
  });

  it('answers as isUtf8 on random bytes, random text and ranges inside a larger buffer', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const texts = ['zażółć gęślą jaźń', 'plain', '日本語テキスト', '🙂 emoji 🚀', '\u0000\u007f\u0080\u07ff\u0800\uffff', '\u{10ffff}'];
    for (let k = 0; k < 20_000; k++) {
      const bytes =
        k % 2 === 0
          ? Buffer.from(Array.from({ length: Math.floor(rnd() * 12) }, () => Math.floor(rnd() * 256)))
          : Buffer.from(texts[k % texts.length]!.repeat(1 + Math.floor(rnd() * 30)));
      if (k % 4 === 3 && bytes.length > 0) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
      const start = Math.floor(rnd() * (bytes.length + 1));
      const end = start + Math.floor(rnd() * (bytes.length - start + 1));
      if (isUtf8Range(bytes, start, end) !== isUtf8(bytes.subarray(start, end))) expect.fail(`[${[...bytes]}] ${start}..${end}`);
    }
  });

  it('checks long ranges too (with Node)', () => {
    const long = Buffer.from('ż'.repeat(400));
    expect(isUtf8Range(long, 0, long.length)).toBe(true);
    expect(isUtf8Range(long, 1, long.length)).toBe(false);
  });
});
