/**
 * The one storage interface the lake is written through. Local disk and S3 (and any
 * S3-compatible server) implement it; the commit protocol, the lake layout and the table formats
 * above it never learn which one they have.
 *
 * Keys are `/`-separated paths relative to the store's root (the data directory, or the
 * `s3://bucket/prefix`), never starting with `/` and never containing `..` segments.
 *
 * The contract, per operation:
 * - `putIfAbsent` is atomic and at most once across processes and machines: of any number of
 *   concurrent callers for one key exactly one gets `true`. Local: link(2) of a fsynced temp
 *   file; S3: `PUT` with `If-None-Match: *` (a store that ignores the header is refused when it is
 *   opened, see `checkConditionalWrites`). This is what commit records are created with.
 *   Retries: a call whose first request created the key but lost its answer, and whose retry
 *   then found the key, still answers `true` when the key holds exactly the bytes it was given
 *   (S3: after a 412 on a retried request the object is read back and compared). So a body
 *   that must identify its creator (a commit record, a lock lease) has to be unique to it.
 * - `put` overwrites; a reader sees the old object or the whole new one, never a torn one
 *   (local: temp file + rename; S3: single PUT or a multipart upload, visible only on completion).
 * - `copy` is a server-side copy that overwrites `to`; the destination appears whole.
 * - `delete` is idempotent (deleting a missing key is not an error).
 * - `list` returns every object under a prefix in key (byte) order, with no consistency
 *   caveats beyond what the backend gives: AWS S3 and the servers we test are strongly
 *   read-after-write consistent for put/list/get.
 * - `get` with a range reads only those bytes (ranged GET), for Parquet footers and row groups.
 *
 * Failures are `StorageError`s whose `kind` says what happened (see storage-error.ts), so the
 * protocol above matches on meaning, not on errno or HTTP codes.
 */
export interface ObjectStore {
  /** Where the store points, for messages: an absolute path or `s3://bucket/prefix`. Never credentials. */
  readonly location: string;
  /** `'local'` or `'s3'`: for messages and metrics only; callers never branch on it for correctness. */
  readonly kind: 'local' | 's3';

  /** Creates `key` only if it does not exist. True when this call created it, false when it existed. */
  putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean>;
  /** Creates or replaces `key`, durably. Large bodies go up as multipart uploads. */
  put(key: string, body: Uint8Array | string): Promise<void>;
  /** The object's bytes (or `range` of them); undefined when it does not exist. */
  get(key: string, range?: ByteRange): Promise<Uint8Array | undefined>;
  /** Size and time of an object; undefined when it does not exist. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** Every object whose key starts with `prefix`, in key order, after `startAfter` if given. */
  list(prefix: string, opts?: ListOptions): AsyncIterable<ObjectInfo>;
  /** Server-side copy of `from` to `to` (overwriting `to`). NOT_FOUND when `from` is missing. */
  copy(from: string, to: string): Promise<void>;
  /** Removes `key`; a missing key is fine. */
  delete(key: string): Promise<void>;
  /** Releases connections and handles. */
  close(): Promise<void>;
}

export interface ByteRange {
  offset: number;
  length: number;
}

export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
}

export interface ListOptions {
  startAfter?: string;
}
