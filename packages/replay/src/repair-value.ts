import type avsc from 'avsc';
import { frame } from '@dl/core';

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

/** Why `body` is not exactly one record of `type`, or undefined when it is. */
export function decodeProblem(type: avsc.Type, body: Buffer): string | undefined {
  let end: number;
  try {
    end = type.decode(body, 0).offset;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  if (end < 0) return `the ${body.length} bytes end before the record does`;
  if (end !== body.length) return `${body.length - end} bytes left over after the record (${body.length} bytes in all)`;
  return undefined;
}
