import { describe, expect, it } from 'vitest';
import type { DeadLetterRow } from '@dl/core';
import { inWindow, pickDeadLetters } from './select-dead-letters.js';

function dl(topic: string, partition: number, offset: number, time = '2024-05-01T12:00:00Z'): DeadLetterRow {
  return {
    topic,
    partition,
    offset: BigInt(offset),
    timestamp: new Date(time),
    key: null,
    value: null,
    headers: [],
    schemaId: null,
    errorClass: 'NO_MAGIC_BYTE',
    errorMessage: '',
  };
}

describe('inWindow', () => {
  it('takes offsets inclusive at both ends', () => {
    const w = { fromOffset: 5n, toOffset: 7n };
    expect([4, 5, 7, 8].map((o) => inWindow(dl('t', 0, o), w))).toEqual([false, true, true, false]);
  });
  it('takes --since inclusive and --until exclusive', () => {
    const w = { since: new Date('2024-05-01T12:00:00Z'), until: new Date('2024-05-01T13:00:00Z') };
    expect(inWindow(dl('t', 0, 1, '2024-05-01T11:59:59.999Z'), w)).toBe(false);
    expect(inWindow(dl('t', 0, 1, '2024-05-01T12:00:00Z'), w)).toBe(true);
    expect(inWindow(dl('t', 0, 1, '2024-05-01T12:59:59.999Z'), w)).toBe(true);
    expect(inWindow(dl('t', 0, 1, '2024-05-01T13:00:00Z'), w)).toBe(false);
  });
  it('lets everything through without bounds', () => {
    expect(inWindow(dl('t', 0, 1), {})).toBe(true);
  });
});

describe('pickDeadLetters', () => {
  const rows = [dl('b', 0, 3), dl('a', 1, 0), dl('a', 0, 10), dl('a', 0, 2), dl('a', 0, 5)];
  const refs = (s: { selected: DeadLetterRow[] }) => s.selected.map((d) => `${d.topic}/${d.partition}/${d.offset}`);

  it('orders by topic, partition, offset, so each partition goes out in its original order', () => {
    const s = pickDeadLetters(rows, () => undefined);
    expect(refs(s)).toEqual(['a/0/2', 'a/0/5', 'a/0/10', 'a/1/0', 'b/0/3']);
    expect(s).toMatchObject({ matched: 5, alreadyReplayed: 0, pending: 0 });
  });

  it('counts, and does not select, what a replay already re-drove or an interrupted one holds', () => {
    const s = pickDeadLetters(rows, (ref) => (ref === 'a/0/5' ? 'replayed' : ref === 'b/0/3' ? 'pending' : undefined));
    expect(refs(s)).toEqual(['a/0/2', 'a/0/10', 'a/1/0']);
    expect(s).toMatchObject({ matched: 5, alreadyReplayed: 1, pending: 1 });
  });

  it('caps the selection with limit, after skipping what was replayed', () => {
    const s = pickDeadLetters(rows, (ref) => (ref === 'a/0/2' ? 'replayed' : undefined), 2);
    expect(refs(s)).toEqual(['a/0/5', 'a/0/10']);
  });
});
