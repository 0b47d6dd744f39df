import type { Field } from 'apache-arrow';
import { avroToArrowField, deadLetter, errorMessage, isDlError, keyCells, KEY_DECODED_COLUMN, type DeadLetterReason } from '@dl/core';
import { RecordDecoder, type ReaderSchema } from './record-decoder.js';
import type { RegistryPort } from './registry-port.js';
import type { RowKey } from './row-writer.js';

/**
 * `--key-format`: `string` keeps valid UTF-8 as text (else bytes), `bytes` keeps every key as
 * bytes, `avro` decodes every non-null key with the key subject, `auto` decodes the keys that
 * are framed with an id of the key subject and treats the rest as `string`.
 */
export type KeyFormat = 'string' | 'bytes' | 'avro' | 'auto';
export const KEY_FORMATS: readonly KeyFormat[] = ['string', 'bytes', 'avro', 'auto'];

export type KeyOutcome = { kind: 'key'; key: RowKey } | { kind: 'dead'; reason: DeadLetterReason };

/**
 * How often, at most, `auto` re-reads the key subject for a key that looks framed but whose id it
 * does not know: once a minute per id while the subject exists (a new key schema version is
 * decoded from its first record on), once a minute in all while it does not (binary keys that
 * start with 0x00 cost no registry call each).
 */
const UNKNOWN_ID_RECHECK_MS = 60_000;
/** Bound on the ids remembered as "not the key subject's". */
const MAX_REMEMBERED_IDS = 10_000;

/**
 * Key decoding for one topic. Registry outages are thrown (retriable DlError) like the value
 * decoder's, so the caller pauses and retries: an outage never makes a key a dead letter.
 */
export class KeyDecoder {
  private inner: RecordDecoder | undefined;
  private field: { readerId: number; field: Field } | undefined;
  private checkedAt = 0;
  private readonly idCheckedAt = new Map<number, number>();
  prepared = false;
  /** The last plain key and its outcome: keys repeat (a few hot keys), and each outcome costs a UTF-8 check and three objects. */
  private lastPlain: { key: Buffer; outcome: KeyOutcome } | undefined;

  constructor(
    private readonly format: KeyFormat,
    registry: RegistryPort,
    /** The key subject (undefined: the strategy names none, so nothing is decoded). */
    private readonly subject: string | undefined,
  ) {
    this.inner = (format === 'avro' || format === 'auto') && subject !== undefined ? new RecordDecoder({ registry, subject }) : undefined;
  }

  /** The key subject's latest schema, once `prepare` found one: files then get a `key_decoded` column. */
  get reader(): ReaderSchema | undefined {
    return this.inner?.currentReader;
  }

  get decodes(): boolean {
    return this.inner !== undefined;
  }

  /** The `key_decoded` column for the key reader schema (undefined: keys are not decoded). */
  get keyField(): Field | undefined {
    const reader = this.reader;
    if (!reader) return undefined;
    if (this.field?.readerId !== reader.id) this.field = { readerId: reader.id, field: avroToArrowField(KEY_DECODED_COLUMN, reader.json) };
    return this.field.field;
  }

  /**
   * Reads the key subject. In `auto`, a key subject whose schema cannot be used (not Avro, or not
   * mappable to a column) turns decoding off: returns why, for a warning; keys stay text or bytes.
   */
  async prepare(): Promise<string | undefined> {
    let warning: string | undefined;
    try {
      if (this.inner) await this.inner.prepare();
      void this.keyField; // a key schema that cannot be a column is found now, not at the first row
    } catch (e) {
      if (this.format !== 'auto' || !isDlError(e) || (e.code !== 'SCHEMA' && e.code !== 'REGISTRY_REJECTED')) throw e;
      warning = `key subject ${this.subject} cannot be used to decode keys (${errorMessage(e)}); keys are kept as text or bytes`;
      this.inner = undefined;
      this.field = undefined;
    }
    this.checkedAt = Date.now();
    this.prepared = true;
    return warning;
  }

