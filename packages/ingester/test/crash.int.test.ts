import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { crashTopic } from '@dl/test-support/crash-topic';
import { tempLake } from '@dl/test-support/stack-env';
import { readRows } from '@dl/test-support/read-lake';
import { runDl, startDl } from '@dl/test-support/run-dl';
import { uncommittedVisibleFiles } from '@dl/test-support/lake-check';

function countCommits(lake: string): number {
  const root = path.join(lake, '_dl', 'log');
  let n = 0;
  if (!existsSync(root)) return 0;
  for (const t of readdirSync(root))
    for (const p of readdirSync(path.join(root, t))) n += readdirSync(path.join(root, t, p)).filter((f) => f.endsWith('.json')).length;
  return n;
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}

const GOOD = Number(process.env.DL_CRASH_RECORDS ?? 200_000);
const KILLS = Number(process.env.DL_CRASH_KILLS ?? 20);

describe('dl ingest under kill -9', () => {
  it(`loses nothing and doubles nothing through ${KILLS} SIGKILLs over ${GOOD} records`, { timeout: 600_000 }, async () => {
    // A share of the input before each run: every run has records to be killed at work on.
    const input = await crashTopic('crash', GOOD, KILLS);
    const { topic, total } = input;
    const deadExpected = total - GOOD;
    const lake = tempLake('dl-crash-');
    const args = [
      'ingest',
      '--topic',
      topic,
      '--group',
      `g-${topic}`,
      '--data-dir',
      lake,
      '--flush-records',
      '7000',
      '--flush-interval',
      '1',
      '--session-timeout',
      '6',
      '--progress',
      'json',
    ];

    let kills = 0;
    for (let k = 0; k < KILLS; k++) {
      await input.sendShare();
      const run = startDl(args);
      // Random instants: every other kill within 2 s of the start (start-up, often), the rest
      // once this run has committed (mid-batch, during a flush, during a commit). Waiting for the
      // run's first commit, not only for its group join, is what makes those kills land at work:
      // a random 0-2 s after the join often came before the first flush (CI: 6 commits in 20 runs).
      if (k % 2 === 1) {
        const before = countCommits(lake);
        await waitFor(() => countCommits(lake) > before, 30_000);
        await new Promise((r) => setTimeout(r, Math.random() * 1500));
      } else await new Promise((r) => setTimeout(r, Math.random() * 2000));
      run.child.kill('SIGKILL');
      const { signal } = await run.exited;
      if (signal === 'SIGKILL') kills++;
      expect(uncommittedVisibleFiles(lake)).toEqual([]);
    }
    // The kills must have hit a process at work, not only start-ups: commits were made between them
    // (at least one by each run that waited for it).
    const commitsBeforeFinal = countCommits(lake);
    expect(commitsBeforeFinal).toBeGreaterThanOrEqual(KILLS / 2);
    expect(await input.sendShare()).toBe(false);
    const final = await runDl([...args, '--once', '--format', 'json']);
    expect(final.code, final.stderr).toBe(0);

    const rows = readRows(path.join(lake, 'parquet'));
    const dead = readRows(path.join(lake, 'parquet-dlq'));
    const keys = new Set([...rows, ...dead].map((r) => `${r.partition}/${r.offset}`));
    expect({ rows: rows.length, dead: dead.length, unique: keys.size, kills }).toEqual({
      rows: GOOD,
      dead: deadExpected,
      unique: total,
      kills: KILLS,
    });
    expect(new Set(rows.map((r) => r.order_id)).size).toBe(GOOD);
    expect(uncommittedVisibleFiles(lake)).toEqual([]);
  });
});
