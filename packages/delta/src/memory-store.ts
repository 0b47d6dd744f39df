import type { ByteRange, ListOptions, ObjectInfo, ObjectStore } from '@dl/storage';
import { StorageError } from '@dl/storage';

/**
 * An ObjectStore in memory, keeping the contract (atomic putIfAbsent, list in key order), for
 * unit tests of the log protocol. `beforePutIfAbsent` lets a test slip another writer's commit
 * in between a writer's read of the log and its create, the race the protocol must survive.
 */
export class MemoryStore implements ObjectStore {
  readonly location = 'memory:';
  readonly kind = 'local' as const;
  readonly objects = new Map<string, { body: Uint8Array; lastModified: Date }>();
  beforePutIfAbsent: ((key: string) => Promise<void> | void) | undefined;

  async putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean> {
    await this.beforePutIfAbsent?.(key);
    if (this.objects.has(key)) return false;
    this.objects.set(key, { body: bytes(body), lastModified: new Date() });
    return true;
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    this.objects.set(key, { body: bytes(body), lastModified: new Date() });
  }

  async get(key: string, range?: ByteRange): Promise<Uint8Array | undefined> {
    const o = this.objects.get(key);
    if (!o) return undefined;
    return range ? o.body.subarray(range.offset, range.offset + range.length) : o.body;
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const o = this.objects.get(key);
    return o ? { key, size: o.body.length, lastModified: o.lastModified } : undefined;
  }

  async *list(prefix: string, opts: ListOptions = {}): AsyncIterable<ObjectInfo> {
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix) && (opts.startAfter === undefined || k > opts.startAfter)).sort();
    for (const key of keys) {
      const o = this.objects.get(key);
      if (o) yield { key, size: o.body.length, lastModified: o.lastModified };
    }
  }

  async copy(from: string, to: string): Promise<void> {
    const o = this.objects.get(from);
    if (!o) throw new StorageError('NOT_FOUND', from, `${from} does not exist`);
    this.objects.set(to, { ...o });
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }

  async close(): Promise<void> {}
}

function bytes(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}
