import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageError } from '@dl/storage';
import { withStorageRetry } from './storage-retry.js';

afterEach(() => vi.useRealTimers());

describe('withStorageRetry', () => {
  it('waits out UNAVAILABLE errors with backoff, warns, ticks, and returns the eventual result', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const warnings: string[] = [];
    let ticks = 0;
    const p = withStorageRetry(
      async () => {
        if (++calls < 4) throw new StorageError('UNAVAILABLE', 'k', 'S3 answered 503');
        return 'done';
      },
      { signal: new AbortController().signal, onWait: (e) => warnings.push(e.message), onTick: async () => void ticks++ },
    );
    await vi.runAllTimersAsync();
    expect(await p).toBe('done');
    expect(calls).toBe(4);
    expect(ticks).toBe(3);
    expect(warnings).toEqual(['S3 answered 503']); // once per 10 s, not per attempt
  });

  it('throws other kinds at once, and UNAVAILABLE once stopped', async () => {
    const signal = new AbortController();
    await expect(
      withStorageRetry(async () => Promise.reject(new StorageError('ACCESS_DENIED', 'k', 'denied')), { signal: signal.signal, onWait: () => {} }),
    ).rejects.toThrow('denied');
    signal.abort();
    await expect(
      withStorageRetry(async () => Promise.reject(new StorageError('UNAVAILABLE', 'k', 'down')), { signal: signal.signal, onWait: () => {} }),
    ).rejects.toThrow('down');
  });
});
