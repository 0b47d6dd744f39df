import { crc32c } from './crc32c.js';

/**
 * A decoder for Kafka record batches (magic 2) that returns exactly what kafkajs 2.2.4's
 * `protocol/recordBatch/v0/decoder.js` returns, at a fraction of its cost. kafkajs decodes every
 * record through a new Decoder object and computes each offset and timestamp with its BigInt `Long`
 * (parsing the batch's first offset and timestamp from strings again for every record), and folds
 * headers with an object spread per header; a fetch of 50,000 small records spent more time there
 * than in everything dl does with them. Here offsets and timestamps are plain numbers while they are
 * below 2^53 (exact; BigInt beyond), and records are read straight from the batch's buffer.
 *
 * Every batch is checked against its CRC-32C, which kafkajs never checks (unless `checkCrcs` says
 * not to; then only a batch that does not decode is): a batch whose bytes changed after its producer
 * wrote it (a disk, a network card, a broker bug) fails the fetch with a CorruptRecordBatchError, as
 * the Java consumer's check.crcs does, instead of being decoded into changed or made-up records.
 * Anything unusual in a batch whose CRC holds (a record whose length does not match its contents, a
 * negative record count, a message set of magic 0 or 1) goes back to kafkajs's own decoder for the
 * whole batch, so it behaves exactly as before; a body that does not decompress fails with the
 * codec's error, as in kafkajs. The CRC covers the batch from its attributes to its end, not its
 * base offset, length, leader epoch or magic byte.
 *
 * Two more deliberate differences: headers named like Object.prototype members (`__proto__`,
 * `constructor`, `toString`, ...) are kept as the header's own value (kafkajs folds them into
 * `[inheritedMember, value]` arrays); and a record that declares more headers than its bytes can
 * hold is a CorruptRecordBatchError whatever its CRC. kafkajs makes up an empty header for every
 * missing one (reads past the end give zeros), with an object spread each, so one flipped bit in a
 * header count (up to 2^31) hangs the process until it runs out of memory.
 */

/** What kafkajs's decoder gets: the fetch response's Decoder (kafkajs src/protocol/decoder.js). */
export interface KafkajsDecoder {
  buffer: Buffer;
  offset: number;
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readInt64(): { toString(): string };
  readAll(): Buffer;
  slice(size: number): KafkajsDecoder;
  forward(size: number): void;
}

interface Codec {
  decompress(buffer: Buffer): Promise<Buffer>;
}

/** The kafkajs pieces the decoder keeps kafkajs's behaviour with. */
export interface RecordBatchDecoderDeps {
  /** kafkajs's own decoder, for batches this one does not take. */
  original: (decoder: KafkajsDecoder) => Promise<RecordBatch>;
  /** kafkajs's codec registry lookup (null: uncompressed, or a codec nobody registered). */
  lookupCodecByAttributes: (attributes: number) => Codec | null;
  /** Whether to verify every batch's CRC before decoding it (else only a batch that does not decode). */
  checkCrcs: () => boolean;
}

export type Headers = Record<string, Buffer | null | Array<Buffer | null>>;

export interface RecordContext {
  firstOffset: string;
  firstTimestamp: string;
  partitionLeaderEpoch: number;
  inTransaction: boolean;
  isControlBatch: boolean;
  lastOffsetDelta: number;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  maxTimestamp: string;
  timestampType: number;
}

export interface DecodedRecord {
  magicByte: number;
  attributes: number;
  timestamp: string;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Headers;
  isControlRecord: boolean;
  batchContext: RecordContext & { magicByte: number };
}

export interface RecordBatch extends RecordContext {
  records: DecodedRecord[];
}

const TIMESTAMP_TYPE_FLAG_MASK = 0x8;
const TRANSACTIONAL_FLAG_MASK = 0x10;
const CONTROL_FLAG_MASK = 0x20;
const LOG_APPEND_TIME = 1;
const CREATE_TIME = 0;

/**
 * A batch no well-formed producer writes and that cannot be decoded within bounds. Not retriable:
 * fetching the same batch again gives the same bytes, so the consumer stops with this message.
 */
export class CorruptRecordBatchError extends Error {
  override readonly name = 'CorruptRecordBatchError';
  readonly retriable = false;
}

/** The CRC covers the batch from its attributes on (after the epoch, magic byte and CRC itself). */
const CRC_COVERS_FROM = 9;

/** Thrown inside the record loop when a batch must go back to kafkajs's decoder. */
const FALL_BACK = new Error('record batch left to kafkajs');

