import { DataType, DateUnit, TimeUnit, type Field, type Schema } from 'apache-arrow';

const UNIT_NAMES: Record<number, string> = {
  [TimeUnit.SECOND]: 's',
  [TimeUnit.MILLISECOND]: 'ms',
  [TimeUnit.MICROSECOND]: 'us',
  [TimeUnit.NANOSECOND]: 'ns',
};

/**
 * A stable, readable rendering of an Arrow schema: one line per field, nested fields indented
 * under their parent, `not null` on non-nullable fields and metadata in brackets, e.g.
 *
 * ```
 * products: List not null
 *   element: Struct not null
 *     name: Utf8 not null
 * ```
 *
 * Golden files compare against it, so unlike `DataType.toString()` it spells every parameter the
 * mapping chooses (child names, units, time zones, decimal width) and changes only on purpose.
 */
export function formatArrowSchema(schema: Schema): string {
  const lines: string[] = [];
  for (const field of schema.fields) formatField(field, 0, lines);
  if (schema.metadata.size > 0) lines.push(`schema metadata ${formatMetadata(schema.metadata)}`);
  return lines.join('\n') + '\n';
}

function formatField(field: Field, depth: number, lines: string[]): void {
  const nullability = field.nullable ? '' : ' not null';
  const metadata = field.metadata.size > 0 ? ` ${formatMetadata(field.metadata)}` : '';
  lines.push(`${'  '.repeat(depth)}${field.name}: ${typeLabel(field.type)}${nullability}${metadata}`);
  for (const child of (field.type as DataType).children ?? []) formatField(child, depth + 1, lines);
}

function formatMetadata(metadata: Map<string, string>): string {
  const entries = [...metadata].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `[${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}]`;
}

function typeLabel(type: DataType): string {
  if (DataType.isInt(type)) return `${type.isSigned ? 'Int' : 'Uint'}${type.bitWidth}`;
  if (DataType.isFloat(type)) return `Float${[16, 32, 64][type.precision]}`;
  if (DataType.isDecimal(type)) return `Decimal${type.bitWidth}<precision=${type.precision}, scale=${type.scale}>`;
  if (DataType.isFixedSizeBinary(type)) return `FixedSizeBinary<${type.byteWidth}>`;
  if (DataType.isDate(type)) return type.unit === DateUnit.DAY ? 'Date<day>' : 'Date<ms>';
  if (DataType.isTime(type)) return `Time<${UNIT_NAMES[type.unit]}>`;
  if (DataType.isTimestamp(type)) {
    return `Timestamp<${UNIT_NAMES[type.unit]}${type.timezone ? `, ${type.timezone}` : ''}>`;
  }
  if (DataType.isMap(type)) return `Map<keysSorted=${type.keysSorted}>`;
  if (DataType.isList(type)) return 'List';
  if (DataType.isStruct(type)) return 'Struct';
  if (DataType.isBool(type)) return 'Bool';
  if (DataType.isNull(type)) return 'Null';
  if (DataType.isUtf8(type)) return 'Utf8';
  if (DataType.isBinary(type)) return 'Binary';
  // Types the Avro mapping never produces: Arrow's own spelling is good enough.
  return String(type);
}
