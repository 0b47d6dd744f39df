import { describe, expect, it } from 'vitest';
import { avroToArrowField, avroToArrowSchema, DlError, formatArrowSchema } from '@dl/core';

const node = {
  type: 'record',
  name: 'Node',
  namespace: 'dev.dl.test',
  fields: [
    { name: 'value', type: 'int' },
    { name: 'next', type: ['null', 'Node'] },
  ],
};

const tree = {
  type: 'record',
  name: 'Category',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'children', type: { type: 'array', items: 'Category' } },
  ],
};

describe('recursiveDepth', () => {
  it('keeps the clear sentence without the option', () => {
    expect(() => avroToArrowSchema(node as never)).toThrow(DlError);
    expect(() => avroToArrowSchema(node as never)).toThrow(/Avro type dev\.dl\.test\.Node is recursive: field next refers back to it/);
  });

  it('0: the first self-reference is JSON text', () => {
    expect(formatArrowSchema(avroToArrowSchema(node as never, { recursiveDepth: 0 }))).toBe('value: Int32 not null\nnext: Utf8\n');
  });

  it('2: two levels of structs, then JSON text', () => {
    const text = formatArrowSchema(avroToArrowSchema(node as never, { recursiveDepth: 2 }));
    expect(text).toContain('next: Struct\n');
    expect((text.match(/Struct\n/g) ?? []).length).toBe(2);
    expect(text).toMatch(/next: Utf8/);
  });

  it('works through arrays (a tree)', () => {
    const text = formatArrowSchema(avroToArrowSchema(tree as never, { recursiveDepth: 1 }));
    expect((text.match(/List not null\n/g) ?? []).length).toBe(2);
    expect(text).toMatch(/element: Utf8 not null/);
  });
});

describe('avroToArrowField', () => {
  it('maps a primitive key schema to one typed field', () => {
    expect(String(avroToArrowField('key_decoded', 'long').type)).toBe('Int64');
    expect(String(avroToArrowField('key_decoded', { type: 'string' }).type)).toBe('Utf8');
  });

  it('maps a record key schema to a struct', () => {
    const f = avroToArrowField('key_decoded', {
      type: 'record',
      name: 'OrderKey',
      namespace: 'dev.dl',
      fields: [
        { name: 'region', type: 'string' },
        { name: 'id', type: 'long' },
      ],
    });
    expect(String(f.type)).toBe('Struct<{region:Utf8, id:Int64}>');
  });
});
