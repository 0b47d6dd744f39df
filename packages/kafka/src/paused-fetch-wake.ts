/**
 * kafkajs 2.2.4's fetch loop, when every partition it was assigned is paused, sleeps the consumer's
 * whole `maxWaitTimeInMs` before it looks again (consumerGroup.js `fetch`: no requests, `sleep`),
 * and a `resume()` in the meantime does not shorten that sleep. dl ingest pauses each assignment
 * until the lake has said where every partition resumes (a few ms on disk), so every join and
 * every rebalance waited ~500 ms for nothing: a tenth of a 1M-record `dl ingest --once`.
 *
 * `wakePausedFetches(ConsumerGroup)` wraps two of the class's methods: while every assigned
 * partition is paused, a fetch first waits up to `maxWaitTime` for a `resume()` of the same
 * consumer, then calls kafkajs's own fetch, which does what it always did (requests for the
 * resumed partitions, or, still all paused, its own sleep). Nothing else changes: a consumer that
 * never pauses everything never waits here.
 */

/** The parts of kafkajs 2.2.4's ConsumerGroup the wrappers use. */
export interface ConsumerGroupLike {
  maxWaitTime: number;
  subscriptionState: {
    assigned(): Array<{ topic: string; partitions: number[] }>;
    isPaused(topic: string, partition: number): boolean;
  };
  fetch(nodeId: number): Promise<unknown[]>;
  resume(topicPartitions: unknown[]): unknown;
}

/** The fetches of one consumer group waiting for a resume (one per broker it fetches from). */
const waiting = new WeakMap<object, Set<() => void>>();
const wrapped = new WeakSet<object>();

/** Wraps `fetch` and `resume` on the class's prototype; idempotent. */
export function wakePausedFetches(ConsumerGroup: { prototype: ConsumerGroupLike }): void {
  const proto = ConsumerGroup.prototype;
  if (wrapped.has(proto)) return;
  wrapped.add(proto);
  const fetch = proto.fetch;
  const resume = proto.resume;
  proto.fetch = async function (this: ConsumerGroupLike, nodeId: number): Promise<unknown[]> {
    if (everyAssignedPaused(this)) await resumedOrTimeout(this, this.maxWaitTime);
    return fetch.call(this, nodeId);
  };
  proto.resume = function (this: ConsumerGroupLike, topicPartitions: unknown[]): unknown {
    const out = resume.call(this, topicPartitions);
    const wake = waiting.get(this);
    if (wake) for (const w of [...wake]) w();
    return out;
  };
}

/** True when the consumer has partitions and all of them are paused (kafkajs would sleep). */
function everyAssignedPaused(group: ConsumerGroupLike): boolean {
  let any = false;
  for (const { topic, partitions } of group.subscriptionState.assigned()) {
    for (const p of partitions) {
      if (!group.subscriptionState.isPaused(topic, p)) return false;
      any = true;
    }
  }
  return any;
}

function resumedOrTimeout(group: ConsumerGroupLike, ms: number): Promise<void> {
  return new Promise((resolve) => {
    let set = waiting.get(group);
    if (!set) waiting.set(group, (set = new Set()));
    const waiters = set;
    const done = () => {
      clearTimeout(timer);
      waiters.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    waiters.add(done);
  });
}
