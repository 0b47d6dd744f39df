import { describe, expect, it } from 'vitest';
import avsc from 'avsc';
import { recursiveAsText } from './recursive-text.js';

const node = {
  type: 'record',
  name: 'Node',
  fields: [
    { name: 'value', type: 'long' },
    { name: 'next', type: ['null', 'Node'] },
  ],
};
const tree = {
  type: 'record',
  name: 'T',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'kids', type: { type: 'array', items: 'T' } },
  ],
};

describe('recursiveAsText', () => {
  it('turns what is deeper than the depth into Avro JSON text and leaves the structs above it', () => {
    const type = avsc.Type.forSchema(node as avsc.Schema);
    const value = type.fromBuffer(type.toBuffer({ value: 1, next: { value: 2, next: { value: 3, next: null } } }));
    const out = recursiveAsText(type, node, 1)!(value) as { value: number; next: { value: number; next: string } };
    expect(out.value).toBe(1);
    expect(out.next.value).toBe(2);
    expect(out.next.next).toBe('{"value":3,"next":null}');
  });

  it('keeps nulls null and works through arrays', () => {
    const type = avsc.Type.forSchema(node as avsc.Schema);
    expect((recursiveAsText(type, node, 0)!(type.fromBuffer(type.toBuffer({ value: 1, next: null }))) as { next: unknown }).next).toBeNull();
    const t = avsc.Type.forSchema(tree as avsc.Schema);
    const v = t.fromBuffer(t.toBuffer({ name: 'a', kids: [{ name: 'b', kids: [{ name: 'c', kids: [] }] }] }));
    const out = recursiveAsText(t, tree, 0)!(v) as { kids: string[] };
    expect(out.kids).toEqual(['{"name":"b","kids":[{"name":"c","kids":[]}]}']);
  });

  it('is not needed for a schema that is not recursive', () => {
    const flat = { type: 'record', name: 'F', fields: [{ name: 'a', type: 'int' }] };
    expect(recursiveAsText(avsc.Type.forSchema(flat as avsc.Schema), flat, 2)).toBeUndefined();
  });
});
