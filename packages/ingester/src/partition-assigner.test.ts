import { afterEach, describe, expect, it, vi } from 'vitest';
import type kafkajs from 'kafkajs';
import type { CommitRecord } from './commit-log.js';
import { PartitionAssigner } from './partition-assigner.js';
import { PartitionTable } from './partition-table.js';
import { RunControl } from './run-control.js';
import { Stats } from './stats.js';

type Tps = Array<{ topic: string; partitions: number[] }>;

/** The kafkajs calls the assigner makes, in order. */
function fakeConsumer() {
  const calls: string[] = [];
  const consumer = {
    pause: (tps: Tps) => calls.push(`pause ${JSON.stringify(tps)}`),
    resume: (tps: Tps) => calls.push(`resume ${JSON.stringify(tps)}`),
    seek: ({ partition, offset }: { partition: number; offset: string }) => calls.push(`seek ${partition}@${offset}`),
  } as unknown as kafkajs.Consumer;
  return { consumer, calls };
}

/** A commit log whose reads answer when the test says: `ends` gives each partition's last committed offset. */
function gatedLog(ends: Record<number, number | Error>) {
  const gates = new Map<number, Array<() => void>>();
  const log = {
    latest: async (topic: string, partition: number): Promise<CommitRecord | undefined> => {
      const end = ends[partition]; // what the lake holds when the read starts
      await new Promise<void>((r) => gates.set(partition, [...(gates.get(partition) ?? []), r]));
      if (end instanceof Error) throw end;
      return end === undefined ? undefined : ({ topic, partition, to: String(end), files: [] } as unknown as CommitRecord);
    },
    publish: async () => 0,
  };
  /** Lets the pending reads of `partition` answer, then lets the assigner run on. */
  const release = async (partition: number) => {
    for (let i = 0; i < 20 && !gates.has(partition); i++) await new Promise((r) => setImmediate(r));
    const open = gates.get(partition);
    if (!open) throw new Error(`no read of partition ${partition} is waiting`);
    gates.delete(partition);
    for (const o of open) o();
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  return { log, release };
}

function setup(ends: Record<number, number | Error>) {
  const { log, release } = gatedLog(ends);
  const lines: string[] = [];
  const control = new RunControl(new AbortController().signal, (level, msg) => lines.push(`${level}: ${msg}`));
  const table = new PartitionTable(log, new Stats());
  const { consumer, calls } = fakeConsumer();
  table.consumer = consumer;
  return { assigner: new PartitionAssigner(table, control), consumer, calls, lines, control, release };
}

describe('PartitionAssigner', () => {
  it('pauses at once, seeks every partition to where the lake ends, resumes, and says so in one line', async () => {
    const { assigner, consumer, calls, lines, release } = setup({ 0: 41 });
    assigner.onAssignment(consumer, { t: [0, 1] });
    expect(calls).toEqual(['pause [{"topic":"t","partitions":[0,1]}]']);
    await release(0);
    await release(1);
    expect(calls.slice(1)).toEqual(['seek 0@42', 'seek 1@0', 'resume [{"topic":"t","partitions":[0,1]}]']);
    expect(lines).toEqual(['info: positioned from the lake, fetching: t [0@42,1@0] (partition@next offset)']);
  });

  it('a rebalance during the lake load: the old load neither seeks nor resumes, the new one re-reads and resumes once', async () => {
    const ends: Record<number, number> = { 0: 9, 1: 19, 2: 29 };
    const { assigner, consumer, calls, lines, release } = setup(ends);
    assigner.onAssignment(consumer, { t: [0, 1, 2] });
    await release(0); // generation 1 read partition 0, now reads partition 1 (the lake says 19)
    ends[1] = 24; // meanwhile another member owned partition 1 for a while and committed up to 24
    assigner.onAssignment(consumer, { t: [0, 1, 2] });
    await release(1); // generation 1's read answers 19, but started before the rebalance: read again
    await release(0); // generation 2 re-reads partition 0, then reads partition 1
    await release(1); // both reads of partition 1 answer 24; generation 1 stops there
    await release(2);
    expect(calls.filter((c) => c.startsWith('resume'))).toEqual(['resume [{"topic":"t","partitions":[0,1,2]}]']);
    expect(calls.at(-1)).toMatch(/^resume/);
    expect(calls.filter((c) => c.startsWith('seek'))).toEqual(['seek 0@10', 'seek 0@10', 'seek 1@25', 'seek 2@30']);
    expect(lines).toEqual([
      'info: the assignment changed while reading the lake; positioning again',
      'info: positioned from the lake, fetching: t [0@10,1@25,2@30] (partition@next offset)',
    ]);
  });

  it('a lake read that fails stops the run (its cause kept for the caller to report); nothing is resumed', async () => {
    const { assigner, consumer, calls, lines, control, release } = setup({ 0: new Error('EIO: i/o error, read') });
    assigner.onAssignment(consumer, { t: [0] });
    await release(0);
    expect(calls.some((c) => c.startsWith('resume'))).toBe(false);
    expect(control.fatal?.message).toBe("Reading the lake's commit log failed: EIO: i/o error, read");
    expect(lines).toEqual([]);
  });
});

describe('RunControl.fail', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps the first cause and ends the run; logs it only when the shutdown is slow, once', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    let ended = 0;
    const control = new RunControl(new AbortController().signal, (level, msg) => lines.push(`${level}: ${msg}`));
    control.attach(() => ended++);
    control.fail(new Error('the lake is gone'));
    control.fail(new Error('and then something else'));
    expect(control.fatal?.message).toBe('the lake is gone');
    expect(ended).toBe(2);
    expect(lines).toEqual([]);
    vi.advanceTimersByTime(RunControl.REPORT_AFTER_MS);
    expect(lines).toEqual(['error: stopping: the lake is gone (shutting down)']);
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(1);
  });

  it('says nothing when the run ends in time (the caller reports the cause: one sentence, not two)', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const control = new RunControl(
      new AbortController().signal,
      (level, msg) => lines.push(`${level}: ${msg}`),
      (e) => `worded: ${e.message}`,
    );
    control.fail(new Error('the lake is gone'));
    control.ended();
    vi.advanceTimersByTime(60_000);
    expect(lines).toEqual([]);
  });
});
