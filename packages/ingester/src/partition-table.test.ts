import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalStore } from '@dl/storage';
import { CommitLog } from './commit-log.js';
import { OnceTargets } from './once-targets.js';
import { PartitionTable } from './partition-table.js';
import { Stats } from './stats.js';

function table() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dl-ptable-'));
  const log = new CommitLog(new LocalStore(dir));
  const stats = new Stats();
  return { t: new PartitionTable(log, stats), log, stats };
}

describe('PartitionTable', () => {
  it('a partition with nothing in the lake starts at offset 0', async () => {
    const { t, stats } = table();
    const st = await t.load('t', 0);
    expect({ next: st.next, committedEnd: st.committedEnd }).toEqual({ next: 0n, committedEnd: -1n });
    expect(stats.committed.get('t/0')).toBe(-1n);
  });

  it('records and the offsets without records after them form one chain; the seal takes them', async () => {
    const { t, stats } = table();
    const st = await t.load('t', 0);
    const buf = t.bufferFor(st);
    t.added(st, buf, 0n, 10);
    t.added(st, buf, 1n, 10);
    // Offsets 2..4: a transaction marker, an aborted record, a marker.
    t.passTo(st, 4n);
    expect({ next: st.next, from: buf.from, last: buf.lastOffset, records: buf.records }).toEqual({ next: 5n, from: 0n, last: 4n, records: 2 });
    expect(t.buffered).toEqual({ records: 2, bytes: 20 });
    expect(stats.records).toBe(2);
    const sealed = t.seal();
    expect(sealed.map((s) => s.buf)).toEqual([buf]);
    expect(t.buffered).toEqual({ records: 0, bytes: 0 });
    expect(t.hasUncommitted()).toBe(false);
  });

  it('a buffer of only offsets without records is sealed too (a commit of no rows), an empty one is not', async () => {
    const { t } = table();
    const st = await t.load('t', 0);
    t.bufferFor(st);
    expect(t.hasUncommitted()).toBe(false);
    expect(t.seal()).toEqual([]);
    t.passTo(st, 6n);
    expect(t.hasUncommitted()).toBe(true);
    const [sealed] = t.seal();
    expect({ from: sealed!.buf.from, last: sealed!.buf.lastOffset, records: sealed!.buf.records }).toEqual({ from: 0n, last: 6n, records: 0 });
    // Never backwards: offsets already passed are not passed again.
    t.passTo(st, 3n);
    expect(st.next).toBe(7n);
    expect(t.hasUncommitted()).toBe(false);
  });

  it('a revoked partition drops its buffer and its totals; a kept one re-reads the lake', async () => {
    const { t } = table();
    const a = await t.load('t', 0);
    const b = await t.load('t', 1);
    t.added(a, t.bufferFor(a), 0n, 5);
    t.added(b, t.bufferFor(b), 0n, 7);
    t.assign(new Set(['t/1']));
    expect(t.get('t', 0)).toBeUndefined();
    expect(a.epoch).toBe(1);
    expect(t.buffered).toEqual({ records: 1, bytes: 7 });
    expect(b.needsLoad).toBe(true);
  });
});

describe('OnceTargets', () => {
  it('a target that is a transaction marker is reached once the chain passes it, and committed once the lake holds it', async () => {
    const { t, log, stats } = table();
    const st = await t.load('t', 0);
    const targets = new OnceTargets(new Map([['t/0', 4n]]), t, log, stats);
    t.added(st, t.bufferFor(st), 3n, 1);
    expect(targets.reached()).toBe(false);
    t.passTo(st, 4n);
    expect(targets.reached()).toBe(true);
    expect(await targets.committed()).toBe(false);
    st.committedEnd = 4n;
    expect(await targets.committed()).toBe(true);
  });
});
