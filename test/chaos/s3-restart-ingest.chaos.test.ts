import { afterEach, describe, expect, it } from 'vitest';
import { execSync } from 'node:child_process';
import { createTopic, framedOrder, registerOrder } from '../support/produce-raw.js';
import { uniqueTopic } from '../support/stack-env.js';
import { stack } from '../support/stack-control.js';
import { s3Env, s3TestServer, tempS3Lake } from '../support/s3-env.js';
import { auditLake, topicEnds } from './support/audit.js';
import { sleep, startFlow } from './support/flow.js';
import { ingestArgs, killLeftovers, notes, startTracked, stopIngest, tail, waitForStderr } from './support/dl-process.js';
import { recordResult } from './support/results.js';
import { mirrorLake, openS3Lake, s3LakeEnds } from './support/s3-lake-audit.js';

const RECORDS = Number(process.env.DL_CHAOS_S3_RESTART_RECORDS ?? 100_000);
const DOWN_MS = Number(process.env.DL_CHAOS_S3_DOWN_MS ?? 20_000);
const PARTITIONS = 3;

/**
 * Stops and starts the S3 server: the local stack's `s3` component, or, for a private server, the
 * shell commands in DL_CHAOS_S3_STOP / DL_CHAOS_S3_START. Stops a service: run it against a
 * private stack (DL_STACK_DIR) while others use the shared one.
 */
async function restartS3(downMs: number): Promise<void> {
  const stop = process.env.DL_CHAOS_S3_STOP;
  const start = process.env.DL_CHAOS_S3_START;
  if (stop && start) {
    execSync(stop, { stdio: 'inherit' });
    await sleep(downMs);
    execSync(start, { stdio: 'inherit' });
    return;
  }
  const s = (await stack()) as unknown as { stopComponent(c: string): Promise<unknown>; startComponent(c: string): Promise<unknown> };
  await s.stopComponent('s3');
  await sleep(downMs);
  await s.startComponent('s3');
}

describe('chaos: S3 server restart while dl ingest runs', () => {
  afterEach(killLeftovers);

  it(
    `the S3 server goes away for ${DOWN_MS / 1000} s mid-run: ingest pauses and retries, no dead letters; 0 lost, 0 duplicated`,
    { timeout: 300_000 },
    async () => {
      const started = Date.now();
      const server = s3TestServer();
      const topic = uniqueTopic('chaos-s3-restart');
      await createTopic(topic, PARTITIONS);
      const id = await registerOrder(topic);
      const lake = tempS3Lake(server, 's3-restart');
      const flow = startFlow({ topic, total: RECORDS, rate: 4000, message: (i) => ({ partition: i % PARTITIONS, key: `k${i}`, value: framedOrder(id, i) }) });
      const run = startTracked(ingestArgs(topic, lake, `g-${topic}`, ['--flush-records', '5000']), s3Env(server));
      await waitForStderr(run, /joined group/, 60_000);
      let store = await openS3Lake(server, lake);
      const until = Date.now() + 90_000;
      while ([...(await s3LakeEnds(store, topic, PARTITIONS)).values()].some((e) => e < 0)) {
        if (Date.now() > until) throw new Error(`no commit on every partition within 90 s:\n${tail(run)}`);
        await sleep(250);
      }
      await store.close();

      await restartS3(DOWN_MS);
      expect(run.child.exitCode, tail(run)).toBeNull();

      await flow.done;
      const ends = await topicEnds(topic);
      store = await openS3Lake(server, lake);
      const deadline = Date.now() + 180_000;
      for (;;) {
        const have = await s3LakeEnds(store, topic, PARTITIONS);
        if ([...ends].every(([p, high]) => (have.get(p) ?? -1) >= high - 1)) break;
        if (run.child.exitCode !== null) throw new Error(`dl ingest exited before the lake caught up:\n${tail(run)}`);
        if (Date.now() > deadline) throw new Error(`the lake did not catch up: ${JSON.stringify([...have])} vs ${JSON.stringify([...ends])}`);
        await sleep(500);
      }
      const code = await stopIngest(run);
      const mirror = await mirrorLake(store);
      await store.close();
      const audit = await auditLake(mirror.dir, topic);
      console.log(`s3 restart: dl ingest said:\n${notes(run).join('\n')}`);
      recordResult({
        scenario: 's3 restart',
        fault: `S3 server down ${DOWN_MS / 1000} s`,
        produced: audit.produced,
        table: audit.table,
        dlq: audit.dlq,
        lost: audit.lost,
        duplicated: audit.duplicated,
        restarts: 0,
        seconds: Math.round((Date.now() - started) / 1000),
      });

      expect(code, tail(run)).toBe(0);
      expect(run.stderr.join('')).toMatch(/pausing and retrying \(nothing is skipped\)/);
      expect(audit).toMatchObject({ produced: RECORDS, table: RECORDS, dlq: 0, lost: 0, duplicated: 0, uncommitted: [], chain: [] });
    },
  );
});
