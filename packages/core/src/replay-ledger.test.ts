import { describe, expect, it } from 'vitest';
import { deadLetterRef, doneFileName, intentFileName, parseDeadLetterRef, readReplayLedger, replayLedgerKey, type LedgerReader } from '@dl/core';

describe('dead letter refs', () => {
  it('round-trip topic, partition and offset', () => {
    expect(deadLetterRef('dev.orders', 3, 12n)).toBe('dev.orders/3/12');
    expect(parseDeadLetterRef('dev.orders/3/12')).toEqual({ topic: 'dev.orders', partition: 3, offset: 12n });
    expect(parseDeadLetterRef('dev.orders/3')).toBeUndefined();
  });
});

/** The ledger's view of a store: a map of keys to bytes (LocalStore and S3Store are tested in @dl/storage). */
function memoryStore(files: Record<string, string>): LedgerReader {
  return {
    location: '/lake',
    async *list(prefix: string) {
      for (const key of Object.keys(files).sort()) if (key.startsWith(prefix)) yield { key };
    },
    async get(key: string) {
      return key in files ? new TextEncoder().encode(files[key]) : undefined;
    },
  };
}

describe('readReplayLedger', () => {
  it('is empty for a lake that never replayed', async () => {
    expect(await readReplayLedger(memoryStore({ 'parquet/x.parquet': '' }))).toMatchObject({ landed: new Map(), pending: [] });
  });

  it('lists landings of done runs and the intents left without a done record', async () => {
    const landing = { ref: 't/0/5', topic: 't', partition: 1, offset: '40' };
    const ledger = await readReplayLedger(
      memoryStore({
        [replayLedgerKey(intentFileName('r1'))]: '{}',
        [replayLedgerKey(doneFileName('r1'))]: JSON.stringify({ landed: [landing] }),
        [replayLedgerKey(intentFileName('r2'))]: '{}',
        [replayLedgerKey('locks/h-1-ab.json')]: '{}',
      }),
    );
    expect(ledger.landed).toEqual(new Map([['t/0/5', landing]]));
    expect(ledger.pending).toEqual(['r2']);
    expect(ledger.dir).toBe('/lake/_dl/replays');
  });

  it('names a damaged ledger file', async () => {
    await expect(readReplayLedger(memoryStore({ [replayLedgerKey(doneFileName('r1'))]: '{"landed": [' }))).rejects.toThrow(
      `Replay ledger file /lake/_dl/replays/${doneFileName('r1')} is not valid JSON`,
    );
  });
});
