import { DlError, errorMessage, replayLedgerKey } from '@dl/core';
import type { ObjectStore } from '@dl/storage';

/**
 * Writes a ledger file whole: `put` (and `putIfAbsent` for intents, whose run ids are unique, so
 * "already there" means two runs collided) make the key hold all of it or nothing after a crash.
 */
export async function writeLedgerFile(store: ObjectStore, name: string, data: unknown, { create = false } = {}): Promise<void> {
  const key = replayLedgerKey(name);
  const body = `${JSON.stringify(data, null, 1)}\n`;
  try {
    if (!create) return await store.put(key, body);
    if (!(await store.putIfAbsent(key, body)))
      throw new DlError('LAKE_IO', `The replay ledger file ${store.location}/${key} already exists; another dl replay chose the same run id. Run again.`);
  } catch (e) {
    if (e instanceof DlError && e.code === 'LAKE_IO' && e.message.includes('already exists')) throw e;
    throw new DlError('LAKE_IO', `Cannot write the replay ledger file ${store.location}/${key}: ${errorMessage(e).replace(/\.$/, '')}.`, { cause: e });
  }
}
