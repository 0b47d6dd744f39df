import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPLAY_HEADER, readReplayLedger, type ReplayMessage } from '@dl/core';
import { LocalStore } from '@dl/storage';
import { fakeSession } from '../test/fake-session.js';
import { reconcileIntent, sendWithIntent } from './replay-intent.js';

let lake: string;
let store: LocalStore;
beforeEach(() => {
  lake = mkdtempSync(path.join(os.tmpdir(), 'dl-replay-intent-'));
  store = new LocalStore(lake);
});
afterEach(() => rmSync(lake, { recursive: true, force: true }));

/** `n` messages re-driving dead letters `src/0/0..n-1`, spread over the target's two partitions. */
function messages(n: number): ReplayMessage[] {
  return Array.from({ length: n }, (_, i) => ({
    ref: `src/0/${i}`,
    topic: 'orders',
    partition: i % 2,
    key: Buffer.from(`k${i}`).toString('base64'),
    value: Buffer.from([i % 256]).toString('base64'),
    headers: [{ key: REPLAY_HEADER, value: Buffer.from(`src/0/${i}`).toString('base64') }],
  }));
}

const opts = { timeoutMs: 1000 };

/** How often each ref is in the target topic. */
function copies(k: ReturnType<typeof fakeSession>): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of [0, 1])
    for (const e of k.log('orders', p)) {
      const ref = e.headers[REPLAY_HEADER]?.[0]?.toString();
      if (ref) out.set(ref, (out.get(ref) ?? 0) + 1);
    }
  return out;
}

describe('sendWithIntent', () => {
  it('records the intent, then where each message landed', async () => {
    const k = fakeSession({ orders: 2 });
    k.append('orders', 1);
    const r = await sendWithIntent(k.session, store, messages(4));
    expect(r).toMatchObject({ found: 0, sent: 4, notSent: 0 });
    const ledger = await readReplayLedger(store);
    expect(ledger.pending).toEqual([]);
    expect([...ledger.landed.values()].map((l) => `${l.ref}→${l.partition}/${l.offset}`)).toEqual(['src/0/0→0/0', 'src/0/1→1/1', 'src/0/2→0/1', 'src/0/3→1/2']);
    expect(readdirSync(path.join(lake, '_dl', 'replays')).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('crash safety: an intent without its done record is reconciled', () => {
  it('sent and acknowledged, crashed before recording: the next run records them and sends nothing', async () => {
    const k = fakeSession({ orders: 2 });
    k.state.failSend = { request: 1, when: 'after' };
    await expect(sendWithIntent(k.session, store, messages(6))).rejects.toThrow('connection lost');
    const [run] = (await readReplayLedger(store)).pending;
    expect(run).toBeDefined();
    // Others write to the topic meanwhile, one of them with a replay header of no concern to this intent.
    k.append('orders', 0);
    k.append('orders', 1, 'other/0/9');
    k.state.failSend = undefined;

    const r = await reconcileIntent(k.session, store, run!, opts);
    expect(r).toMatchObject({ found: 6, sent: 0, notSent: 0 });
    expect(k.state.requests).toBe(1);
    expect([...copies(k).values()].every((n) => n === 1)).toBe(true);
    const ledger = await readReplayLedger(store);
    expect(ledger.pending).toEqual([]);
    expect(ledger.landed.get('src/0/5')).toEqual({ ref: 'src/0/5', topic: 'orders', partition: 1, offset: '2' });
    expect(ledger.landed.has('other/0/9')).toBe(false);
  });

  it('crashed before anything was sent: the next run sends it all, once', async () => {
    const k = fakeSession({ orders: 2 });
    k.state.failSend = { request: 1, when: 'before' };
    await expect(sendWithIntent(k.session, store, messages(5))).rejects.toThrow('broker unreachable');
    const [run] = (await readReplayLedger(store)).pending;
    const r = await reconcileIntent(k.session, store, run!, opts);
    expect(r).toMatchObject({ found: 0, sent: 5 });
    expect(copies(k)).toEqual(new Map(messages(5).map((m) => [m.ref, 1])));
    expect((await readReplayLedger(store)).landed.size).toBe(5);
  });

  it('crashed mid-way: the next run sends only what did not land', async () => {
    const k = fakeSession({ orders: 2 });
    k.state.failSend = { request: 2, when: 'before' }; // 1500 messages are two requests of at most 1000
    await expect(sendWithIntent(k.session, store, messages(1500))).rejects.toThrow('broker unreachable');
    expect(copies(k).size).toBe(1000);
    const [run] = (await readReplayLedger(store)).pending;
    k.state.failSend = undefined;
    const r = await reconcileIntent(k.session, store, run!, opts);
    expect(r).toMatchObject({ found: 1000, sent: 500 });
    const c = copies(k);
    expect(c.size).toBe(1500);
    expect([...c.values()].every((n) => n === 1)).toBe(true);
  });

  it('a crash while reconciling is reconciled again from the same watermarks', async () => {
    const k = fakeSession({ orders: 2 });
    k.state.failSend = { request: 1, when: 'before' };
    await expect(sendWithIntent(k.session, store, messages(3))).rejects.toThrow();
    const [run] = (await readReplayLedger(store)).pending;
    k.state.failSend = { request: 2, when: 'after' };
    await expect(reconcileIntent(k.session, store, run!, opts)).rejects.toThrow('connection lost');
    k.state.failSend = undefined;
    expect(await reconcileIntent(k.session, store, run!, opts)).toMatchObject({ found: 3, sent: 0 });
    expect([...copies(k).values()]).toEqual([1, 1, 1]);
  });

  it('reads only from the watermarks the intent recorded: an older copy of a ref does not count', async () => {
    const k = fakeSession({ orders: 2 });
    k.append('orders', 0, 'src/0/0');
    k.state.failSend = { request: 1, when: 'before' };
    await expect(sendWithIntent(k.session, store, messages(1))).rejects.toThrow();
    const [run] = (await readReplayLedger(store)).pending;
    k.state.failSend = undefined;
    expect(await reconcileIntent(k.session, store, run!, opts)).toMatchObject({ found: 0, sent: 1 });
    expect((await readReplayLedger(store)).landed.get('src/0/0')?.offset).toBe('1');
  });

  it('refuses to guess when retention deleted part of what it must read', async () => {
    const k = fakeSession({ orders: 2 });
    k.state.failSend = { request: 1, when: 'after' };
    await expect(sendWithIntent(k.session, store, messages(2))).rejects.toThrow();
    const [run] = (await readReplayLedger(store)).pending;
    k.state.low.set('orders/0', 1n);
    await expect(reconcileIntent(k.session, store, run!, opts)).rejects.toThrow(
      `Cannot tell which records of the interrupted replay ${run} reached orders/0: its offsets 0 to 0 were deleted (retention) before this check.`,
    );
  });
});
