import type { Resolver, Type } from 'avsc';
import { avroEnd, avroProblem, deadLetter, isDlError, unframe, type DeadLetterReason } from '@dl/core';
import { unionsAsText } from './union-text.js';
import type { RegisteredSchemaLike, RegistryPort } from './registry-port.js';

/** The schema every row of a file is written with (the subject's latest, or a pinned version). */
export interface ReaderSchema {
  id: number;
  version: number;
  type: Type;
  json: unknown;
}

export type DecodeOutcome =
  { kind: 'row'; value: Record<string, unknown>; schemaId: number; reader: ReaderSchema } | { kind: 'dead'; reason: DeadLetterReason };

export interface RecordDecoderOptions {
  registry: RegistryPort;
  subject: string;
  /** Pin the reader schema to this subject version instead of following the latest. */
  readerVersion?: number;
  /**
   * Called with each new reader schema before any record is decoded with it; throws (a
   * non-retriable DlError) when the table cannot take it, which stops the run before a valid
   * record is turned into a dead letter by a narrowed reader.
   */
  checkReader?: (reader: ReaderSchema) => void;
}

/**
 * Consumer-side validation for one topic: unframe → writer schema by id (cached) → the id must be
 * a version of the expected subject → resolve writer to reader schema → decode.
 *
 * Per-record problems come back as dead-letter values. Registry outages are thrown (DlError with
 * retriable=true) so the caller can pause and retry: an outage never turns a good record into a
 * dead letter.
 */
export class RecordDecoder {
  private reader: ReaderSchema | undefined;
  private subjectIds = new Map<number, number>();
  private readonly resolvers = new Map<number, Resolver | Error>();
  private readonly writers = new Map<number, RegisteredSchemaLike>();
  /** When an id outside the subject last made us re-read the subject: at most once a minute per id. */
  private readonly mismatchCheckedAt = new Map<number, number>();

  constructor(private readonly opts: RecordDecoderOptions) {}

  get currentReader(): ReaderSchema | undefined {
    return this.reader;
  }

  /** Loads the reader schema and the subject's ids. A subject with no versions yet is not an error. */
  async prepare(): Promise<void> {
    await this.refreshSubject();
  }

  /** True when `id` was a version of the subject when it was last read. */
  hasSubjectId(id: number): boolean {
    return this.subjectIds.has(id);
  }

  private async refreshSubject(): Promise<void> {
    const { registry, subject, readerVersion } = this.opts;
    try {
      this.subjectIds = await registry.getSubjectIds(subject, { refresh: true });
    } catch (e) {
      if (isDlError(e) && e.code === 'REGISTRY_NOT_FOUND') {
        this.subjectIds = new Map();
        return;
      }
      throw e;
    }
    const found = readerVersion === undefined ? await registry.getLatest(subject) : await registry.getVersion(subject, readerVersion);
    if (!this.reader || this.reader.id !== found.id) {
      const next = { id: found.id, version: found.version, type: found.schema.type, json: found.schema.json };
      this.opts.checkReader?.(next);
      this.reader = next;
      this.resolvers.clear();
    }
  }

  /**
   * The reader schema, when `value` is framed with the reader's own id: such a record needs no
   * schema resolution, so the ingester decodes its binary straight into column buffers.
   */
  directReader(value: Buffer | null): ReaderSchema | undefined {
    const reader = this.reader;
    if (!reader || value === null || value.length < 5 || value[0] !== 0) return undefined;
    // The id's four bytes by hand: Buffer#readInt32BE was a tenth of the row path (bench:row-path).
    const id = (value[1]! << 24) | (value[2]! << 16) | (value[3]! << 8) | value[4]!;
    return id === reader.id ? reader : undefined;
  }

  /**
   * The hot path, synchronous: a framed value whose schema id is cached, in the subject and
   * resolvable. Returns undefined when the registry must be asked (then call `decode`).
   */
  decodeCached(value: Buffer | null): DecodeOutcome | undefined {
    if (value === null || value.length < 5 || value[0] !== 0) return undefined;
    const schemaId = value.readInt32BE(1);
    const reader = this.reader;
    if (!reader || !this.writers.has(schemaId) || !this.subjectIds.has(schemaId)) return undefined;
    const resolver = this.resolvers.get(schemaId);
    // An unresolvable writer goes the slow way, which names it INCOMPATIBLE_SCHEMA.
    if ((resolver === undefined && schemaId !== reader.id) || resolver instanceof Error) return undefined;
    return this.decodeBody(schemaId, value.subarray(5), reader, resolver);
  }

