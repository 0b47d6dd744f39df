import { errorMessage, literal } from '@dl/core/errors';
import { StorageError, type StorageErrorKind } from './storage-error.js';

const KINDS: Record<string, StorageErrorKind> = {
  ENOENT: 'NOT_FOUND',
  EROFS: 'READ_ONLY',
  ENOSPC: 'NO_SPACE',
  EDQUOT: 'NO_SPACE',
  EACCES: 'ACCESS_DENIED',
  EPERM: 'ACCESS_DENIED',
  EEXIST: 'ALREADY_EXISTS',
  // A hung NFS server or an interrupted call: trying again can help.
  EAGAIN: 'UNAVAILABLE',
  EINTR: 'UNAVAILABLE',
  ETIMEDOUT: 'UNAVAILABLE',
  EBUSY: 'UNAVAILABLE',
};

const HINTS: Partial<Record<StorageErrorKind, string>> = {
  NO_SPACE: 'the disk is full; free space and run again (nothing past the last commit was recorded)',
  // {dataDir}: the cli names the setting (--data-dir); see DlError's namesSettings.
  READ_ONLY: 'the data directory is not writable (read-only filesystem); remount it read-write or pass another {dataDir}',
  ACCESS_DENIED: 'the data directory is not writable; fix its permissions or pass another {dataDir}',
};

/**
 * A filesystem error as a `StorageError`: the errno decides the kind, and the message is the one
 * sentence the CLI prints (the chaos disk scenarios match "the disk is full" and "not writable").
 */
export function localStorageError(action: string, target: string, e: unknown, key: string = target): StorageError {
  if (e instanceof StorageError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  const kind = KINDS[code] ?? 'OTHER';
  const hint = HINTS[kind];
  if (hint) return new StorageError(kind, key, `Cannot ${literal(action)} ${literal(target)}: ${hint}.`, { cause: e, namesSettings: true });
  return new StorageError(kind, key, `Cannot ${action} ${target}: ${errorMessage(e)}.`, { cause: e });
}
