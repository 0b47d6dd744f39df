import { describe, expect, it } from 'vitest';
import { DLQ_SCHEMA } from '@dl/core';
import { typeLabel } from './type-label.js';
import { orderFields } from '../test/helpers/lake-fixtures.js';

describe('typeLabel', () => {
  it('names types as pyarrow prints them', () => {
    const labels = Object.fromEntries(orderFields().map((f) => [f.name, typeLabel(f.type)]));
    expect(labels).toMatchObject({
      key: 'string',
      offset: 'int64',
      timestamp: 'timestamp[ms, tz=UTC]',
      avro_value: 'binary',
      price: 'double',
      products: 'list<element: struct<name: string not null, price: double not null> not null>',
    });
    expect(typeLabel(DLQ_SCHEMA.fields.find((f) => f.name === 'headers')!.type)).toBe('list<element: struct<key: string not null, value: binary> not null>');
  });
});
