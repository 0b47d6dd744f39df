import { REPLAY_HEADER, type ReplayLanding } from '@dl/core';
import type { Producer } from '@dl/kafka';
import type { ReplaySession } from '../src/replay-session.js';

interface Entry {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Array<Buffer | null>>;
}

/**
 * An in-memory Kafka for the replay's crash tests: topics are arrays of records; `failSend` makes a
 * request fail before (`'before'`) or after (`'after'`, the acknowledgement is lost) the broker appends it.
 */
export function fakeSession(partitions: Record<string, number>) {
  const logs = new Map<string, Entry[]>();
  const log = (topic: string, partition: number) => {
    const k = `${topic}/${partition}`;
    if (!logs.has(k)) logs.set(k, []);
    return logs.get(k)!;
  };
  const state = { requests: 0, failSend: undefined as undefined | { request: number; when: 'before' | 'after' }, low: new Map<string, bigint>() };
  const producer = {
    async sendBatch({ topicMessages }: { topicMessages: Array<{ topic: string; messages: Array<Entry & { partition: number }> }> }) {
      const n = ++state.requests;
      if (state.failSend?.request === n && state.failSend.when === 'before') throw new Error('broker unreachable');
      const meta = new Map<string, { topicName: string; partition: number; errorCode: number; baseOffset: string }>();
      for (const { topic, messages } of topicMessages) {
        for (const m of messages) {
          const l = log(topic, m.partition);
          if (!meta.has(`${topic}/${m.partition}`))
            meta.set(`${topic}/${m.partition}`, { topicName: topic, partition: m.partition, errorCode: 0, baseOffset: String(l.length) });
          l.push({ key: m.key, value: m.value, headers: m.headers });
        }
      }
      if (state.failSend?.request === n) throw new Error('connection lost before the acknowledgement');
      return [...meta.values()];
    },
  };
  const session: ReplaySession = {
    async watermarks(topics) {
      return topics.flatMap((topic) =>
        Array.from({ length: partitions[topic] ?? 0 }, (_, partition) => ({
          topic,
          partition,
          low: state.low.get(`${topic}/${partition}`) ?? 0n,
          high: BigInt(log(topic, partition).length),
        })),
      );
    },
    async metadata(topics) {
      return new Map(
        topics.map((t) => [
          t,
          Array.from({ length: partitions[t] ?? 0 }, (_, p) => ({
            partitionId: p,
            leader: 0,
            replicas: [0],
            isr: [0],
            partitionErrorCode: 0,
            offlineReplicas: [],
          })),
        ]),
      );
    },
    producer: async () => producer as unknown as Producer,
    async findReplayed(ranges, refs) {
      const found = new Map<string, ReplayLanding>();
      for (const r of ranges) {
        const l = log(r.topic, r.partition);
        for (let o = r.from; o < r.to; o++) {
          const ref = l[Number(o)]?.headers[REPLAY_HEADER]?.[0]?.toString();
          if (ref && refs.has(ref) && !found.has(ref)) found.set(ref, { ref, topic: r.topic, partition: r.partition, offset: o.toString() });
        }
      }
      return found;
    },
    close: async () => {},
  };
  /** Another producer's record (no replay header, or one naming `ref`). */
  const append = (topic: string, partition: number, ref?: string) =>
    log(topic, partition).push({ key: null, value: Buffer.from('x'), headers: ref ? { [REPLAY_HEADER]: [Buffer.from(ref)] } : {} });
  return { session, state, log, append };
}
