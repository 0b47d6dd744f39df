import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createTopic, framedOrder, registerOrder } from '../support/produce-raw.js';
import { tempLake, uniqueTopic } from '../support/stack-env.js';
import { stack } from '../support/stack-control.js';
import { auditLake, commitCount, topicEnds } from './support/audit.js';
import { sleep, startFlow } from './support/flow.js';
import { ingestArgs, killLeftovers, notes, startTracked, stopIngest, tail, waitForCommits, waitForLake, waitForStderr } from './support/dl-process.js';
import { recordResult } from './support/results.js';

const RECORDS = Number(process.env.DL_CHAOS_BROKER_RECORDS ?? 150_000);

describe('chaos: broker restart', () => {
  afterEach(killLeftovers);

  it('dl ingest rides out a Kafka restart mid-run by itself: 0 lost, 0 duplicated', { timeout: 300_000 }, async () => {
    const started = Date.now();
    const topic = uniqueTopic('chaos-broker');
    await createTopic(topic, 3);
    const id = await registerOrder(topic);
    const lake = tempLake('dl-chaos-broker-');
    // The producer keeps sending through the outage (retrying with a new producer), so records
    // flow before, during and after it. A retried request may land twice in the topic: the audit
    // counts the topic's records, so those are simply more records to ingest exactly once.
    const flow = startFlow({ topic, total: RECORDS, rate: 5000, retry: true, message: (i) => ({ partition: i % 3, key: `k${i}`, value: framedOrder(id, i) }) });
    const run = startTracked(ingestArgs(topic, lake, `g-${topic}`, ['--flush-records', '20000']));
    await waitForStderr(run, /joined group/, 60_000);
    await waitForCommits(lake, 6, run);

    const s = await stack();
    const commitsBefore = commitCount(lake);
    const down = Date.now();
    await s.stopComponent('kafka');
    try {
      await sleep(3000);
      expect(run.child.exitCode, tail(run)).toBeNull();
    } finally {
      await s.startComponent('kafka');
    }
    const outage = Date.now() - down;
    expect(run.child.exitCode, tail(run)).toBeNull();

    await flow.done;
    await waitForLake(lake, topic, await topicEnds(topic), 180_000, [run]);
    const code = await stopIngest(run);
    const audit = await auditLake(lake, topic);
    console.log(`broker restart: Kafka unavailable for ${outage} ms, producer retries ${flow.retries}; dl ingest said:\n${notes(run).join('\n')}`);
    recordResult({
      scenario: 'broker restart',
      fault: 'Kafka stop+start',
      produced: audit.produced,
      table: audit.table,
      dlq: audit.dlq,
      lost: audit.lost,
      duplicated: audit.duplicated,
      restarts: 0,
      seconds: Math.round((Date.now() - started) / 1000),
    });

    expect(code, tail(run)).toBe(0);
    // The same process went on committing after the broker came back.
    expect(commitCount(lake)).toBeGreaterThan(commitsBefore);
    expect(audit).toMatchObject({ table: audit.produced, dlq: 0, lost: 0, duplicated: 0, uncommitted: [], chain: [] });
    expect(audit.produced).toBeGreaterThanOrEqual(RECORDS);
    rmSync(lake, { recursive: true, force: true }); // kept when an assertion fails, for a look
  });
});
