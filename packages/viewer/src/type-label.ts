import { DataType, DateUnit, TimeUnit } from 'apache-arrow';

const UNITS: Record<number, string> = {
  [TimeUnit.SECOND]: 's',
  [TimeUnit.MILLISECOND]: 'ms',
  [TimeUnit.MICROSECOND]: 'us',
  [TimeUnit.NANOSECOND]: 'ns',
};

/** A type as pyarrow prints it (`string`, `timestamp[ms, tz=UTC]`, `list<element: struct<…>>`): what pandas users read. */
export function typeLabel(type: DataType): string {
  if (DataType.isInt(type)) return `${type.isSigned ? 'int' : 'uint'}${type.bitWidth}`;
  if (DataType.isFloat(type)) return ['halffloat', 'float', 'double'][type.precision] ?? String(type);
  if (DataType.isUtf8(type)) return 'string';
  if (DataType.isLargeUtf8(type)) return 'large_string';
  if (DataType.isBinary(type)) return 'binary';
  if (DataType.isLargeBinary(type)) return 'large_binary';
  if (DataType.isFixedSizeBinary(type)) return `fixed_size_binary[${type.byteWidth}]`;
  if (DataType.isBool(type)) return 'bool';
  if (DataType.isNull(type)) return 'null';
  if (DataType.isDecimal(type)) return `decimal${type.bitWidth}(${type.precision}, ${type.scale})`;
  if (DataType.isDate(type)) return type.unit === DateUnit.DAY ? 'date32[day]' : 'date64[ms]';
  if (DataType.isTimestamp(type)) return `timestamp[${UNITS[type.unit]}${type.timezone ? `, tz=${type.timezone}` : ''}]`;
  if (DataType.isTime(type)) return `time${type.bitWidth}[${UNITS[type.unit]}]`;
  if (DataType.isList(type)) return `list<${fieldLabel(type.children[0]!)}>`;
  if (DataType.isFixedSizeList(type)) return `fixed_size_list<${fieldLabel(type.children[0]!)}>[${type.listSize}]`;
  if (DataType.isStruct(type)) return `struct<${type.children.map(fieldLabel).join(', ')}>`;
  if (DataType.isMap(type)) {
    const [k, v] = type.children[0]!.type.children;
    return `map<${typeLabel(k!.type)}, ${typeLabel(v!.type)}>`;
  }
  if (DataType.isDictionary(type)) return `dictionary<values=${typeLabel(type.dictionary)}, indices=${typeLabel(type.indices)}>`;
  return String(type).toLowerCase();
}

function fieldLabel(f: { name: string; type: DataType; nullable: boolean }): string {
  return `${f.name}: ${typeLabel(f.type)}${f.nullable ? '' : ' not null'}`;
}
