import type { ObjectStore } from '@dl/storage';

/**
 * A Blob over one object of a store, for parquet-wasm's `ParquetFile.fromFile`. parquet-wasm
 * only reads `size`, calls `slice(start, end)` and then `arrayBuffer()` on the slice (see its
 * node/parquet_wasm.js bindings: no `instanceof Blob` check), so each slice it reads becomes one
 * ranged `get`: the footer, then only the column chunks of the row groups it decodes. Locally
 * that is a positioned read, on S3 a ranged GET.
 */
export class StoreBlob {
  readonly type = '';

  constructor(
    private readonly store: ObjectStore,
    private readonly key: string,
    private readonly start: number,
    readonly size: number,
  ) {}

  static of(store: ObjectStore, key: string, size: number): Blob {
    // The cast is the point of this class: parquet-wasm is typed for the DOM Blob it duck-types.
    return new StoreBlob(store, key, 0, size) as unknown as Blob;
  }

  slice(start = 0, end = this.size): StoreBlob {
    const s = clamp(start, this.size);
    const e = clamp(end, this.size);
    return new StoreBlob(this.store, this.key, this.start + s, Math.max(0, e - s));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.size === 0) return new ArrayBuffer(0);
    const bytes = await this.store.get(this.key, { offset: this.start, length: this.size });
    if (!bytes) throw new Error(`${this.key} disappeared while it was read`);
    if (bytes.length !== this.size) throw new Error(`${this.key}: expected ${this.size} bytes at ${this.start}, got ${bytes.length}`);
    // A view of a larger buffer (Node's pool) must not leak the neighbours' bytes.
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
  }
}

/** Blob.slice semantics: negative positions count from the end. */
function clamp(pos: number, size: number): number {
  const p = Math.trunc(pos);
  return p < 0 ? Math.max(size + p, 0) : Math.min(p, size);
}
