import { isDlError } from '@dl/core';
import { abortableSleep } from './abortable-sleep.js';

export interface RegistryRetryOptions {
  /** Where the wait happens (`topic/partition`), for the warning. */
  where: string;
  /** Called between attempts, so the group keeps a member that waits. */
  heartbeat: () => Promise<void>;
  signal: AbortSignal;
  log: (level: 'warn', msg: string) => void;
  /** The error in the caller's words (RunControl.describe); by default its message. */
  describe?: (e: Error) => string;
}

/**
 * Registry outages are infrastructure, not bad data: wait with backoff (250 ms doubling to 5 s,
 * heartbeating so the group keeps us) until it answers, and never skip the record. Errors that
 * are not retriable are thrown at once. Returns undefined if stopped while waiting.
 */
export async function withRegistryRetry<T>(
  fn: () => Promise<T>,
  { where, heartbeat, signal, log, describe = (e) => e.message }: RegistryRetryOptions,
): Promise<T | undefined> {
  let delay = 250;
  let warnedAt = 0;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (!(isDlError(e) && e.retriable)) throw e;
      if (Date.now() - warnedAt > 10_000) {
        log('warn', `${where}: ${describe(e).replace(/\.\s*$/, '')}; pausing this partition and retrying (records are kept, nothing is skipped)`);
        warnedAt = Date.now();
      }
      await abortableSleep(delay, signal);
      if (signal.aborted) return undefined;
      delay = Math.min(delay * 2, 5000);
      await heartbeat().catch(() => {});
    }
  }
}
