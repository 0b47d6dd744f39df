import {
  DateDay,
  Decimal,
  TimeMicrosecond,
  TimeMillisecond,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  Utf8,
  type DataType,
} from 'apache-arrow';
import type { AvroKind, AvroLogicalType } from './column-plan.js';

export interface LogicalArrowType {
  arrowType: DataType;
  logicalType: AvroLogicalType;
  precision?: number;
  scale?: number;
}

/** Arrow's widest decimal holds 76 digits (256 bits); 128 bits hold 38. */
const DECIMAL128_MAX_PRECISION = 38;
const DECIMAL256_MAX_PRECISION = 76;

/**
 * The Arrow type for a logical type on its underlying Avro type, or `undefined` when the logical
 * type is unknown, sits on the wrong underlying type, or has invalid parameters. The Avro spec
 * says readers must then ignore it and use the underlying type, and so do we.
 *
 * Every honoured type keeps Avro's physical value, so the decoder copies numbers as they are:
 * date = days since the epoch (Int32), time-* and timestamp-* = units since midnight / the epoch,
 * uuid = its text. Only decimal needs work: Avro stores the unscaled value as big-endian two's
 * complement bytes, Arrow as little-endian 16 (or 32) bytes.
 */
export function logicalArrowType(schema: Record<string, unknown>, kind: AvroKind, size?: number): LogicalArrowType | undefined {
  const logicalType = schema['logicalType'];
  switch (logicalType) {
    case 'date':
      return kind === 'int' ? { arrowType: new DateDay(), logicalType } : undefined;
    case 'time-millis':
      return kind === 'int' ? { arrowType: new TimeMillisecond(), logicalType } : undefined;
    case 'time-micros':
      return kind === 'long' ? { arrowType: new TimeMicrosecond(), logicalType } : undefined;
    // `timestamp-*` is an instant (UTC); `local-timestamp-*` is a wall-clock reading with no zone,
    // which Arrow spells as a timestamp without a timezone.
    case 'timestamp-millis':
      return kind === 'long' ? { arrowType: new TimestampMillisecond('UTC'), logicalType } : undefined;
    case 'timestamp-micros':
      return kind === 'long' ? { arrowType: new TimestampMicrosecond('UTC'), logicalType } : undefined;
    case 'timestamp-nanos':
      return kind === 'long' ? { arrowType: new TimestampNanosecond('UTC'), logicalType } : undefined;
    case 'local-timestamp-millis':
      return kind === 'long' ? { arrowType: new TimestampMillisecond(), logicalType } : undefined;
    case 'local-timestamp-micros':
      return kind === 'long' ? { arrowType: new TimestampMicrosecond(), logicalType } : undefined;
    case 'local-timestamp-nanos':
      return kind === 'long' ? { arrowType: new TimestampNanosecond(), logicalType } : undefined;
    case 'uuid':
      // Avro 1.12 also allows uuid on fixed(16); that stays FixedSizeBinary(16) rather than
      // making the decoder format bytes as text.
      return kind === 'string' ? { arrowType: new Utf8(), logicalType } : undefined;
    case 'decimal':
      return kind === 'bytes' || kind === 'fixed' ? decimalArrowType(schema, size) : undefined;
    default:
      return undefined;
  }
}

function decimalArrowType(schema: Record<string, unknown>, size: number | undefined): LogicalArrowType | undefined {
  const precision = schema['precision'];
  const scale = schema['scale'] ?? 0;
  if (!isInteger(precision) || !isInteger(scale) || precision < 1 || scale < 0 || scale > precision) return undefined;
  // A fixed of `size` bytes holds at most floor(log10(2^(8*size-1) - 1)) digits.
  if (size !== undefined && precision > Math.floor((8 * size - 1) * Math.log10(2))) return undefined;
  if (precision > DECIMAL256_MAX_PRECISION) return undefined;
  const bitWidth = precision > DECIMAL128_MAX_PRECISION ? 256 : 128;
  return { arrowType: new Decimal(scale, precision, bitWidth), logicalType: 'decimal', precision, scale };
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}
