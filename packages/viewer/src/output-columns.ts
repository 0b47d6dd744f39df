import { DataType, Utf8, type Field, type Schema } from 'apache-arrow';
// Subpaths, not core's index: that loads the Avro codec and registry client, which printing rows never needs.
import { DLQ_SCHEMA } from '@dl/core/dead-letter';
import { OptionError } from '@dl/core/errors';

/** A column as the viewer prints it: a file column, or a hive partition value (always utf8). */
export interface OutputColumn {
  name: string;
  type: DataType;
  nullable: boolean;
  partition: boolean;
}

/** The DLQ columns every view shows, whatever `columns` says. */
export const DLQ_ALWAYS = ['error_class', 'error_message'] as const;

/**
 * The columns of several files: each file's columns in order, new ones appended as later files add
 * them (schema evolution adds fields), then the partition keys no file has as a column.
 */
export function unionColumns(schemas: Schema[], partitionKeys: string[]): OutputColumn[] {
  const out = new Map<string, OutputColumn>();
  for (const s of schemas) for (const f of s.fields) if (!out.has(f.name)) out.set(f.name, fileColumn(f));
  for (const k of partitionKeys) {
    if (!out.has(k)) out.set(k, { name: k, type: new Utf8(), nullable: true, partition: true });
  }
  return [...out.values()];
}

/** What an empty DLQ would hold: the contract in @dl/core. */
export function dlqColumns(): OutputColumn[] {
  return DLQ_SCHEMA.fields.map(fileColumn);
}

function fileColumn(f: Field): OutputColumn {
  return { name: f.name, type: f.type as DataType, nullable: f.nullable, partition: false };
}

/** Whether columns look like a dead-letter table (either by the directory name or by these columns). */
export function isDlqColumns(columns: OutputColumn[]): boolean {
  return DLQ_ALWAYS.every((n) => columns.some((c) => c.name === n));
}

/** A column a setting names (`columns`, a `where` filter), with the setting's value as the user wrote it. */
export interface NamedColumn {
  column: string;
  value: string;
}

/** A named column that is not there is a bad value of the setting that names it, listing what there is. */
export function requireColumns(known: OutputColumn[], named: NamedColumn[], setting: 'columns' | 'where'): void {
  for (const { column, value } of named) {
    if (!known.some((c) => c.name === column)) {
      const list = known.length > 0 ? `its columns are ${known.map((c) => c.name).join(', ')}` : 'it has no columns yet';
      throw new OptionError({ setting, value, problem: `names column "${column}", which is not in the table`, fix: list });
    }
  }
}

/** The columns of `where` filters, each with its filter's text. */
export function whereColumns(where: ReadonlyArray<{ column: string; value: string }>): NamedColumn[] {
  return where.map((w) => ({ column: w.column, value: `${w.column}=${w.value}` }));
}

/** Table layout hints: numbers right-aligned; binary (also inside nested values) is the first to go when narrow. */
export function columnAlign(c: OutputColumn): 'left' | 'right' {
  return DataType.isInt(c.type) || DataType.isFloat(c.type) || DataType.isDecimal(c.type) ? 'right' : 'left';
}

/**
 * The narrowest width worth printing a column at, by type: a whole ISO timestamp or date, the header
 * of a number (cut digits mislead); undefined leaves it to the header (see `fitColumns`).
 */
export function columnFloor(c: OutputColumn): number | undefined {
  const header = c.name.length;
  if (DataType.isTimestamp(c.type)) return Math.max(24, Math.min(header, 24));
  if (DataType.isDate(c.type)) return Math.max(10, Math.min(header, 24));
  if (DataType.isInt(c.type) || DataType.isFloat(c.type) || DataType.isDecimal(c.type)) return Math.max(8, Math.min(header, 20));
  return undefined;
}

export function holdsBinary(type: DataType): boolean {
  if (DataType.isBinary(type) || DataType.isLargeBinary(type) || DataType.isFixedSizeBinary(type)) return true;
  return (type.children ?? []).some((f: Field) => holdsBinary(f.type as DataType));
}
