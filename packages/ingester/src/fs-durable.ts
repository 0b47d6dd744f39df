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

/**
 * `mkdir -p`, one level at a time. Node's own recursive mkdir never returns when a parent exists
 * but cannot hold the child: on procfs (`--data-dir /proc/nope`) mkdir says ENOENT, Node takes
 * that for "parent missing", creates the parent (EEXIST) and retries forever (a hang, not an
 * error). Here an ENOENT after the parent is known to exist is final. Node's recursive mkdir
 * also reports ENOENT for other failures (EROFS on a read-only disk); level by level, the first
 * failing mkdir tells the real reason.
 */
export async function mkdirp(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await isDirectory(dir))) return;
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw e;
    await mkdirp(parent);
  }
  try {
    await fs.mkdir(dir);
  } catch (e) {
    // Another process created it meanwhile: fine. Anything else (ENOENT again) is final.
    if (!((e as NodeJS.ErrnoException).code === 'EEXIST' && (await isDirectory(dir)))) throw e;
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
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