  /** Decodes one Kafka value, asking the registry for what is not cached. */
  async decode(value: Buffer | null): Promise<DecodeOutcome> {
    if (value === null) return dead(deadLetter('TOMBSTONE', 'value is null (a tombstone); there is no record to decode'));
    const framed = unframe(value);
    if (!framed.ok) {
      if (framed.kind === 'WRONG_MAGIC_BYTE') {
        // A wrong first byte in front of a header of ours is a mis-framed value; anything else that
        // decodes as the subject's schema is the seed's header-less Avro; the rest is garbage.
        const idAfter = value.length >= 5 ? value.readInt32BE(1) : -1;
        if (this.subjectIds.has(idAfter)) {
          return dead(deadLetter('BAD_MAGIC_BYTE', `${framed.message}; bytes 1-4 hold schema id ${idAfter} of ${this.opts.subject}`, idAfter));
        }
        if (this.isPlainAvro(value)) return dead(this.noMagic(framed.message));
        return dead(deadLetter('DECODE_ERROR', `${framed.message}, and the value does not decode as plain Avro of ${this.opts.subject} either`));
      }
      return dead(deadLetter('DECODE_ERROR', framed.message));
    }

    const { schemaId, body } = framed;
    let writer = this.writers.get(schemaId);
    if (!writer) {
      try {
        writer = await this.opts.registry.getById(schemaId);
      } catch (e) {
        if (isDlError(e) && (e.code === 'SCHEMA' || e.code === 'REGISTRY_REJECTED')) {
          // The id names a schema we cannot use (not Avro, or one avsc cannot parse): bad data.
          const cls = this.subjectIds.has(schemaId) ? 'INCOMPATIBLE_SCHEMA' : 'SUBJECT_MISMATCH';
          return dead(deadLetter(cls, `schema id ${schemaId} cannot be used to decode: ${firstLine(e.message)}`, schemaId));
        }
        if (isDlError(e) && e.code === 'REGISTRY_NOT_FOUND') {
          // Header-less Avro whose first field encodes to 0x00 (e.g. order_id 0) looks framed.
          if (this.isPlainAvro(value)) return dead(this.noMagic(`first byte is 0x00 but schema id ${schemaId} is unknown to the registry`));
          return dead(deadLetter('UNKNOWN_SCHEMA_ID', `schema id ${schemaId} is not known to the registry`, schemaId));
        }
        throw e;
      }
      this.writers.set(schemaId, writer);
    }

    if (!this.subjectIds.has(schemaId)) {
      // Maybe a version registered after we last looked: ask once more before calling it a mismatch.
      const last = this.mismatchCheckedAt.get(schemaId) ?? 0;
      if (Date.now() - last > 60_000) {
        await this.refreshSubject();
        // Only after a refresh that worked: an outage in it is retried, never a dead letter.
        this.mismatchCheckedAt.set(schemaId, Date.now());
      }
      if (!this.subjectIds.has(schemaId)) {
        return dead(deadLetter('SUBJECT_MISMATCH', `schema id ${schemaId} is not a version of subject ${this.opts.subject}`, schemaId));
      }
    }
    const reader = this.reader;
    if (!reader) {
      return dead(deadLetter('SUBJECT_MISMATCH', `subject ${this.opts.subject} has no versions`, schemaId));
    }

    let resolver = this.resolvers.get(schemaId);
    if (resolver === undefined && schemaId !== reader.id) {
      try {
        resolver = reader.type.createResolver(writer.type);
      } catch (e) {
        resolver = e instanceof Error ? e : new Error(String(e));
      }
      this.resolvers.set(schemaId, resolver);
    }
    if (resolver instanceof Error) {
      return dead(
        deadLetter(
          'INCOMPATIBLE_SCHEMA',
          `writer schema id ${schemaId} cannot be read as reader schema id ${reader.id} (version ${reader.version}): ${firstLine(resolver.message)}`,
          schemaId,
        ),
      );
    }

    return this.decodeBody(schemaId, body, reader, resolver);
  }

  private decodeBody(schemaId: number, body: Buffer, reader: ReaderSchema, resolver: Resolver | undefined): DecodeOutcome {
    try {
      // Checked first, against the writer schema: avsc would loop (and allocate) for as many items
      // as a corrupt count says, wrap an int beyond 32 bits and turn invalid UTF-8 into U+FFFD,
      // where the direct column decoder rejects the record. One rule on both paths.
      const writer = this.writers.get(schemaId)?.type ?? reader.type;
      const problem = avroProblem(writer, body);
      if (problem) return dead(deadLetter('DECODE_ERROR', `body does not decode with schema id ${schemaId}: ${problem}`, schemaId));
      const { value: decoded, offset } = reader.type.decode(body, 0, resolver);
      if (offset !== body.length) {
        return dead(deadLetter('DECODE_ERROR', `body does not decode with schema id ${schemaId}: avsc read ${offset} of its ${body.length} bytes`, schemaId));
      }
      const toColumns = unionsAsText(reader.type);
      const value = (toColumns ? toColumns(decoded) : decoded) as Record<string, unknown>;
      return { kind: 'row', value, schemaId, reader };
    } catch (e) {
      return dead(
        deadLetter('DECODE_ERROR', `body does not decode with schema id ${schemaId}: ${firstLine(e instanceof Error ? e.message : String(e))}`, schemaId),
      );
    }
  }

  private noMagic(detail: string): DeadLetterReason {
    return deadLetter('NO_MAGIC_BYTE', `${detail}; the value decodes as plain Avro of ${this.opts.subject}: it was sent without the 5-byte Confluent header`);
  }

  private isPlainAvro(value: Buffer): boolean {
    const type = this.reader?.type;
    if (!type) return false;
    try {
      if (avroEnd(type, value) !== value.length) return false; // garbage: never handed to avsc
      const { offset } = type.decode(value, 0);
      return offset === value.length;
    } catch {
      return false;
    }
  }
}

function dead(reason: DeadLetterReason): DecodeOutcome {
  return { kind: 'dead', reason };
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0] ?? s;
}
