import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPLAY_LOCK_FILE } from '@dl/core';
import { acquireReplayLock, writeLedgerFile } from './ledger-files.js';

let dir: string;
beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dl-replay-ledger-')), '_dl', 'replays');
});
afterEach(() => rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true }));

describe('acquireReplayLock', () => {
  it('lets one replay at a time work on a lake', async () => {
    const release = await acquireReplayLock(dir);
    await expect(acquireReplayLock(dir)).rejects.toThrow(
      new RegExp(`^Another dl replay \\(pid ${process.pid} on .+\\) holds ${path.join(dir, REPLAY_LOCK_FILE)}; wait for it to finish, or, if that process is gone, delete the file and run again\\.$`),
    );
    await release();
    expect(existsSync(path.join(dir, REPLAY_LOCK_FILE))).toBe(false);
    await (await acquireReplayLock(dir))();
  });

  it('takes over the lock of a process of this host that is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    await (await acquireReplayLock(dir))(); // creates the directory
    writeFileSync(path.join(dir, REPLAY_LOCK_FILE), JSON.stringify({ pid: Number(gone), host: os.hostname(), startedAt: 'then' }));
    const release = await acquireReplayLock(dir);
    expect(JSON.parse(readFileSync(path.join(dir, REPLAY_LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await release();
  });
});

describe('writeLedgerFile', () => {
  it('puts the whole file in place and leaves no temporary file', async () => {
    await writeLedgerFile(dir, 'a.done.json', { landed: [1, 2] });
    expect(JSON.parse(readFileSync(path.join(dir, 'a.done.json'), 'utf8'))).toEqual({ landed: [1, 2] });
    expect(readdirSync(dir)).toEqual(['a.done.json']);
  });
});
