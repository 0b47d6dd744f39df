import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isStorageError, type ObjectStore } from '../../packages/storage/src/index.js';
import { openS3Store } from '../../packages/storage/src/s3.js';
import { stackS3 } from '../support/stack-env.js';
import { stack } from '../support/stack-control.js';
import { sleep } from './support/flow.js';
import { recordResult } from './support/results.js';

const OUTAGE_MS = Number(process.env.DL_CHAOS_S3_OUTAGE_MS ?? 15_000);
const WRITERS = 4;
const RECORDS = 600;

const keyOf = (n: number): string => `_dl/log/t/0/${String(n).padStart(8, '0')}.json`;

/**
 * One writer's attempt to create commit record `n`, as an ingester of a contended partition does:
 * putIfAbsent, and when that answers "exists", the stored body tells whether it is this writer's
 * own earlier attempt (a request that landed but whose answer was lost in the outage, then
 * retried). UNAVAILABLE pauses and retries; any other error fails the run.
 */
async function attempt(store: ObjectStore, writer: string, n: number, unavailable: { count: number }): Promise<boolean> {
  const body = JSON.stringify({ writer, n });
  for (;;) {
    try {
      if (await store.putIfAbsent(keyOf(n), body)) return true;
      return new TextDecoder().decode(await store.get(keyOf(n))) === body;
    } catch (e) {
      if (!isStorageError(e, 'UNAVAILABLE')) throw e;
      unavailable.count++;
      await sleep(200);
    }
  }
}

describe('chaos: S3 server restart', () => {
  it(
    `a ${OUTAGE_MS / 1000} s S3 outage while ${WRITERS} writers race for each of ${RECORDS} commit records: each created once, by one writer`,
    { timeout: 300_000 },
    async () => {
      const started = Date.now();
      const s3 = stackS3();
      const prefix = `chaos-s3-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
      // Few attempts per request, so the outage surfaces as UNAVAILABLE to the writers' own pause-and-retry.
      const stores = await Promise.all(Array.from({ length: WRITERS }, () => openS3Store({ ...s3, prefix, maxAttempts: 2 })));
      // Round n: all writers try to create record n at the same moment; exactly one may win.
      const winners: string[][] = [];
      const unavailable = { count: 0 };
      let failure: unknown;
      const run = (async () => {
        for (let n = 0; n < RECORDS; n++) {
          const won = await Promise.all(stores.map((st, w) => attempt(st, `w${w}`, n, unavailable)));
          winners.push(won.flatMap((ok, w) => (ok ? [`w${w}`] : [])));
        }
      })().catch((e: unknown) => {
        failure = e;
      });

      const s = await stack();
      while (winners.length < RECORDS / 3 && failure === undefined) await sleep(50);
      await s.stopComponent('s3');
      const down = Date.now();
      let outage = 0;
      try {
        await sleep(OUTAGE_MS);
      } finally {
        await s.startComponent('s3');
        outage = Date.now() - down;
      }
      await run;
      if (failure !== undefined) throw failure;

      const listed: string[] = [];
      for await (const o of stores[0]!.list('_dl/log/t/0/')) listed.push(o.key);
      const lost = winners.filter((w) => w.length === 0).length;
      const duplicated = winners.filter((w) => w.length > 1).length;
      recordResult({
        scenario: 'S3 restart (commit records)',
        fault: `S3 down ${Math.round(outage / 1000)} s`,
        produced: RECORDS,
        table: listed.length,
        dlq: 0,
        lost,
        duplicated,
        restarts: 0,
        seconds: Math.round((Date.now() - started) / 1000),
      });
      const perWriter = stores.map((_, w) => winners.filter((x) => x.includes(`w${w}`)).length);
      console.log(`S3 restart: down ${outage} ms, ${unavailable.count} UNAVAILABLE answers, records won per writer ${perWriter.join('/')}`);

      expect(unavailable.count).toBeGreaterThan(0);
      expect({ lost, duplicated, listed: listed.length }).toEqual({ lost: 0, duplicated: 0, listed: RECORDS });
      // Real races: more than one writer won some rounds.
      expect(perWriter.filter((c) => c > 0).length).toBeGreaterThan(1);
      // Each stored record names the one writer that won it.
      for (let n = 0; n < RECORDS; n += 7) {
        expect(JSON.parse(new TextDecoder().decode(await stores[0]!.get(keyOf(n))))).toEqual({ writer: winners[n]![0], n });
      }
      await Promise.all(stores.map((st) => st.close()));
    },
  );
});
