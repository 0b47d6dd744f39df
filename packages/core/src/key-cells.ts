import { isUtf8Range } from './utf8-range.js';

/**
 * How a Kafka key is stored in the main table's `key` (Utf8) and `key_bytes` (Binary) columns,
 * so that the two together always give back the exact bytes Kafka held:
 *
 * - a null key: both null;
 * - a key kept as text (valid UTF-8, including the empty key): `key` holds it, `key_bytes` is null;
 * - any other key (not valid UTF-8, `--key-format bytes`, or decoded with a registry schema):
 *   `key` is null and `key_bytes` holds the bytes.
 *
 * No key is ever decoded lossily: a replacement character is never written.
 */
export interface KeyCells {
  /** The key's UTF-8 bytes, for the Utf8 `key` column (copied as is, never re-encoded). */
  key: Buffer | null;
  keyBytes: Buffer | null;
}

export function keyCells(raw: Buffer | null | undefined, asText: boolean): KeyCells {
  if (raw === null || raw === undefined) return { key: null, keyBytes: null };
  return asText && isUtf8Range(raw, 0, raw.length) ? { key: raw, keyBytes: null } : { key: null, keyBytes: raw };
}

/** The Kafka key a row's `key` and `key_bytes` cells stand for (the inverse of `keyCells`). */
export function kafkaKeyOf(key: string | null | undefined, keyBytes: Uint8Array | null | undefined): Buffer | null {
  if (keyBytes !== null && keyBytes !== undefined) return Buffer.from(keyBytes);
  return key === null || key === undefined ? null : Buffer.from(key, 'utf8');
}
