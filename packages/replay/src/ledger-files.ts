import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DlError, errorMessage, REPLAY_LOCK_FILE, isProcessAlive } from '@dl/core';

/**
 * Writes a ledger file whole or not at all: a temporary file is written and fsynced, renamed into
 * place, and the directory fsynced, so after a crash the name either holds all of it or is absent.
 */
export async function writeLedgerFile(dir: string, name: string, data: unknown): Promise<void> {
  const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
  try {
    await fs.mkdir(dir, { recursive: true });
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writeFile(`${JSON.stringify(data, null, 1)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path.join(dir, name));
    const d = await fs.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw new DlError('LAKE_IO', `Cannot write the replay ledger file ${path.join(dir, name)}: ${errorMessage(e)}.`, { cause: e });
  }
}

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/**
 * One `dl replay` per lake at a time: two at once could both send a dead letter before either
 * recorded it. The lock file is created exclusively; one left by a process of this host that is no
 * longer running is taken over (its replay, if any, is then reconciled). Returns the release function.
 */
export async function acquireReplayLock(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, REPLAY_LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  await fs.mkdir(dir, { recursive: true }).catch((e: unknown) => {
    throw new DlError('LAKE_IO', `Cannot create the replay ledger directory ${dir}: ${errorMessage(e)}.`, { cause: e });
  });
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.writeFile(file, JSON.stringify(me), { flag: 'wx' });
      return () => fs.rm(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new DlError('LAKE_IO', `Cannot create the replay lock ${file}: ${errorMessage(e)}.`, { cause: e });
      }
    }
    const owner = await readOwner(file);
    if (attempt === 0 && owner && owner.host === me.host && !isProcessAlive(owner.pid)) {
      await fs.rm(file, { force: true });
      continue;
    }
    const who = owner ? `pid ${owner.pid} on ${owner.host}, since ${owner.startedAt}` : 'an unknown process';
    throw new DlError(
      'LAKE_IO',
      `Another dl replay (${who}) holds ${file}; wait for it to finish, or, if that process is gone, delete the file and run again.`,
    );
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}