export function createRecordBatchDecoder(deps: RecordBatchDecoderDeps): (decoder: KafkajsDecoder) => Promise<RecordBatch> {
  return async (fetchDecoder) => {
    const start = fetchDecoder.offset;
    const firstOffset = fetchDecoder.readInt64().toString();
    const length = fetchDecoder.readInt32();
    const decoder = fetchDecoder.slice(length);
    fetchDecoder.forward(length);
    // The fetch's last batch is usually cut short by maxBytes: kafkajs throws the error its caller expects.
    if (decoder.buffer.length < length) return again(deps, fetchDecoder, start);
    const partitionLeaderEpoch = decoder.readInt32();
    const magicByte = decoder.readInt8();
    // A v0/v1 message set after a v2 batch (a mixed-format log): its CRC sits elsewhere.
    if (magicByte !== 2) return again(deps, fetchDecoder, start);
    const crc = decoder.readInt32() >>> 0;
    let verified = false;
    const checkCrc = (): void => {
      if (verified) return;
      verified = true;
      const actual = crc32c(decoder.buffer.subarray(CRC_COVERS_FROM));
      if (actual !== crc) {
        throw new CorruptRecordBatchError(
          `A fetched record batch is corrupt: the batch at offset ${firstOffset} has CRC ${crc}, its bytes give ${actual} ` +
            "(they changed after its producer wrote them; Kafka's own consumers refuse this batch too).",
        );
      }
    };
    const malformed = (): Promise<RecordBatch> => {
      checkCrc();
      return again(deps, fetchDecoder, start);
    };
    const attributes = decoder.readInt16();
    const lastOffsetDelta = decoder.readInt32();
    const firstTimestamp = decoder.readInt64().toString();
    const maxTimestamp = decoder.readInt64().toString();
    const producerId = decoder.readInt64().toString();
    const producerEpoch = decoder.readInt16();
    const firstSequence = decoder.readInt32();
    const context: RecordContext = {
      firstOffset,
      firstTimestamp,
      partitionLeaderEpoch,
      inTransaction: (attributes & TRANSACTIONAL_FLAG_MASK) > 0,
      isControlBatch: (attributes & CONTROL_FLAG_MASK) > 0,
      lastOffsetDelta,
      producerId,
      producerEpoch,
      firstSequence,
      maxTimestamp,
      timestampType: (attributes & TIMESTAMP_TYPE_FLAG_MASK) > 0 ? LOG_APPEND_TIME : CREATE_TIME,
    };
    // ~1 GB/s (crc32c.ts), well under 1% of what dl ingest spends on the same batch.
    if (deps.checkCrcs()) checkCrc();
    const codec = deps.lookupCodecByAttributes(attributes);
    const count = decoder.readInt32();
    let records: DecodedRecord[];
    if (codec && count <= 0) records = [];
    else if (!codec && count === -1) records = [];
    else if (count < 0) return malformed();
    else {
      let body: Buffer;
      try {
        body = codec ? await codec.decompress(decoder.readAll()) : decoder.buffer;
      } catch (e) {
        // The codec's own error when the bytes are what the producer sent.
        checkCrc();
        throw e;
      }
      try {
        records = decodeRecords(body, codec ? 0 : decoder.offset, count, { ...context, magicByte });
      } catch (e) {
        if (e instanceof CorruptRecordBatchError) {
          // A changed byte is the likelier cause (with checkCrcs off, not yet checked): say so.
          checkCrc();
          throw e;
        }
        // Malformed somewhere: kafkajs decodes the batch again and fails (or not) its own way.
        return malformed();
      }
    }
    return { ...context, records };
  };
}

/** Rewinds the fetch decoder to the batch and lets kafkajs decode it. */
function again(deps: RecordBatchDecoderDeps, fetchDecoder: KafkajsDecoder, start: number): Promise<RecordBatch> {
  fetchDecoder.offset = start;
  return deps.original(fetchDecoder);
}

