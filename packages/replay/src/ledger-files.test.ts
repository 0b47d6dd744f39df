import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPLAY_LOCK_FILE, replayLedgerKey } from '@dl/core';
import { LocalStore } from '@dl/storage';
import { acquireReplayLock, writeLedgerFile } from './ledger-files.js';

let lake: string;
let store: LocalStore;
let dir: string;
beforeEach(() => {
  lake = mkdtempSync(path.join(os.tmpdir(), 'dl-replay-ledger-'));
  store = new LocalStore(lake);
  dir = path.join(lake, '_dl', 'replays');
});
afterEach(() => rmSync(lake, { recursive: true, force: true }));

describe('acquireReplayLock', () => {
  it('lets one replay at a time work on a lake', async () => {
    const release = await acquireReplayLock(store);
    await expect(acquireReplayLock(store)).rejects.toThrow(
      new RegExp(`^Another dl replay \\(pid ${process.pid} on .+\\) holds ${path.join(dir, REPLAY_LOCK_FILE)}; wait for it to finish, or, if that process is gone, delete the file and run again\\.$`),
    );
    await release();
    expect(existsSync(path.join(dir, REPLAY_LOCK_FILE))).toBe(false);
    await (await acquireReplayLock(store))();
  });

  it('takes over the lock of a process of this host that is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    await store.put(replayLedgerKey(REPLAY_LOCK_FILE), JSON.stringify({ pid: Number(gone), host: os.hostname(), startedAt: 'then' }));
    const release = await acquireReplayLock(store);
    expect(JSON.parse(readFileSync(path.join(dir, REPLAY_LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await release();
  });

  it('takes over a lock of another machine that nobody refreshed for the TTL, not a fresh one', async () => {
    const other = JSON.stringify({ pid: 1, host: 'another-machine', startedAt: 'then' });
    await store.put(replayLedgerKey(REPLAY_LOCK_FILE), other);
    await expect(acquireReplayLock(store, { ttlMs: 60_000 })).rejects.toThrow(/Another dl replay \(pid 1 on another-machine, since then\)/);
    const old = new Date(Date.now() - 120_000);
    utimesSync(path.join(dir, REPLAY_LOCK_FILE), old, old);
    const release = await acquireReplayLock(store, { ttlMs: 60_000 });
    expect(JSON.parse(readFileSync(path.join(dir, REPLAY_LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await release();
  });
});

describe('writeLedgerFile', () => {
  it('puts the whole file in place and leaves no temporary file', async () => {
    await writeLedgerFile(store, 'a.done.json', { landed: [1, 2] });
    expect(JSON.parse(readFileSync(path.join(dir, 'a.done.json'), 'utf8'))).toEqual({ landed: [1, 2] });
    expect(readdirSync(dir)).toEqual(['a.done.json']);
  });

  it('creates an intent only once', async () => {
    await writeLedgerFile(store, 'r.intent.json', { n: 1 }, { create: true });
    await expect(writeLedgerFile(store, 'r.intent.json', { n: 2 }, { create: true })).rejects.toThrow(/already exists; another dl replay chose the same run id/);
    expect(JSON.parse(readFileSync(path.join(dir, 'r.intent.json'), 'utf8'))).toEqual({ n: 1 });
  });
});
