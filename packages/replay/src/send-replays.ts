import { DlError, type ReplayLanding, type ReplayMessage } from '@dl/core';
import type { Producer } from '@dl/kafka';
import { toKafka } from './replay-message.js';

/** Keeps each request well under the broker's default 1 MiB message.max.bytes (kafkajs does not split). */
const MAX_REQUEST_BYTES = 512 * 1024;
const MAX_REQUEST_MESSAGES = 1000;

export interface SendResult {
  landed: ReplayLanding[];
  /** Refs not sent because `signal` stopped the run. */
  notSent: string[];
}

/**
 * Sends with acks=all, one request at a time, and works out where each message landed: kafkajs
 * writes a request's messages for one partition as one record batch, in the order given, so the
 * k-th of them got the batch's base offset + k. A request that fails throws: whether it landed is
 * then unknown, and the caller leaves the intent for the next run to reconcile.
 */
export async function sendReplays(producer: Producer, messages: ReplayMessage[], signal?: AbortSignal): Promise<SendResult> {
  const landed: ReplayLanding[] = [];
  let i = 0;
  while (i < messages.length && !signal?.aborted) {
    const batch = nextRequest(messages, i);
    i += batch.length;
    const byTopic = new Map<string, ReplayMessage[]>();
    for (const m of batch) {
      const list = byTopic.get(m.topic);
      if (list) list.push(m);
      else byTopic.set(m.topic, [m]);
    }
    const meta = await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, ms]) => ({ topic, messages: ms.map(toKafka) })) });
    const base = new Map(meta.map((r) => [`${r.topicName}/${r.partition}`, r.baseOffset]));
    const seen = new Map<string, number>();
    for (const m of batch) {
      const tp = `${m.topic}/${m.partition}`;
      const b = base.get(tp);
      if (b === undefined) throw new DlError('KAFKA', `Kafka acknowledged a replay request without an offset for ${tp}; run dl replay again to reconcile it.`);
      const k = seen.get(tp) ?? 0;
      seen.set(tp, k + 1);
      landed.push({ ref: m.ref, topic: m.topic, partition: m.partition, offset: (BigInt(b) + BigInt(k)).toString() });
    }
  }
  return { landed, notSent: messages.slice(i).map((m) => m.ref) };
}

function nextRequest(messages: ReplayMessage[], from: number): ReplayMessage[] {
  let bytes = 0;
  let end = from;
  while (end < messages.length && end - from < MAX_REQUEST_MESSAGES) {
    const m = messages[end]!;
    // base64 is 4/3 of the bytes: a generous estimate of the record's size.
    const size = 64 + (m.key?.length ?? 0) + (m.value?.length ?? 0) + m.headers.reduce((n, h) => n + h.key.length + (h.value?.length ?? 0), 0);
    if (end > from && bytes + size > MAX_REQUEST_BYTES) break;
    bytes += size;
    end++;
  }
  return messages.slice(from, end);
}
