import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createRegistry, frame, avroType } from '@dl/core';
import { createTopic, framedOrder, order, registerOrder } from '../support/produce-raw.js';
import { ORDER_SCHEMA, stackEndpoints, tempLake, uniqueTopic } from '../support/stack-env.js';
import { stack } from '../support/stack-control.js';
import { auditLake, readColumns, topicEnds } from './support/audit.js';
import { sleep, startFlow } from './support/flow.js';
import { ingestArgs, killLeftovers, notes, startTracked, stopIngest, tail, waitForCommits, waitForLake, waitForStderr } from './support/dl-process.js';
import { recordResult } from './support/results.js';

const OUTAGE_MS = Number(process.env.DL_CHAOS_OUTAGE_MS ?? 30_000);
const RATE = 2000;

/** A backward-compatible next version: written after the ingester cached v1, so its id is not cached. */
const V2 = { ...ORDER_SCHEMA, fields: [...(ORDER_SCHEMA.fields as unknown[]), { name: 'coupon', type: ['null', 'string'], default: null }] };
const v2Type = avroType(V2);

describe('chaos: registry outage', () => {
  afterEach(killLeftovers);

  it(`a ${OUTAGE_MS / 1000} s registry outage while records with uncached schema ids flow: 0 good records in the DLQ`, { timeout: 300_000 }, async () => {
    const started = Date.now();
    const topic = uniqueTopic('chaos-registry');
    await createTopic(topic, 2);
    const v1 = await registerOrder(topic);
    const lake = tempLake('dl-chaos-registry-');

    // What each message index was sent as: until the outage v1 orders; from the outage on v2
    // orders, and every 500th an id no registry has (only a live registry can say "unknown").
    const kinds = new Map<number, 'v1' | 'v2' | 'unknown'>();
    let phase: 'v1' | 'v2' = 'v1';
    let v2 = -1;
    const total = Math.round((RATE * (OUTAGE_MS + 25_000)) / 1000);
    const flow = startFlow({
      topic,
      total,
      rate: RATE,
      message: (i) => {
        const kind = phase === 'v1' ? 'v1' : i % 500 === 0 ? 'unknown' : 'v2';
        kinds.set(i, kind);
        const value = kind === 'v1' ? framedOrder(v1, i) : frame(kind === 'v2' ? v2 : 2_000_000_000 + i, v2Type.toBuffer({ ...order(i), coupon: `C${i}` }));
        return { partition: i % 2, key: `k${i}`, value };
      },
    });
    const run = startTracked(ingestArgs(topic, lake, `g-${topic}`, ['--flush-records', '10000']));
    await waitForStderr(run, /joined group/, 60_000);
    await waitForCommits(lake, 4, run);

    v2 = await createRegistry({ url: stackEndpoints().registryUrl }).register(`${topic}-value`, V2);
    const s = await stack();
    await s.stopComponent('registry');
    const down = Date.now();
    phase = 'v2';
    let outage = 0;
    try {
      await sleep(OUTAGE_MS);
      // Waiting, not failing and not dead-lettering, while the registry is away.
      expect(run.child.exitCode, tail(run)).toBeNull();
      expect(readColumns(path.join(lake, 'parquet-dlq'), ['offset']).offset).toHaveLength(0);
    } finally {
      await s.startComponent('registry');
      outage = Date.now() - down;
    }

    await flow.done;
    await waitForLake(lake, topic, await topicEnds(topic), 180_000, [run]);
    const code = await stopIngest(run);
    const audit = await auditLake(lake, topic);
    console.log(`registry outage: registry unavailable for ${outage} ms; dl ingest said:\n${notes(run).join('\n')}`);
    recordResult({
      scenario: 'registry outage',
      fault: `registry down ${Math.round(outage / 1000)} s`,
      produced: audit.produced,
      table: audit.table,
      dlq: audit.dlq,
      lost: audit.lost,
      duplicated: audit.duplicated,
      restarts: 0,
      seconds: Math.round((Date.now() - started) / 1000),
    });

    expect(code, tail(run)).toBe(0);
    expect(run.stderr.join('')).toMatch(/registry/i);
    const count = (k: string) => [...kinds.values()].filter((x) => x === k).length;
    expect(count('v2')).toBeGreaterThan(RATE * 10);
    expect(audit).toMatchObject({
      produced: total,
      table: total - count('unknown'),
      dlq: count('unknown'),
      lost: 0,
      duplicated: 0,
      uncommitted: [],
      chain: [],
    });
    // Every good record is in the table, under the schema id it was written with.
    const rows = readColumns(path.join(lake, 'parquet'), ['order_id', 'schema_id']);
    const got = new Map(rows.order_id!.map((oid, j) => [Number(oid), rows.schema_id![j] as number]));
    const wrong = [...kinds].filter(([i, k]) => k !== 'unknown' && got.get(i) !== (k === 'v1' ? v1 : v2));
    expect(wrong.slice(0, 10)).toEqual([]);
    const dead = readColumns(path.join(lake, 'parquet-dlq'), ['error_class']);
    expect(new Set(dead.error_class)).toEqual(new Set(['UNKNOWN_SCHEMA_ID']));
    rmSync(lake, { recursive: true, force: true }); // kept when an assertion fails, for a look
  });
});
