import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalStore } from '@dl/storage';
import { writeLedgerFile } from './ledger-files.js';

let lake: string;
let store: LocalStore;
let dir: string;
beforeEach(() => {
  lake = mkdtempSync(path.join(os.tmpdir(), 'dl-replay-ledger-'));
  store = new LocalStore(lake);
  dir = path.join(lake, '_dl', 'replays');
});
afterEach(() => rmSync(lake, { recursive: true, force: true }));

describe('writeLedgerFile', () => {
  it('puts the whole file in place and leaves no temporary file', async () => {
    await writeLedgerFile(store, 'a.done.json', { landed: [1, 2] });
    expect(JSON.parse(readFileSync(path.join(dir, 'a.done.json'), 'utf8'))).toEqual({ landed: [1, 2] });
    expect(readdirSync(dir)).toEqual(['a.done.json']);
  });

  it('creates an intent only once', async () => {
    await writeLedgerFile(store, 'r.intent.json', { n: 1 }, { create: true });
    await expect(writeLedgerFile(store, 'r.intent.json', { n: 2 }, { create: true })).rejects.toThrow(
      /already exists; another dl replay chose the same run id/,
    );
    expect(JSON.parse(readFileSync(path.join(dir, 'r.intent.json'), 'utf8'))).toEqual({ n: 1 });
  });
});
