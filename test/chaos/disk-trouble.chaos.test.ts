import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createTopic, framedOrder, registerOrder } from '../support/produce-raw.js';
import { uniqueTopic } from '../support/stack-env.js';
import { runDl } from '../support/run-dl.js';
import { uncommittedVisibleFiles } from '../support/lake-check.js';
import { auditLake, commitChainProblems, commitCount } from './support/audit.js';
import { sleep, startFlow } from './support/flow.js';
import { ingestArgs, killLeftovers, notes, startTracked, tail, waitForCommits, waitForStderr } from './support/dl-process.js';
import { recordResult } from './support/results.js';
import { mountTmpfs, type Tmpfs } from './support/tmpfs.js';

const RECORDS = Number(process.env.DL_CHAOS_DISK_RECORDS ?? 100_000);

interface DiskFault {
  scenario: string;
  fault: string;
  /** tmpfs size at the start. */
  size: string;
  /** Induces the fault while dl ingest is committing (nothing for disk-full: the records fill it). */
  induce: (mnt: Tmpfs) => Promise<void>;
  /** Takes it back before the restart. */
  repair: (mnt: Tmpfs) => Promise<void>;
  /** The cause the one-line error must name. */
  cause: RegExp;
}

const FAULTS: DiskFault[] = [
  {
    // chmod does not stop root, so the data directory's filesystem is remounted read-only (EROFS).
    scenario: 'disk read-only',
    fault: 'remount ro mid-run',
    size: '64m',
    induce: (mnt) => mnt.remount('ro'),
    repair: (mnt) => mnt.remount('rw'),
    cause: /the data directory is not writable/,
  },
  {
    // ~20 bytes a record in zstd Parquet: 1 MiB fills after some 40k of the records (ENOSPC).
    scenario: 'disk full',
    fault: '1 MiB tmpfs fills up',
    size: '1m',
    induce: async () => {},
    repair: (mnt) => mnt.remount('size=256m'),
    cause: /the disk is full/,
  },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('chaos: disk trouble', () => {
  let mnt: Tmpfs | undefined;
  afterEach(async () => {
    await killLeftovers();
    mnt?.unmount();
    mnt = undefined;
  });

  for (const f of FAULTS) {
    it(
      `${f.scenario}: one clear line and a non-zero exit, nothing committed that is not on disk; a restart completes with 0 lost, 0 duplicated`,
      { timeout: 240_000 },
      async () => {
        const started = Date.now();
        mnt = mountTmpfs(f.size);
        const lake = path.join(mnt.dir, 'lake');
        const topic = uniqueTopic('chaos-disk');
        await createTopic(topic, 3);
        const id = await registerOrder(topic);
        const flow = startFlow({ topic, total: RECORDS, rate: 6000, message: (i) => ({ partition: i % 3, key: `k${i}`, value: framedOrder(id, i) }) });
        const args = ingestArgs(topic, lake, `g-${topic}`, ['--flush-records', '5000']);

        const run = startTracked(args);
        await waitForStderr(run, /joined group/, 60_000);
        await waitForCommits(lake, 6, run);
        await f.induce(mnt);
        const exit = await Promise.race([run.exited, sleep(60_000).then(() => undefined)]);
        expect(exit, `dl ingest kept running after the fault:\n${tail(run)}`).toBeDefined();
        const stderr = run.stderr.join('');
        const errorLines = stderr.split('\n').filter((l) => l.startsWith('dl: '));
        // What is in the log is on disk: the chain is whole and every file it names is either
        // published or still staged for the next run's recovery; readers see only committed files.
        const chainAfterFault = commitChainProblems(lake, { allowStaged: true });
        const visibleAfterFault = uncommittedVisibleFiles(lake);
        const commitsAtFault = commitCount(lake);

        await f.repair(mnt);
        await flow.done;
        const final = await runDl([...args, '--once']);
        const audit = await auditLake(lake, topic);
        console.log(`${f.scenario}: ${commitsAtFault} commits before the failure; the failing run said:\n${notes(run).join('\n')}`);
        recordResult({
          scenario: f.scenario,
          fault: f.fault,
          produced: audit.produced,
          table: audit.table,
          dlq: audit.dlq,
          lost: audit.lost,
          duplicated: audit.duplicated,
          restarts: 1,
          seconds: Math.round((Date.now() - started) / 1000),
        });

        expect(exit!.code, stderr).toBe(1);
        expect(errorLines, stderr).toHaveLength(1);
        expect(errorLines[0]).toMatch(new RegExp(`^dl: Cannot [a-z ]+ ${escape(lake)}\\S*: `));
        expect(errorLines[0]).toMatch(f.cause);
        expect(stderr).not.toMatch(/this is a bug|\n\s+at /);
        expect(chainAfterFault).toEqual([]);
        expect(visibleAfterFault).toEqual([]);
        expect(commitsAtFault).toBeGreaterThanOrEqual(6);

        expect(final.code, final.stderr).toBe(0);
        expect(audit).toMatchObject({ produced: RECORDS, table: RECORDS, dlq: 0, lost: 0, duplicated: 0, uncommitted: [], chain: [] });
      },
    );
  }
});
