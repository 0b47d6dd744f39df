import { randomUUID } from 'node:crypto';
import type { ObjectStore } from './object-store.js';
import { StorageError } from './storage-error.js';

/** Where the probe objects go; under `_dl/` so no reader of the lake ever sees them. */
export const PROBE_PREFIX = '_dl/probes/';

/**
 * Refuses a store that does not keep `putIfAbsent`'s promise. Creates a fresh probe key twice:
 * the first call must say "created", the second "exists". A server that ignores
 * `If-None-Match: *` overwrites instead, and then two writers could both "create" one commit
 * record, so exactly-once is impossible on it: UNSUPPORTED, before anything is written.
 */
export async function checkConditionalWrites(store: ObjectStore): Promise<void> {
  const key = `${PROBE_PREFIX}conditional-write-${randomUUID()}`;
  try {
    const first = await store.putIfAbsent(key, 'first');
    const second = await store.putIfAbsent(key, 'second');
    if (first && !second) return;
    const seen = first ? 'a second create-only PUT of the same key succeeded' : 'a create-only PUT of a new key was refused';
    throw new StorageError(
      'UNSUPPORTED',
      key,
      `The store at ${store.location} does not honour conditional writes (If-None-Match: *; ${seen}), so exactly-once commits are impossible there: use AWS S3 or an S3-compatible server that supports conditional writes.`,
    );
  } finally {
    await store.delete(key).catch(() => undefined);
  }
}
