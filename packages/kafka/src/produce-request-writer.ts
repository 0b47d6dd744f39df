import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** kafkajs's message shape as its producer hands it to the request encoder. */
export interface ProduceMessage {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  timestamp?: string | number;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

export interface ProduceRequestArgs {
  acks: number;
  timeout: number;
  transactionalId?: string | null;
  producerId?: unknown;
  producerEpoch?: number;
  compression?: number;
  topicData: { topic: string; partitions: { partition: number; firstSequence?: number; messages: ProduceMessage[] }[] }[];
}

interface KafkaJsLong {
  getHighBits(): number;
  getLowBits(): number;
}

type LookupCodec = (compression: number) => { compress(encoder: { buffer: Buffer }): Promise<Buffer> } | null;

const TRANSACTIONAL = 16;

/**
 * Writes Produce request v3 bodies (RecordBatch v2) into one growing buffer, as kafkajs's encoder does
 * field for field, without an object per record. kafkajs pieces reused: its CRC-32C, its Long, its codecs
 * (so snappy, lz4 and zstd registered with it apply here too), and its Encoder as the return type.
 */
export class ProduceRequestWriter {
  private readonly Encoder: new () => { writeBuffer(b: Buffer): unknown };
  private readonly crc32C: (b: Buffer) => number;
  private readonly Long: { fromValue(v: unknown): KafkaJsLong; fromInt(n: number): KafkaJsLong };
  private readonly lookupCodec: LookupCodec;
  private readonly apiKey: number;

  constructor(kafkajsSrc: string) {
    const load = (p: string) => require(path.join(kafkajsSrc, p)) as unknown;
    this.Encoder = load('protocol/encoder.js') as typeof this.Encoder;
    this.crc32C = load('protocol/recordBatch/crc32C/index.js') as typeof this.crc32C;
    this.Long = load('utils/long.js') as typeof this.Long;
    this.lookupCodec = (load('protocol/message/compression/index.js') as { lookupCodec: LookupCodec }).lookupCodec;
    this.apiKey = (load('protocol/requests/apiKeys.js') as { Produce: number }).Produce;
  }

  request(args: ProduceRequestArgs) {
    return {
      apiKey: this.apiKey,
      apiVersion: 3,
      apiName: 'Produce',
      expectResponse: () => args.acks !== 0,
      encode: async () => {
        const body = await this.body(args);
        return new this.Encoder().writeBuffer(body);
      },
    };
  }

  async body({ acks, timeout, transactionalId = null, producerId, producerEpoch = 0, compression = 0, topicData }: ProduceRequestArgs): Promise<Buffer> {
    // One writer per request: encodes may interleave while a codec compresses.
    const w = new ByteWriter();
    w.string(transactionalId);
    w.int16(acks);
    w.int32(timeout);
    w.int32(topicData.length);
    const pid = producerId === undefined ? this.Long.fromInt(-1) : this.Long.fromValue(producerId);
    for (const { topic, partitions } of topicData) {
      w.string(topic);
      w.int32(partitions.length);
      for (const p of partitions) {
        w.int32(p.partition);
        await this.recordBatch(w, p.messages, pid, producerEpoch, p.firstSequence ?? 0, !!transactionalId, compression);
      }
    }
    return w.bytes();
  }

  /** record_set size, then RecordBatch v2: base offset, length, leader epoch, magic, CRC-32C, the rest. */
  private async recordBatch(
    w: ByteWriter,
    messages: ProduceMessage[],
    pid: KafkaJsLong,
    epoch: number,
    firstSequence: number,
    transactional: boolean,
    compression: number,
  ) {
    const now = Date.now();
    let first = Infinity;
    let max = -Infinity;
    for (const m of messages) {
      if (m.timestamp === null || m.timestamp === undefined) continue;
      const t = Number(m.timestamp);
      if (t < first) first = t;
      if (t > max) max = t;
    }
    if (first === Infinity) first = max = now;

    const sizeAt = w.reserve(4); // record_set size
    w.int64(0); // base offset
    const lengthAt = w.reserve(4);
    const lengthFrom = w.pos;
    w.int32(0); // partition leader epoch
    w.int8(2); // magic
    const crcAt = w.reserve(4);
    const crcFrom = w.pos;
    w.int16((compression & 0x07) | (transactional ? TRANSACTIONAL : 0));
    w.int32(messages.length - 1);
    w.int64(first);
    w.int64(max);
    w.int32(pid.getHighBits());
    w.int32(pid.getLowBits());
    w.int16(epoch);
    w.int32(firstSequence);
    w.int32(messages.length);
    if (compression === 0) {
      this.records(w, messages, first, now);
    } else {
      const recordsFrom = w.pos;
      this.records(w, messages, first, now);
      const codec = this.lookupCodec(compression);
      if (!codec) throw new Error(`kafkajs has no codec for compression ${compression}`);
      const compressed = await codec.compress({ buffer: Buffer.from(w.slice(recordsFrom, w.pos)) });
      w.pos = recordsFrom;
      w.raw(compressed);
    }
    w.setUInt32(crcAt, this.crc32C(w.slice(crcFrom, w.pos)));
    w.setInt32(lengthAt, w.pos - lengthFrom);
    w.setInt32(sizeAt, w.pos - sizeAt - 4);
  }

