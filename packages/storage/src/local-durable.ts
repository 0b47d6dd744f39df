import { promises as fs } from 'node:fs';
import path from 'node:path';

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

/**
 * `.<name>.<random>.tmp` beside `file`: unique per attempt, across hosts that may share a pid. The
 * global Web Crypto, not `node:crypto`: this module loads with every command, and importing
 * `node:crypto` cost each `dl view` ~3 ms of start-up for a function a view never calls.
 */
export function tempNameFor(file: string): string {
  const random = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(8))).toString('hex');
  return path.join(path.dirname(file), `.${path.basename(file)}.${random}.tmp`);
}

export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}
