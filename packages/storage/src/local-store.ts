import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ByteRange, ListOptions, ObjectInfo, ObjectStore } from './object-store.js';
import { localStorageError } from './local-error.js';
import { checkKey } from './check-key.js';
import { fsyncDir, isTempName, mkdirp, tempNameFor, writeFileDurable } from './local-durable.js';

/**
 * The lake on a local (POSIX) directory. Every write goes to a uniquely named, fsynced temp file
 * beside its key and is then linked (create-only) or renamed (overwrite) into place, and the
 * directory is fsynced, so a crash leaves the old object or the whole new one, never a torn one.
 * Temp files start with `.` and end in `.tmp`; `list` never returns them.
 */
export class LocalStore implements ObjectStore {
  readonly kind = 'local' as const;
  readonly location: string;

  constructor(root: string) {
    this.location = path.resolve(root);
  }

  /** Absolute path of a key. */
  pathOf(key: string): string {
    checkKey(key);
    return path.join(this.location, ...key.split('/'));
  }

  async putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean> {
    const file = this.pathOf(key);
    const tmp = tempNameFor(file);
    try {
      await this.writeTemp(tmp, body);
      try {
        await fs.link(tmp, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw e;
      }
      await fsyncDir(path.dirname(file));
      return true;
    } catch (e) {
      throw localStorageError('create', file, e);
    } finally {
      await fs.rm(tmp, { force: true }).catch(() => {});
    }
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    const file = this.pathOf(key);
    const tmp = tempNameFor(file);
    try {
      await this.writeTemp(tmp, body);
      await fs.rename(tmp, file);
      await fsyncDir(path.dirname(file));
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => {});
      throw localStorageError('write', file, e);
    }
  }

  async get(key: string, range?: ByteRange): Promise<Uint8Array | undefined> {
    const file = this.pathOf(key);
    try {
      if (!range) return new Uint8Array(await fs.readFile(file));
      const handle = await fs.open(file, 'r');
      try {
        const out = new Uint8Array(range.length);
        let done = 0;
        while (done < range.length) {
          const { bytesRead } = await handle.read(out, done, range.length - done, range.offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return done === range.length ? out : out.subarray(0, done);
      } finally {
        await handle.close();
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw localStorageError('read', file, e);
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const file = this.pathOf(key);
    try {
      const st = await fs.stat(file);
      return st.isFile() ? { key, size: st.size, lastModified: st.mtime } : undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw localStorageError('read', file, e);
    }
  }

  async *list(prefix: string, opts: ListOptions = {}): AsyncIterable<ObjectInfo> {
    // Walk only the directory the prefix names (or its parent, for a partial last segment).
    const cut = prefix.lastIndexOf('/');
    const dirKey = cut < 0 ? '' : prefix.slice(0, cut);
    for await (const info of this.walk(dirKey)) {
      if (!info.key.startsWith(prefix)) continue;
      if (opts.startAfter !== undefined && compareKeys(info.key, opts.startAfter) <= 0) continue;
      yield info;
    }
  }

  /**
   * Hard link when the filesystem allows it (atomic, no data copied), else a copy; either way to a
   * temp name first and renamed over `to`, so `to` appears whole.
   */
  async copy(from: string, to: string): Promise<void> {
    const src = this.pathOf(from);
    const dest = this.pathOf(to);
    const tmp = tempNameFor(dest);
    try {
      await mkdirp(path.dirname(dest));
      try {
        await fs.link(src, tmp);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw e;
        await fs.copyFile(src, tmp);
        const handle = await fs.open(tmp, 'r+');
        await handle.sync().finally(() => handle.close());
      }
      await fs.rename(tmp, dest);
      await fsyncDir(path.dirname(dest));
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => {});
      throw localStorageError('copy', `${src} to ${dest}`, e, from);
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    try {
      await fs.rm(file, { force: true });
    } catch (e) {
      throw localStorageError('delete', file, e);
    }
    await this.pruneEmptyDirs(path.dirname(file));
  }

  async close(): Promise<void> {}

  /** Writes a temp file durably, creating its directory (again, if a delete pruned it meanwhile). */
  private async writeTemp(tmp: string, body: Uint8Array | string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await mkdirp(path.dirname(tmp));
      try {
        await writeFileDurable(tmp, body);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw e;
      }
    }
  }

  /** Object stores have no directories: emptied ones go, up to (not including) the root. */
  private async pruneEmptyDirs(dir: string): Promise<void> {
    while (dir.startsWith(this.location + path.sep)) {
      try {
        await fs.rmdir(dir);
      } catch {
        return; // not empty (or already gone, or not ours to remove): stop climbing
      }
      dir = path.dirname(dir);
    }
  }

  private async *walk(dirKey: string): AsyncGenerator<ObjectInfo> {
    const dir = dirKey === '' ? this.location : this.pathOf(dirKey);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw localStorageError('list', dir, e);
    }
    // Symbolic links are followed (a table directory may link in files or folders from elsewhere).
    const typed = await Promise.all(
      entries.map(async (d) => {
        if (!d.isSymbolicLink()) return { name: d.name, dir: d.isDirectory(), file: d.isFile() };
        const st = await fs.stat(path.join(dir, d.name)).catch(() => undefined);
        return { name: d.name, dir: st?.isDirectory() ?? false, file: st?.isFile() ?? false };
      }),
    );
    // Key (byte) order: a directory's keys continue with '/', so it sorts as `name/`.
    const named = typed
      .filter((d) => d.dir || (d.file && !isTempName(d.name)))
      .map((d) => ({ d, sortKey: d.dir ? `${d.name}/` : d.name }))
      .sort((a, b) => compareKeys(a.sortKey, b.sortKey));
    for (const { d } of named) {
      const key = dirKey === '' ? d.name : `${dirKey}/${d.name}`;
      if (d.dir) {
        yield* this.walk(key);
        continue;
      }
      try {
        const st = await fs.stat(path.join(dir, d.name));
        yield { key, size: st.size, lastModified: st.mtime };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // deleted while listing
        throw localStorageError('list', dir, e);
      }
    }
  }
}

/** Byte order of the UTF-8 encodings, which is S3's list order. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
