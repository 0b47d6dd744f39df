import kafkajs from 'kafkajs';
import { stackEndpoints } from '../../support/stack-env.js';

export interface FlowMessage {
  partition: number;
  key: string | null;
  value: Buffer | null;
}

export interface FlowOptions {
  topic: string;
  total: number;
  /** Messages per second, spread over ~10 sends a second. */
  rate: number;
  /** Pacing by the test's own progress: how many messages may have been sent by now (default: all). */
  limit?: () => number;
  message: (i: number) => FlowMessage;
  /**
   * Keep going through broker outages: a failed send is retried with a new producer until it is
   * acknowledged. The retried request may then be in the topic twice (at two offsets): the audit's
   * ground truth is the topic, so that is accounted for, but content checks must allow it.
   */
  retry?: boolean;
}

/** A test-side producer running in the background while a fault is induced. */
export interface Flow {
  /** Messages acknowledged so far. */
  readonly sent: number;
  /** Sends that failed and were retried (only with `retry`). */
  readonly retries: number;
  /** Resolves once all `total` messages are acknowledged (rejects on a send error without `retry`). */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/** Requests stay under ~512 KiB: the broker rejects a record batch over message.max.bytes (1 MiB). */
const MAX_REQUEST_BYTES = 512 * 1024;

export function startFlow(opts: FlowOptions): Flow {
  const kafka = new kafkajs.Kafka({ clientId: 'dl-chaos-flow', brokers: stackEndpoints().brokers, logLevel: kafkajs.logLevel.NOTHING });
  const newProducer = () => kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  let producer = newProducer();
  let stopped = false;
  const state = { sent: 0, retries: 0 };
  const tick = 100;
  const perTick = Math.max(1, Math.round((opts.rate * tick) / 1000));

  const sendRequest = async (messages: FlowMessage[]) => {
    for (;;) {
      try {
        await producer.send({ topic: opts.topic, acks: -1, messages });
        return;
      } catch (e) {
        if (!opts.retry || stopped) throw e;
        state.retries++;
        await producer.disconnect().catch(() => {});
        await sleep(1000);
        producer = newProducer();
        await producer.connect().catch(() => {});
      }
    }
  };

  const run = async () => {
    await producer.connect();
    const started = Date.now();
    for (let i = 0; i < opts.total && !stopped;) {
      // Paced by wall clock: after a stall (a broker outage) the backlog goes out at once.
      const due = Math.min(opts.total, Math.floor(((Date.now() - started) / 1000) * opts.rate) + perTick, Math.floor(opts.limit?.() ?? opts.total));
      if (due <= i) {
        await sleep(tick);
        continue;
      }
      let request: FlowMessage[] = [];
      let bytes = 0;
      for (; i < due && !stopped; i++) {
        const m = opts.message(i);
        const size = (m.value?.length ?? 0) + (m.key?.length ?? 0) + 32;
        if (request.length > 0 && bytes + size > MAX_REQUEST_BYTES) {
          await sendRequest(request);
          state.sent += request.length;
          request = [];
          bytes = 0;
        }
        request.push(m);
        bytes += size;
      }
      if (request.length > 0) {
        await sendRequest(request);
        state.sent += request.length;
      }
    }
  };
  const done = run().finally(() => producer.disconnect().catch(() => {}));
  done.catch(() => {}); // observed through `done`; no unhandled rejection while the test is busy elsewhere
  return {
    get sent() {
      return state.sent;
    },
    get retries() {
      return state.retries;
    },
    done,
    async stop() {
      stopped = true;
      await done.catch(() => {});
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
