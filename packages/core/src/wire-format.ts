import { DlError } from './errors.js';

/** Confluent wire format: magic byte 0, big-endian int32 schema id, then the Avro body. */
export const MAGIC_BYTE = 0;
export const HEADER_SIZE = 5;

export type UnframeFailure = { kind: 'TOO_SHORT'; message: string } | { kind: 'WRONG_MAGIC_BYTE'; magicByte: number; message: string };

export type Unframed = { ok: true; schemaId: number; body: Buffer } | ({ ok: false } & UnframeFailure);

/**
 * Writes the 5-byte header in front of an already encoded body.
 * Producers on the hot path encode straight into a buffer at offset 5 and call `writeHeader` instead.
 */
export function frame(schemaId: number, body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER_SIZE + body.length);
  writeHeader(out, schemaId);
  out.set(body, HEADER_SIZE);
  return out;
}

export function writeHeader(target: Buffer, schemaId: number): void {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0x7fffffff) {
    throw new DlError('WIRE_FORMAT', `schema id must be an integer from 0 to 2147483647, got ${schemaId}`);
  }
  target[0] = MAGIC_BYTE;
  target.writeInt32BE(schemaId, 1);
}

/**
 * Splits a framed value. A failure is a value, not a throw: the ingester turns it into a dead letter
 * (and decides, with the schema at hand, whether a non-framed value is header-less Avro or garbage).
 */
export function unframe(value: Uint8Array): Unframed {
  const first = value[0];
  if (first !== undefined && first !== MAGIC_BYTE) {
    return {
      ok: false,
      kind: 'WRONG_MAGIC_BYTE',
      magicByte: first,
      message: `first byte is 0x${first.toString(16).padStart(2, '0')}, expected magic byte 0x00 of the Confluent wire format`,
    };
  }
  if (value.length < HEADER_SIZE) {
    return {
      ok: false,
      kind: 'TOO_SHORT',
      message: `value is ${value.length} bytes, shorter than the ${HEADER_SIZE}-byte Confluent header`,
    };
  }
  const view = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return { ok: true, schemaId: view.readInt32BE(1), body: view.subarray(HEADER_SIZE) };
}
