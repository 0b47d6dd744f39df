import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTopic, framedOrder, registerOrder } from '../support/produce-raw.js';
import { uniqueTopic } from '../support/stack-env.js';
import { s3Env, s3TestServer, tempS3Lake } from '../support/s3-env.js';
import type { DlRun } from '../support/run-dl.js';
import { auditLake, commitCount, readColumns, topicEnds } from './support/audit.js';
import { sleep, startFlow } from './support/flow.js';
import { ingestArgs, killLeftovers, notes, startTracked, stopIngest, tail, waitForStderr } from './support/dl-process.js';
import { recordResult } from './support/results.js';
import { mirrorLake, openS3Lake, s3LakeEnds } from './support/s3-lake-audit.js';

const RECORDS = Number(process.env.DL_CHAOS_SCALE_OUT_RECORDS ?? 300_000);
const PARTITIONS = 6;

/** A machine of its own: working directory, HOME and TMPDIR shared with no other member. */
function machine(name: string): { cwd: string; env: NodeJS.ProcessEnv } {
  const root = mkdtempSync(path.join(os.tmpdir(), `dl-machine-${name}-`));
  for (const d of ['work', 'home', 'tmp']) mkdirSync(path.join(root, d));
  return { cwd: path.join(root, 'work'), env: { HOME: path.join(root, 'home'), TMPDIR: path.join(root, 'tmp') } };
}

describe('chaos: scale-out on one bucket', () => {
  afterEach(killLeftovers);

  it(
    `3 dl ingest "machines", one group, one s3:// lake, ${PARTITIONS} partitions: one SIGKILLed and restarted, one joins late; 0 lost, 0 duplicated, the chain complete`,
    { timeout: 300_000 },
    async () => {
      const started = Date.now();
      const server = s3TestServer();
      const topic = uniqueTopic('chaos-scale-out');
      await createTopic(topic, PARTITIONS);
      const id = await registerOrder(topic);
      const lake = tempS3Lake(server, 'scale-out');
      const store = await openS3Lake(server, lake);
      const flow = startFlow({ topic, total: RECORDS, rate: 6000, message: (i) => ({ partition: i % PARTITIONS, key: `k${i}`, value: framedOrder(id, i) }) });
      const args = ingestArgs(topic, lake, `g-${topic}`, ['--flush-records', '10000']);
      const [ma, mb, mc] = [machine('a'), machine('b'), machine('c')];
      const start = (m: { cwd: string; env: NodeJS.ProcessEnv }): DlRun => startTracked(args, { ...s3Env(server), ...m.env }, m.cwd);
      const committed = async () => [...(await s3LakeEnds(store, topic, PARTITIONS)).values()].filter((e) => e >= 0).length;

      const a = start(ma);
      const b = start(mb);
      await Promise.all([a, b].map((r) => waitForStderr(r, /joined group/, 60_000)));
      const until = Date.now() + 90_000;
      while ((await committed()) < PARTITIONS) {
        if (Date.now() > until) throw new Error(`no commit on every partition within 90 s:\n${[a, b].map((r) => tail(r)).join('\n--\n')}`);
        await sleep(250);
      }
      b.child.kill('SIGKILL');
      await b.exited;
      const b2 = start(mb); // the same machine, restarted
      await waitForStderr(b2, /joined group/, 60_000);
      await sleep(3000);
      const c = start(mc); // joins late
      await waitForStderr(c, /joined group/, 60_000);

      await flow.done;
      const ends = await topicEnds(topic);
      const members = [a, b2, c];
      const deadline = Date.now() + 180_000;
      for (;;) {
        const have = await s3LakeEnds(store, topic, PARTITIONS);
        if ([...ends].every(([p, high]) => (have.get(p) ?? -1) >= high - 1)) break;
        const dead = members.find((r) => r.child.exitCode !== null || r.child.signalCode !== null);
        if (dead) throw new Error(`a member exited before the lake caught up:\n${tail(dead)}`);
        if (Date.now() > deadline) throw new Error(`the lake did not catch up: ${JSON.stringify([...have])} vs ${JSON.stringify([...ends])}`);
        await sleep(500);
      }
      const codes = [];
      for (const r of members) codes.push(await stopIngest(r));
      const mirror = await mirrorLake(store);
      await store.close();
      const audit = await auditLake(mirror.dir, topic);
      const commits = commitCount(mirror.dir);
      console.log(
        `scale-out: ${mirror.objects} objects (${mirror.bytes} bytes), ${commits} commits; members said:\n${members.map((r) => notes(r).join('\n')).join('\n--\n')}`,
      );
      recordResult({
        scenario: 'scale-out (s3)',
        fault: '3 machines, 1 SIGKILL + restart, 1 joins',
        produced: audit.produced,
        table: audit.table,
        dlq: audit.dlq,
        lost: audit.lost,
        duplicated: audit.duplicated,
        restarts: 1,
        seconds: Math.round((Date.now() - started) / 1000),
      });

      expect(codes, members.map((r) => tail(r)).join('\n--\n')).toEqual([0, 0, 0]);
      expect(audit).toMatchObject({ produced: RECORDS, table: RECORDS, dlq: 0, lost: 0, duplicated: 0, uncommitted: [], chain: [] });
      expect(new Set(readColumns(path.join(mirror.dir, 'parquet'), ['order_id']).order_id).size).toBe(RECORDS);
      // Each "machine" did part of the work: the late one too.
      for (const r of members) expect(r.stderr.join(''), tail(r)).toMatch(/joined group [^:]+: \S+ \[\d/);
      rmSync(mirror.dir, { recursive: true, force: true });
    },
  );
});
