import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createTopic, framedOrder, registerOrder } from '../support/produce-raw.js';
import { tempLake, uniqueTopic } from '../support/stack-env.js';
import { runDl } from '../support/run-dl.js';
import { uncommittedVisibleFiles } from '../support/lake-check.js';
import { auditLake, commitCount, type Audit } from './support/audit.js';
import { sleep, startFlow } from './support/flow.js';
import { ingestArgs, killLeftovers, startTracked, tail, waitForCommits } from './support/dl-process.js';
import { recordResult } from './support/results.js';

const RECORDS = Number(process.env.DL_CHAOS_GROUP_RECORDS ?? 150_000);
const KILLS = Number(process.env.DL_CHAOS_GROUP_KILLS ?? 4);

// Every other scenario gives each run a fresh consumer group, so none of them could see a group
// whose committed offsets disagree with the lake (issue #10: a deleted or new lake with an old
// group ingested nothing). Here one group feeds three lakes: lake A through SIGKILLs (the group's
// offsets trail the lake: it must skip), a new lake B (the group is at the end: it must re-read
// everything), and A again after it was deleted (the same, for a lake that existed).
describe('chaos: one consumer group across lakes and restarts', () => {
  afterEach(killLeftovers);

  it(`one group, ${KILLS} SIGKILLs, a new lake and a deleted one: every lake holds every record once`, { timeout: 420_000 }, async () => {
    const started = Date.now();
    const topic = uniqueTopic('chaos-group');
    await createTopic(topic, 3);
    const id = await registerOrder(topic);
    const group = `g-${topic}`;
    const args = (lake: string, extra: string[] = []) => ingestArgs(topic, lake, group, ['--flush-records', '5000', ...extra]);
    const a = tempLake('dl-chaos-group-a-');
    const b = tempLake('dl-chaos-group-b-');
    let restarts = -1;

    // Lake A: the producer runs while dl ingest (always the same group) is killed mid-run. Each
    // kill lets another share of the records out, so every run has new ones to commit (unpaced,
    // the flow ended before the last run on a fast machine, which then waited for a commit that
    // could not come).
    let kills = 0;
    const flow = startFlow({
      topic,
      total: RECORDS,
      rate: 20_000,
      limit: () => (RECORDS * (kills + 1)) / (KILLS + 1),
      message: (i) => ({ partition: i % 3, key: `k${i}`, value: framedOrder(id, i) }),
    });
    for (let k = 0; k < KILLS; k++) {
      const before = commitCount(a);
      const run = startTracked(args(a));
      restarts++;
      await waitForCommits(a, before + 1, run, 120_000);
      await sleep(Math.random() * 1500);
      run.child.kill('SIGKILL');
      kills++;
      const { signal } = await run.exited;
      expect(signal, `run ${k} ended by itself before the kill:\n${tail(run)}`).toBe('SIGKILL');
      expect(uncommittedVisibleFiles(a)).toEqual([]);
    }
    await flow.done;
    const once = async (lake: string) => {
      restarts++;
      const r = await runDl([...args(lake), '--once', '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { records: number };
    };
    await once(a);
    const auditA = await auditLake(a, topic);

    // Lake B, new, same group (its offsets are now at the end): killed once mid-run, then --once.
    const runB = startTracked(args(b));
    restarts++;
    await waitForCommits(b, 1, runB, 120_000);
    runB.child.kill('SIGKILL');
    await runB.exited;
    await once(b);
    const auditB = await auditLake(b, topic);

    // Lake A deleted and made again from the same group.
    rmSync(a, { recursive: true, force: true });
    const remade = await once(a);
    const auditA2 = await auditLake(a, topic);
    // And with every lake complete, one more --once reads nothing.
    const idle = await once(b);

    const audits: Array<[string, Audit]> = [
      ['A', auditA],
      ['B', auditB],
      ['A again', auditA2],
    ];
    const sum = (f: (x: Audit) => number) => audits.reduce((n, [, x]) => n + f(x), 0);
    console.log(`group reuse: ${audits.map(([n, x]) => `lake ${n}: ${x.table} rows, ${x.lost} lost, ${x.duplicated} duplicated`).join('; ')}`);
    recordResult({
      scenario: 'group reuse',
      fault: `1 group, 3 lakes (${KILLS + 1} SIGKILL, 1 deleted); figures summed over the 3 audits`,
      produced: sum((x) => x.produced),
      table: sum((x) => x.table),
      dlq: sum((x) => x.dlq),
      lost: sum((x) => x.lost),
      duplicated: sum((x) => x.duplicated),
      restarts,
      seconds: Math.round((Date.now() - started) / 1000),
    });

    for (const [name, audit] of audits) {
      expect(audit, `lake ${name}`).toMatchObject({ produced: RECORDS, table: RECORDS, dlq: 0, lost: 0, duplicated: 0, uncommitted: [], chain: [] });
    }
    expect(remade.records).toBe(RECORDS);
    expect(idle.records).toBe(0);
    rmSync(a, { recursive: true, force: true }); // kept when an assertion fails, for a look
    rmSync(b, { recursive: true, force: true });
  });
});
