import avsc from 'avsc';
import { BIGINT_LONG } from './bigint-long.js';
import { MapType } from './map-type.js';
import { DoubleType, FloatType, StringType, unionType } from './resolving-types.js';

/**
 * Parse options for every avsc type dl makes, so that every path (the ingester's avsc decoding,
 * `dl view --decode`, `dl replay --frame-with`, the producer) has one decoder semantics: longs are
 * exact bigints (BIGINT_LONG), including logical types on a long (timestamp-micros, time-micros,
 * local-timestamp-*), which avsc would otherwise drop to its double-based long; and schema
 * resolution never reads a long through a double (see resolving-types: a long promoted to a
 * double is rounded once, and a union reader takes the writer's own type before a promotion).
 *
 * A fresh name registry each call: avsc keeps names across parses otherwise (and mutates options).
 */
export function avroTypeOptions(extra: Partial<avsc.ForSchemaOptions> = {}): Partial<avsc.ForSchemaOptions> {
  return { ...extra, registry: {}, typeHook: typeHook as never };
}

/** An avsc type for `schema` (JSON, parsed or text) with dl's decoder semantics; see avroTypeOptions. */
export function avroType(schema: unknown, extra: Partial<avsc.ForSchemaOptions> = {}): avsc.Type {
  const json = typeof schema === 'string' && /^\s*[[{"]/.test(schema) ? (JSON.parse(schema) as unknown) : schema;
  return avsc.Type.forSchema(json as avsc.Schema, avroTypeOptions(extra));
}

// `"long"` and `{"type": "long", ...}` both end up here: the registry option alone would miss the
// object form, which is how every logical type on a long is written.
function typeHook(schema: avsc.Schema, opts: avsc.ForSchemaOptions): avsc.Type | undefined {
  const name =
    typeof schema === 'string'
      ? schema
      : typeof schema === 'object' && schema !== null && !Array.isArray(schema)
        ? (schema as { type?: unknown }).type
        : undefined;
  if (Array.isArray(schema))
    return unionType(
      schema.map((s) => avsc.Type.forSchema(s, opts)),
      opts,
    );
  if (name === 'long') return BIGINT_LONG;
  if (name === 'double') return new DoubleType();
  if (name === 'float') return new FloatType();
  if (name === 'string') return new StringType();
  if (name === 'map') return new MapType(schema as never, opts as never);
  return undefined;
}
