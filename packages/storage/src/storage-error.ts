import { DlError } from '@dl/core/errors';

/**
 * What went wrong, as the commit protocol needs to know it. `UNAVAILABLE` (network, 5xx,
 * throttling, timeouts) is retriable: ingest pauses and tries again, it never skips or
 * dead-letters records. The others are final for that call.
 */
export type StorageErrorKind =
  | 'NOT_FOUND' // the key (or the bucket, see `bucketMissing`) does not exist
  | 'ALREADY_EXISTS' // a create-only write found the key there
  | 'PRECONDITION' // a conditional request's condition did not hold
  | 'ACCESS_DENIED' // credentials missing, wrong, or not allowed
  | 'READ_ONLY' // local: the filesystem is read-only
  | 'NO_SPACE' // local: the disk is full
  | 'UNAVAILABLE' // retriable: network, 5xx, throttling, timeout
  | 'UNSUPPORTED' // the store cannot keep the contract (e.g. ignores If-None-Match)
  | 'OTHER';

export class StorageError extends DlError {
  readonly kind: StorageErrorKind;
  /** The key or location the failed call was about. */
  readonly key: string;

  constructor(kind: StorageErrorKind, key: string, message: string, options: { cause?: unknown; namesSettings?: boolean } = {}) {
    super('LAKE_IO', message, { ...options, retriable: kind === 'UNAVAILABLE' });
    this.name = 'StorageError';
    this.kind = kind;
    this.key = key;
  }
}

export function isStorageError(e: unknown, kind?: StorageErrorKind): e is StorageError {
  return e instanceof StorageError && (kind === undefined || e.kind === kind);
}
