import { Field } from 'apache-arrow';
import type { ColumnPlan } from './column-plan.js';

/** Field metadata key holding the Avro `doc` of the field, so readers of the lake can show it. */
export const AVRO_DOC_METADATA_KEY = 'avro.doc';

/** The Arrow field for one plan node: its name, type, nullability and `avro.doc` metadata. */
export function planToField(plan: ColumnPlan): Field {
  const metadata = plan.doc === undefined ? null : new Map([[AVRO_DOC_METADATA_KEY, plan.doc]]);
  return new Field(plan.name, plan.arrowType, plan.nullable, metadata);
}
