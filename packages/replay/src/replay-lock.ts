import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { DlError, errorMessage, REPLAY_LOCKS_DIR, isProcessAlive, replayLedgerKey } from '@dl/core';
import type { ObjectStore } from '@dl/storage';

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/** A lock not refreshed for this long belongs to a replay that died (on any machine). */
export const REPLAY_LOCK_TTL_MS = 5 * 60_000;

export interface ReplayLock {
  /** Aborted when this run finds it no longer holds the lock (it stalled past the TTL and was taken over). */
  readonly lost: AbortSignal;
  /** Rewrites this run's lease, or aborts `lost`; runs every TTL/5 by itself. */
  refresh(): Promise<void>;
  release(): Promise<void>;
}

/**
 * One `dl replay` per lake at a time: two at once could both send a dead letter before either
 * recorded it. Each run creates its own lease `_dl/replays/locks/<id>.json` (put-if-absent, a
 * unique key), then lists the leases: it holds the lock only when every other lease is stale (not
 * refreshed for the TTL, or of a process of this host that is gone; those are deleted), and
 * otherwise removes its own and fails. The store lists what was created before, so of two runs
 * starting together the later lister sees the earlier one: never both hold it (both may fail:
 * run again). Nobody overwrites another run's lease, so a stalled holder cannot take the lock
 * back from its successor: its refresh sees its own lease gone or stale and stops the run.
 */
export async function acquireReplayLock(store: ObjectStore, { ttlMs = REPLAY_LOCK_TTL_MS } = {}): Promise<ReplayLock> {
  const me: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  const key = replayLedgerKey(`${REPLAY_LOCKS_DIR}${me.host}-${me.pid}-${randomBytes(4).toString('hex')}.json`);
  const body = JSON.stringify(me);
  for (let attempt = 1; ; attempt++) {
    const other = await claim(store, key, body, me, ttlMs);
    if (!other) return holdLock(store, key, body, ttlMs);
    // Two runs starting together both see the other and both step back: try again after a random
    // pause, so that one of them gets through.
    if (attempt < 4 && Date.now() - other.lastModified < STARTING_MS) {
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
      continue;
    }
    const who = other.owner ? `pid ${other.owner.pid} on ${other.owner.host}, since ${other.owner.startedAt}` : 'an unknown process';
    throw new DlError(
      'LAKE_IO',
      `Another dl replay (${who}) holds ${store.location}/${other.key}; wait for it to finish, or, if that process is gone, delete the file and run again.`,
    );
  }
}

/** A lease this young belongs to a run that may be acquiring right now. */
const STARTING_MS = 10_000;

/** Creates this run's lease and returns another live one (after removing its own again), or undefined when it holds the lock. */
async function claim(
  store: ObjectStore,
  key: string,
  body: string,
  me: LockOwner,
  ttlMs: number,
): Promise<{ key: string; owner: LockOwner | undefined; lastModified: number } | undefined> {
  try {
    if (!(await store.putIfAbsent(key, body))) throw new Error('a lease of the same name exists');
    let other: { key: string; owner: LockOwner | undefined; lastModified: number } | undefined;
    for await (const o of store.list(replayLedgerKey(REPLAY_LOCKS_DIR))) {
      if (o.key === key) continue;
      const owner = await readOwner(store, o.key);
      const dead = owner !== undefined && owner.host === me.host && !isProcessAlive(owner.pid);
      if (dead || Date.now() - o.lastModified.getTime() > ttlMs) await store.delete(o.key);
      else other ??= { key: o.key, owner, lastModified: o.lastModified.getTime() };
    }
    if (other) await store.delete(key);
    return other;
  } catch (e) {
    throw new DlError('LAKE_IO', `Cannot take the replay lock ${store.location}/${key}: ${errorMessage(e).replace(/\.$/, '')}.`, { cause: e });
  }
}

function holdLock(store: ObjectStore, key: string, body: string, ttlMs: number): ReplayLock {
  const lost = new AbortController();
  const refresh = async (): Promise<void> => {
    if (lost.signal.aborted) return;
    const started = Date.now();
    const info = await store.head(key);
    // Stale by half the TTL: a successor needs a full TTL to take over, so this put lands first
    // unless it takes longer than the other half (then the run stops too, below).
    if (!info || started - info.lastModified.getTime() > ttlMs / 2) return lost.abort();
    await store.put(key, body);
    if (Date.now() - started > ttlMs / 2) lost.abort();
  };
  const timer = setInterval(() => {
    refresh().catch(() => {}); // a missed refresh is retried; the TTL is five of them
  }, ttlMs / 5);
  timer.unref();
  return {
    lost: lost.signal,
    refresh,
    release: async () => {
      clearInterval(timer);
      await store.delete(key); // only this run ever writes its key
    },
  };
}

async function readOwner(store: ObjectStore, key: string): Promise<LockOwner | undefined> {
  try {
    const bytes = await store.get(key);
    return bytes ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}
