import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { wakePausedFetches, type ConsumerGroupLike } from './paused-fetch-wake.js';

/** Stands in for kafkajs's ConsumerGroup: assigned partitions, a pause set, and a fetch that logs when it runs. */
class FakeGroup implements ConsumerGroupLike {
  maxWaitTime = 500;
  readonly paused = new Set<number>();
  readonly calls: Array<{ nodeId: number; at: number }> = [];
  readonly subscriptionState = {
    assigned: () => (this.partitions.length ? [{ topic: 't', partitions: this.partitions }] : []),
    isPaused: (_topic: string, p: number) => this.paused.has(p),
  };
  constructor(public partitions: number[]) {}
  fetch(nodeId: number): Promise<unknown[]> {
    this.calls.push({ nodeId, at: Date.now() });
    return Promise.resolve(['batch']);
  }
  resume(tps: Array<{ topic: string; partitions: number[] }>): unknown {
    for (const { partitions } of tps) for (const p of partitions) this.paused.delete(p);
    return 'resumed';
  }
}
wakePausedFetches(FakeGroup);
wakePausedFetches(FakeGroup); // idempotent: a second wrap would make every fetch wait twice

describe('wakePausedFetches', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fetches at once while some partition is not paused', async () => {
    const g = new FakeGroup([0, 1]);
    g.paused.add(0);
    await expect(g.fetch(1)).resolves.toEqual(['batch']);
    expect(g.calls).toEqual([{ nodeId: 1, at: 0 }]);
  });

  it('fetches at once when nothing is assigned (kafkajs sleeps then, as before)', async () => {
    const g = new FakeGroup([]);
    await g.fetch(1);
    expect(g.calls).toEqual([{ nodeId: 1, at: 0 }]);
  });

  it('with every partition paused, waits for a resume, then runs the fetch at once', async () => {
    const g = new FakeGroup([0, 1]);
    g.paused.add(0).add(1);
    const fetched = g.fetch(3);
    await vi.advanceTimersByTimeAsync(40);
    expect(g.calls).toEqual([]);
    expect(g.resume([{ topic: 't', partitions: [1] }])).toBe('resumed');
    await expect(fetched).resolves.toEqual(['batch']);
    expect(g.calls).toEqual([{ nodeId: 3, at: 40 }]);
  });

  it('wakes every waiting fetch of the resumed consumer, not those of another one', async () => {
    const a = new FakeGroup([0]);
    const b = new FakeGroup([0]);
    a.paused.add(0);
    b.paused.add(0);
    const fetches = [a.fetch(1), a.fetch(2), b.fetch(1)];
    await vi.advanceTimersByTimeAsync(10);
    a.resume([{ topic: 't', partitions: [0] }]);
    await Promise.all(fetches.slice(0, 2));
    expect(a.calls.map((c) => c.at)).toEqual([10, 10]);
    expect(b.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(490);
    await fetches[2];
    expect(b.calls).toEqual([{ nodeId: 1, at: 500 }]);
  });

  it('still paused after maxWaitTime: runs the fetch then (kafkajs does its own sleep and checks)', async () => {
    const g = new FakeGroup([0]);
    g.paused.add(0);
    g.maxWaitTime = 200;
    const fetched = g.fetch(1);
    await vi.advanceTimersByTimeAsync(199);
    expect(g.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await fetched;
    expect(g.calls).toEqual([{ nodeId: 1, at: 200 }]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
