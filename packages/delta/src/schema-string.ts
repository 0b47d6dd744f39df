import { DataType, Type, type Field, type Schema } from 'apache-arrow';
import { DlError, literal } from '@dl/core/errors';

/** A Delta schema (PROTOCOL.md, "Schema Serialization Format"): a struct of named fields. */
export interface DeltaStruct {
  type: 'struct';
  fields: DeltaField[];
}

export interface DeltaField {
  name: string;
  type: DeltaType;
  nullable: boolean;
  metadata: Record<string, unknown>;
}

export type DeltaType =
  | string
  | DeltaStruct
  | { type: 'array'; elementType: DeltaType; containsNull: boolean }
  | { type: 'map'; keyType: DeltaType; valueType: DeltaType; valueContainsNull: boolean };

/**
 * The Delta schema of a table whose Parquet files have `schema`, plus its partition columns
 * (strings, kept in `partitionValues`, never inside the files). Every column is nullable in the
 * table: a column added by a later schema version is absent (null) in older files.
 */
export function arrowToDeltaSchema(schema: Schema, partitionColumns: readonly string[]): DeltaStruct {
  const fields = schema.fields.map((f) => ({ ...deltaField(f), nullable: true }));
  for (const p of partitionColumns) {
    if (fields.some((f) => f.name === p)) {
      throw new DlError('SCHEMA', `The partition column "${literal(p)}" is also a column of the data; choose another {partitionBy}.`, { namesSettings: true });
    }
    fields.push({ name: p, type: 'string', nullable: true, metadata: {} });
  }
  return { type: 'struct', fields };
}

/** True when the table needs the timestampNtz table feature (a timestamp without a time zone). */
export function usesTimestampNtz(t: DeltaType): boolean {
  if (typeof t === 'string') return t === 'timestamp_ntz';
  if (t.type === 'struct') return t.fields.some((f) => usesTimestampNtz(f.type));
  if (t.type === 'array') return usesTimestampNtz(t.elementType);
  return usesTimestampNtz(t.keyType) || usesTimestampNtz(t.valueType);
}

function deltaField(f: Field): DeltaField {
  return { name: f.name, type: deltaType(f.type, f.name), nullable: f.nullable, metadata: {} };
}

function deltaType(t: DataType, name: string): DeltaType {
  switch (t.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'string';
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary:
      return 'binary';
    case Type.Bool:
      return 'boolean';
    case Type.Float:
      return (t as DataType & { precision: number }).precision === 2 ? 'double' : 'float';
    case Type.Date:
      return 'date';
    case Type.Timestamp:
      return (t as DataType & { timezone?: string | null }).timezone ? 'timestamp' : 'timestamp_ntz';
    case Type.Decimal: {
      const d = t as DataType & { precision: number; scale: number };
      if (d.precision > 38) throw unsupported(name, `decimal(${d.precision},${d.scale}) (Delta decimals hold at most 38 digits)`);
      return `decimal(${d.precision},${d.scale})`;
    }
    case Type.Int: {
      const i = t as DataType & { bitWidth: number };
      return ({ 8: 'byte', 16: 'short', 32: 'integer', 64: 'long' } as Record<number, string>)[i.bitWidth] ?? 'long';
    }
    // Delta has no time-of-day type; the column keeps Avro's units since midnight as a number.
    case Type.Time:
      return (t as DataType & { bitWidth: number }).bitWidth === 64 ? 'long' : 'integer';
    case Type.Dictionary:
      return deltaType((t as DataType & { dictionary: DataType }).dictionary, name);
    case Type.List:
    case Type.LargeList:
    case Type.FixedSizeList: {
      const child = t.children[0]!;
      return { type: 'array', elementType: deltaType(child.type, name), containsNull: child.nullable };
    }
    case Type.Struct:
      return { type: 'struct', fields: t.children.map(deltaField) };
    case Type.Map: {
      const entries = t.children[0]!.type.children;
      return { type: 'map', keyType: deltaType(entries[0]!.type, name), valueType: deltaType(entries[1]!.type, name), valueContainsNull: entries[1]!.nullable };
    }
    default:
      throw unsupported(name, String(t));
  }
}

function unsupported(name: string, what: string): DlError {
  return new DlError(
    'SCHEMA',
    `Column "${literal(name)}" has type ${literal(what)}, which a Delta table cannot hold; use {tableFormat} parquet for this topic.`,
    {
      namesSettings: true,
    },
  );
}
