import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { crashTopic } from '@dl/test-support/crash-topic';
import { tempLake } from '@dl/test-support/stack-env';
import { runDl, startDl } from '@dl/test-support/run-dl';
import { runDeltaPython } from '@dl/test-support/python';

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}

/** Every `add` path of a table's JSON commits, in log order. */
function addedPaths(table: string): string[] {
  const log = path.join(table, '_delta_log');
  let names: string[] = [];
  try {
    names = readdirSync(log)
      .filter((n) => /^\d{20}\.json$/.test(n))
      .sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names) {
    for (const line of readFileSync(path.join(log, n), 'utf8').split('\n')) {
      if (line.startsWith('{"add"')) out.push(decodeURIComponent((JSON.parse(line) as { add: { path: string } }).add.path));
    }
  }
  return out;
}

/** Offset ranges of added files per partition that overlap another added file's (same offsets added twice). */
function overlappingAdds(paths: string[]): string[] {
  const byPartition = new Map<number, Array<[bigint, bigint, string]>>();
  for (const p of paths) {
    const m = /\+(\d+)\+(\d{20})-(\d{20})\.[0-9a-f]+\.parquet$/.exec(p);
    if (!m) throw new Error(`unexpected data file name ${p}`);
    const list = byPartition.get(Number(m[1])) ?? [];
    list.push([BigInt(m[2]!), BigInt(m[3]!), p]);
    byPartition.set(Number(m[1]), list);
  }
  const bad: string[] = [];
  for (const list of byPartition.values()) {
    list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (let i = 1; i < list.length; i++) if (list[i]![0] <= list[i - 1]![1]) bad.push(`${list[i - 1]![2]} & ${list[i]![2]}`);
  }
  return bad;
}

function commitRecordsOrZero(lake: string): number {
  const root = path.join(lake, '_dl', 'log');
  let n = 0;
  if (!existsSync(root)) return 0;
  for (const t of readdirSync(root))
    for (const p of readdirSync(path.join(root, t))) n += readdirSync(path.join(root, t, p)).filter((f) => f.endsWith('.json')).length;
  return n;
}

const GOOD = Number(process.env.DL_CRASH_RECORDS ?? 200_000);
const KILLS = Number(process.env.DL_CRASH_KILLS ?? 20);

describe('dl ingest --table-format delta under kill -9', () => {
  it(`loses nothing, doubles nothing and adds no offsets twice through ${KILLS} SIGKILLs over ${GOOD} records`, { timeout: 900_000 }, async () => {
    // A share of the input before each run: every run has records to be killed at work on.
    const input = await crashTopic('dcrash', GOOD, KILLS);
    const { topic, total } = input;
    const deadExpected = total - GOOD;
    const lake = tempLake('dl-dcrash-');
    // A checkpoint every 5 commits, so kills also land while checkpoints are written.
    const args = [
      'ingest',
      '--topic',
      topic,
      '--group',
      `g-${topic}`,
      '--data-dir',
      lake,
      '--table-format',
      'delta',
      '--checkpoint-interval',
      '5',
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
    let hitAtWork = 0;
    for (let k = 0; k < KILLS; k++) {
      await input.sendShare();
      const run = startDl(args);
      if (k % 2 === 1) {
        // Once this run has made a commit record, kill it within the next moments: mid-batch, while
        // staging, between a commit record and its Delta commit, or during a checkpoint.
        const before = commitRecordsOrZero(lake);
        await waitFor(() => commitRecordsOrZero(lake) > before, 60_000);
        if (commitRecordsOrZero(lake) > before) hitAtWork++;
        await new Promise((r) => setTimeout(r, Math.random() * 300));
      } else {
        // Start-up and recovery: any instant of the first seconds.
        await new Promise((r) => setTimeout(r, Math.random() * 2000));
      }
      run.child.kill('SIGKILL');
      const { signal } = await run.exited;
      if (signal === 'SIGKILL') kills++;
      expect(overlappingAdds(addedPaths(path.join(lake, 'parquet')))).toEqual([]);
    }
    // Half the kills hit a process at work (one that had committed during its run), not only start-ups.
    expect(hitAtWork).toBe(KILLS / 2);
    expect(await input.sendShare()).toBe(false);
    const final = await runDl([...args, '--once', '--format', 'json']);
    expect(final.code, final.stderr).toBe(0);

    // delta-rs and DuckDB, through the logs.
    const read = (table: string) =>
      JSON.parse(runDeltaPython('read_delta.py', [path.join(lake, table), 'partition,offset'])) as {
        deltalake: number[][];
        duckdb: number[][];
        history: string[];
      };
    const rows = read('parquet');
    const dead = read('parquet-dlq');
    expect(rows.duckdb).toEqual(rows.deltalake);
    expect(dead.duckdb).toEqual(dead.deltalake);
    const keys = new Set([...rows.deltalake, ...dead.deltalake].map(([p, o]) => `${p}/${o}`));
    expect({ rows: rows.deltalake.length, dead: dead.deltalake.length, unique: keys.size, kills }).toEqual({
      rows: GOOD,
      dead: deadExpected,
      unique: total,
      kills: KILLS,
    });
    // No add of the same offsets twice, in either table.
    expect(overlappingAdds(addedPaths(path.join(lake, 'parquet')))).toEqual([]);
    expect(overlappingAdds(addedPaths(path.join(lake, 'parquet-dlq')))).toEqual([]);
    expect(readdirSync(path.join(lake, 'parquet', '_delta_log')).some((n) => n.endsWith('.checkpoint.parquet'))).toBe(true);
  });
});
