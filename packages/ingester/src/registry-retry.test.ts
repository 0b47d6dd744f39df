import { afterEach, describe, expect, it, vi } from 'vitest';
import { DlError } from '@dl/core';
import { withRegistryRetry } from './registry-retry.js';

afterEach(() => vi.useRealTimers());

describe('withRegistryRetry', () => {
  it('waits out a retriable outage, warns in the words the caller gives it, and returns the answer', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const warnings: string[] = [];
    const p = withRegistryRetry(
      async () => {
        if (++calls < 3)
          throw new DlError('REGISTRY_UNAVAILABLE', 'Cannot reach the schema registry: pass {registryUrl}.', { retriable: true, namesSettings: true });
        return 'schema';
      },
      {
        where: 't/0',
        heartbeat: async () => {},
        signal: new AbortController().signal,
        log: (_level, msg) => warnings.push(msg),
        describe: (e) => (e as DlError).template!.replace('{registryUrl}', '--registry-url'),
      },
    );
    await vi.runAllTimersAsync();
    expect(await p).toBe('schema');
    expect(calls).toBe(3);
    expect(warnings).toEqual([
      't/0: Cannot reach the schema registry: pass --registry-url; pausing this partition and retrying (records are kept, nothing is skipped)',
    ]);
  });

  it('throws what is not retriable at once, and words nothing by default but the message', async () => {
    const bad = new DlError('REGISTRY_REJECTED', 'no such subject');
    await expect(
      withRegistryRetry(() => Promise.reject(bad), { where: 'x', heartbeat: async () => {}, signal: new AbortController().signal, log: () => {} }),
    ).rejects.toBe(bad);
  });
});
