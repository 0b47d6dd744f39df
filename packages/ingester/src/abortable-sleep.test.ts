import { describe, expect, it } from 'vitest';
import { abortableSleep } from './abortable-sleep.js';

describe('abortableSleep', () => {
  it('ends at once when the signal aborts, and leaves no listener behind either way', async () => {
    const ac = new AbortController();
    let listeners = 0;
    const add = ac.signal.addEventListener.bind(ac.signal);
    const remove = ac.signal.removeEventListener.bind(ac.signal);
    ac.signal.addEventListener = ((...a: Parameters<typeof add>) => (listeners++, add(...a))) as typeof add;
    ac.signal.removeEventListener = ((...a: Parameters<typeof remove>) => (listeners--, remove(...a))) as typeof remove;
    await abortableSleep(1, ac.signal);
    expect(listeners).toBe(0);
    const long = abortableSleep(3_600_000, ac.signal);
    ac.abort();
    await long; // would hang for an hour (and time the test out) if the abort were missed
    expect(listeners).toBe(0);
    await abortableSleep(3_600_000, ac.signal); // already aborted: at once
  });
});
