import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DlError, errorMessage } from '@dl/core';

/**
 * Small fsync helpers. Durability order matters more than speed here: a commit record may only
 * become visible after the files it names are on disk, and a published file's rename must be
 * durable before the next commit of its partition.
 */
export async function writeFileDurable(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function mkdirp(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    // Node's recursive mkdir reports ENOENT for other failures too (EROFS on a read-only
    // filesystem: the chaos disk test printed "no such file or directory" for a lake whose disk
    // went read-only). Creating the first missing directory on its own tells the real reason.
    let missing = dir;
    while (path.dirname(missing) !== missing && !(await exists(path.dirname(missing)))) missing = path.dirname(missing);
    await fs.mkdir(missing);
    await fs.mkdir(dir, { recursive: true });
  }
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/** Turns a filesystem error into the one-sentence error the CLI prints (exit 1). */
export function lakeIoError(action: string, target: string, e: unknown): DlError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const hint =
    code === 'ENOSPC'
      ? 'the disk is full; free space and run again (nothing past the last commit was recorded)'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? `the data directory is not writable; fix its permissions or pass another --data-dir`
        : errorMessage(e);
  return new DlError('LAKE_IO', `Cannot ${action} ${path.normalize(target)}: ${hint}.`, { cause: e });
}
