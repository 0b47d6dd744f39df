import { describe, expect, it } from 'vitest';
import { REPLAY_HEADER } from '@dl/core';
import type { DeadLetterRow } from '@dl/core';
import { outgoing, toKafka, toStored } from './replay-message.js';

const dl: DeadLetterRow = {
  topic: 'dev.orders',
  partition: 2,
  offset: 17n,
  timestamp: new Date(0),
  key: Buffer.from('product1'),
  value: Buffer.from([2, 4]),
  headers: [
    { key: 'trace', value: Buffer.from('a') },
    { key: REPLAY_HEADER, value: Buffer.from('dev.orders/0/3') },
    { key: 'trace', value: Buffer.from('b') },
    { key: 'empty', value: null },
  ],
  schemaId: null,
  errorClass: 'NO_MAGIC_BYTE',
  errorMessage: '',
};

describe('outgoing', () => {
  it('keeps key and headers, and names the dead letter in dl-replay-of (replacing an older one)', () => {
    const o = outgoing(dl, Buffer.from('new'), { topic: 'dev.orders', samePartition: false });
    expect(o.ref).toBe('dev.orders/2/17');
    expect(o.partition).toBeUndefined();
    expect(o.key?.toString()).toBe('product1');
    expect(o.value?.toString()).toBe('new');
    expect(o.headers.map((h) => [h.key, h.value?.toString() ?? null])).toEqual([
      ['trace', 'a'],
      ['trace', 'b'],
      ['empty', null],
      [REPLAY_HEADER, 'dev.orders/2/17'],
    ]);
  });

  it("goes to the dead letter's own partition with --same-partition, and to --to-topic", () => {
    const o = outgoing(dl, null, { topic: 'retry', samePartition: true });
    expect(o).toMatchObject({ topic: 'retry', partition: 2, value: null });
  });
});

describe('stored and sent forms', () => {
  it('round-trip through the intent: repeated header keys become arrays, nulls stay null', () => {
    const m = toStored(outgoing(dl, null, { topic: 'dev.orders', samePartition: false }), 1);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    const k = toKafka(m);
    expect(k.partition).toBe(1);
    expect(k.value).toBeNull();
    expect(k.key?.toString()).toBe('product1');
    expect(Object.keys(k.headers)).toEqual(['trace', 'empty', REPLAY_HEADER]);
    expect((k.headers.trace as Buffer[]).map(String)).toEqual(['a', 'b']);
    expect(k.headers.empty).toEqual([null]);
    expect(String((k.headers[REPLAY_HEADER] as Buffer[])[0])).toBe('dev.orders/2/17');
  });
});