  private records(w: ByteWriter, messages: ProduceMessage[], first: number, now: number) {
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i]!;
      const ts = m.timestamp === null || m.timestamp === undefined ? now : Number(m.timestamp);
      const key = bytesOf(m.key);
      const value = bytesOf(m.value);
      const headers = headerList(m.headers);
      let size = 1 + sizeOfVarLong(ts - first) + sizeOfVarInt(i) + sizeOfVarBytes(key) + sizeOfVarBytes(value) + sizeOfVarInt(headers.length);
      for (const [k, v] of headers) size += sizeOfVarBytes(k) + sizeOfVarBytes(v);
      w.varInt(size);
      w.int8(0); // record attributes
      w.varLong(ts - first);
      w.varInt(i);
      w.varBytes(key);
      w.varBytes(value);
      w.varInt(headers.length);
      for (const [k, v] of headers) {
        w.varBytes(k);
        w.varBytes(v);
      }
    }
  }
}

function bytesOf(v: Buffer | string | null | undefined): Buffer | null {
  if (v === null || v === undefined) return null;
  return Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8');
}

function headerList(headers: ProduceMessage['headers']): [Buffer, Buffer | null][] {
  if (!headers) return [];
  const out: [Buffer, Buffer | null][] = [];
  for (const k of Object.keys(headers)) {
    const v = headers[k];
    const key = Buffer.from(k, 'utf8');
    if (Array.isArray(v)) for (const x of v) out.push([key, bytesOf(x)]);
    else out.push([key, bytesOf(v)]);
  }
  return out;
}

const zigZag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);

function sizeOfUVarInt(u: number): number {
  let bytes = 1;
  while (u >= 128) {
    u = Math.floor(u / 128);
    bytes++;
  }
  return bytes;
}
const sizeOfVarInt = (n: number) => sizeOfUVarInt(zigZag(n));
const sizeOfVarLong = sizeOfVarInt;
const sizeOfVarBytes = (b: Buffer | null) => (b === null ? 1 : sizeOfVarInt(b.length) + b.length);

/** A growable big-endian writer with Kafka's zig-zag varints. */
class ByteWriter {
  buf = Buffer.allocUnsafe(64 * 1024);
  pos = 0;

  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
  slice(from: number, to: number): Buffer {
    return this.buf.subarray(from, to);
  }
  private ensure(n: number) {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  reserve(n: number): number {
    this.ensure(n);
    const at = this.pos;
    this.pos += n;
    return at;
  }
  int8(v: number) {
    this.ensure(1);
    this.buf.writeInt8(v, this.pos);
    this.pos += 1;
  }
  int16(v: number) {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
  }
  int32(v: number) {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
  }
  int64(v: number) {
    this.ensure(8);
    this.buf.writeBigInt64BE(BigInt(v), this.pos);
    this.pos += 8;
  }
  setInt32(at: number, v: number) {
    this.buf.writeInt32BE(v, at);
  }
  setUInt32(at: number, v: number) {
    this.buf.writeUInt32BE(v >>> 0, at);
  }
  string(s: string | null) {
    if (s === null) return this.int16(-1);
    const n = Buffer.byteLength(s, 'utf8');
    this.int16(n);
    this.ensure(n);
    this.buf.write(s, this.pos, n, 'utf8');
    this.pos += n;
  }
  raw(b: Buffer) {
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }
  varInt(n: number) {
    let u = zigZag(n);
    this.ensure(10);
    while (u >= 128) {
      this.buf[this.pos++] = (u % 128) | 128;
      u = Math.floor(u / 128);
    }
    this.buf[this.pos++] = u;
  }
  varLong(n: number) {
    this.varInt(n);
  }
  varBytes(b: Buffer | null) {
    if (b === null) return this.varInt(-1);
    this.varInt(b.length);
    this.raw(b);
  }
}
