import { Schema, type Field } from 'apache-arrow';
import type { AvroSchemaInput } from './column-plan.js';
import { describeColumns, type DescribeOptions } from './describe-columns.js';
import { planToField } from './plan-to-field.js';

/**
 * The Arrow schema of the table a record schema maps to: one column per top-level field. Built
 * from `describeColumns`, so it always matches the plan the ingester fills buffers from.
 *
 * @throws DlError('SCHEMA') as `describeColumns` does.
 */
export function avroToArrowSchema(input: AvroSchemaInput, options: DescribeOptions = {}): Schema {
  return new Schema(describeColumns(input, options).map(planToField));
}

/**
 * The Arrow field one value of any Avro schema maps to (a primitive, a record as a struct, ...),
 * e.g. a key schema. The schema is mapped as the only field of a wrapper record.
 */
export function avroToArrowField(name: string, input: unknown, options: DescribeOptions = {}): Field {
  const wrapper = { type: 'record', name: 'dl_wrapped_value', fields: [{ name, type: input }] };
  return planToField(describeColumns(wrapper as AvroSchemaInput, options)[0]!);
}
