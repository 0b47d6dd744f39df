import os from 'node:os';
import { DlError, errorMessage, REPLAY_LOCK_FILE, isProcessAlive, replayLedgerKey } from '@dl/core';
import type { ObjectStore } from '@dl/storage';

/**
 * Writes a ledger file whole: `put` (and `putIfAbsent` for intents, whose run ids are unique, so
 * "already there" means two runs collided) make the key hold all of it or nothing after a crash.
 */
export async function writeLedgerFile(store: ObjectStore, name: string, data: unknown, { create = false } = {}): Promise<void> {
  const key = replayLedgerKey(name);
  const body = `${JSON.stringify(data, null, 1)}\n`;
  try {
    if (!create) return await store.put(key, body);
    if (!(await store.putIfAbsent(key, body))) throw new DlError('LAKE_IO', `The replay ledger file ${store.location}/${key} already exists; another dl replay chose the same run id. Run again.`);
  } catch (e) {
    if (e instanceof DlError && e.code === 'LAKE_IO' && e.message.includes('already exists')) throw e;
    throw new DlError('LAKE_IO', `Cannot write the replay ledger file ${store.location}/${key}: ${errorMessage(e).replace(/\.$/, '')}.`, { cause: e });
  }
}

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/** A lock not refreshed for this long belongs to a replay that died (on any machine). */
export const REPLAY_LOCK_TTL_MS = 5 * 60_000;

/**
 * One `dl replay` per lake at a time: two at once could both send a dead letter before either
 * recorded it. The lock is a lease object created put-if-absent and rewritten every TTL/5 while
 * the replay runs. A lock of a process of this host that is no longer running, or one nobody
 * refreshed for the TTL (a replay on another machine that died), is taken over (its replay, if
 * any, is then reconciled). Returns the release function.
 */
export async function acquireReplayLock(store: ObjectStore, { ttlMs = REPLAY_LOCK_TTL_MS } = {}): Promise<() => Promise<void>> {
  const key = replayLedgerKey(REPLAY_LOCK_FILE);
  const where = `${store.location}/${key}`;
  const me: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  const body = JSON.stringify(me);
  for (let attempt = 0; ; attempt++) {
    let created: boolean;
    try {
      created = await store.putIfAbsent(key, body);
    } catch (e) {
      throw new DlError('LAKE_IO', `Cannot create the replay lock ${where}: ${errorMessage(e).replace(/\.$/, '')}.`, { cause: e });
    }
    if (created) return holdLock(store, key, body, ttlMs);
    const info = await store.head(key);
    const owner = await readOwner(store, key);
    const dead = owner !== undefined && owner.host === me.host && !isProcessAlive(owner.pid);
    const expired = info !== undefined && Date.now() - info.lastModified.getTime() > ttlMs;
    if (attempt === 0 && (dead || expired || info === undefined)) {
      await store.delete(key);
      continue;
    }
    const who = owner ? `pid ${owner.pid} on ${owner.host}, since ${owner.startedAt}` : 'an unknown process';
    throw new DlError(
      'LAKE_IO',
      `Another dl replay (${who}) holds ${where}; wait for it to finish, or, if that process is gone, delete the file and run again.`,
    );
  }
}

function holdLock(store: ObjectStore, key: string, body: string, ttlMs: number): () => Promise<void> {
  const timer = setInterval(() => {
    store.put(key, body).catch(() => {}); // a missed refresh is retried; the TTL is five of them
  }, ttlMs / 5);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await store.delete(key);
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
