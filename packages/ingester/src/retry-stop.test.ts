import { describe, expect, it } from 'vitest';
import { StorageError } from '@dl/storage';
import { RetryStop } from './retry-stop.js';
import { withStorageRetry } from './storage-retry.js';

/** A storage call that fails once with a transient error, then answers. */
function failsOnce(): () => Promise<string> {
  let calls = 0;
  return async () => {
    if (++calls === 1) throw new StorageError('UNAVAILABLE', 'k', 'S3 answered 503 Slow Down.');
    return 'published';
  };
}

describe('RetryStop', () => {
  it('during start-up the caller’s stop ends the storage retries at once', async () => {
    const stop = new AbortController();
    const r = new RetryStop(stop.signal);
    stop.abort();
    expect(r.signal.aborted).toBe(true);
    await expect(withStorageRetry(failsOnce(), { signal: r.signal, onWait: () => {} })).rejects.toThrow('503');
  });

  it('once consuming, a stop (Ctrl-C) drains: a transient error in the final flush is still retried', async () => {
    const stop = new AbortController();
    const r = new RetryStop(stop.signal);
    r.consuming();
    stop.abort();
    expect(r.signal.aborted).toBe(false);
    const waits: string[] = [];
    expect(await withStorageRetry(failsOnce(), { signal: r.signal, onWait: (e) => waits.push(e.message) })).toBe('published');
    expect(waits).toEqual(['S3 answered 503 Slow Down.']);
  });

  it('a second stop (force) ends the drain’s retries, also while one waits', async () => {
    const stop = new AbortController();
    const force = new AbortController();
    const r = new RetryStop(stop.signal, force.signal);
    r.consuming();
    stop.abort();
    const down = () => Promise.reject(new StorageError('UNAVAILABLE', 'k', 'S3 is down.'));
    const waiting = withStorageRetry(down, { signal: r.signal, onWait: () => force.abort() });
    await expect(waiting).rejects.toThrow('S3 is down.');
    expect(r.signal.aborted).toBe(true);
  });

  it('an already stopped caller starts stopped; after dispose the caller’s signals no longer reach it', () => {
    const stopped = new AbortController();
    stopped.abort();
    expect(new RetryStop(stopped.signal).signal.aborted).toBe(true);
    const stop = new AbortController();
    const force = new AbortController();
    const r = new RetryStop(stop.signal, force.signal);
    r.dispose();
    stop.abort();
    force.abort();
    expect(r.signal.aborted).toBe(false);
  });
});
