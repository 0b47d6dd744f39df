import { StorageError } from './storage-error.js';

/**
 * Keys are `/`-separated and relative (see object-store.ts): a key that could leave the store's
 * root, or that names no object, is a bug in the caller, refused before any I/O.
 */
export function checkKey(key: string): void {
  const bad =
    key === '' ||
    key.startsWith('/') ||
    key.endsWith('/') ||
    key.includes('\0') ||
    key.includes('\\') ||
    key.split('/').some((s) => s === '' || s === '.' || s === '..');
  if (bad)
    throw new StorageError(
      'OTHER',
      key,
      `Invalid object key ${JSON.stringify(key)}: keys are relative, '/'-separated and have no empty, '.' or '..' segments.`,
    );
}
