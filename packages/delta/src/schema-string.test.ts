import { describe, expect, it } from 'vitest';
import { Binary, Bool, DateDay, Decimal, Field, Float64, Int32, Int64, List, Schema, Struct, TimestampMillisecond, Utf8 } from 'apache-arrow';
import { arrowToDeltaSchema, usesTimestampNtz } from './schema-string.js';
import { evolveSchema } from './evolve-schema.js';

const ORDERISH = new Schema([
  new Field('key', new Utf8(), true),
  new Field('offset', new Int64(), false),
  new Field('timestamp', new TimestampMillisecond('UTC'), false),
  new Field('avro_value', new Binary(), false),
  new Field('price', new Float64(), false),
  new Field('paid', new Bool(), false),
  new Field('day', new DateDay(), true),
  new Field('amount', new Decimal(2, 10, 128), true),
  new Field('products', new List(new Field('element', new Struct([new Field('name', new Utf8(), false), new Field('qty', new Int32(), false)]), false)), false),
]);

describe('arrowToDeltaSchema', () => {
  it('maps Arrow types to Delta types, every column nullable, partition columns last as strings', () => {
    const s = arrowToDeltaSchema(ORDERISH, ['date']);
    expect(s.fields.map((f) => [f.name, f.type, f.nullable])).toEqual([
      ['key', 'string', true],
      ['offset', 'long', true],
      ['timestamp', 'timestamp', true],
      ['avro_value', 'binary', true],
      ['price', 'double', true],
      ['paid', 'boolean', true],
      ['day', 'date', true],
      ['amount', 'decimal(10,2)', true],
      [
        'products',
        {
          type: 'array',
          containsNull: false,
          elementType: {
            type: 'struct',
            fields: [
              { name: 'name', type: 'string', nullable: false, metadata: {} },
              { name: 'qty', type: 'integer', nullable: false, metadata: {} },
            ],
          },
        },
        true,
      ],
      ['date', 'string', true],
    ]);
    expect(usesTimestampNtz(s)).toBe(false);
  });

  it('a timestamp without a zone is timestamp_ntz (which needs the table feature)', () => {
    const s = arrowToDeltaSchema(new Schema([new Field('t', new TimestampMillisecond(), true)]), []);
    expect(s.fields[0]!.type).toBe('timestamp_ntz');
    expect(usesTimestampNtz(s)).toBe(true);
  });

  it('refuses a partition column that is also a data column, in one sentence', () => {
    // The setting by its schema key; the cli prints it as --partition-by (packages/cli/src/word-error.test.ts).
    expect(() => arrowToDeltaSchema(new Schema([new Field('date', new Utf8(), true)]), ['date'])).toThrow(
      expect.objectContaining({
        message: 'The partition column "date" is also a column of the data; choose another partitionBy.',
        template: 'The partition column "date" is also a column of the data; choose another {partitionBy}.',
      }),
    );
  });
});

describe('evolveSchema', () => {
  const v1 = arrowToDeltaSchema(new Schema([new Field('id', new Int32(), false), new Field('name', new Utf8(), false)]), ['date']);

  it('appends a new column, keeps the order of the old ones, and says it changed', () => {
    const v2 = arrowToDeltaSchema(
      new Schema([new Field('id', new Int32(), false), new Field('name', new Utf8(), false), new Field('coupon', new Utf8(), true)]),
      ['date'],
    );
    const { schema, changed } = evolveSchema(v1, v2);
    expect(changed).toBe(true);
    expect(schema.fields.map((f) => f.name)).toEqual(['id', 'name', 'date', 'coupon']);
    expect(evolveSchema(schema, v1)).toEqual({ schema, changed: false });
  });

  it('widens int to long as Avro promotes it, and keeps long for a file of the narrower type', () => {
    const wide = arrowToDeltaSchema(new Schema([new Field('id', new Int64(), false), new Field('name', new Utf8(), false)]), ['date']);
    const after = evolveSchema(v1, wide);
    expect(after.changed).toBe(true);
    expect(after.schema.fields[0]!.type).toBe('long');
    expect(evolveSchema(after.schema, v1).changed).toBe(false);
  });

  it('refuses any other type change with one sentence naming the column and both types', () => {
    const bad = arrowToDeltaSchema(new Schema([new Field('id', new Int32(), false), new Field('name', new Binary(), false)]), ['date']);
    expect(() => evolveSchema(v1, bad)).toThrow(
      /^The new reader schema changes column "name" of the Delta table from string to binary, which is not a widening Avro allows; /,
    );
  });
});
