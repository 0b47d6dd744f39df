import { DlError, literal } from '@dl/core/errors';
import type { DeltaField, DeltaStruct, DeltaType } from './schema-string.js';

/** Avro's promotions (int → long/float/double, long → float/double, float → double) as Delta types. */
const WIDER: Record<string, readonly string[]> = {
  integer: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
};

/**
 * The table schema after a file of schema `next` is added: new columns are appended (nullable,
 * so older files read as null), a column whose type widened per Avro's resolution rules takes
 * the wider type, and columns the file lacks stay (files of an older reader schema lack the
 * newer columns, and a reader schema that drops a field leaves nulls). `changed` tells the
 * commit to carry a `metaData` action.
 *
 * @throws DlError('SCHEMA') for any other change of a column's type: the table cannot hold both.
 */
export function evolveSchema(table: DeltaStruct, next: DeltaStruct): { schema: DeltaStruct; changed: boolean } {
  const fields = mergeFields(table.fields, next.fields, '');
  const changed = JSON.stringify(fields) !== JSON.stringify(table.fields);
  return { schema: changed ? { type: 'struct', fields } : table, changed };
}

function mergeFields(current: DeltaField[], next: DeltaField[], parent: string): DeltaField[] {
  const out = current.map((f) => ({ ...f }));
  for (const f of next) {
    const i = out.findIndex((o) => o.name === f.name);
    if (i < 0) {
      out.push({ ...f, nullable: true });
      continue;
    }
    const have = out[i]!;
    out[i] = { ...have, type: mergeType(have.type, f.type, `${parent}${f.name}`) };
  }
  return out;
}

function mergeType(have: DeltaType, next: DeltaType, name: string): DeltaType {
  if (typeof have === 'string' || typeof next === 'string') {
    if (have === next) return have;
    if (typeof have === 'string' && typeof next === 'string' && WIDER[have]?.includes(next)) return next;
    // A file written with the narrower type of a column the table already widened still reads.
    if (typeof have === 'string' && typeof next === 'string' && WIDER[next]?.includes(have)) return have;
    throw incompatible(name, have, next);
  }
  if (have.type === 'struct' && next.type === 'struct') return { type: 'struct', fields: mergeFields(have.fields, next.fields, `${name}.`) };
  if (have.type === 'array' && next.type === 'array') {
    return { type: 'array', elementType: mergeType(have.elementType, next.elementType, `${name}[]`), containsNull: have.containsNull || next.containsNull };
  }
  if (have.type === 'map' && next.type === 'map') {
    return {
      type: 'map',
      keyType: mergeType(have.keyType, next.keyType, `${name}{}`),
      valueType: mergeType(have.valueType, next.valueType, `${name}{}`),
      valueContainsNull: have.valueContainsNull || next.valueContainsNull,
    };
  }
  throw incompatible(name, have, next);
}

function incompatible(name: string, have: DeltaType, next: DeltaType): DlError {
  return new DlError(
    'SCHEMA',
    `The new reader schema changes column "${literal(name)}" of the Delta table from ${literal(typeName(have))} to ${literal(typeName(next))}, which is not a widening Avro allows; register a compatible version (add optional fields, widen int to long) or ingest into another {dataDir}.`,
    { namesSettings: true },
  );
}

function typeName(t: DeltaType): string {
  return typeof t === 'string' ? t : t.type;
}
