import { Schema, type Field } from 'apache-arrow';
import { DlError, TABLE_META_FIELDS_AFTER, TABLE_META_FIELDS_BEFORE, avroToArrowSchema, type AvroSchemaInput } from '@dl/core';

/** What, besides the decoded value fields, a main-table file holds. */
export interface TableShape {
  /** Keep the raw framed value in `avro_value`. */
  rawValue: boolean;
  /** Add the Kafka headers as a `headers` column (the DLQ's type). */
  headers: boolean;
  /** The key decoded with its registry schema (`key_decoded`); absent when keys are not decoded. */
  keyField?: Field;
  /** Self-nesting records deeper than this become JSON text (see core's describeColumns). */
  recursiveDepth?: number;
}

/** Tests and old call sites pass just `rawValue`. */
export type ShapeInput = TableShape | boolean;

export function toShape(s: ShapeInput): TableShape {
  return typeof s === 'boolean' ? { rawValue: s, headers: false } : s;
}

/** The main table's schema for one reader schema: the seed's columns, then the decoded fields. */
export function tableSchema(readerSchema: AvroSchemaInput, shapeInput: ShapeInput): Schema {
  const shape = toShape(shapeInput);
  const options = shape.recursiveDepth === undefined ? {} : { recursiveDepth: shape.recursiveDepth };
  const decoded = avroToArrowSchema(readerSchema, options).fields;
  const before = TABLE_META_FIELDS_BEFORE(shape.rawValue, shape.keyField);
  const after = TABLE_META_FIELDS_AFTER(shape.headers);
  // Every column the table may have, whether or not this file has it: a field may not take one's name.
  const names = new Set(
    before
      .map((f) => f.name)
      .concat(
        after.map((f) => f.name),
        'key_bytes',
        'key_decoded',
        'avro_value',
        'schema_id',
        'replay_of',
        'headers',
      ),
  );
  for (const f of decoded) {
    if (names.has(f.name)) {
      throw new DlError('SCHEMA', `Avro field "${f.name}" clashes with the table's own column of that name; rename the field in the schema.`);
    }
  }
  return new Schema([...before, ...decoded, ...after]);
}

/** Number of table columns before the decoded fields. */
export function metaColumnsBefore(shapeInput: ShapeInput): number {
  const shape = toShape(shapeInput);
  return 6 + (shape.keyField ? 1 : 0) + (shape.rawValue ? 1 : 0);
}

/** Number of table columns after the decoded fields. */
export function metaColumnsAfter(shapeInput: ShapeInput): number {
  return toShape(shapeInput).headers ? 3 : 2;
}
