import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ByteRange, ListOptions, ObjectInfo, ObjectStore } from './object-store.js';
import { StorageError, type StorageErrorKind } from './storage-error.js';

/**
 * A minimal local-disk ObjectStore for the Delta table format until the full local backend
 * (local-store.ts, issue 11) lands; keeps the same contract: putIfAbsent = link(2) of a fsynced
 * temp file (atomic, at most once), put = temp file + rename, list in key order.
 */
export class DiskStore implements ObjectStore {
  readonly kind = 'local' as const;
  readonly location: string;

  constructor(root: string) {
    this.location = path.resolve(root);
  }

  async putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean> {
    const file = this.file(key);
    const tmp = await this.writeTemp(file, body);
    try {
      await fs.link(tmp, file);
      await syncDir(path.dirname(file));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw this.error(key, 'create', e);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    const file = this.file(key);
    const tmp = await this.writeTemp(file, body);
    try {
      await fs.rename(tmp, file);
      await syncDir(path.dirname(file));
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw this.error(key, 'write', e);
    }
  }

  async get(key: string, range?: ByteRange): Promise<Uint8Array | undefined> {
    try {
      if (!range) return new Uint8Array(await fs.readFile(this.file(key)));
      const h = await fs.open(this.file(key), 'r');
      try {
        const buf = new Uint8Array(range.length);
        const { bytesRead } = await h.read(buf, 0, range.length, range.offset);
        return buf.subarray(0, bytesRead);
      } finally {
        await h.close();
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw this.error(key, 'read', e);
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const st = await fs.stat(this.file(key));
      return st.isFile() ? { key, size: st.size, lastModified: st.mtime } : undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw this.error(key, 'read', e);
    }
  }

  async *list(prefix: string, opts: ListOptions = {}): AsyncIterable<ObjectInfo> {
    // Walk the deepest directory the prefix names, then filter by the full prefix.
    const dirKey = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const keys: string[] = [];
    await this.walk(dirKey, keys);
    keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const key of keys) {
      if (!key.startsWith(prefix) || (opts.startAfter !== undefined && key <= opts.startAfter)) continue;
      const info = await this.head(key);
      if (info) yield info;
    }
  }

  async copy(from: string, to: string): Promise<void> {
    const body = await this.get(from);
    if (!body) throw new StorageError('NOT_FOUND', from, `Cannot copy ${this.file(from)}: it does not exist.`);
    await this.put(to, body);
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true }).catch((e: unknown) => {
      throw this.error(key, 'delete', e);
    });
  }

  async close(): Promise<void> {}

  private file(key: string): string {
    return path.join(this.location, ...key.split('/'));
  }

  private async writeTemp(file: string, body: Uint8Array | string): Promise<string> {
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const h = await fs.open(tmp, 'w');
      try {
        await h.writeFile(body);
        await h.sync();
      } finally {
        await h.close();
      }
      return tmp;
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw this.error(file, 'write', e);
    }
  }

  private async walk(dirKey: string, out: string[]): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dirKey === '' ? this.location : this.file(dirKey), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw this.error(dirKey, 'list', e);
    }
    for (const d of entries) {
      // Temp files of writes in flight are not objects.
      if (d.name.endsWith('.tmp') && d.name.startsWith('.')) continue;
      const key = dirKey === '' ? d.name : `${dirKey}/${d.name}`;
      if (d.isDirectory()) await this.walk(key, out);
      else if (d.isFile()) out.push(key);
    }
  }

  private error(key: string, action: string, e: unknown): StorageError {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    const kind: StorageErrorKind =
      code === 'ENOSPC' ? 'NO_SPACE' : code === 'EROFS' ? 'READ_ONLY' : code === 'EACCES' || code === 'EPERM' ? 'ACCESS_DENIED' : code === 'ENOENT' ? 'NOT_FOUND' : 'OTHER';
    return new StorageError(kind, key, `Cannot ${action} ${path.join(this.location, key)}: ${(e as Error).message}.`, { cause: e });
  }
}

async function syncDir(dir: string): Promise<void> {
  const h = await fs.open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}
