import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  Binary,
  Bool,
  DataType,
  Date_,
  DateUnit,
  Field,
  Float64,
  Int32,
  Int64,
  List,
  Schema,
  Struct,
  Table,
  TimeUnit,
  Timestamp,
  Utf8,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';

/** A column type in fixture JSON: a name, or `{list: T}` / `{struct: {field: T}}`. */
export type TypeSpec =
  'utf8' | 'int32' | 'int64' | 'float64' | 'bool' | 'binary' | 'timestamp' | 'date' | { list: TypeSpec } | { struct: Record<string, TypeSpec> };

export interface ColumnSpec {
  name: string;
  type: TypeSpec;
  nullable?: boolean;
}

const utcMillis = () => new Timestamp(TimeUnit.MILLISECOND, 'UTC');

export function arrowType(spec: TypeSpec): DataType {
  if (typeof spec === 'object') {
    if ('list' in spec) return new List(new Field('element', arrowType(spec.list), true));
    return new Struct(Object.entries(spec.struct).map(([n, t]) => new Field(n, arrowType(t), true)));
  }
  switch (spec) {
    case 'utf8':
      return new Utf8();
    case 'int32':
      return new Int32();
    case 'int64':
      return new Int64();
    case 'float64':
      return new Float64();
    case 'bool':
      return new Bool();
    case 'binary':
      return new Binary();
    case 'timestamp':
      return utcMillis();
    case 'date':
      return new Date_(DateUnit.DAY);
  }
}

/**
 * Converts a JSON fixture value for `type`: int64 from numbers or digit strings, binary from
 * `hex:0a0b` or plain text (its UTF-8 bytes), timestamps and dates from ISO strings.
 */
export function fromJson(value: unknown, type: DataType): unknown {
  if (value === null || value === undefined) return null;
  if (DataType.isInt(type) && type.bitWidth === 64) return BigInt(value as string | number);
  if (DataType.isBinary(type)) {
    if (value instanceof Uint8Array) return value;
    const s = String(value);
    return s.startsWith('hex:') ? Uint8Array.from(Buffer.from(s.slice(4), 'hex')) : Uint8Array.from(Buffer.from(s, 'utf8'));
  }
  if (DataType.isTimestamp(type) || DataType.isDate(type)) return typeof value === 'string' ? Date.parse(value) : value;
  if (DataType.isList(type)) return (value as unknown[]).map((v) => fromJson(v, type.children[0]!.type));
  if (DataType.isStruct(type)) {
    const o = value as Record<string, unknown>;
    return Object.fromEntries(type.children.map((f) => [f.name, fromJson(o[f.name], f.type)]));
  }
  return value;
}

/** An Arrow table from fields and rows of JSON-ish values (see `fromJson`). */
export function arrowTable(fields: Field[], rows: unknown[][]): Table {
  const vectors = Object.fromEntries(
    fields.map((f, i) => [
      f.name,
      vectorFromArray(
        rows.map((r) => fromJson(r[i], f.type)),
        f.type,
      ),
    ]),
  );
  return new Table(new Schema(fields), vectors);
}

export function fieldsOf(columns: ColumnSpec[]): Field[] {
  return columns.map((c) => new Field(c.name, arrowType(c.type), c.nullable ?? true));
}

/** Writes rows as a zstd Parquet file the way the ingester does (parquet-wasm from an Arrow table). */
export function writeParquetFile(file: string, fields: Field[], rows: unknown[][], rowGroupSize?: number): string {
  mkdirSync(path.dirname(file), { recursive: true });
  let props = new WriterPropertiesBuilder().setCompression(Compression.ZSTD);
  if (rowGroupSize) props = props.setMaxRowGroupSize(rowGroupSize);
  const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(arrowTable(fields, rows), 'stream')), props.build());
  writeFileSync(file, bytes);
  return file;
}
