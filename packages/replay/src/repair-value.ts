import type avsc from 'avsc';
import { avroProblem, frame } from '@dl/core';

/** The schema `--frame-with` frames with, as resolved for one target topic. */
export interface FrameSchema {
  id: number;
  type: avsc.Type;
  /** For messages: `schema id 3 (version 2 of dev.orders-value)`. */
  label: string;
}

export type Repaired = { ok: true; value: Buffer | null; note: string } | { ok: false; reason: string };

/** Without `--frame-with`: the value goes out byte for byte (a tombstone stays null). */
export function asIs(value: Uint8Array | null): Repaired {
  return { ok: true, value: value === null ? null : Buffer.from(value), note: 'as is' };
}

/**
 * `--frame-with`: header + body, but only when the body is one whole record of that schema. What
 * the ingester would dead-letter again (a body that does not decode, or leaves bytes over) stays
 * dead here, with the reason.
 */
export function frameBody(value: Uint8Array | null, schema: FrameSchema): Repaired {
  if (value === null) return { ok: false, reason: 'the value is null (a tombstone): there is no body to frame' };
  const problem = decodeProblem(schema.type, Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  if (problem) return { ok: false, reason: `body does not decode with ${schema.label}: ${problem}` };
  return { ok: true, value: frame(schema.id, value), note: `framed with ${schema.label}` };
}

/**
 * Why `body` is not exactly one record of `type`, or undefined when it is: the same check, with the
 * same rules (exact longs, ints within 32 bits, strings in UTF-8, bounded counts), the ingester
 * applies before it decodes, so what is framed here is what the ingester will take.
 */
export function decodeProblem(type: avsc.Type, body: Buffer): string | undefined {
  const problem = avroProblem(type, body);
  if (problem) return problem;
  try {
    const end = type.decode(body, 0).offset;
    return end === body.length ? undefined : `avsc read ${end} of the ${body.length} bytes`;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
