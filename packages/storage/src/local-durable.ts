import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * fsync helpers for the local store. Durability order matters more than speed: a commit record
 * may only become visible after the files it names are on disk, and a published file's rename
 * must be durable before the next commit of its partition.
 */
export async function writeFileDurable(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await fs.open(file, 'wx');
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
    await fs.mkdir(missing).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    await fs.mkdir(dir, { recursive: true });
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/** `.<name>.<random>.tmp` beside `file`: unique per attempt, across hosts that may share a pid. */
export function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
}

export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}
