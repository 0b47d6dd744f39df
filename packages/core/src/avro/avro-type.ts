import avsc from 'avsc';
import { BIGINT_LONG } from './bigint-long.js';

/**
 * Parse options for every avsc type dl makes, so that every path (the ingester's avsc decoding,
 * `dl view --decode`, `dl replay --frame-with`, the producer) has one decoder semantics: longs are
 * exact bigints (BIGINT_LONG), including logical types on a long (timestamp-micros, time-micros,
 * local-timestamp-*), which avsc would otherwise drop to its double-based long.
 *
 * A fresh name registry each call: avsc keeps names across parses otherwise (and mutates options).
 */
export function avroTypeOptions(extra: Partial<avsc.ForSchemaOptions> = {}): Partial<avsc.ForSchemaOptions> {
  return { ...extra, registry: {}, typeHook: longHook };
}

/** An avsc type for `schema` (JSON, parsed or text) with dl's decoder semantics; see avroTypeOptions. */
export function avroType(schema: unknown, extra: Partial<avsc.ForSchemaOptions> = {}): avsc.Type {
  const json = typeof schema === 'string' && /^\s*[[{"]/.test(schema) ? (JSON.parse(schema) as unknown) : schema;
  return avsc.Type.forSchema(json as avsc.Schema, avroTypeOptions(extra));
}

// `"long"` and `{"type": "long", ...}` both end up here: the registry option alone would miss the
// object form, which is how every logical type on a long is written.
function longHook(schema: avsc.Schema): avsc.Type | undefined {
  if (schema === 'long') return BIGINT_LONG;
  if (typeof schema === 'object' && schema !== null && !Array.isArray(schema) && (schema as { type?: unknown }).type === 'long') return BIGINT_LONG;
  return undefined;
}