  /** The cells of a key that is not decoded: the previous record's, when its key has the same bytes. */
  private plain(key: Buffer | null): KeyOutcome {
    if (key === null) return plain(this.format, key);
    const last = this.lastPlain;
    if (last && sameBytes(last.key, key)) return last.outcome;
    const outcome = plain(this.format, key);
    this.lastPlain = { key, outcome };
    return outcome;
  }

  /** The key's cells without asking the registry; undefined when it must be asked (then call `decode`). */
  cached(key: Buffer | null): KeyOutcome | undefined {
    if (!this.inner || key === null) return this.plain(key);
    if (!isFramed(key)) return this.format === 'avro' ? notFramed(key, this.subject!) : this.plain(key);
    const id = key.readInt32BE(1);
    if (this.format === 'auto' && !this.inner.hasSubjectId(id) && this.recentlyChecked(id)) {
      return this.plain(key); // not one of the key subject's ids: a key that merely starts with 0
    }
    const outcome = this.inner.decodeCached(key);
    return outcome && this.toKey(key, outcome);
  }

  async decode(key: Buffer | null): Promise<KeyOutcome> {
    const hit = this.cached(key);
    if (hit) return hit;
    const inner = this.inner!;
    const framed = key!;
    const id = framed.readInt32BE(1);
    if (this.format === 'auto' && !inner.hasSubjectId(id)) {
      // A new key schema version may have been registered since: read the subject again. An
      // outage here is thrown (the caller pauses and retries); only an answer is remembered.
      await inner.prepare();
      this.checkedAt = Date.now();
      if (this.idCheckedAt.size >= MAX_REMEMBERED_IDS) this.idCheckedAt.clear();
      this.idCheckedAt.set(id, this.checkedAt);
      if (!inner.hasSubjectId(id)) return plain(this.format, framed);
    }
    return this.toKey(framed, await inner.decode(framed));
  }

  private recentlyChecked(id: number): boolean {
    const now = Date.now();
    if (this.inner?.currentReader === undefined) return now - this.checkedAt < UNKNOWN_ID_RECHECK_MS;
    return now - (this.idCheckedAt.get(id) ?? 0) < UNKNOWN_ID_RECHECK_MS;
  }

  private toKey(key: Buffer, outcome: Awaited<ReturnType<RecordDecoder['decode']>>): KeyOutcome {
    if (outcome.kind === 'row') return { kind: 'key', key: { cells: keyCells(key, false), decoded: outcome.value } };
    const r = outcome.reason;
    // The DLQ's schema_id is the value's; the key's id is named in the message instead.
    const id = r.schemaId === null ? '' : ` (key schema id ${r.schemaId})`;
    return { kind: 'dead', reason: deadLetter('KEY_DECODE_ERROR', `key${id}: ${r.message} [${r.errorClass}]`) };
  }
}

/** Buffer#equals for short keys without the call into Node (~100 ns each, a miss nearly every record of distinct keys). */
function sameBytes(a: Buffer, b: Buffer): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  if (n > 64) return a.equals(b);
  for (let i = n - 1; i >= 0; i--) if (a[i] !== b[i]) return false;
  return true;
}

function isFramed(key: Buffer): boolean {
  return key.length >= 5 && key[0] === 0;
}

function plain(format: KeyFormat, key: Buffer | null): KeyOutcome {
  return { kind: 'key', key: { cells: keyCells(key, format !== 'bytes'), decoded: null } };
}

function notFramed(key: Buffer, subject: string): KeyOutcome {
  const why =
    key.length < 5
      ? `is ${key.length} bytes, shorter than the 5-byte Confluent header`
      : `starts with 0x${key[0]!.toString(16).padStart(2, '0')}, not magic byte 0`;
  return { kind: 'dead', reason: deadLetter('KEY_DECODE_ERROR', `key ${why}; the avro key format expects every key framed with a schema of ${subject}`) };
}
