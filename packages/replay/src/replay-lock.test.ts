import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPLAY_LOCKS_DIR, replayLedgerKey } from '@dl/core';
import { LocalStore } from '@dl/storage';
import { acquireReplayLock } from './replay-lock.js';

let lake: string;
let store: LocalStore;
let dir: string;
beforeEach(() => {
  lake = mkdtempSync(path.join(os.tmpdir(), 'dl-replay-lock-'));
  store = new LocalStore(lake);
  dir = path.join(lake, '_dl', 'replays', 'locks');
});
afterEach(() => rmSync(lake, { recursive: true, force: true }));

const leases = (): string[] => {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
};
const age = (name: string, ms: number) => {
  const t = new Date(Date.now() - ms);
  utimesSync(path.join(dir, name), t, t);
};
const foreign = (name: string, owner: object) => store.put(replayLedgerKey(`${REPLAY_LOCKS_DIR}${name}`), JSON.stringify(owner));

describe('acquireReplayLock', () => {
  it('lets one replay at a time work on a lake', async () => {
    const lock = await acquireReplayLock(store);
    const [mine] = leases();
    await expect(acquireReplayLock(store)).rejects.toThrow(
      new RegExp(
        `^Another dl replay \\(pid ${process.pid} on .+\\) holds ${path.join(dir, mine!).replace(/[.]/g, '\\.')}; wait for it to finish, or, if that process is gone, delete the file and run again\\.$`,
      ),
    );
    expect(leases()).toEqual([mine]); // the refused run removed its own lease
    await lock.release();
    expect(leases()).toEqual([]);
    await (await acquireReplayLock(store)).release();
  });

  it('takes over the lock of a process of this host that is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    await foreign('gone.json', { pid: Number(gone), host: os.hostname(), startedAt: 'then' });
    const lock = await acquireReplayLock(store);
    expect(leases()).toHaveLength(1);
    expect(leases()).not.toContain('gone.json');
    await lock.release();
  });

  it('takes over a lock of another machine that nobody refreshed for the TTL, not a fresh one', async () => {
    await foreign('other.json', { pid: 1, host: 'another-machine', startedAt: 'then' });
    await expect(acquireReplayLock(store, { ttlMs: 60_000 })).rejects.toThrow(/Another dl replay \(pid 1 on another-machine, since then\)/);
    age('other.json', 120_000);
    const lock = await acquireReplayLock(store, { ttlMs: 60_000 });
    expect(leases()).toHaveLength(1);
    expect(leases()).not.toContain('other.json');
    await lock.release();
  });

  it('of two runs taking over an expired lock at once, at most one holds it, even when one store is slow', async () => {
    for (let round = 0; round < 5; round++) {
      await foreign('other.json', { pid: 1, host: 'another-machine', startedAt: 'then' });
      age('other.json', 3_600_000);
      // The same lake, but its deletes arrive 20 ms late (network latency).
      const slow: LocalStore = Object.create(store);
      slow.delete = async (k) => {
        await new Promise((r) => setTimeout(r, 20));
        return store.delete(k);
      };
      const results = await Promise.allSettled([acquireReplayLock(store), acquireReplayLock(slow)]);
      const held = results.filter((r) => r.status === 'fulfilled');
      expect(held.length).toBeLessThanOrEqual(1);
      for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/Another dl replay/);
      for (const r of held) await r.value.release();
      for (const name of leases()) await store.delete(replayLedgerKey(`${REPLAY_LOCKS_DIR}${name}`));
    }
  }, 30_000);

  it('a holder that stalled past the TTL and was taken over stops, and does not overwrite the new owner', async () => {
    const old = await acquireReplayLock(store, { ttlMs: 60_000 });
    const [oldName] = leases();
    age(oldName!, 120_000);
    const successor = await acquireReplayLock(store, { ttlMs: 60_000 });
    const [newName] = leases();
    expect(newName).not.toBe(oldName);
    await old.refresh(); // the stalled run wakes up
    expect(old.lost.aborted).toBe(true);
    expect(leases()).toEqual([newName]);
    await successor.refresh();
    expect(successor.lost.aborted).toBe(false);
    await old.release();
    expect(leases()).toEqual([newName]);
    await successor.release();
  });

  it('a holder whose lease went stale but was not taken over yet stops too', async () => {
    const lock = await acquireReplayLock(store, { ttlMs: 60_000 });
    age(leases()[0]!, 40_000);
    await lock.refresh();
    expect(lock.lost.aborted).toBe(true);
    await lock.release();
    expect(leases()).toEqual([]);
  });
});
