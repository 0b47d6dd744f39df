import { describe, expect, it } from 'vitest';
import { Field, Float64, Int32, List, Struct, Utf8, makeVector } from 'apache-arrow';
import { createBuilder } from './create-builder.js';
import type { ColumnBuilder } from './column-builder.js';

/** The buffers a builder writes into (private fields, read here to see whether they were replaced). */
function buffers(b: ColumnBuilder): unknown[] {
  const o = b as unknown as {
    values?: unknown;
    bytes?: unknown;
    offsets?: unknown;
    child?: ColumnBuilder;
    children?: ColumnBuilder[];
    validity?: { bits: unknown };
  };
  return [o.values, o.bytes, o.offsets, o.validity?.bits, ...(o.child ? buffers(o.child) : []), ...(o.children ?? []).flatMap(buffers)].filter(Boolean);
}

const fields = [
  new Field('n', new Int32(), true),
  new Field('s', new Utf8(), false),
  new Field('l', new List(new Field('item', new Struct([new Field('name', new Utf8(), false), new Field('price', new Float64(), false)]), false)), false),
];
const row = (i: number) => [i % 7 === 0 ? null : i, `description ${i} zażółć`, Array.from({ length: i % 4 }, (_, k) => ({ name: `p${k}`, price: k / 2 }))];

describe('sizeLike (the next flush starts at the size of the last)', () => {
  it.each([false, true])('fills a like-sized builder without replacing its buffers, with the same values (previous finished first: %s)', (finishedFirst) => {
    for (const [f, field] of fields.entries()) {
      const previous = createBuilder(field);
      for (let i = 0; i < 5000; i++) previous.append(row(i)[f]);
      const expected = finishedFirst ? [...makeVector(previous.finish())] : undefined;
      const next = createBuilder(field);
      next.sizeLike(previous);
      const before = buffers(next);
      for (let i = 0; i < 5000; i++) next.append(row(i)[f]);
      const after = buffers(next);
      expect(after.length).toBe(before.length);
      after.forEach((buf, i) => expect(buf, `buffer ${i} of column ${field.name}`).toBe(before[i]));
      const got = [...makeVector(next.finish())];
      if (expected) expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
      expect(got).toHaveLength(5000);
    }
  });

  it('a builder that was not sized like one grows (what sizeLike saves)', () => {
    const b = createBuilder(fields[1]!);
    const before = buffers(b);
    for (let i = 0; i < 5000; i++) b.append(row(i)[1]);
    expect(buffers(b).some((buf, i) => buf !== before[i])).toBe(true);
  });
});

describe('BytesBuilder repeated strings', () => {
  it('copies a repeated string from the row before, also after rollbacks and a finish', () => {
    const b = createBuilder(new Field('topic', new Utf8(), true));
    const expected: Array<string | null> = [];
    const add = (v: string | null) => {
      b.append(v);
      expected.push(v);
    };
    add('dev.orders');
    add('dev.orders');
    b.mark();
    b.append('rolled back');
    b.rollback();
    add('dev.orders');
    add('zażółć');
    add('zażółć');
    add(null);
    add('zażółć');
    b.mark();
    b.append('dev.orders');
    b.rollback();
    // Bytes (as the direct decoder pushes them) now where the rolled-back string was.
    b.append(Buffer.from('XXXXXXXXXX'));
    expected.push('XXXXXXXXXX');
    add('dev.orders');
    expect([...makeVector(b.finish())]).toEqual(expected);
    b.append('after finish');
    b.append('after finish');
    expect([...makeVector(b.finish())]).toEqual(['after finish', 'after finish']);
  });
});
