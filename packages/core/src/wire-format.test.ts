import { describe, expect, it } from 'vitest';
import { frame, unframe } from '@dl/core';

describe('wire format', () => {
  it('frames with magic byte 0 and a big-endian schema id', () => {
    const framed = frame(258, Buffer.from([7, 8]));
    expect([...framed]).toEqual([0, 0, 0, 1, 2, 7, 8]);
    const back = unframe(framed);
    expect(back).toEqual({ ok: true, schemaId: 258, body: Buffer.from([7, 8]) });
  });
  it('reports a wrong magic byte with its value', () => {
    const r = unframe(Buffer.from([2, 0, 0, 0, 1, 9]));
    expect(r).toMatchObject({ ok: false, kind: 'WRONG_MAGIC_BYTE', magicByte: 2 });
  });
  it('reports a value shorter than the header', () => {
    expect(unframe(Buffer.from([0, 0, 1]))).toMatchObject({
      ok: false,
      kind: 'TOO_SHORT',
      message: 'value is 3 bytes, shorter than the 5-byte Confluent header',
    });
  });
});
