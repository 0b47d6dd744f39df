import { isStorageError } from '@dl/storage';
import { abortableSleep } from './abortable-sleep.js';

export interface StorageRetryOptions {
  signal: AbortSignal;
  /** Called before each wait (at most every 10 s), for the one warning line. */
  onWait: (e: Error) => void;
  /** Called during waits, e.g. to heartbeat the consumer group. */
  onTick?: () => Promise<void>;
}

/**
 * Storage that is unreachable, throttling or answering 5xx (`UNAVAILABLE`) is infrastructure,
 * not bad data: wait with backoff and try the same call again, for as long as it takes, as the
 * registry retry does. Every call retried here is idempotent (put of the same key, copy, delete,
 * put-if-absent whose "already there" is told apart by its content). Other errors, and a stop
 * while waiting, are thrown.
 */
export async function withStorageRetry<T>(fn: () => Promise<T>, opts: StorageRetryOptions): Promise<T> {
  let delay = 250;
  let warnedAt = 0;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (!isStorageError(e, 'UNAVAILABLE') || opts.signal.aborted) throw e;
      if (Date.now() - warnedAt > 10_000) {
        opts.onWait(e);
        warnedAt = Date.now();
      }
      await abortableSleep(delay, opts.signal);
      if (opts.signal.aborted) throw e;
      delay = Math.min(delay * 2, 5000);
      await opts.onTick?.().catch(() => {});
    }
  }
}
