import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deadLetterRef, doneFileName, intentFileName, lakePaths, parseDeadLetterRef, readReplayLedger } from '@dl/core';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dl-ledger-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('dead letter refs', () => {
  it('round-trip topic, partition and offset', () => {
    expect(deadLetterRef('dev.orders', 3, 12n)).toBe('dev.orders/3/12');
    expect(parseDeadLetterRef('dev.orders/3/12')).toEqual({ topic: 'dev.orders', partition: 3, offset: 12n });
    expect(parseDeadLetterRef('dev.orders/3')).toBeUndefined();
  });
});

describe('readReplayLedger', () => {
  it('is empty for a lake that never replayed', async () => {
    expect(await readReplayLedger(path.join(tmp, 'none'))).toMatchObject({ landed: new Map(), pending: [] });
  });

  it('lists landings of done runs and the intents left without a done record', async () => {
    const lake = path.join(tmp, 'lake');
    const dir = lakePaths(lake).replays;
    mkdirSync(dir, { recursive: true });
    const landing = { ref: 't/0/5', topic: 't', partition: 1, offset: '40' };
    writeFileSync(path.join(dir, intentFileName('r1')), '{}');
    writeFileSync(path.join(dir, doneFileName('r1')), JSON.stringify({ landed: [landing] }));
    writeFileSync(path.join(dir, intentFileName('r2')), '{}');
    writeFileSync(path.join(dir, '.r3.intent.json.1.tmp'), 'half');
    const ledger = await readReplayLedger(lake);
    expect(ledger.landed).toEqual(new Map([['t/0/5', landing]]));
    expect(ledger.pending).toEqual(['r2']);
  });

  it('names a damaged ledger file', async () => {
    const lake = path.join(tmp, 'bad');
    const dir = lakePaths(lake).replays;
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, doneFileName('r1')), '{"landed": [');
    await expect(readReplayLedger(lake)).rejects.toThrow(`Replay ledger file ${path.join(dir, doneFileName('r1'))} is not valid JSON`);
  });
});
