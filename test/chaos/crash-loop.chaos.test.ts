import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createTopic, framedOrder, registerOrder } from '../support/produce-raw.js';
import { tempLake, uniqueTopic } from '../support/stack-env.js';
import { runDl } from '../support/run-dl.js';
import { uncommittedVisibleFiles } from '../support/lake-check.js';
import { auditLake, commitCount, readColumns } from './support/audit.js';
import { sleep, startFlow } from './support/flow.js';
import { ingestArgs, killLeftovers, startTracked, tail, waitForCommits, waitForStderr } from './support/dl-process.js';
import { recordResult } from './support/results.js';

const RECORDS = Number(process.env.DL_CHAOS_RECORDS ?? 500_000);
const KILLS = Number(process.env.DL_CHAOS_KILLS ?? 50);

describe('chaos: crash loop', () => {
  afterEach(killLeftovers);

  it(`${KILLS} SIGKILLs of dl ingest while ${RECORDS} records flow: 0 lost, 0 duplicated`, { timeout: 420_000 }, async () => {
    const started = Date.now();
    const topic = uniqueTopic('chaos-crash');
    await createTopic(topic, 3);
    const id = await registerOrder(topic);
    const lake = tempLake('dl-chaos-crash-');
    // The producer is paced by the kill loop, so records flow from the first kill to the last
    // however fast this machine is: by now, the share of RECORDS that the share of the loop's
    // estimated length (kills so far at their average pace, ~2.5 s each before the first) says.
    let kills = 0;
    const loopStart = Date.now();
    let lastKillAt = loopStart;
    const limit = () => {
      const perKill = kills === 0 ? 2500 : (lastKillAt - loopStart) / kills;
      return (RECORDS * (Date.now() - loopStart)) / (perKill * KILLS);
    };
    const flow = startFlow({ topic, total: RECORDS, rate: 50_000, limit, message: (i) => ({ partition: i % 3, key: `k${i}`, value: framedOrder(id, i) }) });

    // Each run joins its own consumer group. With one group, a SIGKILLed member stays in it until
    // its session times out (6 s, the minimum we allow), and the next run's join waits for that:
    // 50 kills would cost ~5 minutes of waiting. A fresh group has no committed Kafka offsets, so
    // every run starts from Kafka's beginning and only the lake's commit log tells it where to
    // resume: exactly the claim under test (the lake, not the group, is the source of truth).
    const args = (group: string) => ingestArgs(topic, lake, group, ['--flush-records', '10000']);
    let killedWhileFlowing = 0;
    for (let k = 0; k < KILLS; k++) {
      const commitsBefore = commitCount(lake);
      const run = startTracked(args(`g-${topic}-${k}`));
      // Random instants of three kinds: start-up (module loading, lake recovery, connecting,
      // joining), the first fetch and flush after joining, and the steady flush/commit cycle
      // (only while new records arrive: otherwise there is no next commit to wait for).
      if (k % 5 === 0) {
        await sleep(Math.random() * 1500);
      } else if (k % 5 === 1 || flow.sent >= RECORDS) {
        await waitForStderr(run, /joined group/, 60_000);
        await sleep(Math.random() * 2000);
      } else {
        await waitForCommits(lake, commitsBefore + 1, run);
        await sleep(Math.random() * 1500);
      }
      if (k % 5 !== 0 && flow.sent < RECORDS) killedWhileFlowing++;
      run.child.kill('SIGKILL');
      const { code, signal } = await run.exited;
      expect(signal, `run ${k} ended by itself (exit ${code}) before the kill:\n${tail(run)}`).toBe('SIGKILL');
      kills++;
      lastKillAt = Date.now();
      expect(uncommittedVisibleFiles(lake)).toEqual([]);
    }
    const commitsBeforeFinal = commitCount(lake);
    const loopSeconds = Math.round((Date.now() - started) / 1000);
    await flow.done;
    const final = await runDl([...args(`g-${topic}-final`), '--once', '--format', 'json']);
    const audit = await auditLake(lake, topic);
    console.log(
      `crash loop: ${kills} kills in ${loopSeconds} s, ${killedWhileFlowing} of them while the producer was sending; ${commitsBeforeFinal} commits before the final --once`,
    );
    recordResult({
      scenario: 'crash loop',
      fault: `${kills} SIGKILL`,
      produced: audit.produced,
      table: audit.table,
      dlq: audit.dlq,
      lost: audit.lost,
      duplicated: audit.duplicated,
      restarts: kills,
      seconds: Math.round((Date.now() - started) / 1000),
    });

    expect(final.code, final.stderr).toBe(0);
    expect(audit).toMatchObject({ produced: RECORDS, table: RECORDS, dlq: 0, lost: 0, duplicated: 0, uncommitted: [], chain: [] });
    const ids = readColumns(path.join(lake, 'parquet'), ['order_id']).order_id!;
    expect(new Set(ids).size).toBe(RECORDS);
    // The kills hit processes at work, not only start-ups: commits were made between them, and
    // most kills came while the producer was still sending.
    expect(commitsBeforeFinal).toBeGreaterThan(KILLS);
    expect(killedWhileFlowing).toBeGreaterThan(KILLS / 2);
    rmSync(lake, { recursive: true, force: true }); // kept when an assertion fails, for a look
  });
});
