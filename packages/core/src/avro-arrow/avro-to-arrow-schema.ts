import { Schema } from 'apache-arrow';
import type { AvroSchemaInput } from './column-plan.js';
import { describeColumns } from './describe-columns.js';
import { planToField } from './plan-to-field.js';

/**
 * The Arrow schema of the table a record schema maps to: one column per top-level field. Built
 * from `describeColumns`, so it always matches the plan the ingester fills buffers from.
 *
 * @throws DlError('SCHEMA') as `describeColumns` does.
 */
export function avroToArrowSchema(input: AvroSchemaInput): Schema {
  return new Schema(describeColumns(input).map(planToField));
}
