import { deadLetterRef, REPLAY_HEADER, type ReplayMessage } from '@dl/core';
import type { IHeaders } from '@dl/kafka';
import type { DeadLetterRow } from '@dl/core';

/** A message to send, before its partition is chosen. */
export interface Outgoing {
  ref: string;
  topic: string;
  /** The dead letter's partition, with `--same-partition`; otherwise chosen by key. */
  partition: number | undefined;
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<{ key: string; value: Buffer | null }>;
}

/**
 * The dead letter as it goes out again: its key and headers, the (repaired) value, and
 * `dl-replay-of: <topic>/<partition>/<offset>` naming it. A `dl-replay-of` it already carried (it was
 * itself a replay that failed again) is replaced, so the header always names the newest dead letter.
 */
export function outgoing(dl: DeadLetterRow, value: Buffer | null, target: { topic: string; samePartition: boolean }): Outgoing {
  const ref = deadLetterRef(dl.topic, dl.partition, dl.offset);
  const headers = dl.headers.filter((h) => h.key !== REPLAY_HEADER).map((h) => ({ key: h.key, value: h.value === null ? null : Buffer.from(h.value) }));
  headers.push({ key: REPLAY_HEADER, value: Buffer.from(ref, 'utf8') });
  return {
    ref,
    topic: target.topic,
    partition: target.samePartition ? dl.partition : undefined,
    key: dl.key === null ? null : Buffer.from(dl.key),
    value,
    headers,
  };
}

/** As stored in an intent: bytes in base64. */
export function toStored(o: Outgoing, partition: number): ReplayMessage {
  const b64 = (b: Buffer | null) => (b === null ? null : b.toString('base64'));
  return { ref: o.ref, topic: o.topic, partition, key: b64(o.key), value: b64(o.value), headers: o.headers.map((h) => ({ key: h.key, value: b64(h.value) })) };
}

/**
 * As kafkajs sends it: repeated header keys become arrays (kafkajs writes each element as one header,
 * and a null element as a null header value, which its types do not admit).
 */
export function toKafka(m: ReplayMessage): { partition: number; key: Buffer | null; value: Buffer | null; headers: IHeaders } {
  const bytes = (s: string | null) => (s === null ? null : Buffer.from(s, 'base64'));
  const headers: Record<string, Array<Buffer | null>> = Object.create(null) as Record<string, Array<Buffer | null>>;
  for (const h of m.headers) (headers[h.key] ??= []).push(bytes(h.value));
  return { partition: m.partition, key: bytes(m.key), value: bytes(m.value), headers: headers as IHeaders };
}