function decodeRecords(buf: Buffer, from: number, count: number, ctx: RecordContext & { magicByte: number }): DecodedRecord[] {
  const baseOffset = Number(ctx.firstOffset);
  const baseTimestamp = Number(ctx.firstTimestamp);
  const exactBase = Number.isSafeInteger(baseOffset);
  const exactTimestamp = Number.isSafeInteger(baseTimestamp);
  const logAppend = ctx.timestampType === LOG_APPEND_TIME;
  const records = new Array<DecodedRecord>(count);
  let p = from;
  // kafkajs's varint: 7 bits per byte, zigzag on a 32-bit int (a byte past the end reads as 0).
  const varint = (): number => {
    let b: number;
    let r = 0;
    let i = 0;
    do {
      b = buf[p++]!;
      r += (b & 0x7f) << i;
      i += 7;
    } while (b >= 0x80);
    return (r >>> 1) ^ -(r & 1);
  };
  // Only -1 (null) may be negative: kafkajs moves its read position backwards on other negative
  // lengths (and Buffer#slice counts negative ends from the end), which is left to kafkajs itself.
  // With lengths never negative, reading past a record's end shows as p > end at its end.
  const bytes = (): Buffer | null => {
    const n = varint();
    if (n === -1) return null;
    if (n < 0) throw FALL_BACK;
    const out = buf.subarray(p, p + n);
    p += n;
    return out;
  };
  for (let i = 0; i < count; i++) {
    const length = varint();
    const end = p + length;
    if (length < 0 || end > buf.length) throw FALL_BACK;
    const attributes = buf.readInt8(p++);
    // kafkajs reads (and checks) the delta even when the batch's log-append time replaces it.
    const created = timestampOf(buf, p, baseTimestamp, exactTimestamp, ctx.firstTimestamp);
    const timestamp = logAppend ? ctx.maxTimestamp : created;
    p = varlongEnd;
    const delta = varint();
    const sum = baseOffset + delta;
    const offset = exactBase && Number.isSafeInteger(sum) ? String(sum) : String(BigInt(ctx.firstOffset) + BigInt(delta));
    const key = bytes();
    const value = bytes();
    const headers: Headers = {};
    const n = varint();
    // Past the record's end already (a key or value longer than the record): kafkajs's business.
    if (n < -1 || p > end) throw FALL_BACK;
    // Each header takes at least two bytes (its name's and its value's lengths).
    if (n > (end - p) / 2) {
      throw new CorruptRecordBatchError(`A fetched record batch is corrupt: the record at offset ${offset} declares ${n} headers in ${end - p} bytes.`);
    }
    for (let h = 0; h < n; h++) {
      const kl = varint();
      if (kl < -1) throw FALL_BACK;
      const name = kl === -1 ? 'null' : buf.toString('utf8', p, p + kl);
      if (kl > 0) p += kl;
      addHeader(headers, name, bytes());
    }
    if (p !== end) throw FALL_BACK;
    records[i] = { magicByte: ctx.magicByte, attributes, timestamp, offset, key, value, headers, isControlRecord: ctx.isControlBatch, batchContext: ctx };
  }
  return records;
}

/** Where the last varlong read by timestampOf ended (a module variable: no object per record). */
let varlongEnd = 0;

/** firstTimestamp + the record's zigzag varlong delta, as kafkajs's Long computes it (no wrap-around). */
function timestampOf(buf: Buffer, p: number, base: number, exactBase: boolean, baseText: string): string {
  let b: number;
  let r = 0;
  let scale = 1;
  let i = 0;
  do {
    b = buf[p++]!;
    r += (b & 0x7f) * scale;
    scale *= 128;
    i += 7;
  } while (b >= 0x80 && i < 49);
  if (b < 0x80) {
    // Up to 7 bytes: below 2^49, exact as a number.
    varlongEnd = p;
    const delta = r % 2 === 0 ? r / 2 : -(r + 1) / 2;
    const sum = base + delta;
    if (exactBase && Number.isSafeInteger(sum)) return String(sum);
    return String(BigInt(baseText) + BigInt(delta));
  }
  let big = BigInt(r);
  do {
    if (i > 63) throw FALL_BACK; // kafkajs's decoder throws its "Invalid Long" error
    b = buf[p++]!;
    big += BigInt(b & 0x7f) << BigInt(i);
    i += 7;
  } while (b >= 0x80);
  varlongEnd = p;
  return String(BigInt(baseText) + ((big >> 1n) ^ -(big & 1n)));
}

/** kafkajs's header folding (one value, or an array for a repeated name), on own properties only. */
function addHeader(headers: Headers, name: string, value: Buffer | null): void {
  if (!Object.hasOwn(headers, name)) {
    if (name === '__proto__') Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
    else headers[name] = value;
    return;
  }
  const have = headers[name]!;
  if (Array.isArray(have)) have.push(value);
  else headers[name] = [have, value];
}
