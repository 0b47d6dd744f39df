import { DataType, type Decimal, type Field, type FixedSizeBinary, type Int, type List, type Map_, type Struct, type Time, type Timestamp } from 'apache-arrow';
import { DlError } from '@dl/core';
import { BigIntBuilder } from './bigint-builder.js';
import { BoolBuilder } from './bool-builder.js';
import { BytesBuilder } from './bytes-builder.js';
import type { ColumnBuilder } from './column-builder.js';
import { FixedBuilder } from './fixed-builder.js';
import { ListBuilder } from './list-builder.js';
import { MapBuilder } from './map-builder.js';
import { NullBuilder } from './null-builder.js';
import { NumberBuilder } from './number-builder.js';
import { StructBuilder } from './struct-builder.js';
import { timestampConverter, toBigInt, toDays, toDecimal, toFixed, toInt, toNumber } from './value-coercion.js';

/** The builder for an Arrow field, with the value coercion its type needs (children too). */
export function createBuilder(field: Field): ColumnBuilder {
  return builderFor(field.type, field.nullable, field.name);
}

function builderFor(type: DataType, nullable: boolean, name: string): ColumnBuilder {
  if (DataType.isNull(type)) return new NullBuilder(type);
  if (DataType.isBool(type)) return new BoolBuilder(type, nullable, name);
  if (DataType.isInt(type)) {
    const t = type as Int;
    if (t.bitWidth === 64) return new BigIntBuilder(type, nullable, name, toBigInt);
    return new NumberBuilder(type, nullable, name, t.bitWidth === 32 ? Int32Array : t.bitWidth === 16 ? Int16Array : Int8Array, toInt);
  }
  if (DataType.isFloat(type)) return new NumberBuilder(type, nullable, name, type.precision === 2 ? Float64Array : Float32Array, toNumber);
  if (DataType.isDate(type)) return new NumberBuilder(type, nullable, name, Int32Array, toDays);
  if (DataType.isTime(type)) {
    const t = type as Time;
    return t.bitWidth === 64 ? new BigIntBuilder(type, nullable, name, toBigInt) : new NumberBuilder(type, nullable, name, Int32Array, toInt);
  }
  if (DataType.isTimestamp(type)) return new BigIntBuilder(type, nullable, name, timestampConverter((type as Timestamp).unit));
  if (DataType.isUtf8(type)) return new BytesBuilder(type, nullable, name, 'utf8');
  if (DataType.isBinary(type)) return new BytesBuilder(type, nullable, name, 'binary');
  if (DataType.isFixedSizeBinary(type)) return new FixedBuilder(type as FixedSizeBinary, nullable, name, (type as FixedSizeBinary).byteWidth, toFixed);
  if (DataType.isDecimal(type)) return new FixedBuilder(type as Decimal, nullable, name, (type as Decimal).bitWidth / 8, toDecimal);
  if (DataType.isList(type)) {
    const child = (type as List).children[0]!;
    return new ListBuilder(type, nullable, name, builderFor(child.type, child.nullable, `${name}.${child.name}`));
  }
  if (DataType.isStruct(type)) {
    const children = (type as Struct).children;
    return new StructBuilder(
      type,
      nullable,
      name,
      children.map((c) => c.name),
      children.map((c) => builderFor(c.type, c.nullable, `${name}.${c.name}`)),
    );
  }
  if (DataType.isMap(type)) {
    const entries = (type as Map_).children[0]!;
    const [k, v] = (entries.type as Struct).children;
    return new MapBuilder(type, nullable, name, entries.type, builderFor(k!.type, false, `${name}.key`), builderFor(v!.type, v!.nullable, `${name}.value`));
  }
  throw new DlError('SCHEMA', `column ${name}: Arrow type ${String(type)} has no builder`);
}
