import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createTopic, framedOrder, registerOrder } from '../support/produce-raw.js';
import { tempLake, uniqueTopic } from '../support/stack-env.js';
import type { DlRun } from '../support/run-dl.js';
import { auditLake, commitCount, readColumns, topicEnds } from './support/audit.js';
import { sleep, startFlow } from './support/flow.js';
import { ingestArgs, killLeftovers, notes, startTracked, stopIngest, tail, waitForLake, waitForStderr } from './support/dl-process.js';
import { recordResult } from './support/results.js';

const RECORDS = Number(process.env.DL_CHAOS_REBALANCE_RECORDS ?? 200_000);
const PARTITIONS = 6;

/** Partitions a member got in its latest `joined group` line. */
function assigned(run: DlRun): number[] {
  const joins = [...run.stderr.join('').matchAll(/joined group [^:]+: \S+ \[([\d,]*)\]/g)];
  const last = joins.at(-1)?.[1] ?? '';
  return last === '' ? [] : last.split(',').map(Number);
}

describe('chaos: rebalance', () => {
  afterEach(killLeftovers);

  it('3 members share 6 partitions; one is SIGKILLed and one joins mid-run: 0 lost, 0 duplicated', { timeout: 300_000 }, async () => {
    const started = Date.now();
    const topic = uniqueTopic('chaos-rebalance');
    await createTopic(topic, PARTITIONS);
    const id = await registerOrder(topic);
    const lake = tempLake('dl-chaos-rebalance-');
    const flow = startFlow({ topic, total: RECORDS, rate: 5000, message: (i) => ({ partition: i % PARTITIONS, key: `k${i}`, value: framedOrder(id, i) }) });
    const args = ingestArgs(topic, lake, `g-${topic}`, ['--flush-records', '10000']);

    const [a, b, c] = [startTracked(args), startTracked(args), startTracked(args)];
    await Promise.all([a, b, c].map((r) => waitForStderr(r, /joined group/, 60_000)));
    // Wait until the three have split the partitions between them and are committing.
    const until = Date.now() + 60_000;
    while ([a, b, c].some((r) => assigned(r).length === 0) || [a, b, c].flatMap(assigned).length !== PARTITIONS || commitCount(lake) < PARTITIONS) {
      if (Date.now() > until)
        throw new Error(
          `the members did not share the partitions: ${[a, b, c].map((r) => `${JSON.stringify(assigned(r))}\n${notes(r).join('\n')}`).join('\n--\n')}`,
        );
      await sleep(100);
    }
    b.child.kill('SIGKILL');
    await b.exited;
    await sleep(2000);
    const d = startTracked(args);
    await waitForStderr(d, /joined group/, 60_000);

    await flow.done;
    const survivors = [a, c, d];
    await waitForLake(lake, topic, await topicEnds(topic), 180_000, survivors);
    const codes = [];
    for (const r of survivors) codes.push(await stopIngest(r));
    const audit = await auditLake(lake, topic);
    console.log(
      `rebalance: partitions at the end ${survivors.map((r) => JSON.stringify(assigned(r))).join(' ')}; members said:\n${survivors.map((r) => notes(r).join('\n')).join('\n--\n')}`,
    );
    recordResult({
      scenario: 'rebalance',
      fault: '3 members, 1 SIGKILL, 1 joins',
      produced: audit.produced,
      table: audit.table,
      dlq: audit.dlq,
      lost: audit.lost,
      duplicated: audit.duplicated,
      restarts: 1,
      seconds: Math.round((Date.now() - started) / 1000),
    });

    expect(codes, survivors.map((r) => tail(r)).join('\n--\n')).toEqual([0, 0, 0]);
    expect(audit).toMatchObject({ produced: RECORDS, table: RECORDS, dlq: 0, lost: 0, duplicated: 0, uncommitted: [], chain: [] });
    expect(new Set(readColumns(path.join(lake, 'parquet'), ['order_id']).order_id).size).toBe(RECORDS);
    // The member that joined late took over partitions and committed some of them.
    expect(assigned(d).length).toBeGreaterThan(0);
    rmSync(lake, { recursive: true, force: true }); // kept when an assertion fails, for a look
  });
});
