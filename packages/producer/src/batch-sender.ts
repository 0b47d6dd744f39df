import type { CompressionType, Producer } from '@dl/kafka';

export interface OutMessage {
  key: Buffer | null;
  value: Buffer | null;
}

/**
 * Sends one batch at a time while the caller prepares the next. Not more: kafkajs's idempotent producer
 * holds a per-broker lock through each response anyway, concurrent send() calls can take that lock out of
 * order (seen here: a topic's second thousand orders landing after its third), and a timed-out request
 * rolls its sequence numbers back under a later batch's feet. A failed batch counts all its messages as
 * failed and keeps the first error; the caller stops adding once `error` is set.
 */
export class BatchSender {
  sent = 0;
  failed = 0;
  error: unknown;
  /** Time spent waiting for the previous batch, in ms. */
  waitMs = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly compression: CompressionType,
    private readonly onSent?: (count: number) => void,
  ) {}

  async add(messages: OutMessage[]): Promise<void> {
    await this.flush();
    if (this.error !== undefined) return;
    const n = messages.length;
    this.pending = this.producer.send({ topic: this.topic, messages, acks: -1, compression: this.compression }).then(
      () => {
        this.sent += n;
        this.onSent?.(n);
      },
      (e: unknown) => {
        this.failed += n;
        this.error ??= e;
      },
    );
  }

  async flush(): Promise<void> {
    const t = performance.now();
    await this.pending;
    this.waitMs += performance.now() - t;
  }
}
