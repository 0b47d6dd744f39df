import type { DataType } from 'apache-arrow';
import type { Schema as AvscSchema } from 'avsc';

/**
 * What `describeColumns` and `avroToArrowSchema` accept: Avro schema JSON (an object parsed from
 * the registry's schema string) or an avsc `Type`.
 *
 * Prefer the JSON: avsc drops logical types it has no implementation registered for at parse
 * time, so a `Type` parsed without `logicalTypes` maps `timestamp-millis` to a plain Int64 and
 * `decimal` to Binary.
 */
export type AvroSchemaInput = AvscSchema;

/**
 * The Avro type a decoder meets at a plan node, after `[null, T]` has been unwrapped to `T`.
 * `union-json` is any other union: its column is Utf8 holding the Avro JSON encoding of the value
 * (see `ColumnPlan.unionBranches`). `recursive-json` is a record nested inside itself deeper than
 * `recursiveDepth` allows: its column is Utf8 holding the decoded value as JSON text.
 */
export type AvroKind =
  | 'null'
  | 'boolean'
  | 'int'
  | 'long'
  | 'float'
  | 'double'
  | 'bytes'
  | 'string'
  | 'fixed'
  | 'enum'
  | 'record'
  | 'array'
  | 'map'
  | 'union-json'
  | 'recursive-json';

/** Logical types the mapping honours; any other `logicalType` falls back to the underlying type. */
export type AvroLogicalType =
  | 'date'
  | 'time-millis'
  | 'time-micros'
  | 'timestamp-millis'
  | 'timestamp-micros'
  | 'timestamp-nanos'
  | 'local-timestamp-millis'
  | 'local-timestamp-micros'
  | 'local-timestamp-nanos'
  | 'decimal'
  | 'uuid';

/**
 * One Arrow field to fill, and how the Avro value for it is shaped. The ingester walks this tree
 * to append decoded values straight into column builders; `avroToArrowSchema` is built from the
 * same tree, so the buffers and the schema cannot disagree.
 */
export interface ColumnPlan {
  /** The Arrow field name: the Avro field name, or `element` (list), `key` / `value` (map). */
  name: string;
  arrowType: DataType;
  /** True only for `[null, T]` unions, other unions that include null, and the `null` type itself. */
  nullable: boolean;
  avroKind: AvroKind;
  /**
   * record: one plan per field, in Avro order. array: `[element]`. map: `[key, value]` (the
   * Arrow type wraps them in a non-null `entries` struct). Every other kind: empty.
   */
  children: ColumnPlan[];
  /** Set only when the logical type is honoured; the value then needs converting (see the doc of each). */
  logicalType?: AvroLogicalType;
  /** decimal: digits in total. */
  precision?: number;
  /** decimal: digits after the point; Avro's default is 0. */
  scale?: number;
  /** fixed: bytes per value. */
  size?: number;
  /** enum: the symbols, in Avro order (the binary encoding stores the index into this list). */
  symbols?: string[];
  /**
   * Any union: the index of the `null` branch, so a binary decoder knows which branch index
   * means "null cell". Absent when the union has no null branch or the type is not a union.
   */
  nullIndex?: number;
  /**
   * union-json: branch names in union order (`int`, `string`, or the full name of a named type).
   * A cell holds the value's Avro JSON encoding (`avroJsonText`: exact long digits, NaN and
   * ±Infinity as strings), e.g. `{"int":1}` or `{"dev.dl.Product":{...}}`, and the null branch
   * becomes a null cell, not the text `null`.
   */
  unionBranches?: string[];
  /** The Avro `doc` of the field, also written to the Arrow field metadata as `avro.doc`. */
  doc?: string;
}
